#include "lifecircle/output_names.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/run_summary.hpp"

#include "report/bar_chart.hpp"
#include "report/explore_map.hpp"
#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

#include <algorithm>
#include <limits>
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

// A built-in profile by its name in the report's language; the scenario's own by its id.
std::string profile_name(const Words& words, const std::string& id) {
    if (id == "walk") {
        return words(Msg::profile_walk);
    }
    if (id == "elderly") {
        return words(Msg::profile_elderly);
    }
    if (id == "wheelchair") {
        return words(Msg::profile_wheelchair);
    }
    return "'" + id + "'";
}

} // namespace

std::string threshold_text(const Words& words, const ServiceSummary& service) {
    const std::string metres = number(service.threshold_m, 0);
    const bool walking = service.mode == "network";
    if (walking && service.profile && !service.profile->walks_a_distance()) {
        const ProfileSummary& profile = *service.profile;
        std::string details;
        const auto add = [&](const std::string& part) {
            details += (details.empty() ? "" : (words.language() == Language::zh ? "，" : ", ")) + part;
        };
        if (profile.slope) {
            add(words(Msg::profile_slope));
        }
        if (!profile.step_penalty_s) {
            add(words(Msg::profile_no_steps));
        } else if (*profile.step_penalty_s > 0.0) {
            add(words(Msg::profile_step_penalty, {number(*profile.step_penalty_s, 0)}));
        }
        if (profile.crossing_penalty_s > 0.0) {
            add(words(Msg::profile_crossing, {number(profile.crossing_penalty_s, 0)}));
        }
        if (profile.wheelchair) {
            add(words(Msg::profile_wheelchair_ways));
        }
        if (profile.max_incline) {
            add(words(Msg::profile_max_incline, {number(*profile.max_incline * 100.0, 1)}));
        }
        const std::string name = profile_name(words, profile.id);
        return service.minutes ? words(Msg::threshold_profile_minutes,
                                       {number(*service.minutes, 0), number(profile.walk_kmh, 1), name, details})
                               : words(Msg::threshold_profile_metres, {metres, name, details});
    }
    if (!service.minutes) {
        return words(walking ? Msg::threshold_walking : Msg::threshold_straight, {metres});
    }
    // Without roads the minutes only set a radius: lead with it, so no one reads a walk.
    const std::string minutes = number(*service.minutes, 0);
    const std::string speed = number(service.walk_kmh.value_or(0.0), 1);
    return walking ? words(Msg::threshold_walking_minutes, {minutes, metres, speed})
                   : words(Msg::threshold_straight_minutes, {metres, minutes, speed});
}

