#include "lifecircle/output_names.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/run_summary.hpp"

#include "report/bar_chart.hpp"
#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

#include <algorithm>
#include <numeric>

namespace lifecircle {
namespace {
using namespace report;

// Failing units and per-unit rows beyond this many are left to the layers and CSV.
constexpr std::size_t table_row_limit = 200;

bool is_share(const std::string& indicator) {
    return indicator != "capacity_per_demand";
}

std::string indicator_value(const std::optional<double>& value, bool share) {
    if (!value) {
        return "–";
    }
    return share ? percent(*value, 1) : number(*value, 1);
}

std::string target_text(const TargetSummary& target) {
    const bool share = is_share(target.indicator);
    std::string text;
    if (target.min) {
        text += "≥ " + indicator_value(target.min, share);
    }
    if (target.max) {
        text += (text.empty() ? "" : ", ") + std::string("≤ ") + indicator_value(target.max, share);
    }
    return text;
}

std::string threshold_text(const ServiceSummary& service) {
    const std::string metres = number(service.threshold_m, 0) + " m";
    const bool walking = service.mode == "network";
    if (!service.minutes) {
        return metres + (walking ? " walking" : " in a straight line");
    }
    const std::string time =
        number(*service.minutes, 0) + " min at " + number(service.walk_kmh.value_or(0.0), 1) + " km/h";
    // Without roads the minutes only set a radius: lead with it, so no one reads a walk.
    return walking ? number(*service.minutes, 0) + " min walking (" + metres + " at " +
                         number(service.walk_kmh.value_or(0.0), 1) + " km/h)"
                   : metres + " in a straight line (" + time + ")";
}

std::string targets_section(std::span<const TargetSummary> targets) {
    std::vector<Bar> share_bars;
    std::vector<Bar> other_bars;
    Table table({"target", "indicator", "#value", "#target", "met", "#gap", "#units failing"});
    std::string failing_html;
    for (const TargetSummary& target : targets) {
        const std::string& indicator = target.indicator;
        const bool share = is_share(indicator);
        const bool met = target.met;
        Bar bar{display_name(target),
                target.value.value_or(0.0),
                indicator_value(target.value, share),
                met ? palette::covered : palette::lost,
                target.min,
                target.max};
        (share ? share_bars : other_bars).push_back(std::move(bar));
        std::string failing_count = "–";
        if (target.failing_units) {
            const std::vector<FailingUnitSummary>& failing = *target.failing_units;
            failing_count = number(static_cast<double>(failing.size())) + " of " +
                            number(static_cast<double>(target.units_considered.value_or(0)));
            if (!failing.empty()) {
                Table units({"code", "name", "#value"});
                std::size_t shown = 0;
                for (const FailingUnitSummary& unit : failing) {
                    if (shown++ == table_row_limit) {
                        break;
                    }
                    units.row({escape(unit.code), escape(unit.name),
                               indicator_value(unit.value, share && indicator != "unit_coverage")});
                }
                failing_html += "<h3>" + escape(display_name(target)) + " — " +
                                number(static_cast<double>(failing.size())) + " failing " +
                                escape(target.units.value_or("")) + " units (target " + escape(target_text(target)) +
                                ")</h3>\n" + units.html();
                if (failing.size() > table_row_limit) {
                    failing_html += "<p class=\"note\">The first " + number(static_cast<double>(table_row_limit)) +
                                    " are listed; summary.json lists all.</p>\n";
                }
            }
        }
        table.row({escape(display_name(target)), escape(indicator), indicator_value(target.value, share),
                   escape(target_text(target)),
                   met ? "<span class=\"met\">met 达标</span>" : "<span class=\"notmet\">not met 未达标</span>",
                   met ? "–" : indicator_value(target.gap, share), failing_count},
                  met ? "pass" : "fail");
    }
    std::string body;
    if (!share_bars.empty()) {
        body += "<figure>" + bar_chart(share_bars, 1.0, "shares against their targets") +
                "<figcaption>Shares; the black tick is the target.</figcaption></figure>\n";
    }
    if (!other_bars.empty()) {
        body += "<figure>" + bar_chart(other_bars, chart_scale(other_bars), "ratios against their targets") +
                "<figcaption>Ratios (per 1,000 people); the black tick is the target.</figcaption></figure>\n";
    }
    body += table.html();
    if (!failing_html.empty()) {
        body += "<h3>Units that fail 未达标单元</h3>\n" + failing_html;
    }
    return section("targets", "Targets 指标与目标", body);
}

std::string legend_key(std::string_view colour, std::string_view text, double opacity = 1.0) {
    char style[96];
    std::snprintf(style, sizeof style, "background:%.*s;opacity:%.2f", static_cast<int>(colour.size()), colour.data(),
                  opacity);
    return "<span><span class=\"key\" style=\"" + std::string(style) + "\"></span>" + escape(text) + "</span>";
}

// What every map of a run shares: its data credits and the streets under it.
struct MapContext {
    std::string credits;
    std::span<const std::vector<LonLat>> streets;
};

// Coverage by unit, uncovered people, service areas, facilities and chosen sites, over the streets.
std::string service_map(const ServiceSummary& service, std::span<const OutputLayer> layers,
                        const UncoveredDemand* uncovered, const RunSummary& summary, const MapContext& context) {
    const std::string& id = service.id;
    const OutputLayer* facilities = find_layer(layers, output_name("facilities", {service.facility}));
    const OutputLayer* areas = find_layer(layers, output_name("service_areas", {id}));
    const OutputLayer* sites = find_layer(layers, output_name("sites", {id}));
    std::vector<const OutputLayer*> unit_layers;
    for (const auto& [level, totals] : service.units) {
        if (const OutputLayer* units = find_layer(layers, output_name("units", {level, id}))) {
            unit_layers.push_back(units);
        }
    }
    // With units, the map shows them, the facilities, sites and service
    // areas, but not every demand cell: a district over a whole-city grid then
    // fills the map instead of being a speck in it.
    MapBounds bounds;
    for (const OutputLayer* units : unit_layers) {
        bounds.extend(units->wkb_wgs84);
    }
    if (bounds.empty() && uncovered != nullptr) {
        bounds.extend(uncovered->positions);
    }
    for (const OutputLayer* layer : {facilities, areas, sites}) {
        if (layer != nullptr) {
            bounds.extend(layer->points);
            bounds.extend(layer->wkb_wgs84);
        }
    }
    if (bounds.empty()) {
        return {};
    }
    SvgMap map(bounds);
    std::string legend;
    if (!context.streets.empty()) {
        map.lines(context.streets, "#c8c8c8", 1.0);
        legend += legend_key("#c8c8c8", "streets (the walking network)");
    }
    if (areas != nullptr) {
        // Largest band first, so the nested smaller ones show darker on top.
        const auto upto = numbers_of(*areas, "upto");
        for (std::size_t band = areas->wkb_wgs84.size(); band-- > 0;) {
            map.polygons(
                std::span(&areas->wkb_wgs84[band], 1), [](std::size_t) { return std::string(palette::service_area); },
                0.14, "none", [&](std::size_t) { return "within " + number(upto[band].value_or(0.0), 0); });
        }
        legend += legend_key(palette::service_area, "service area by band (darker: nearer)", 0.4);
    }
    for (const OutputLayer* units : unit_layers) {
        const auto share = numbers_of(*units, "covered_share");
        map.polygons(
            units->wkb_wgs84,
            [&](std::size_t row) {
                return std::string(share[row] ? palette::share_colour(*share[row]) : palette::no_demand);
            },
            0.55, "#555",
            [&](std::size_t row) {
                return feature_label(*units, row) + ": " + (share[row] ? percent(*share[row]) : "no demand");
            });
    }
    if (!unit_layers.empty()) {
        for (const palette::ShareClass& share_class : palette::covered_share) {
            legend +=
                legend_key(share_class.colour, std::string(share_class.label) + " of the unit's people covered", 0.7);
        }
    }
    if (uncovered != nullptr) {
        const double largest = map.density(uncovered->positions, uncovered->people, palette::uncovered);
        legend += legend_key(palette::uncovered, "people beyond " + number(service.threshold_m, 0) +
                                                     " m (darkest: " + number(largest, 0) + " per cell)");
    }
    if (facilities != nullptr) {
        map.markers(facilities->points, SvgMap::Marker::circle, palette::facility, 10.0,
                    [&](std::size_t row) { return feature_label(*facilities, row); });
        legend += legend_key(palette::facility,
                             "facility: " + display_name(summary.scenario.facility_labels, service.facility));
    }
    // Names where they stay readable: units and facilities when there are few of them.
    constexpr std::size_t named_units = 60;
    constexpr std::size_t named_points = 25;
    for (const OutputLayer* units : unit_layers) {
        if (units->wkb_wgs84.size() <= named_units) {
            map.names(
                label_points(units->wkb_wgs84), [&](std::size_t row) { return text_of(*units, "unit_name", row); },
                "middle");
        }
    }
    if (facilities != nullptr && facilities->points.size() <= named_points) {
        map.names(
            facilities->points, [&](std::size_t row) { return feature_name(*facilities, row); }, "start");
    }
    if (sites != nullptr) {
        const auto rank = numbers_of(*sites, "rank");
        map.markers(sites->points, SvgMap::Marker::diamond, palette::chosen_site, 14.0, [&](std::size_t row) {
            return "chosen site " + number(rank[row].value_or(0.0)) + ": " + feature_label(*sites, row);
        });
        legend += legend_key(palette::chosen_site, "chosen site (" + summary.siting->model + ")");
    }
    return "<figure>" + map.svg("map of " + display_name(service)) + "<div class=\"legend\">" + legend +
           "</div><figcaption>Map: " + escape(display_name(service)) + ". " + escape(context.credits) +
           "</figcaption></figure>\n";
}

std::string units_table(const OutputLayer& units, const std::string& level) {
    const auto share = numbers_of(units, "covered_share");
    const auto demand = numbers_of(units, "demand_total");
    const auto covered = numbers_of(units, "demand_covered");
    const auto access = numbers_of(units, "access_per_1000");
    const std::optional<std::size_t> code = units.attributes.field_index("unit_code");
    const std::optional<std::size_t> name = units.attributes.field_index("unit_name");
    std::vector<std::size_t> order(units.attributes.row_count());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Worst first: the units a planner has to talk about.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return share[a].value_or(2.0) < share[b].value_or(2.0); });
    std::vector<std::string> headers{"code", "name", "#people", "#covered", "#share"};
    if (!access.empty()) {
        headers.emplace_back("#access per 1,000");
    }
    Table table(std::move(headers));
    for (std::size_t shown = 0; shown < order.size() && shown < table_row_limit; ++shown) {
        const std::size_t row = order[shown];
        std::vector<std::string> cells{escape(value_text(units.attributes.value(row, *code))),
                                       escape(value_text(units.attributes.value(row, *name))),
                                       number(demand[row].value_or(0.0), 0), number(covered[row].value_or(0.0), 0),
                                       share[row] ? percent(*share[row]) : "no demand"};
        if (!access.empty()) {
            cells.push_back(access[row] ? number(*access[row], 1) : "–");
        }
        table.row(std::move(cells));
    }
    std::string html = "<h3>Coverage by unit: " + escape(level) + " (lowest share first)</h3>\n" + table.html();
    if (order.size() > table_row_limit) {
        html += "<p class=\"note\">" + number(static_cast<double>(table_row_limit)) + " of " +
                number(static_cast<double>(order.size())) + " units shown; the layer " + escape(units.name) +
                " has them all.</p>\n";
    }
    return html;
}

