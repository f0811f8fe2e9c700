#include "lifecircle/report.hpp"

#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

namespace lifecircle {
namespace {
using namespace report;

// The dissolved areas, the widest drawn first so each nearer band shows on top of it.
// A bound in the request's unit ("min" or "m"): "10分钟", "500米".
std::string bound_text(const Words& words, double upto, const std::string& unit) {
    return words(unit == "min" ? Msg::unit_minutes : Msg::unit_metres, {number(upto, 0)});
}

std::string areas_map(const Words& words, const OutputLayer& areas, const std::string& unit,
                      std::span<const LonLat> facilities) {
    MapBounds bounds;
    bounds.extend(areas.wkb_wgs84);
    bounds.extend(facilities);
    if (bounds.empty()) {
        return "<p>" + words(Msg::areas_none) + "</p>\n";
    }
    SvgMap map(words, bounds);
    const auto upto = numbers_of(areas, "upto");
    for (std::size_t row = areas.wkb_wgs84.size(); row-- > 0;) {
        const std::string label = words(Msg::areas_within, {bound_text(words, upto[row].value_or(0.0), unit)});
        map.polygons(
            std::span(&areas.wkb_wgs84[row], 1), [](std::size_t) { return std::string(palette::service_area); }, 0.25,
            palette::service_area, [label](std::size_t) { return label; });
    }
    map.markers(facilities, SvgMap::Marker::circle, palette::facility, 7.0,
                [&](std::size_t index) { return words(Msg::legend_facility, {std::to_string(index + 1)}); });
    return "<figure>" + map.svg(words(Msg::map_label, {words(Msg::isochrones_title)})) + "<div class=\"legend\">" +
           legend_key(palette::service_area, words(Msg::areas_legend)) +
           legend_key(palette::facility, words(Msg::layer_facilities)) + "</div><figcaption>" +
           words(Msg::areas_caption) + "</figcaption></figure>\n";
}

} // namespace

std::string render_isochrone_report(const IsochroneSummary& summary, std::span<const OutputLayer> layers,
                                    std::span<const LonLat> facilities, Language language) {
    const Words words(language);
    std::string body = "<h1>" + words(Msg::isochrones_title) + "</h1>\n<p class=\"meta\">" +
                       escape(words(Msg::isochrones_meta, {summary.lifecircle_version, summary.working_crs})) +
                       "</p>\n";
    const OutputLayer* areas = find_layer(layers, "service_areas");
    const std::string unit = areas != nullptr && areas->attributes.row_count() > 0 ? text_of(*areas, "unit", 0) : "";
    body += "<div class=\"cards\">";
    for (const DissolvedAreaSummary& area : summary.service_areas) {
        body += "<div class=\"card\"><div class=\"big\">" + words(Msg::unit_hectares, {number(area.area_m2 / 1e4, 1)}) +
                "</div>" +
                escape(words(Msg::areas_card, {bound_text(words, area.upto, unit), number(area.threshold_m, 0)})) +
                "</div>";
    }
    body += "</div>\n";
    if (areas != nullptr) {
        body += section("map", words(Msg::section_map), areas_map(words, *areas, unit, facilities));
    }
    Table table({"#" + words(Msg::col_within), "#" + words(Msg::col_metres), "#" + words(Msg::col_area_ha),
                 "#" + words(Msg::col_holes)});
    for (const DissolvedAreaSummary& area : summary.service_areas) {
        table.row({escape(bound_text(words, area.upto, unit)), number(area.threshold_m, 0),
                   number(area.area_m2 / 1e4, 2), number(static_cast<double>(area.holes), 0)});
    }
    body +=
        section("areas", words(Msg::section_areas),
                table.html() + "<p class=\"note\">" + words(Msg::areas_note, {number(summary.width_m, 0)}) + "</p>\n");
    Table inputs(
        {words(Msg::col_input), words(Msg::col_source), "#" + words(Msg::col_used), "#" + words(Msg::col_beyond_snap)});
    inputs.row({words(Msg::kind_facilities), escape(summary.facilities.source),
                number(static_cast<double>(summary.facilities.features_used), 0),
                number(static_cast<double>(summary.facilities.beyond_snap_limit), 0)});
    inputs.row({words(Msg::kind_roads), escape(summary.roads.source),
                words(Msg::nodes_edges, {number(static_cast<double>(summary.roads.nodes), 0),
                                         number(static_cast<double>(summary.roads.edges), 0)}),
                ""});
    body += section("inputs", words(Msg::section_inputs), inputs.html());
    return page(language, words(Msg::isochrones_title), body);
}

} // namespace lifecircle