namespace {

// A band's bound in the service's own unit: "10分钟" or "500米".
std::string band_text(const Words& words, const ServiceSummary& service, double upto) {
    return words(service.minutes ? Msg::unit_minutes : Msg::unit_metres, {number(upto, 0)});
}

std::string targets_section(const Words& words, std::span<const TargetSummary> targets) {
    std::vector<Bar> share_bars;
    std::vector<Bar> other_bars;
    Table table({words(Msg::col_target), words(Msg::col_indicator), "#" + words(Msg::col_value),
                 "#" + words(Msg::col_target_value), words(Msg::col_met), "#" + words(Msg::col_gap),
                 "#" + words(Msg::col_units_failing)});
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
            failing_count = words(Msg::of_total, {number(static_cast<double>(failing.size())),
                                                  number(static_cast<double>(target.units_considered.value_or(0)))});
            if (!failing.empty()) {
                Table units({words(Msg::col_code), words(Msg::col_name), "#" + words(Msg::col_value)});
                std::size_t shown = 0;
                for (const FailingUnitSummary& unit : failing) {
                    if (shown++ == table_row_limit) {
                        break;
                    }
                    units.row({escape(unit.code), escape(unit.name),
                               indicator_value(unit.value, share && indicator != "unit_coverage")});
                }
                failing_html += "<h3>" +
                                escape(words(Msg::failing_units_of_target,
                                             {display_name(target), number(static_cast<double>(failing.size())),
                                              target.units.value_or(""), target_text(target)})) +
                                "</h3>\n" + units.html();
                if (failing.size() > table_row_limit) {
                    failing_html += "<p class=\"note\">" +
                                    words(Msg::failing_units_more, {number(static_cast<double>(table_row_limit))}) +
                                    "</p>\n";
                }
            }
        }
        table.row({escape(display_name(target)), escape(indicator_name(words, indicator)),
                   indicator_value(target.value, share), escape(target_text(target)),
                   met ? "<span class=\"met\">" + words(Msg::met) + "</span>"
                       : "<span class=\"notmet\">" + words(Msg::not_met) + "</span>",
                   met ? "–" : indicator_value(target.gap, share), failing_count},
                  met ? "pass" : "fail");
    }
    std::string body;
    if (!share_bars.empty()) {
        body += "<figure>" + bar_chart(share_bars, 1.0, words(Msg::chart_shares_label)) + "<figcaption>" +
                words(Msg::chart_shares_caption) + "</figcaption></figure>\n";
    }
    if (!other_bars.empty()) {
        body += "<figure>" + bar_chart(other_bars, chart_scale(other_bars), words(Msg::chart_ratios_label)) +
                "<figcaption>" + words(Msg::chart_ratios_caption) + "</figcaption></figure>\n";
    }
    body += table.html();
    if (!failing_html.empty()) {
        body += "<h3>" + words(Msg::failing_units_heading) + "</h3>\n" + failing_html;
    }
    return section("targets", words(Msg::section_targets), body);
}

// What every map of a run shares: its language, data credits and the streets under it.
struct MapContext {
    Words words;
    std::string credits;
    std::span<const std::vector<LonLat>> streets;
};

// Coverage by unit, uncovered people, service areas, facilities and chosen sites, over the streets.
std::string service_map(const ServiceSummary& service, std::span<const OutputLayer> layers, const ServiceDemand* demand,
                        const RunSummary& summary, const MapContext& context) {
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
    if (bounds.empty() && demand != nullptr) {
        bounds.extend(demand->positions);
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
    const Words& words = context.words;
    SvgMap map(words, bounds);
    std::string legend;
    if (!context.streets.empty()) {
        map.lines(context.streets, "#c8c8c8", 1.0);
        legend += legend_key("#c8c8c8", words(Msg::legend_streets));
    }
    if (areas != nullptr) {
        // Largest band first, so the nested smaller ones show darker on top.
        const auto upto = numbers_of(*areas, "upto");
        for (std::size_t band = areas->wkb_wgs84.size(); band-- > 0;) {
            map.polygons(
                std::span(&areas->wkb_wgs84[band], 1), [](std::size_t) { return std::string(palette::service_area); },
                0.14, "none",
                [&](std::size_t) {
                    return words(Msg::service_area_within, {band_text(words, service, upto[band].value_or(0.0))});
                });
        }
        legend += legend_key(palette::service_area, words(Msg::legend_service_area), 0.4);
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
                return feature_label(words, *units, row) + ": " +
                       (share[row] ? percent(*share[row]) : words(Msg::no_demand));
            });
    }
    if (!unit_layers.empty()) {
        for (const palette::ShareClass& share_class : palette::covered_share) {
            legend += legend_key(share_class.colour, words(Msg::legend_unit_share, {share_class.label}), 0.7);
        }
    }
    if (demand != nullptr) {
        std::vector<double> uncovered(demand->people.size(), 0.0);
        for (std::size_t point = 0; point < uncovered.size(); ++point) {
            uncovered[point] = demand->cost_m[point] <= service.threshold_m ? 0.0 : demand->people[point];
        }
        const double largest = map.density(demand->positions, uncovered, palette::uncovered);
        legend += legend_key(palette::uncovered,
                             words(Msg::legend_uncovered,
                                   {words(Msg::unit_metres, {number(service.threshold_m, 0)}), number(largest, 0)}));
    }
    if (facilities != nullptr) {
        map.markers(facilities->points, SvgMap::Marker::circle, palette::facility, 10.0,
                    [&](std::size_t row) { return feature_label(words, *facilities, row); });
        legend +=
            legend_key(palette::facility,
                       words(Msg::legend_facility, {display_name(summary.scenario.facility_labels, service.facility)}));
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
            return words(Msg::chosen_site_title, {number(rank[row].value_or(0.0)), feature_label(words, *sites, row)});
        });
        legend += legend_key(palette::chosen_site, words(Msg::legend_chosen_site, {summary.siting->model}));
    }
    return "<figure>" + map.svg(words(Msg::map_label, {display_name(service)})) + "<div class=\"legend\">" + legend +
           "</div><figcaption>" + escape(words(Msg::map_caption, {display_name(service), context.credits})) +
           "</figcaption></figure>\n";
}

