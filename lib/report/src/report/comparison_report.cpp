#include "lifecircle/report.hpp"

#include "report/bar_chart.hpp"
#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

namespace lifecircle {
namespace {
using nlohmann::ordered_json;
using namespace report;

std::string shown_value(const ordered_json& value, bool share) {
    if (!value.is_number()) {
        return "–";
    }
    return share ? percent(value.get<double>(), 1) : number(value.get<double>(), 1);
}

// B − A: in percentage points for shares.
std::string signed_change(const ordered_json& change, bool share) {
    if (!change.is_number()) {
        return "–";
    }
    const double delta = change.get<double>();
    const std::string text = share ? number(100.0 * delta, 1) + " pts" : number(delta, 1);
    return delta > 0 ? "+" + text : text;
}

std::string met_text(const ordered_json& met) {
    if (!met.is_boolean()) {
        return "–";
    }
    return met.get<bool>() ? "<span class=\"met\">met</span>" : "<span class=\"notmet\">not met</span>";
}

std::string targets_section(const ordered_json& targets, const std::string& run_a, const std::string& run_b) {
    Table table({"target", "indicator", "#target", "#" + run_a, "#" + run_b, "#change", run_a, run_b,
                 "#failing units " + run_a, "#failing units " + run_b});
    for (const ordered_json& target : targets) {
        const bool share = target["indicator"] != "capacity_per_demand";
        std::string bound;
        if (target["min"].is_number()) {
            bound += "≥ " + shown_value(target["min"], share);
        }
        if (target["max"].is_number()) {
            bound += (bound.empty() ? "" : ", ") + std::string("≤ ") + shown_value(target["max"], share);
        }
        const bool improved = target["met_b"].is_boolean() && target["met_b"].get<bool>() &&
                              !(target["met_a"].is_boolean() && target["met_a"].get<bool>());
        const bool worsened = target["met_a"].is_boolean() && target["met_a"].get<bool>() &&
                              !(target["met_b"].is_boolean() && target["met_b"].get<bool>());
        table.row({escape(target["id"].get<std::string>()), escape(target["indicator"].get<std::string>()),
                   escape(bound), shown_value(target["value_a"], share), shown_value(target["value_b"], share), signed_change(target["change"], share),
                   met_text(target["met_a"]), met_text(target["met_b"]),
                   target.contains("failing_units_a") ? number(target["failing_units_a"], 0) : "–",
                   target.contains("failing_units_b") ? number(target["failing_units_b"], 0) : "–"},
                  improved ? "pass" : worsened ? "fail" : "");
    }
    return section("targets", "Targets before and after 目标对比", table.html());
}

std::string difference_map(const OutputLayer& difference) {
    MapBounds bounds;
    bounds.extend(difference.points);
    if (bounds.empty()) {
        return {};
    }
    const std::optional<std::size_t> status = difference.attributes.field_index("status");
    const auto weight = numbers_of(difference, "weight");
    std::vector<double> gained(weight.size(), 0.0);
    std::vector<double> lost(weight.size(), 0.0);
    std::vector<double> kept(weight.size(), 0.0);
    for (std::size_t point = 0; point < weight.size(); ++point) {
        const std::string text = lifecircle::value_text(difference.attributes.value(point, *status));
        (text == "gained" ? gained : text == "lost" ? lost : kept)[point] =
            text == "never" ? 0.0 : weight[point].value_or(0.0);
    }
    SvgMap map(bounds);
    map.density(difference.points, kept, palette::kept);
    const double most_gained = map.density(difference.points, gained, palette::gained);
    const double most_lost = map.density(difference.points, lost, palette::lost);
    const auto key = [](std::string_view colour, const std::string& text) {
        return "<span><span class=\"key\" style=\"background:" + std::string(colour) + "\"></span>" + escape(text) +
               "</span>";
    };
    return "<figure>" + map.svg("map of " + difference.name) + "<div class=\"legend\">" +
           key(palette::gained, "newly covered (darkest " + number(most_gained, 0) + " per cell)") +
           key(palette::lost, "newly lost (darkest " + number(most_lost, 0) + " per cell)") +
           key(palette::kept, "covered in both") + "</div></figure>\n";
}

} // namespace

std::string render_comparison_report(const ordered_json& summary, std::span<const OutputLayer> layers) {
    const std::string run_a = summary["run_a"].get<std::string>();
    const std::string run_b = summary["run_b"].get<std::string>();
    const std::string title = "Comparison 方案对比: " + run_a + " → " + run_b;
    std::string body = "<h1>" + escape(title) + "</h1>\n<p class=\"meta\">What " + escape(run_b) +
                       " changes against " + escape(run_a) +
                       ", demand point by demand point. Every figure is in summary.json.</p>\n";
    body += "<div class=\"cards\">";
    for (const ordered_json& service : summary["services"]) {
        body += "<div class=\"card\"><div class=\"big\">" + percent(service["share_a"].get<double>()) + " → " +
                percent(service["share_b"].get<double>()) + "</div>" + escape(service["id"].get<std::string>()) +
                ": +" + number(service["newly_covered"].get<double>(), 0) + " newly covered, −" +
                number(service["newly_lost"].get<double>(), 0) + " newly lost</div>";
    }
    body += "</div>\n";
    if (summary.contains("targets")) {
        body += targets_section(summary["targets"], run_a, run_b);
    }
    for (const ordered_json& service : summary["services"]) {
        const std::string id = service["id"].get<std::string>();
        const std::vector<Bar> bars{
            {run_a, service["share_a"].get<double>(), percent(service["share_a"].get<double>()), palette::kept, {}, {}},
            {run_b, service["share_b"].get<double>(), percent(service["share_b"].get<double>()), palette::chosen_site, {}, {}}};
        std::string section_body = "<p>Of " + number(service["demand_total"].get<double>(), 0) + " people, " +
                                   number(service["covered_a"].get<double>(), 0) + " are covered in " + escape(run_a) +
                                   " and " + number(service["covered_b"].get<double>(), 0) + " in " + escape(run_b) +
                                   ": " + number(service["newly_covered"].get<double>(), 0) + " gained (" +
                                   number(service["points_newly_covered"].get<double>()) + " points), " +
                                   number(service["newly_lost"].get<double>(), 0) + " lost (" +
                                   number(service["points_newly_lost"].get<double>()) + " points).</p>\n";
        section_body += "<figure>" + bar_chart(bars, 1.0, "share covered in each run") + "</figure>\n";
        if (const OutputLayer* difference = find_layer(layers, "difference_" + id)) {
            section_body += difference_map(*difference);
        }
        body += section("service-" + id, "Service 服务 " + id, section_body);
    }
    std::string only;
    for (const char* key : {"only_in_a", "only_in_b"}) {
        for (const ordered_json& id : summary[key]) {
            only += "<li>" + escape(id.get<std::string>()) + ": only in " +
                    escape(std::string(key) == "only_in_a" ? run_a : run_b) + "</li>";
        }
    }
    if (!only.empty()) {
        body += section("not-compared", "Services not compared", "<ul>" + only + "</ul>\n");
    }
    return page(title, body);
}

} // namespace lifecircle
