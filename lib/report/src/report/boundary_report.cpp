#include "lifecircle/report.hpp"

#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

namespace lifecircle {
namespace {
using namespace report;

std::string count(std::uint64_t value) {
    return number(static_cast<double>(value), 0);
}

std::string_view severity_colour(const std::string& severity) {
    return severity == "error" ? palette::lost : palette::chosen_site;
}

std::string findings_map(std::span<const OutputLayer> layers, const BoundaryCheckSummary& summary) {
    MapBounds bounds;
    for (const OutputLayer& layer : layers) {
        bounds.extend(layer.wkb_wgs84);
        bounds.extend(layer.points);
    }
    if (bounds.empty()) {
        return {};
    }
    SvgMap map(bounds);
    double width = 2.0;
    for (const BoundaryLevelSummary& level : summary.levels) {
        if (const OutputLayer* outlines = find_layer(layers, "units_" + level.level)) {
            map.lines(outlines->wkb_wgs84, "#555", width);
        }
        width = std::max(0.6, width / 2.0);
    }
    const auto severity_fill = [](const OutputLayer& layer) {
        return [&layer](std::size_t row) { return std::string(severity_colour(text_of(layer, "severity", row))); };
    };
    const auto describe = [](const OutputLayer& layer) {
        return [&layer](std::size_t row) {
            return text_of(layer, "rule", row) + ": " + text_of(layer, "code", row) + " " +
                   text_of(layer, "name", row) + " — " + text_of(layer, "message", row);
        };
    };
    if (const OutputLayer* areas = find_layer(layers, "findings_areas")) {
        map.polygons(areas->wkb_wgs84, severity_fill(*areas), 0.55, "#b30000", describe(*areas));
    }
    if (const OutputLayer* lines = find_layer(layers, "findings_lines")) {
        map.lines(lines->wkb_wgs84, palette::lost, 3.0, describe(*lines));
    }
    if (const OutputLayer* points = find_layer(layers, "findings_points")) {
        map.markers(points->points, SvgMap::Marker::diamond, palette::lost, 9.0, describe(*points));
    }
    const auto key = [](std::string_view colour, const std::string& text) {
        return "<span><span class=\"key\" style=\"background:" + std::string(colour) + "\"></span>" + escape(text) +
               "</span>";
    };
    return "<figure>" + map.svg("map of the findings") + "<div class=\"legend\">" + key("#555", "unit borders") +
           key(palette::lost, "error: area, border or place") + key(palette::chosen_site, "warning") +
           "</div><figcaption>Hover over a finding for its rule and message.</figcaption></figure>\n";
}

} // namespace

std::string render_boundary_report(const BoundaryCheckSummary& summary, std::span<const OutputLayer> layers) {
    std::string body = "<h1>Boundary check 行政区划边界核查</h1>\n<p class=\"meta\">lifecircle " +
                       escape(summary.lifecircle_version) + " · working CRS " + escape(summary.working_crs) + "</p>\n";
    body += "<div class=\"cards\"><div class=\"card\"><div class=\"big\">" + count(summary.counts.errors) +
            "</div>errors 错误</div><div class=\"card\"><div class=\"big\">" + count(summary.counts.warnings) +
            "</div>warnings 警告</div><div class=\"card\"><div class=\"big\">" + count(summary.slivers) +
            "</div>slivers among them 碎片</div>";
    for (const BoundaryLevelSummary& level : summary.levels) {
        body += "<div class=\"card\"><div class=\"big\">" + count(level.read.features_read) + "</div>units of " +
                escape(level.level) + " read</div>";
    }
    body += "</div>\n";

    body += section("rules", "Findings by rule 按规则统计",
                    rule_table(summary.counts.by_rule, "No findings: the boundaries pass every check."));
    body += section("map", "Map 地图", findings_map(layers, summary));

    if (const OutputLayer* all = find_layer(layers, "findings")) {
        Table list({"rule", "severity", "level", "code", "name", "other unit", "message", "#area m²", "#width m"});
        const auto area = numbers_of(*all, "area_m2");
        const auto width = numbers_of(*all, "width_m");
        const std::size_t rows = all->attributes.row_count();
        for (std::size_t row = 0; row < rows && row < listed_findings; ++row) {
            const std::string other = text_of(*all, "other_code", row) + " " + text_of(*all, "other_name", row);
            list.row({escape(text_of(*all, "rule", row)), escape(text_of(*all, "severity", row)),
                      escape(text_of(*all, "level", row)),
                      escape(text_of(*all, "code", row).empty() ? "fid " + text_of(*all, "source_fid", row)
                                                                : text_of(*all, "code", row)),
                      escape(text_of(*all, "name", row)), escape(other == " " ? "" : other),
                      escape(text_of(*all, "message", row)) +
                          (text_of(*all, "sliver", row) == "1" ? " <b>(sliver)</b>" : ""),
                      area[row] ? number(*area[row], *area[row] < 10.0 ? 2 : 0) : "–",
                      width[row] ? number(*width[row], 1) : "–"},
                     text_of(*all, "severity", row) == "error" ? "fail" : "");
        }
        std::string listed = list.empty() ? std::string("<p>None.</p>\n") : list.html();
        listed += listed_findings_note(rows);
        body += section("findings", "Findings 问题清单", listed);
    }

    Table inputs({"level", "source", "filter", "CRS", "#read", "#with usable geometry", "#repairs suggested"});
    for (const BoundaryLevelSummary& level : summary.levels) {
        inputs.row({escape(level.level), escape(level.read.source), escape(level.where), escape(level.read.crs),
                    count(level.read.features_read), count(level.read.features_used), count(level.repairs)});
    }
    // Every tolerance by its summary.json name.
    const nlohmann::ordered_json tolerance_values = to_document(summary.tolerances);
    std::string tolerances;
    for (const auto& [name, value] : tolerance_values.items()) {
        tolerances += (tolerances.empty() ? "" : " · ") + escape(name) + " " +
                      (value.is_number() ? number(value.get<double>(), 2) : escape(value.get<std::string>()));
    }
    body += section("inputs", "Inputs and tolerances 输入与容差",
                    inputs.html() + "<p>" + tolerances +
                        "</p>\n<p class=\"note\">The inputs are never changed; "
                        "suggested repairs are written beside them.</p>\n");
    return page("Boundary check", body);
}

} // namespace lifecircle