// Under a table cut at table_row_limit rows: how many it shows of how many, and the layer that has them all.
std::string rows_left_out(const Words& words, Msg message, std::size_t rows, const std::string& layer) {
    if (rows <= table_row_limit) {
        return {};
    }
    return "<p class=\"note\">" +
           escape(words(message,
                        {number(static_cast<double>(table_row_limit)), number(static_cast<double>(rows)), layer})) +
           "</p>\n";
}

std::string units_table(const Words& words, const OutputLayer& units, const std::string& level) {
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
    std::vector<std::string> headers{words(Msg::col_code), words(Msg::col_name), "#" + words(Msg::col_people),
                                     "#" + words(Msg::col_covered), "#" + words(Msg::col_share)};
    if (!access.empty()) {
        headers.push_back("#" + words(Msg::col_access));
    }
    Table table(std::move(headers));
    for (std::size_t shown = 0; shown < order.size() && shown < table_row_limit; ++shown) {
        const std::size_t row = order[shown];
        std::vector<std::string> cells{escape(value_text(units.attributes.value(row, *code))),
                                       escape(value_text(units.attributes.value(row, *name))),
                                       number(demand[row].value_or(0.0), 0), number(covered[row].value_or(0.0), 0),
                                       share[row] ? percent(*share[row]) : words(Msg::no_demand)};
        if (!access.empty()) {
            cells.push_back(access[row] ? number(*access[row], 1) : "–");
        }
        table.row(std::move(cells));
    }
    return "<h3>" + escape(words(Msg::units_heading, {level})) + "</h3>\n" + table.html() +
           rows_left_out(words, Msg::units_more, order.size(), units.name);
}

// The walks outputs.routes asked for, farthest first (a place with no facility to
// walk to first of all): the ones a planner is asked about.
std::string routes_table(const Words& words, const OutputLayer& routes) {
    const auto cost = numbers_of(routes, "cost_m");
    const auto minutes = numbers_of(routes, "minutes"); // as written; a service in metres has none
    const auto walked = numbers_of(routes, "length_m");
    const auto covered = numbers_of(routes, "covered");
    std::vector<std::size_t> order(routes.attributes.row_count());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return cost[a].value_or(std::numeric_limits<double>::infinity()) >
               cost[b].value_or(std::numeric_limits<double>::infinity());
    });
    Table table({words(Msg::col_place), words(Msg::col_facility), "#" + words(Msg::col_walk),
                 "#" + words(Msg::col_walked_m), words(Msg::col_in_reach)});
    for (std::size_t shown = 0; shown < order.size() && shown < table_row_limit; ++shown) {
        const std::size_t row = order[shown];
        std::string walk = "–";
        if (cost[row]) { // a profile's cost is metres at its speed: minutes read best, metres where no time is set
            walk = minutes.empty() ? words(Msg::unit_metres, {number(*cost[row], 0)})
                                   : words(Msg::unit_minutes, {number(minutes[row].value_or(0.0), 1)});
        }
        table.row({escape(feature_label(words, routes, row)), escape(route_destination(routes, row)), walk,
                   walked[row] ? number(*walked[row], 0) : "–",
                   covered[row].value_or(0.0) > 0.0 ? words(Msg::answer_yes) : words(Msg::answer_no)});
    }
    return "<h3>" + escape(words(Msg::routes_heading)) + "</h3>\n" + table.html() +
           rows_left_out(words, Msg::routes_more, order.size(), routes.name);
}

