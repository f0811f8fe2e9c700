#include "lifecircle/report.hpp"

#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

namespace lifecircle {
namespace {
using namespace report;

// The dissolved areas, the widest drawn first so each nearer band shows on top of it.
std::string areas_map(const OutputLayer& areas, const std::string& unit, std::span<const LonLat> facilities) {
    MapBounds bounds;
    bounds.extend(areas.wkb_wgs84);
    bounds.extend(facilities);
    if (bounds.empty()) {
        return "<p>No facility reaches any street: there is nothing to draw.</p>\n";
    }
    SvgMap map(bounds);
    const auto upto = numbers_of(areas, "upto");
    for (std::size_t row = areas.wkb_wgs84.size(); row-- > 0;) {
        const std::string label = "within " + number(upto[row].value_or(0.0), 0) + " " + unit;
        map.polygons(
            std::span(&areas.wkb_wgs84[row], 1), [](std::size_t) { return std::string(palette::service_area); }, 0.25,
            palette::service_area, [label](std::size_t) { return label; });
    }
    map.markers(facilities, SvgMap::Marker::circle, palette::facility, 7.0,
                [](std::size_t index) { return "facility " + std::to_string(index + 1); });
    const auto key = [](std::string_view colour, const std::string& text) {
        return "<span><span class=\"key\" style=\"background:" + std::string(colour) + "\"></span>" + escape(text) +
               "</span>";
    };
    return "<figure>" + map.svg("map of the service areas") + "<div class=\"legend\">" +
           key(palette::service_area, "service area (darker: nearer bands overlap)") +
           key(palette::facility, "facility") +
           "</div><figcaption>Every facility's reach, dissolved, per bound. Hover over an area for its "
           "bound.</figcaption></figure>\n";
}

} // namespace

std::string render_isochrone_report(const IsochroneSummary& summary, std::span<const OutputLayer> layers,
                                    std::span<const LonLat> facilities) {
    std::string body = "<h1>Service areas 服务范围</h1>\n<p class=\"meta\">lifecircle isochrones · lifecircle " +
                       escape(summary.lifecircle_version) + " · working CRS " + escape(summary.working_crs) + "</p>\n";
    const OutputLayer* areas = find_layer(layers, "service_areas");
    const std::string unit = areas != nullptr && areas->attributes.row_count() > 0 ? text_of(*areas, "unit", 0) : "";
    body += "<div class=\"cards\">";
    for (const DissolvedAreaSummary& area : summary.service_areas) {
        body += "<div class=\"card\"><div class=\"big\">" + number(area.area_m2 / 1e4, 1) + " ha</div>within " +
                number(area.upto, 0) + " " + escape(unit) + " (" + number(area.threshold_m, 0) + " m)</div>";
    }
    body += "</div>\n";
    if (areas != nullptr) {
        body += section("map", "Map 地图", areas_map(*areas, unit, facilities));
    }
    Table table({"#within", "#metres", "#area ha", "#holes"});
    for (const DissolvedAreaSummary& area : summary.service_areas) {
        table.row({number(area.upto, 0) + " " + escape(unit), number(area.threshold_m, 0),
                   number(area.area_m2 / 1e4, 2), number(static_cast<double>(area.holes), 0)});
    }
    body += section("areas", "Areas 面积",
                    table.html() + "<p class=\"note\">An area is every street reached within the bound, widened by " +
                        number(summary.width_m, 0) +
                        " m on either side, and the facilities' own plots. Holes are blocks no reached street "
                        "enters.</p>\n");
    Table inputs({"input", "source", "#used", "#beyond snap limit"});
    inputs.row({"facilities", escape(summary.facilities.source),
                number(static_cast<double>(summary.facilities.features_used), 0),
                number(static_cast<double>(summary.facilities.beyond_snap_limit), 0)});
    inputs.row({"roads", escape(summary.roads.source),
                number(static_cast<double>(summary.roads.nodes), 0) + " nodes, " +
                    number(static_cast<double>(summary.roads.edges), 0) + " edges",
                ""});
    body += section("inputs", "Inputs 输入", inputs.html());
    return page("Service areas", body);
}

} // namespace lifecircle