// People and facilities that join fragments of the network: they count as
// reachable, but only from what lies on the same fragment.
std::string fragments_note(const ServiceSummary& service, const InputsSummary& inputs) {
    std::string note;
    const auto demand = inputs.population.find(service.demand);
    if (demand != inputs.population.end() && demand->second.snapping &&
        demand->second.snapping->on_minor_component > 0) {
        const SnappingSummary& snapping = *demand->second.snapping;
        const double people = snapping.demand_on_minor_component.value_or(0.0);
        note += number(static_cast<double>(snapping.on_minor_component)) + " of " +
                number(static_cast<double>(snapping.points)) + " demand points (" + number(people, 0) + " people, " +
                percent(service.demand_total > 0.0 ? people / service.demand_total : 0.0) +
                ") join fragments of the network apart from its largest part. ";
    }
    const auto facilities = inputs.facilities.find(service.facility);
    if (facilities != inputs.facilities.end() && facilities->second.snapping &&
        facilities->second.snapping->on_minor_component > 0) {
        note += number(static_cast<double>(facilities->second.snapping->on_minor_component)) + " of " +
                number(static_cast<double>(facilities->second.snapping->points)) +
                " facilities join such fragments and serve only people on the same one. ";
    }
    if (note.empty()) {
        return {};
    }
    return "<p class=\"note\">Network fragments 路网碎片: " + escape(note) +
           "Check the road data's clip and gaps, or run with <code>min_component_nodes</code>.</p>\n";
}