// People and facilities that join fragments of the network: they count as
// reachable, but only from what lies on the same fragment.
std::string fragments_note(const Words& words, const ServiceSummary& service, const InputsSummary& inputs) {
    std::string note;
    const auto demand = inputs.population.find(service.demand);
    if (demand != inputs.population.end() && demand->second.snapping &&
        demand->second.snapping->on_minor_component > 0) {
        const SnappingSummary& snapping = *demand->second.snapping;
        const double people = snapping.demand_on_minor_component.value_or(0.0);
        note +=
            words(Msg::fragments_demand, {number(static_cast<double>(snapping.on_minor_component)),
                                          number(static_cast<double>(snapping.points)), number(people, 0),
                                          percent(service.demand_total > 0.0 ? people / service.demand_total : 0.0)});
    }
    const auto facilities = inputs.facilities.find(service.facility);
    if (facilities != inputs.facilities.end() && facilities->second.snapping &&
        facilities->second.snapping->on_minor_component > 0) {
        note += words(Msg::fragments_facilities,
                      {number(static_cast<double>(facilities->second.snapping->on_minor_component)),
                       number(static_cast<double>(facilities->second.snapping->points))});
    }
    if (note.empty()) {
        return {};
    }
    return "<p class=\"note\">" + words(Msg::fragments_heading) + ": " + escape(note) + words(Msg::fragments_advice) +
           "</p>\n";
}

// Who a map owes its data to, as the licences ask: OpenStreetMap for OSM
// roads, WorldPop where an input's provenance names it, then the CRS drawn in
// and the one computed in.
std::string map_credits(const Words& words, const RunSummary& summary, const RunReportSources& sources) {
    std::string credits = words(Msg::credits_data);
    if (summary.inputs.roads && summary.inputs.roads->read.crs.find("OpenStreetMap") != std::string::npos) {
        credits += words(Msg::credits_osm);
    }
    if (std::any_of(sources.provenance.begin(), sources.provenance.end(),
                    [](const ProvenanceNote& note) { return note.text.find("WorldPop") != std::string::npos; })) {
        credits += words(Msg::credits_worldpop);
    }
    return credits + words(Msg::credits_rest, {summary.working_crs});
}

