#include "lifecircle/report.hpp"

#include "report/bar_chart.hpp"
#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

#include <algorithm>
#include <numeric>

namespace lifecircle {
namespace {
using nlohmann::ordered_json;
using namespace report;

// Failing units and per-unit rows beyond this many are left to the layers and CSV.
constexpr std::size_t table_row_limit = 200;

bool is_share(const std::string& indicator) {
    return indicator != "capacity_per_demand";
}

std::string indicator_value(const ordered_json& value, bool share) {
    if (!value.is_number()) {
        return "–";
    }
    return share ? percent(value.get<double>(), 1) : number(value.get<double>(), 1);
}

std::string target_text(const ordered_json& target) {
    const bool share = is_share(target["indicator"].get<std::string>());
    std::string text;
    if (target["min"].is_number()) {
        text += "≥ " + indicator_value(target["min"], share);
    }
    if (target["max"].is_number()) {
        text += (text.empty() ? "" : ", ") + std::string("≤ ") + indicator_value(target["max"], share);
    }
    return text;
}

std::string threshold_text(const ordered_json& service) {
    const std::string metres = number(service["threshold_m"].get<double>(), 0) + " m";
    if (service["minutes"].is_number()) {
        return number(service["minutes"].get<double>(), 0) + " min walking (" + metres + " at " +
               number(service["walk_kmh"].get<double>(), 1) + " km/h)";
    }
    return metres + (service["mode"] == "network" ? " walking" : " straight-line");
}

std::string targets_section(const ordered_json& targets) {
    std::vector<Bar> share_bars;
    std::vector<Bar> other_bars;
    Table table({"target", "indicator", "#value", "#target", "met", "#gap", "#units failing"});
    std::string failing_html;
    for (const ordered_json& target : targets) {
        const std::string indicator = target["indicator"].get<std::string>();
        const bool share = is_share(indicator);
        const bool met = target["met"].get<bool>();
        Bar bar{target["id"].get<std::string>(),
                target["value"].is_number() ? target["value"].get<double>() : 0.0,
                indicator_value(target["value"], share),
                met ? palette::covered : palette::lost,
                target["min"].is_number() ? std::optional(target["min"].get<double>()) : std::nullopt,
                target["max"].is_number() ? std::optional(target["max"].get<double>()) : std::nullopt};
        (share ? share_bars : other_bars).push_back(std::move(bar));
        std::string failing_count = "–";
        if (target.contains("failing_units")) {
            const ordered_json& failing = target["failing_units"];
            failing_count = number(static_cast<double>(failing.size())) + " of " +
                            number(target["units_considered"].get<double>());
            if (!failing.empty()) {
                Table units({"code", "name", "#value"});
                std::size_t shown = 0;
                for (const ordered_json& unit : failing) {
                    if (shown++ == table_row_limit) {
                        break;
                    }
                    units.row({escape(unit["code"].get<std::string>()), escape(unit["name"].get<std::string>()),
                               indicator_value(unit["value"], share && indicator != "unit_coverage")});
                }
                failing_html += "<h3>" + escape(target["id"].get<std::string>()) + " — " +
                                number(static_cast<double>(failing.size())) + " failing " +
                                escape(target["units"].get<std::string>()) + " units (target " +
                                escape(target_text(target)) + ")</h3>\n" + units.html();
                if (failing.size() > table_row_limit) {
                    failing_html += "<p class=\"note\">The first " + number(static_cast<double>(table_row_limit)) +
                                    " are listed; summary.json lists all.</p>\n";
                }
            }
        }
        table.row({escape(target["id"].get<std::string>()), escape(indicator), indicator_value(target["value"], share),
                   escape(target_text(target)),
                   met ? "<span class=\"met\">met 达标</span>" : "<span class=\"notmet\">not met 未达标</span>",
                   met ? "–" : indicator_value(target["gap"], share), failing_count},
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

// Coverage by unit, uncovered people, service areas, facilities and chosen sites.
std::string service_map(const ordered_json& service, std::span<const OutputLayer> layers, const ordered_json& summary) {
    const std::string id = service["id"].get<std::string>();
    const OutputLayer* demand = find_layer(layers, "demand_" + id);
    const OutputLayer* facilities = find_layer(layers, "facilities_" + service["facility"].get<std::string>());
    const OutputLayer* areas = find_layer(layers, "service_areas_" + id);
    const OutputLayer* sites = find_layer(layers, "sites_" + id);
    std::vector<const OutputLayer*> unit_layers;
    for (const auto& [level, totals] : service["units"].items()) {
        if (const OutputLayer* units = find_layer(layers, "units_" + level + "_" + id)) {
            unit_layers.push_back(units);
        }
    }
    MapBounds bounds;
    for (const OutputLayer* layer : {demand, facilities, areas, sites}) {
        if (layer != nullptr) {
            bounds.extend(layer->points);
            bounds.extend(layer->wkb_wgs84);
        }
    }
    for (const OutputLayer* units : unit_layers) {
        bounds.extend(units->wkb_wgs84);
    }
    if (bounds.empty()) {
        return {};
    }
    SvgMap map(bounds);
    std::string legend;
    if (areas != nullptr) {
        // Largest band first, so the nested smaller ones show darker on top.
        const auto upto = numbers_of(*areas, "upto");
        for (std::size_t band = areas->wkb_wgs84.size(); band-- > 0;) {
            map.polygons(std::span(&areas->wkb_wgs84[band], 1),
                         [](std::size_t) { return std::string(palette::service_area); }, 0.14, "none",
                         [&](std::size_t) { return "within " + number(upto[band].value_or(0.0), 0); });
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
            legend += legend_key(share_class.colour, std::string(share_class.label) + " of the unit's people covered", 0.7);
        }
    }
    if (demand != nullptr) {
        const auto weight = numbers_of(*demand, "weight");
        const auto covered = numbers_of(*demand, "covered");
        std::vector<double> uncovered(weight.size());
        for (std::size_t point = 0; point < weight.size(); ++point) {
            uncovered[point] = covered[point].value_or(0.0) > 0.0 ? 0.0 : weight[point].value_or(0.0);
        }
        const double largest = map.density(demand->points, uncovered, palette::uncovered);
        legend += legend_key(palette::uncovered, "people beyond " + number(service["threshold_m"].get<double>(), 0) +
                                                     " m (darkest: " + number(largest, 0) + " per cell)");
    }
    if (facilities != nullptr) {
        map.markers(facilities->points, SvgMap::Marker::circle, palette::facility, 10.0,
                    [&](std::size_t row) { return feature_label(*facilities, row); });
        legend += legend_key(palette::facility, "facility: " + service["facility"].get<std::string>());
    }
    if (sites != nullptr) {
        const auto rank = numbers_of(*sites, "rank");
        map.markers(sites->points, SvgMap::Marker::diamond, palette::chosen_site, 14.0, [&](std::size_t row) {
            return "chosen site " + number(rank[row].value_or(0.0)) + ": " + feature_label(*sites, row);
        });
        legend += legend_key(palette::chosen_site, "chosen site (" + summary["siting"]["model"].get<std::string>() + ")");
    }
    return "<figure>" + map.svg("map of " + id) + "<div class=\"legend\">" + legend +
           "</div><figcaption>Map: coverage of " + escape(id) +
           ". Data: the run's layers (WGS 84); basemap none.</figcaption></figure>\n";
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
                                       number(demand[row].value_or(0.0), 0),
                                       number(covered[row].value_or(0.0), 0),
                                       share[row] ? percent(*share[row]) : "no demand"};
        if (!access.empty()) {
            cells.push_back(access[row] ? number(*access[row], 1) : "–");
        }
        table.row(std::move(cells));
    }
    std::string html = "<h3>Coverage by " + escape(level) + " unit (lowest share first)</h3>\n" + table.html();
    if (order.size() > table_row_limit) {
        html += "<p class=\"note\">" + number(static_cast<double>(table_row_limit)) + " of " +
                number(static_cast<double>(order.size())) + " units shown; the layer " + escape(units.name) +
                " has them all.</p>\n";
    }
    return html;
}

std::string service_section(const ordered_json& service, std::span<const OutputLayer> layers,
                            const ordered_json& summary) {
    const std::string id = service["id"].get<std::string>();
    std::string body = "<p>" + escape(service["facility"].get<std::string>()) + " for " +
                       escape(service["demand"].get<std::string>()) + ", within " + escape(threshold_text(service)) +
                       ". <b>" + percent(service["covered_share"].get<double>()) + "</b> of " +
                       number(service["demand_total"].get<double>(), 0) + " people covered (" +
                       number(service["demand_covered"].get<double>(), 0) + "); " +
                       number(service["unreachable_demand"].get<double>(), 0) +
                       " people cannot reach the network or any facility.</p>\n";
    body += service_map(service, layers, summary);
    std::vector<Bar> bands;
    const std::string unit = service["minutes"].is_number() ? " min" : " m";
    for (const ordered_json& band : service["bands"]) {
        bands.push_back({"within " + number(band["upto"].get<double>(), 0) + unit, band["share"].get<double>(),
                         percent(band["share"].get<double>()) + " (" + number(band["demand"].get<double>(), 0) + ")",
                         palette::service_area, {}, {}});
    }
    if (!bands.empty()) {
        body += "<h3>People within each band 分段覆盖</h3><figure>" + bar_chart(bands, 1.0, "people within each band") +
                "</figure>\n";
    }
    if (service.contains("access")) {
        const ordered_json& access = service["access"];
        body += "<h3>Access to capacity 供需可达性 (" + escape(access["method"].get<std::string>()) + ")</h3>\n";
        body += "<div class=\"cards\"><div class=\"card\"><div class=\"big\">" +
                number(access["mean_per_1000"].get<double>(), 1) +
                "</div>places per 1,000 people, on average</div><div class=\"card\"><div class=\"big\">" +
                number(access["gini"].get<double>(), 3) +
                "</div>Gini of access over people (0 equal, 1 all in one place)</div><div class=\"card\"><div "
                "class=\"big\">" +
                number(access["palma"], 2) +
                "</div>Palma ratio (top 10% over bottom 40%; – when the bottom 40% have none)</div></div>\n";
    }
    for (const auto& [level, totals] : service["units"].items()) {
        if (const OutputLayer* units = find_layer(layers, "units_" + level + "_" + id)) {
            body += units_table(*units, level);
        }
    }
    return section("service-" + id, "Service 服务 " + id, body);
}

std::string siting_section(const ordered_json& siting, std::span<const OutputLayer> layers) {
    const std::string model = siting["model"].get<std::string>();
    const bool median = model == "p_median";
    std::string body = "<p>Model <b>" + escape(model) + "</b> for " + escape(siting["service"].get<std::string>()) +
                       ": " + number(siting["chosen"].get<double>()) + " sites chosen from " +
                       number(siting["candidates_used"].get<double>()) + " candidates (" +
                       number(siting["candidates_reaching_demand"].get<double>()) + " reach any demand).</p>\n";
    std::vector<Bar> bars;
    if (median) {
        bars.push_back({"mean walk before", siting["mean_cost_before_m"].get<double>(),
                        number(siting["mean_cost_before_m"].get<double>(), 0) + " m", palette::kept, {}, {}});
        bars.push_back({"mean walk after", siting["mean_cost_after_m"].get<double>(),
                        number(siting["mean_cost_after_m"].get<double>(), 0) + " m", palette::chosen_site, {}, {}});
        body += "<p>No choice of this many sites gives a total walk below " +
                number(siting["lower_bound_person_m"].get<double>(), 0) + " person-metres: the answer is within " +
                percent(siting["gap"].get<double>(), 2) + " of the best possible.</p>\n";
    } else {
        bars.push_back({"covered before", siting["share_before"].get<double>(),
                        percent(siting["share_before"].get<double>()), palette::kept, {}, {}});
        bars.push_back({"covered after", siting["share_after"].get<double>(),
                        percent(siting["share_after"].get<double>()), palette::chosen_site, {}, {}});
        if (siting.contains("upper_bound")) {
            body += "<p>No choice of this many sites covers more than " +
                    number(siting["upper_bound"].get<double>(), 0) + " people: the answer is within " +
                    percent(siting["gap"].get<double>(), 2) + " of the best possible.</p>\n";
        } else if (siting.contains("target_share")) {
            body += std::string("<p>Target ") + percent(siting["target_share"].get<double>()) +
                    (siting["target_reached"].get<bool>() ? " reached" : " <b>not reachable</b> with the candidates") +
                    "; no answer with fewer than " + number(siting["fewest_possible"].get<double>()) +
                    " sites reaches it.</p>\n";
        }
    }
    body += "<figure>" + bar_chart(bars, chart_scale(bars), "before and after the chosen sites") + "</figure>\n";
    std::vector<std::string> headers{"#rank", "site", median ? "#saves (person-m)" : "#adds (people)"};
    if (siting["sites"].size() > 0 && siting["sites"][0].contains("capacity")) {
        headers.emplace_back("#capacity");
        headers.emplace_back("#serves");
    }
    Table table(headers);
    const OutputLayer* sites = find_layer(layers, "sites_" + siting["service"].get<std::string>());
    std::size_t row = 0;
    for (const ordered_json& site : siting["sites"]) {
        std::vector<std::string> cells{number(site["rank"].get<double>()),
                                       escape(sites != nullptr ? feature_label(*sites, row)
                                                               : "fid " + number(site["source_fid"], 0)),
                                       number(site[median ? "saves_person_m" : "adds_demand"].get<double>(), 0)};
        if (site.contains("capacity")) {
            cells.push_back(number(site["capacity"].get<double>(), 0));
            cells.push_back(number(site["serves"].get<double>(), 0));
        }
        table.row(std::move(cells));
        ++row;
    }
    body += table.html();
    if (siting.contains("one_per_unit")) {
        const ordered_json& units = siting["one_per_unit"];
        body += "<p>At least one per " + escape(units["units"].get<std::string>()) + " unit: " +
                number(static_cast<double>(units["served_by_existing"].size())) + " served already, " +
                number(static_cast<double>(units["needing_site"].size())) + " needing a site, " +
                number(static_cast<double>(units["without_candidate"].size())) + " without any candidate.</p>\n";
    }
    return section("siting", "Siting 选址", body);
}

std::string changes_section(const ordered_json& changes) {
    Table table({"change", "facility", "source", "#features"});
    for (const ordered_json& change : changes) {
        table.row({escape(change["kind"].get<std::string>()), escape(change["facility"].get<std::string>()),
                   escape(change["source"].get<std::string>()), number(change["features"].get<double>())});
    }
    return section("changes", "Plan changes 规划变更", table.html());
}

std::string inputs_section(const ordered_json& inputs, const RunReportSources& sources) {
    Table table({"input", "source", "CRS", "#read", "#used", "skipped", "warnings"});
    const auto add = [&](const std::string& kind, const std::string& name, const ordered_json& input) {
        std::string skipped;
        for (const auto& [reason, count] : input["skipped"].items()) {
            skipped += (skipped.empty() ? "" : "; ") + escape(reason) + ": " + number(count.get<double>());
        }
        std::string warnings;
        for (const ordered_json& warning : input["warnings"]) {
            warnings += (warnings.empty() ? "" : "<br>") + escape(warning.get<std::string>());
        }
        table.row({escape(kind + (name.empty() ? "" : " " + name)), escape(input["source"].get<std::string>()),
                   escape(input["crs"].get<std::string>()), number(input["features_read"].get<double>()),
                   number(input["features_used"].get<double>()), skipped.empty() ? "–" : skipped,
                   warnings.empty() ? "–" : warnings});
    };
    for (const char* kind : {"population", "facilities", "units"}) {
        if (inputs.contains(kind)) {
            for (const auto& [name, input] : inputs[kind].items()) {
                add(kind, name, input);
            }
        }
    }
    for (const char* kind : {"roads", "candidates"}) {
        if (inputs.contains(kind)) {
            add(kind, "", inputs[kind]);
        }
    }
    std::string body = table.html();
    if (inputs.contains("roads")) {
        const ordered_json& roads = inputs["roads"];
        body += "<p>Walking network: " + number(roads["nodes"].get<double>()) + " nodes, " +
                number(roads["edges"].get<double>()) + " edges, " +
                number(roads["total_length_m"].get<double>() / 1000.0, 1) + " km in " +
                number(roads["components"].get<double>()) + " connected parts; points snap to it within " +
                number(roads["snap_limit_m"].get<double>(), 0) + " m.</p>\n";
    }
    for (const ProvenanceNote& note : sources.provenance) {
        body += "<h3>Provenance 数据来源: " + escape(note.name) + "</h3>\n<pre>" + escape(note.text) + "</pre>\n";
    }
    if (sources.provenance.empty()) {
        body += "<p class=\"note\">No PROVENANCE.md or README.md lies beside the inputs: their sources and licences "
                "are not recorded.</p>\n";
    }
    return section("inputs", "Inputs and provenance 输入与来源", body);
}

std::string parameters_section(const ordered_json& summary, const RunReportSources& sources,
                               std::span<const OutputLayer> layers) {
    Table table({"service", "facility", "demand", "mode", "threshold", "bands"});
    for (const ordered_json& service : summary["services"]) {
        std::string bands;
        for (const ordered_json& band : service["bands"]) {
            bands += (bands.empty() ? "" : ", ") + number(band["upto"].get<double>(), 0);
        }
        table.row({escape(service["id"].get<std::string>()), escape(service["facility"].get<std::string>()),
                   escape(service["demand"].get<std::string>()), escape(service["mode"].get<std::string>()),
                   escape(threshold_text(service)), bands + (service["minutes"].is_number() ? " min" : " m")});
    }
    std::string body = "<p>lifecircle " + escape(summary["lifecircle_version"].get<std::string>()) +
                       "; working CRS " + escape(summary["working_crs"].get<std::string>()) + ".</p>\n" +
                       table.html();
    std::string files;
    for (const OutputLayer& layer : layers) {
        files += (files.empty() ? "" : ", ") + escape(layer.name);
    }
    body += "<p>Layers written beside this report (with CSV copies and QGIS styles): " + files +
            "; every figure here is in summary.json.</p>\n";
    if (!sources.scenario_text.empty()) {
        body += "<h3>Scenario file 情景文件: " + escape(summary["scenario"]["file"].get<std::string>()) +
                "</h3>\n<pre>" + escape(sources.scenario_text) + "</pre>\n";
    }
    return section("parameters", "Run parameters 运行参数", body);
}

} // namespace

std::string render_run_report(const ordered_json& summary, std::span<const OutputLayer> layers,
                              const RunReportSources& sources) {
    const std::string name = summary["scenario"]["name"].get<std::string>();
    std::string body = "<h1>" + escape(name.empty() ? "lifecircle run" : name) + "</h1>\n";
    body += "<p class=\"meta\">15-minute life circle report 生活圈评估报告 · scenario " +
            escape(summary["scenario"]["file"].get<std::string>()) + " · lifecircle " +
            escape(summary["lifecircle_version"].get<std::string>()) + "</p>\n";
    body += "<nav>";
    const bool has_targets = summary.contains("targets");
    if (has_targets) {
        body += "<a href=\"#targets\">Targets</a>";
    }
    for (const ordered_json& service : summary["services"]) {
        body += "<a href=\"#service-" + escape(service["id"].get<std::string>()) + "\">" +
                escape(service["id"].get<std::string>()) + "</a>";
    }
    if (summary.contains("siting")) {
        body += "<a href=\"#siting\">Siting</a>";
    }
    body += "<a href=\"#inputs\">Inputs</a><a href=\"#parameters\">Parameters</a></nav>\n";

    body += "<div class=\"cards\">";
    for (const ordered_json& service : summary["services"]) {
        body += "<div class=\"card\"><div class=\"big\">" + percent(service["covered_share"].get<double>()) +
                "</div>" + escape(service["id"].get<std::string>()) + ": " +
                number(service["demand_covered"].get<double>(), 0) + " of " +
                number(service["demand_total"].get<double>(), 0) + " people within " +
                escape(threshold_text(service)) + "</div>";
    }
    if (has_targets) {
        const auto& targets = summary["targets"];
        const auto met = std::count_if(targets.begin(), targets.end(),
                                       [](const ordered_json& target) { return target["met"].get<bool>(); });
        body += "<div class=\"card\"><div class=\"big\">" + number(static_cast<double>(met)) + " / " +
                number(static_cast<double>(targets.size())) + "</div>targets met 达标</div>";
    }
    body += "</div>\n";
    if (has_targets) {
        body += targets_section(summary["targets"]);
    }
    for (const ordered_json& service : summary["services"]) {
        body += service_section(service, layers, summary);
    }
    if (summary.contains("siting")) {
        body += siting_section(summary["siting"], layers);
    }
    if (summary.contains("changes")) {
        body += changes_section(summary["changes"]);
    }
    body += inputs_section(summary["inputs"], sources);
    body += parameters_section(summary, sources, layers);
    return page(name.empty() ? "lifecircle report" : name, body);
}

} // namespace lifecircle