// Who a map owes its data to, as the licences ask: OpenStreetMap for OSM
// roads, WorldPop where an input's provenance names it, then the CRS drawn in
// and the one computed in.
std::string map_credits(const RunSummary& summary, const RunReportSources& sources) {
    std::string credits = "Data: ";
    if (summary.inputs.roads && summary.inputs.roads->read.crs.find("OpenStreetMap") != std::string::npos) {
        credits += "roads © OpenStreetMap contributors (ODbL); ";
    }
    if (std::any_of(sources.provenance.begin(), sources.provenance.end(),
                    [](const ProvenanceNote& note) { return note.text.find("WorldPop") != std::string::npos; })) {
        credits += "population WorldPop (www.worldpop.org, CC BY 4.0); ";
    }
    return credits + "the run's layers. Drawn in WGS 84 longitude and latitude; computed in " + summary.working_crs +
           ". No basemap.";
}

std::string service_section(const ServiceSummary& service, std::span<const OutputLayer> layers,
                            const UncoveredDemand* uncovered, const RunSummary& summary, const MapContext& context) {
    const std::string& id = service.id;
    std::string body = "<p>" + escape(display_name(summary.scenario.facility_labels, service.facility)) + " for " +
                       escape(service.demand) + ", within " + escape(threshold_text(service)) + ". <b>" +
                       percent(service.covered_share) + "</b> of " + number(service.demand_total, 0) +
                       " people covered (" + number(service.demand_covered, 0) + "); " +
                       number(service.unreachable_demand, 0) +
                       " people cannot reach the network or any facility.</p>\n";
    body += fragments_note(service, summary.inputs);
    body += service_map(service, layers, uncovered, summary, context);
    std::vector<Bar> bands;
    const std::string unit = service.minutes ? " min" : " m";
    for (const BandSummary& band : service.bands) {
        bands.push_back({"within " + number(band.upto, 0) + unit,
                         band.share,
                         percent(band.share) + " (" + number(band.demand, 0) + ")",
                         palette::service_area,
                         {},
                         {}});
    }
    if (!bands.empty()) {
        body += "<h3>People within each band 分段覆盖</h3><figure>" + bar_chart(bands, 1.0, "people within each band") +
                "</figure>\n";
    }
    if (service.access) {
        const AccessSummary& access = *service.access;
        body += "<h3>Access to capacity 供需可达性 (" + escape(access.method) + ")</h3>\n";
        body += "<div class=\"cards\"><div class=\"card\"><div class=\"big\">" + number(access.mean_per_1000, 1) +
                "</div>places per 1,000 people, on average</div><div class=\"card\"><div class=\"big\">" +
                number(access.gini, 3) +
                "</div>Gini of access over people (0 equal, 1 all in one place)</div><div class=\"card\"><div "
                "class=\"big\">" +
                (access.palma ? number(*access.palma, 2) : "–") +
                "</div>Palma ratio (top 10% over bottom 40%; – when the bottom 40% have none)</div></div>\n";
    }
    for (const auto& [level, totals] : service.units) {
        if (const OutputLayer* units = find_layer(layers, output_name("units", {level, id}))) {
            body += units_table(*units, display_name(summary.scenario.unit_labels, level));
        }
    }
    return section("service-" + id, "Service 服务 " + display_name(service), body);
}