std::string service_section(const ServiceSummary& service, std::span<const OutputLayer> layers,
                            const ServiceDemand* demand, const RunSummary& summary, const MapContext& context) {
    const std::string& id = service.id;
    const Words& words = context.words;
    std::string body =
        "<p>" +
        words(Msg::service_summary,
              {escape(display_name(summary.scenario.facility_labels, service.facility)), escape(service.demand),
               escape(threshold_text(words, service)), percent(service.covered_share),
               prose_count(words, service.demand_total), prose_count(words, service.demand_covered),
               prose_count(words, service.unreachable_demand)}) +
        "</p>\n";
    body += fragments_note(words, service, summary.inputs);
    body += service_map(service, layers, demand, summary, context);
    std::vector<Bar> bands;
    for (const BandSummary& band : service.bands) {
        bands.push_back({words(Msg::band_within, {band_text(words, service, band.upto)}),
                         band.share,
                         percent(band.share) + " (" + number(band.demand, 0) + ")",
                         palette::service_area,
                         {},
                         {}});
    }
    if (!bands.empty()) {
        body += "<h3>" + words(Msg::bands_heading) + "</h3><figure>" +
                bar_chart(bands, 1.0, words(Msg::bands_heading)) + "</figure>\n";
    }
    if (service.access) {
        const AccessSummary& access = *service.access;
        body += "<h3>" + escape(words(Msg::access_heading, {access.method})) + "</h3>\n";
        const auto card = [](const std::string& figure, const std::string& caption) {
            return "<div class=\"card\"><div class=\"big\">" + figure + "</div>" + escape(caption) + "</div>";
        };
        body += "<div class=\"cards\">" + card(number(access.mean_per_1000, 1), words(Msg::access_mean)) +
                card(number(access.gini, 3), words(Msg::access_gini)) +
                card(access.palma ? number(*access.palma, 2) : "–", words(Msg::access_palma)) + "</div>\n";
    }
    for (const auto& [level, totals] : service.units) {
        if (const OutputLayer* units = find_layer(layers, output_name("units", {level, id}))) {
            body += units_table(words, *units, display_name(summary.scenario.unit_labels, level));
        }
    }
    if (const OutputLayer* routes = find_layer(layers, output_name("routes", {id}))) {
        body += routes_table(words, *routes);
    }
    return section("service-" + id, words(Msg::section_service, {display_name(service)}), body);
}

// The figures of the models that count coverage, or of p-median.
std::string siting_figures(const Words& words, const SitingSummary& siting, std::vector<Bar>& bars) {
    if (const auto* median = std::get_if<MedianSummary>(&siting.figures)) {
        bars.push_back({words(Msg::median_before),
                        median->mean_cost_before_m,
                        words(Msg::unit_metres, {number(median->mean_cost_before_m, 0)}),
                        palette::kept,
                        {},
                        {}});
        bars.push_back({words(Msg::median_after),
                        median->mean_cost_after_m,
                        words(Msg::unit_metres, {number(median->mean_cost_after_m, 0)}),
                        palette::chosen_site,
                        {},
                        {}});
        return "<p>" + words(Msg::median_bound, {number(median->lower_bound_person_m, 0), percent(median->gap, 2)}) +
               "</p>\n";
    }
    const SitingCoverageSummary coverage = siting.coverage.value_or(SitingCoverageSummary{});
    bars.push_back(
        {words(Msg::covered_before), coverage.share_before, percent(coverage.share_before), palette::kept, {}, {}});
    bars.push_back(
        {words(Msg::covered_after), coverage.share_after, percent(coverage.share_after), palette::chosen_site, {}, {}});
    const auto bound_text = [&](double upper_bound, double gap) {
        return "<p>" + words(Msg::coverage_bound, {number(upper_bound, 0), percent(gap, 2)}) + "</p>\n";
    };
    if (const auto* covering = std::get_if<MaximalCoveringSummary>(&siting.figures)) {
        return bound_text(covering->upper_bound, covering->gap);
    }
    if (const auto* capacitated = std::get_if<CapacitatedSummary>(&siting.figures)) {
        return bound_text(capacitated->upper_bound, capacitated->gap);
    }
    const auto& set = std::get<SetCoveringSummary>(siting.figures);
    return "<p>" +
           words(set.target_reached ? Msg::set_target_reached : Msg::set_target_unreachable,
                 {percent(set.target_share), number(static_cast<double>(set.fewest_possible))}) +
           "</p>\n";
}

