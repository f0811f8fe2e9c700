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

std::string findings_map(const Words& words, std::span<const OutputLayer> layers, const BoundaryCheckSummary& summary) {
    MapBounds bounds;
    for (const OutputLayer& layer : layers) {
        bounds.extend(layer.wkb_wgs84);
        bounds.extend(layer.points);
    }
    if (bounds.empty()) {
        return {};
    }
    SvgMap map(words, bounds);
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
    return "<figure>" + map.svg(words(Msg::map_label, {words(Msg::section_findings)})) + "<div class=\"legend\">" +
           legend_key("#555", words(Msg::legend_borders)) +
           legend_key(palette::lost, words(Msg::legend_error_finding)) +
           legend_key(palette::chosen_site, words(Msg::legend_warning)) + "</div><figcaption>" +
           words(Msg::findings_caption) + "</figcaption></figure>\n";
}

} // namespace

std::string render_boundary_report(const BoundaryCheckSummary& summary, std::span<const OutputLayer> layers,
                                   Language language) {
    const Words words(language);
    std::string body = "<h1>" + words(Msg::boundary_title) + "</h1>\n<p class=\"meta\">" +
                       escape(words(Msg::meta_version, {summary.lifecircle_version})) + " · " +
                       escape(words(Msg::working_crs, {summary.working_crs})) + "</p>\n";
    const auto card = [](const std::string& figure, const std::string& caption) {
        return "<div class=\"card\"><div class=\"big\">" + figure + "</div>" + escape(caption) + "</div>";
    };
    body += "<div class=\"cards\">" + card(count(summary.counts.errors), words(Msg::card_errors)) +
            card(count(summary.counts.warnings), words(Msg::card_warnings)) +
            card(count(summary.slivers), words(Msg::card_slivers));
    for (const BoundaryLevelSummary& level : summary.levels) {
        body += card(count(level.read.features_read), words(Msg::card_units_read, {level.level}));
    }
    body += "</div>\n";

    body += section("rules", words(Msg::section_rules),
                    rule_table(words, summary.counts.by_rule, words(Msg::boundaries_clean)));
    body += section("map", words(Msg::section_map), findings_map(words, layers, summary));

    if (const OutputLayer* all = find_layer(layers, "findings")) {
        Table list({words(Msg::col_rule), words(Msg::col_severity), words(Msg::col_level), words(Msg::col_code),
                    words(Msg::col_name), words(Msg::col_other_unit), words(Msg::col_message),
                    "#" + words(Msg::col_area_m2), "#" + words(Msg::col_width_m)});
        const auto area = numbers_of(*all, "area_m2");
        const auto width = numbers_of(*all, "width_m");
        const std::size_t rows = all->attributes.row_count();
        for (std::size_t row = 0; row < rows && row < listed_findings; ++row) {
            const std::string other = text_of(*all, "other_code", row) + " " + text_of(*all, "other_name", row);
            list.row({escape(text_of(*all, "rule", row)), escape(severity_text(words, text_of(*all, "severity", row))),
                      escape(text_of(*all, "level", row)),
                      escape(text_of(*all, "code", row).empty() ? "fid " + text_of(*all, "source_fid", row)
                                                                : text_of(*all, "code", row)),
                      escape(text_of(*all, "name", row)), escape(other == " " ? "" : other),
                      escape(text_of(*all, "message", row)) +
                          (text_of(*all, "sliver", row) == "1" ? " <b>" + words(Msg::sliver) + "</b>" : ""),
                      area[row] ? number(*area[row], *area[row] < 10.0 ? 2 : 0) : "–",
                      width[row] ? number(*width[row], 1) : "–"},
                     text_of(*all, "severity", row) == "error" ? "fail" : "");
        }
        std::string listed = list.empty() ? "<p>" + words(Msg::none_found) + "</p>\n" : list.html();
        listed += listed_findings_note(words, rows);
        body += section("findings", words(Msg::section_findings), listed);
    }

    Table inputs({words(Msg::col_level), words(Msg::col_source), words(Msg::col_filter), words(Msg::col_crs),
                  "#" + words(Msg::col_read), "#" + words(Msg::col_usable), "#" + words(Msg::col_repairs)});
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
    body += section("inputs", words(Msg::section_tolerances),
                    inputs.html() + "<p>" + tolerances + "</p>\n<p class=\"note\">" + words(Msg::inputs_unchanged) +
                        "</p>\n");
    return page(language, words(Msg::boundary_title), body);
}

} // namespace lifecircle