// The figures of the models that count coverage, or of p-median.
std::string siting_figures(const SitingSummary& siting, std::vector<Bar>& bars) {
    if (const auto* median = std::get_if<MedianSummary>(&siting.figures)) {
        bars.push_back({"mean walk before",
                        median->mean_cost_before_m,
                        number(median->mean_cost_before_m, 0) + " m",
                        palette::kept,
                        {},
                        {}});
        bars.push_back({"mean walk after",
                        median->mean_cost_after_m,
                        number(median->mean_cost_after_m, 0) + " m",
                        palette::chosen_site,
                        {},
                        {}});
        return "<p>No choice of this many sites gives a total walk below " + number(median->lower_bound_person_m, 0) +
               " person-metres: the answer is within " + percent(median->gap, 2) + " of the best possible.</p>\n";
    }
    const SitingCoverageSummary coverage = siting.coverage.value_or(SitingCoverageSummary{});
    bars.push_back({"covered before", coverage.share_before, percent(coverage.share_before), palette::kept, {}, {}});
    bars.push_back(
        {"covered after", coverage.share_after, percent(coverage.share_after), palette::chosen_site, {}, {}});
    const auto bound_text = [](double upper_bound, double gap) {
        return "<p>No choice of this many sites covers more than " + number(upper_bound, 0) +
               " people: the answer is within " + percent(gap, 2) + " of the best possible.</p>\n";
    };
    if (const auto* covering = std::get_if<MaximalCoveringSummary>(&siting.figures)) {
        return bound_text(covering->upper_bound, covering->gap);
    }
    if (const auto* capacitated = std::get_if<CapacitatedSummary>(&siting.figures)) {
        return bound_text(capacitated->upper_bound, capacitated->gap);
    }
    const auto& set = std::get<SetCoveringSummary>(siting.figures);
    return std::string("<p>Target ") + percent(set.target_share) +
           (set.target_reached ? " reached" : " <b>not reachable</b> with the candidates") +
           "; no answer with fewer than " + number(static_cast<double>(set.fewest_possible)) +
           " sites reaches it.</p>\n";
}