std::string siting_section(const Words& words, const SitingSummary& siting, std::span<const OutputLayer> layers) {
    const bool median = std::holds_alternative<MedianSummary>(siting.figures);
    std::string body = "<p>" +
                       words(Msg::siting_summary,
                             {escape(siting.model), escape(siting.service), number(static_cast<double>(siting.chosen)),
                              number(static_cast<double>(siting.candidates_used)),
                              number(static_cast<double>(siting.candidates_reaching_demand))}) +
                       "</p>\n";
    std::vector<Bar> bars;
    body += siting_figures(words, siting, bars);
    body += "<figure>" + bar_chart(bars, chart_scale(bars), words(Msg::chart_before_after)) + "</figure>\n";
    const bool capacitated = !siting.sites.empty() && siting.sites.front().capacity;
    std::vector<std::string> headers{"#" + words(Msg::col_rank), words(Msg::col_site),
                                     "#" + words(median ? Msg::col_saves : Msg::col_adds)};
    if (capacitated) {
        headers.push_back("#" + words(Msg::col_capacity));
        headers.push_back("#" + words(Msg::col_serves));
    }
    Table table(headers);
    const OutputLayer* sites = find_layer(layers, output_name("sites", {siting.service}));
    std::size_t row = 0;
    for (const SiteSummary& site : siting.sites) {
        std::vector<std::string> cells{number(static_cast<double>(site.rank)),
                                       escape(sites != nullptr
                                                  ? feature_label(words, *sites, row)
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
        body +=
            "<p>" +
            words(Msg::one_per_unit, {escape(units.units), number(static_cast<double>(units.served_by_existing.size())),
                                      number(static_cast<double>(units.needing_site.size())),
                                      number(static_cast<double>(units.without_candidate.size()))}) +
            "</p>\n";
    }
    return section("siting", words(Msg::section_siting), body);
}

std::string changes_section(const Words& words, std::span<const ChangeSummary> changes) {
    Table table(
        {words(Msg::col_change), words(Msg::col_facility), words(Msg::col_source), "#" + words(Msg::col_features)});
    for (const ChangeSummary& change : changes) {
        table.row({escape(change.kind), escape(change.facility), escape(change.source),
                   number(static_cast<double>(change.features))});
    }
    return section("changes", words(Msg::section_changes), table.html());
}

// The demand's totals beside published counts, so the shares are read with their basis.
std::string references_table(const Words& words, std::span<const ReferenceSummary> references,
                             const std::map<std::string, std::string>& unit_labels) {
    if (references.empty()) {
        return {};
    }
    Table table({words(Msg::col_reference), words(Msg::col_source), "#" + words(Msg::col_published),
                 words(Msg::col_demand_counted), "#" + words(Msg::col_people), "#" + words(Msg::col_ratio)});
    for (const ReferenceSummary& reference : references) {
        const std::string where =
            reference.units.empty()
                ? words(Msg::reference_all, {reference.population})
                : words(Msg::reference_inside, {reference.population, display_name(unit_labels, reference.units)});
        table.row({escape(reference.label), escape(reference.source), number(reference.reference_total, 0),
                   escape(where), number(reference.demand_total, 0),
                   reference.ratio ? percent(*reference.ratio) : "–"});
    }
    return "<h3>" + words(Msg::references_heading) + "</h3>\n" + table.html() + "<p class=\"note\">" +
           words(Msg::references_note) + "</p>\n";
}

std::string inputs_section(const Words& words, const InputsSummary& inputs, const RunReportSources& sources,
                           std::span<const ReferenceSummary> references,
                           const std::map<std::string, std::string>& unit_labels) {
    Table table({words(Msg::col_input), words(Msg::col_source), words(Msg::col_crs), "#" + words(Msg::col_read),
                 "#" + words(Msg::col_used), words(Msg::col_skipped), words(Msg::col_warnings)});
    // The kind in the reader's language; the name as the scenario gives it.
    const auto add = [&](Msg kind_message, std::string_view kind_key, const std::string& name,
                         const InputReport& input) {
        const std::string kind = words(kind_message);
        std::string skipped;
        for (const auto& [reason, count] : input.skipped) {
            skipped += (skipped.empty() ? "" : "; ") + escape(reason) + ": " + number(static_cast<double>(count));
        }
        std::string warnings;
        for (const std::string& warning : input.warnings) {
            warnings += (warnings.empty() ? "" : "<br>") + escape(warning);
        }
        table.row({escape(name.empty() || repeats_kind(kind_key, name) ? kind : kind + " " + name),
                   escape(input.source), escape(input.crs), number(static_cast<double>(input.features_read)),
                   number(static_cast<double>(input.features_used)), skipped.empty() ? "–" : skipped,
                   warnings.empty() ? "–" : warnings});
    };
    for (const auto& [name, input] : inputs.population) {
        add(Msg::kind_population, "population", name, input.read);
    }
    for (const auto& [name, input] : inputs.facilities) {
        add(Msg::kind_facilities, "facilities", name, input.read);
    }
    for (const auto& [name, input] : inputs.units) {
        add(Msg::kind_units, "units", name, input);
    }
    if (inputs.roads) {
        add(Msg::kind_roads, "roads", "", inputs.roads->read);
    }
    if (inputs.candidates) {
        add(Msg::kind_candidates, "candidates", "", *inputs.candidates);
    }
    std::string body = table.html() + references_table(words, references, unit_labels);
    if (inputs.roads) {
        const RoadsInputSummary& roads = *inputs.roads;
        body += "<p>" +
                words(Msg::network_summary,
                      {number(static_cast<double>(roads.nodes)), number(static_cast<double>(roads.edges)),
                       number(roads.total_length_m / 1000.0, 1), number(static_cast<double>(roads.components)),
                       number(roads.snap_limit_m, 0)}) +
                "</p>\n";
    }
    for (const ProvenanceNote& note : sources.provenance) {
        body += "<h3>" + escape(words(Msg::provenance_heading, {note.name})) + "</h3>\n<pre>" + escape(note.text) +
                "</pre>\n";
    }
    if (sources.provenance.empty()) {
        body += "<p class=\"note\">" + words(Msg::provenance_missing) + "</p>\n";
    }
    return section("inputs", words(Msg::section_run_inputs), body);
}

std::string parameters_section(const Words& words, const RunSummary& summary, const RunReportSources& sources) {
    Table table({words(Msg::col_service), words(Msg::col_facility), words(Msg::col_demand), words(Msg::col_mode),
                 words(Msg::col_threshold), words(Msg::col_bands)});
    for (const ServiceSummary& service : summary.services) {
        std::string bands;
        for (const BandSummary& band : service.bands) {
            bands += (bands.empty() ? "" : ", ") + band_text(words, service, band.upto);
        }
        table.row({escape(display_name(service)),
                   escape(display_name(summary.scenario.facility_labels, service.facility)), escape(service.demand),
                   escape(words(service.mode == "network" ? Msg::mode_network : Msg::mode_radius)),
                   escape(threshold_text(words, service)), escape(bands)});
    }
    std::string body = "<p>" +
                       escape(words(Msg::parameters_version, {summary.lifecircle_version, summary.working_crs})) +
                       "</p>\n" + table.html();
    std::string files;
    for (const std::string& file : sources.files_written) {
        files += (files.empty() ? "" : ", ") + file;
    }
    body += "<p>" + escape(words(Msg::files_written, {files})) + "</p>\n";
    if (!sources.scenario_text.empty()) {
        body += "<h3>" + escape(words(Msg::scenario_file_heading, {summary.scenario.file})) + "</h3>\n<pre>" +
                escape(sources.scenario_text) + "</pre>\n";
    }
    return section("parameters", words(Msg::section_parameters), body);
}

} // namespace

RunReportMap render_run_report_map(const RunSummary& summary, std::span<const OutputLayer> layers,
                                   std::span<const ServiceDemand> demand, const RunReportSources& sources,
                                   Language language) {
    const Words words(language);
    return {explore_section(words, summary, layers, demand, sources, map_credits(words, summary, sources))};
}

std::string render_run_report(const RunSummary& summary, std::span<const OutputLayer> layers,
                              std::span<const ServiceDemand> demand, const RunReportSources& sources,
                              Language language) {
    return render_run_report(summary, layers, demand, sources, language,
                             render_run_report_map(summary, layers, demand, sources, language));
}

std::string render_run_report(const RunSummary& summary, std::span<const OutputLayer> layers,
                              std::span<const ServiceDemand> demand, const RunReportSources& sources, Language language,
                              const RunReportMap& map) {
    const Words words(language);
    const MapContext context{words, map_credits(words, summary, sources), sources.streets};
    const std::string& name = summary.scenario.name;
    const std::string title = name.empty() ? words(Msg::run_title_default) : name;
    std::string body = "<h1>" + escape(title) + "</h1>\n";
    body += "<p class=\"meta\">" + escape(words(Msg::run_meta, {summary.scenario.file, summary.lifecircle_version})) +
            "</p>\n";
    body += "<nav>";
    const bool has_targets = !summary.targets.empty();
    if (has_targets) {
        body += "<a href=\"#targets\">" + words(Msg::nav_targets) + "</a>";
    }
    for (const ServiceSummary& service : summary.services) {
        body += "<a href=\"#service-" + escape(service.id) + "\">" + escape(display_name(service)) + "</a>";
    }
    if (summary.siting) {
        body += "<a href=\"#siting\">" + words(Msg::nav_siting) + "</a>";
    }
    body += "<a href=\"#inputs\">" + words(Msg::nav_inputs) + "</a><a href=\"#parameters\">" +
            words(Msg::nav_parameters) + "</a></nav>\n";

    body += "<div class=\"cards\">";
    for (const ServiceSummary& service : summary.services) {
        if (const auto* level = headline_units(service, summary.scenario)) {
            const UnitLevelSummary& units = level->second;
            body += "<div class=\"card\"><div class=\"big\">" +
                    percent(units.covered_inside_units / units.demand_inside_units) + "</div>" +
                    escape(words(
                        Msg::card_units_coverage,
                        {display_name(service), prose_count(words, units.covered_inside_units),
                         prose_count(words, units.demand_inside_units), number(static_cast<double>(units.unit_count)),
                         display_name(summary.scenario.unit_labels, level->first), threshold_text(words, service)})) +
                    "<br><small>" +
                    escape(words(Msg::card_all_demand,
                                 {percent(service.covered_share), prose_count(words, service.demand_total)})) +
                    "</small></div>";
            continue;
        }
        body += "<div class=\"card\"><div class=\"big\">" + percent(service.covered_share) + "</div>" +
                escape(words(Msg::card_coverage,
                             {display_name(service), prose_count(words, service.demand_covered),
                              prose_count(words, service.demand_total), threshold_text(words, service)})) +
                "</div>";
    }
    if (has_targets) {
        const auto met = std::count_if(summary.targets.begin(), summary.targets.end(),
                                       [](const TargetSummary& target) { return target.met; });
        body += "<div class=\"card\"><div class=\"big\">" + number(static_cast<double>(met)) + " / " +
                number(static_cast<double>(summary.targets.size())) + "</div>" + words(Msg::card_targets_met) +
                "</div>";
    }
    body += "</div>\n";
    if (has_targets) {
        body += targets_section(words, summary.targets);
    }
    body += map.html;
    for (const ServiceSummary& service : summary.services) {
        const auto found = std::find_if(demand.begin(), demand.end(),
                                        [&](const ServiceDemand& each) { return each.service == service.id; });
        body += service_section(service, layers, found == demand.end() ? nullptr : &*found, summary, context);
    }
    if (summary.siting) {
        body += siting_section(words, *summary.siting, layers);
    }
    if (!summary.changes.empty()) {
        body += changes_section(words, summary.changes);
    }
    body += inputs_section(words, summary.inputs, sources, summary.references, summary.scenario.unit_labels);
    body += parameters_section(words, summary, sources);
    return page(language, title, body, map.html.empty() ? std::string() : explore_scripts());
}

} // namespace lifecircle
