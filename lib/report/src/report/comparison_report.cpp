#include "lifecircle/comparison_summary.hpp"
#include "lifecircle/output_names.hpp"
#include "lifecircle/report.hpp"

#include "report/bar_chart.hpp"
#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle {
namespace {
using namespace report;

std::string shown_value(const std::optional<double>& value, bool share) {
    if (!value) {
        return "–";
    }
    return share ? percent(*value, 1) : number(*value, 1);
}

// B − A: in percentage points for shares.
std::string signed_change(const Words& words, const std::optional<double>& change, bool share) {
    if (!change) {
        return "–";
    }
    const double delta = *change;
    const std::string text = share ? words(Msg::points_change, {number(100.0 * delta, 1)}) : number(delta, 1);
    return delta > 0 ? "+" + text : text;
}

// People gained or lost, with the sign only where some were: "+27", "0", "−3".
std::string signed_count(double people, std::string_view sign) {
    const std::string text = number(people, 0);
    return text == "0" ? text : std::string(sign) + text;
}

std::string met_text(const Words& words, const std::optional<bool>& met) {
    if (!met) {
        return "–";
    }
    return *met ? "<span class=\"met\">" + words(Msg::met) + "</span>"
                : "<span class=\"notmet\">" + words(Msg::not_met) + "</span>";
}

std::string count_text(const std::optional<FailingUnitsComparison>& failing, bool in_a) {
    const std::optional<std::uint64_t> count = failing ? (in_a ? failing->a : failing->b) : std::nullopt;
    return count ? number(static_cast<double>(*count), 0) : "–";
}

std::string targets_section(const Words& words, std::span<const TargetComparison> targets, const std::string& run_a,
                            const std::string& run_b) {
    Table table({words(Msg::col_target), words(Msg::col_indicator), "#" + words(Msg::col_target_value), "#" + run_a,
                 "#" + run_b, "#" + words(Msg::col_change), run_a, run_b, "#" + words(Msg::col_failing_in, {run_a}),
                 "#" + words(Msg::col_failing_in, {run_b})});
    for (const TargetComparison& target : targets) {
        const bool share = target.indicator != "capacity_per_demand";
        std::string bound;
        if (target.min) {
            bound += "≥ " + shown_value(target.min, share);
        }
        if (target.max) {
            bound += (bound.empty() ? "" : ", ") + std::string("≤ ") + shown_value(target.max, share);
        }
        const bool met_a = target.met_a.value_or(false);
        const bool met_b = target.met_b.value_or(false);
        table.row({escape(target.id), escape(indicator_name(words, target.indicator)), escape(bound),
                   shown_value(target.value_a, share), shown_value(target.value_b, share),
                   signed_change(words, target.change, share), met_text(words, target.met_a),
                   met_text(words, target.met_b), count_text(target.failing_units, true),
                   count_text(target.failing_units, false)},
                  met_b && !met_a   ? "pass"
                  : met_a && !met_b ? "fail"
                                    : "");
    }
    return section("targets", words(Msg::section_targets_compared), table.html());
}

// Positions of `points` that `others` also has (a facility kept), or lacks.
std::vector<LonLat> shared_or_not(std::span<const LonLat> points, std::span<const LonLat> others, bool shared) {
    std::vector<LonLat> chosen;
    for (const LonLat& point : points) {
        const bool found = std::any_of(others.begin(), others.end(), [&](const LonLat& other) {
            return std::abs(other.lon - point.lon) < 1e-9 && std::abs(other.lat - point.lat) < 1e-9;
        });
        if (found == shared) {
            chosen.push_back(point);
        }
    }
    return chosen;
}

std::string difference_map(const Words& words, const OutputLayer& difference, const ComparisonMapLayers* context,
                           const std::string& run_a, const std::string& run_b) {
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
        (text == "gained" ? gained
         : text == "lost" ? lost
                          : kept)[point] = text == "never" ? 0.0 : weight[point].value_or(0.0);
    }
    SvgMap map(words, bounds);
    std::string units_key;
    if (context != nullptr && !context->units.empty()) {
        map.lines(context->units, "#555", 1.0);
        units_key = legend_key("#555", words(Msg::legend_borders));
    }
    map.density(difference.points, kept, palette::kept);
    const double most_gained = map.density(difference.points, gained, palette::gained);
    const double most_lost = map.density(difference.points, lost, palette::lost);
    std::string legend = legend_key(palette::gained, words(Msg::legend_gained, {number(most_gained, 0)})) +
                         legend_key(palette::lost, words(Msg::legend_lost, {number(most_lost, 0)})) +
                         legend_key(palette::kept, words(Msg::legend_kept)) + units_key;
    if (context != nullptr) {
        // Facilities kept, gone and added, then the sites chosen, over the people they change.
        const std::vector<LonLat> kept_facilities = shared_or_not(context->facilities_b, context->facilities_a, true);
        const std::vector<LonLat> gone = shared_or_not(context->facilities_a, context->facilities_b, false);
        const std::vector<LonLat> added = shared_or_not(context->facilities_b, context->facilities_a, false);
        if (!kept_facilities.empty()) {
            map.markers(kept_facilities, SvgMap::Marker::circle, palette::facility, 9.0);
            legend += legend_key(palette::facility, words(Msg::legend_facilities_before, {run_a, run_b}));
        }
        if (!gone.empty()) {
            map.markers(gone, SvgMap::Marker::circle, palette::kept, 9.0);
            legend += legend_key(palette::kept, words(Msg::legend_facilities_removed, {run_a, run_b}));
        }
        if (!added.empty()) {
            map.markers(added, SvgMap::Marker::circle, palette::chosen_site, 9.0);
            legend += legend_key(palette::chosen_site, words(Msg::legend_facilities_after, {run_b}));
        }
        if (!context->sites_b.empty()) {
            map.markers(context->sites_b, SvgMap::Marker::diamond, palette::chosen_site, 13.0);
            legend += legend_key(palette::chosen_site, words(Msg::legend_chosen_site, {run_b}));
        }
        constexpr std::size_t named_units = 60; // as on a run's maps
        if (context->units.size() <= named_units) {
            map.names(
                label_points(context->units),
                [&](std::size_t row) {
                    return row < context->unit_names.size() ? context->unit_names[row] : std::string();
                },
                "middle");
        }
    }
    return "<figure>" + map.svg(words(Msg::map_label, {difference.name})) + "<div class=\"legend\">" + legend +
           "</div></figure>\n";
}

} // namespace