std::string siting_section(const SitingSummary& siting, std::span<const OutputLayer> layers) {
    const bool median = std::holds_alternative<MedianSummary>(siting.figures);
    std::string body = "<p>Model <b>" + escape(siting.model) + "</b> for " + escape(siting.service) + ": " +
                       number(static_cast<double>(siting.chosen)) + " sites chosen from " +
                       number(static_cast<double>(siting.candidates_used)) + " candidates (" +
                       number(static_cast<double>(siting.candidates_reaching_demand)) + " reach any demand).</p>\n";
    std::vector<Bar> bars;
    body += siting_figures(siting, bars);
    body += "<figure>" + bar_chart(bars, chart_scale(bars), "before and after the chosen sites") + "</figure>\n";
    const bool capacitated = !siting.sites.empty() && siting.sites.front().capacity;
    std::vector<std::string> headers{"#rank", "site", median ? "#saves (person-m)" : "#adds (people)"};
    if (capacitated) {
        headers.emplace_back("#capacity");
        headers.emplace_back("#serves");
    }
    Table table(headers);
    const OutputLayer* sites = find_layer(layers, output_name("sites", {siting.service}));
    std::size_t row = 0;
    for (const SiteSummary& site : siting.sites) {
        std::vector<std::string> cells{number(static_cast<double>(site.rank)),
                                       escape(sites != nullptr
                                                  ? feature_label(*sites, row)
                                                  : "fid " + number(static_cast<double>(site.source_fid), 0)),
                                       number((median ? site.saves_person_m : site.adds_demand).value_or(0.0), 0)};
        if (site.capacity) {
            cells.push_back(number(*site.capacity, 0));
            cells.push_back(number(site.serves.value_or(0.0), 0));
        }
        table.row(std::move(cells));
        ++row;
    }
    body += table.html();
    const auto* covering = std::get_if<MaximalCoveringSummary>(&siting.figures);
    if (covering != nullptr && covering->one_per_unit) {
        const OnePerUnitSummary& units = *covering->one_per_unit;
        body += "<p>At least one per " + escape(units.units) +
                " unit: " + number(static_cast<double>(units.served_by_existing.size())) + " served already, " +
                number(static_cast<double>(units.needing_site.size())) + " needing a site, " +
                number(static_cast<double>(units.without_candidate.size())) + " without any candidate.</p>\n";
    }
    return section("siting", "Siting 选址", body);
}

std::string changes_section(std::span<const ChangeSummary> changes) {
    Table table({"change", "facility", "source", "#features"});
    for (const ChangeSummary& change : changes) {
        table.row({escape(change.kind), escape(change.facility), escape(change.source),
                   number(static_cast<double>(change.features))});
    }
    return section("changes", "Plan changes 规划变更", table.html());
}

// The demand's totals beside published counts, so the shares are read with their basis.
std::string references_table(std::span<const ReferenceSummary> references,
                             const std::map<std::string, std::string>& unit_labels) {
    if (references.empty()) {
        return {};
    }
    Table table({"reference 对照", "source 来源", "#published 公布数", "demand counted 模型人口", "#people 人数",
                 "#ratio 比值"});
    for (const ReferenceSummary& reference : references) {
        const std::string where = reference.units.empty() ? "all of '" + reference.population + "'"
                                                          : "'" + reference.population + "' inside the " +
                                                                display_name(unit_labels, reference.units) + " units";
        table.row({escape(reference.label), escape(reference.source), number(reference.reference_total, 0),
                   escape(where), number(reference.demand_total, 0),
                   reference.ratio ? percent(*reference.ratio) : "–"});
    }
    return "<h3>Demand against published counts 模型人口与统计数对照</h3>\n" + table.html() +
           "<p class=\"note\">A ratio far from 100% means the grid spreads people differently from the count, "
           "or the units do not cover the area counted; coverage shares are of the modelled people.</p>\n";
}

std::string inputs_section(const InputsSummary& inputs, const RunReportSources& sources,
                           std::span<const ReferenceSummary> references,
                           const std::map<std::string, std::string>& unit_labels) {
    Table table({"input", "source", "CRS", "#read", "#used", "skipped", "warnings"});
    const auto add = [&](const std::string& kind, const std::string& name, const InputReport& input) {
        std::string skipped;
        for (const auto& [reason, count] : input.skipped) {
            skipped += (skipped.empty() ? "" : "; ") + escape(reason) + ": " + number(static_cast<double>(count));
        }
        std::string warnings;
        for (const std::string& warning : input.warnings) {
            warnings += (warnings.empty() ? "" : "<br>") + escape(warning);
        }
        table.row({escape(name.empty() || repeats_kind(kind, name) ? kind : kind + " " + name), escape(input.source),
                   escape(input.crs), number(static_cast<double>(input.features_read)),
                   number(static_cast<double>(input.features_used)), skipped.empty() ? "–" : skipped,
                   warnings.empty() ? "–" : warnings});
    };
    for (const auto& [name, input] : inputs.population) {
        add("population", name, input.read);
    }
    for (const auto& [name, input] : inputs.facilities) {
        add("facilities", name, input.read);
    }
    for (const auto& [name, input] : inputs.units) {
        add("units", name, input);
    }
    if (inputs.roads) {
        add("roads", "", inputs.roads->read);
    }
    if (inputs.candidates) {
        add("candidates", "", *inputs.candidates);
    }
    std::string body = table.html() + references_table(references, unit_labels);
    if (inputs.roads) {
        const RoadsInputSummary& roads = *inputs.roads;
        body += "<p>Walking network: " + number(static_cast<double>(roads.nodes)) + " nodes, " +
                number(static_cast<double>(roads.edges)) + " edges, " + number(roads.total_length_m / 1000.0, 1) +
                " km in " + number(static_cast<double>(roads.components)) +
                " connected parts; points snap to it within " + number(roads.snap_limit_m, 0) + " m.</p>\n";
    }
    for (const ProvenanceNote& note : sources.provenance) {
        body += "<h3>Provenance 数据来源: " + escape(note.name) + "</h3>\n<pre>" + escape(note.text) + "</pre>\n";
    }
    if (sources.provenance.empty()) {
        body += "<p class=\"note\">No PROVENANCE, README or LICENSE file lies beside the inputs: their sources and "
                "licences "
                "are not recorded.</p>\n";
    }
    return section("inputs", "Inputs and provenance 输入与来源", body);
}