std::string render_comparison_report(const ComparisonSummary& summary, std::span<const OutputLayer> layers,
                                     std::span<const ComparisonMapLayers> context, Language language) {
    const Words words(language);
    const std::string& run_a = summary.run_a;
    const std::string& run_b = summary.run_b;
    // The scenarios' own names head the page; the folders say where the runs are.
    const bool named =
        !summary.scenario_a.empty() && !summary.scenario_b.empty() && summary.scenario_a != summary.scenario_b;
    const std::string title = named ? words(Msg::comparison_title, {summary.scenario_a, summary.scenario_b})
                                    : words(Msg::comparison_title, {run_a, run_b});
    std::string body = "<h1>" + escape(title) + "</h1>\n<p class=\"meta\">" +
                       escape(words(Msg::comparison_meta, {run_b, run_a})) + "</p>\n";
    body += "<div class=\"cards\">";
    for (const ServiceComparison& service : summary.services) {
        body += "<div class=\"card\"><div class=\"big\">" + percent(service.share_a) + " → " +
                percent(service.share_b) + "</div>" +
                escape(words(Msg::comparison_card, {service.id, signed_count(service.newly_covered, "+"),
                                                    signed_count(service.newly_lost, "−")})) +
                "</div>";
    }
    body += "</div>\n";
    if (!summary.targets.empty()) {
        body += targets_section(words, summary.targets, run_a, run_b);
    }
    for (const ServiceComparison& service : summary.services) {
        const std::vector<Bar> bars{{run_a, service.share_a, percent(service.share_a), palette::kept, {}, {}},
                                    {run_b, service.share_b, percent(service.share_b), palette::chosen_site, {}, {}}};
        std::string section_body =
            "<p>" +
            escape(words(Msg::comparison_service,
                         {prose_count(words, service.demand_total), prose_count(words, service.covered_a), run_a,
                          prose_count(words, service.covered_b), run_b, prose_count(words, service.newly_covered),
                          number(static_cast<double>(service.points_newly_covered)),
                          prose_count(words, service.newly_lost),
                          number(static_cast<double>(service.points_newly_lost))})) +
            "</p>\n";
        section_body += "<figure>" + bar_chart(bars, 1.0, words(Msg::chart_share_each_run)) + "</figure>\n";
        if (const OutputLayer* difference = find_layer(layers, output_name("difference", {service.id}))) {
            const auto drawn = std::find_if(context.begin(), context.end(), [&](const ComparisonMapLayers& each) {
                return each.service == service.id;
            });
            section_body +=
                difference_map(words, *difference, drawn == context.end() ? nullptr : &*drawn, run_a, run_b);
        }
        body += section("service-" + service.id, words(Msg::section_service, {service.id}), section_body);
    }
    std::string only;
    for (const std::string& id : summary.only_in_a) {
        only += "<li>" + escape(words(Msg::only_in, {id, run_a})) + "</li>";
    }
    for (const std::string& id : summary.only_in_b) {
        only += "<li>" + escape(words(Msg::only_in, {id, run_b})) + "</li>";
    }
    if (!only.empty()) {
        body += section("not-compared", words(Msg::section_not_compared), "<ul>" + only + "</ul>\n");
    }
    return page(language, title, body);
}

} // namespace lifecircle