std::string parameters_section(const RunSummary& summary, const RunReportSources& sources) {
    Table table({"service", "facility", "demand", "mode", "threshold", "bands"});
    for (const ServiceSummary& service : summary.services) {
        std::string bands;
        for (const BandSummary& band : service.bands) {
            bands += (bands.empty() ? "" : ", ") + number(band.upto, 0);
        }
        table.row({escape(display_name(service)),
                   escape(display_name(summary.scenario.facility_labels, service.facility)), escape(service.demand),
                   escape(service.mode), escape(threshold_text(service)), bands + (service.minutes ? " min" : " m")});
    }
    std::string body = "<p>lifecircle " + escape(summary.lifecircle_version) + "; working CRS " +
                       escape(summary.working_crs) + ".</p>\n" + table.html();
    std::string files;
    for (const std::string& file : sources.files_written) {
        files += (files.empty() ? "" : ", ") + escape(file);
    }
    body += "<p>Files written beside this report: " + files +
            ", summary.json; every figure here is in "
            "summary.json.</p>\n";
    if (!sources.scenario_text.empty()) {
        body += "<h3>Scenario file 情景文件: " + escape(summary.scenario.file) + "</h3>\n<pre>" +
                escape(sources.scenario_text) + "</pre>\n";
    }
    return section("parameters", "Run parameters 运行参数", body);
}

} // namespace

std::string render_run_report(const RunSummary& summary, std::span<const OutputLayer> layers,
                              std::span<const UncoveredDemand> uncovered, const RunReportSources& sources) {
    const MapContext context{map_credits(summary, sources), sources.streets};
    const std::string& name = summary.scenario.name;
    std::string body = "<h1>" + escape(name.empty() ? "lifecircle run" : name) + "</h1>\n";
    body += "<p class=\"meta\">15-minute life circle report 生活圈评估报告 · scenario " +
            escape(summary.scenario.file) + " · lifecircle " + escape(summary.lifecircle_version) + "</p>\n";
    body += "<nav>";
    const bool has_targets = !summary.targets.empty();
    if (has_targets) {
        body += "<a href=\"#targets\">Targets</a>";
    }
    for (const ServiceSummary& service : summary.services) {
        body += "<a href=\"#service-" + escape(service.id) + "\">" + escape(display_name(service)) + "</a>";
    }
    if (summary.siting) {
        body += "<a href=\"#siting\">Siting</a>";
    }
    body += "<a href=\"#inputs\">Inputs</a><a href=\"#parameters\">Parameters</a></nav>\n";

    body += "<div class=\"cards\">";
    for (const ServiceSummary& service : summary.services) {
        if (const auto* level = headline_units(service, summary.scenario)) {
            const UnitLevelSummary& units = level->second;
            body += "<div class=\"card\"><div class=\"big\">" +
                    percent(units.covered_inside_units / units.demand_inside_units) + "</div>" +
                    escape(display_name(service)) + ": " + number(units.covered_inside_units, 0) + " of " +
                    number(units.demand_inside_units, 0) + " people in the " +
                    number(static_cast<double>(units.unit_count)) + " " +
                    escape(display_name(summary.scenario.unit_labels, level->first)) + " units within " +
                    escape(threshold_text(service)) + "<br><small>all demand read: " + percent(service.covered_share) +
                    " of " + number(service.demand_total, 0) + "</small></div>";
            continue;
        }
        body += "<div class=\"card\"><div class=\"big\">" + percent(service.covered_share) + "</div>" +
                escape(display_name(service)) + ": " + number(service.demand_covered, 0) + " of " +
                number(service.demand_total, 0) + " people within " + escape(threshold_text(service)) + "</div>";
    }
    if (has_targets) {
        const auto met = std::count_if(summary.targets.begin(), summary.targets.end(),
                                       [](const TargetSummary& target) { return target.met; });
        body += "<div class=\"card\"><div class=\"big\">" + number(static_cast<double>(met)) + " / " +
                number(static_cast<double>(summary.targets.size())) + "</div>targets met 达标</div>";
    }
    body += "</div>\n";
    if (has_targets) {
        body += targets_section(summary.targets);
    }
    for (const ServiceSummary& service : summary.services) {
        const auto demand = std::find_if(uncovered.begin(), uncovered.end(),
                                         [&](const UncoveredDemand& each) { return each.service == service.id; });
        body += service_section(service, layers, demand == uncovered.end() ? nullptr : &*demand, summary, context);
    }
    if (summary.siting) {
        body += siting_section(*summary.siting, layers);
    }
    if (!summary.changes.empty()) {
        body += changes_section(summary.changes);
    }
    body += inputs_section(summary.inputs, sources, summary.references, summary.scenario.unit_labels);
    body += parameters_section(summary, sources);
    return page(name.empty() ? "lifecircle report" : name, body);
}

} // namespace lifecircle
