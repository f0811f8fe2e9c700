#include "lifecircle/output_names.hpp"
#include "lifecircle/report.hpp"

#include "report/html.hpp"
#include "report/palette.hpp"

#include <cstdio>
#include <string_view>

// QGIS reads a style from `<layer file>.qml` beside a GeoJSON or GeoPackage it
// opens. The colours are those of report.html (palette.hpp).
namespace lifecircle {
namespace {

struct Rgb {
    unsigned red = 0;
    unsigned green = 0;
    unsigned blue = 0;
};

Rgb parse_hex(std::string_view hex) {
    Rgb colour;
    std::sscanf(std::string(hex).c_str(), "#%2x%2x%2x", &colour.red, &colour.green, &colour.blue);
    return colour;
}

std::string rgba(std::string_view hex, int alpha = 255) {
    const Rgb colour = parse_hex(hex);
    return std::to_string(colour.red) + ',' + std::to_string(colour.green) + ',' + std::to_string(colour.blue) + ',' +
           std::to_string(alpha);
}

std::string option(std::string_view name, std::string_view value) {
    return "<Option type=\"QString\" name=\"" + std::string(name) + "\" value=\"" + report::escape(value) + "\"/>";
}

// One symbol of one QGIS symbol layer class with its options.
std::string symbol(std::string_view type, std::string_view layer_class, std::size_t index, const std::string& options) {
    return "<symbol type=\"" + std::string(type) + "\" name=\"" + std::to_string(index) +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"" + std::string(layer_class) +
           "\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">" + options + "</Option></layer></symbol>\n";
}

std::string millimetres(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

std::string fill_symbol(std::size_t index, const std::string& colour, const std::string& outline) {
    return symbol("fill", "SimpleFill", index,
                  option("color", colour) + option("outline_color", outline) + option("outline_style", "solid") +
                      option("outline_width", "0.26") + option("outline_width_unit", "MM") + option("style", "solid"));
}

std::string marker_symbol(std::size_t index, std::string_view shape, const std::string& colour, double size_mm) {
    return symbol("marker", "SimpleMarker", index,
                  option("name", shape) + option("color", colour) + option("outline_color", "255,255,255,255") +
                      option("outline_width", "0.3") + option("outline_width_unit", "MM") +
                      option("size", millimetres(size_mm)) + option("size_unit", "MM"));
}

std::string line_symbol(std::size_t index, const std::string& colour, double width_mm) {
    return symbol("line", "SimpleLine", index,
                  option("line_color", colour) + option("line_width", millimetres(width_mm)) +
                      option("line_width_unit", "MM") + option("capstyle", "round"));
}

struct Category {
    std::string value;
    std::string label;
    std::string symbol; // from fill_symbol or marker_symbol, numbered by its position
};

// Names on the map: a unit's name over its centre, a facility's beside it,
// dark on a white halo so they read over any colour.
enum class LabelPlacement { beside_point = 0, over_centre = 1 }; // QGIS's placement numbers

std::string labeling(std::string_view field, LabelPlacement placement) {
    return "<labeling type=\"simple\">\n<settings calloutType=\"simple\">\n<text-style fieldName=\"" +
           report::escape(field) +
           "\" isExpression=\"0\" fontSize=\"9\" fontSizeUnit=\"Point\" textColor=\"40,40,40,255\" "
           "textOpacity=\"1\">\n<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
           "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.8\"/>\n</text-style>\n<placement placement=\"" +
           std::to_string(static_cast<int>(placement)) +
           "\" dist=\"1\" distUnits=\"MM\"/>\n<rendering obstacle=\"1\"/>\n</settings>\n</labeling>\n";
}

std::string document(const std::string& renderer, const std::string& labels = {}) {
    const bool labelled = !labels.empty();
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.22.0\" styleCategories=\"" +
           std::string(labelled ? "Symbology|Labeling\" labelsEnabled=\"1" : "Symbology") + "\">\n" + renderer +
           labels + "</qgis>\n";
}

// The labels of a layer that names its features (OutputLayer::label_field), none otherwise.
std::string labels_of(const OutputLayer& layer, LabelPlacement placement) {
    if (layer.label_field.empty() || !layer.attributes.field_index(layer.label_field)) {
        return {};
    }
    return labeling(layer.label_field, placement);
}

std::string categorized(std::string_view field, const std::vector<Category>& categories) {
    std::string xml = "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + std::string(field) +
                      "\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n<categories>\n";
    std::string symbols;
    for (std::size_t index = 0; index < categories.size(); ++index) {
        xml += "<category value=\"" + report::escape(categories[index].value) + "\" symbol=\"" + std::to_string(index) +
               "\" label=\"" + report::escape(categories[index].label) + "\" render=\"true\"/>\n";
        symbols += categories[index].symbol;
    }
    return xml + "</categories>\n<symbols>\n" + symbols + "</symbols>\n</renderer-v2>\n";
}

std::string single(const std::string& symbol, std::string_view order_by = {}) {
    std::string xml = "<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"" +
                      std::string(order_by.empty() ? "0" : "1") + "\">\n<symbols>\n" + symbol + "</symbols>\n";
    if (!order_by.empty()) {
        // Largest band first, so the smaller ones draw over it.
        xml += "<orderby><orderByClause asc=\"0\" nullsFirst=\"0\">" + report::escape(order_by) +
               "</orderByClause></orderby>\n";
    }
    return xml + "</renderer-v2>\n";
}

std::string units_style(const std::string& labels) {
    std::string ranges;
    std::string symbols;
    for (std::size_t index = 0; index < palette::covered_share.size(); ++index) {
        const palette::ShareClass& share = palette::covered_share[index];
        char range[160];
        std::snprintf(range, sizeof range,
                      "<range lower=\"%g\" upper=\"%g\" symbol=\"%zu\" label=\"%.*s\" render=\"true\"/>\n", share.lower,
                      share.upper, index, static_cast<int>(share.label.size()), share.label.data());
        ranges += range;
        symbols += fill_symbol(index, rgba(share.colour, 190), "85,85,85,255");
    }
    return document("<renderer-v2 type=\"graduatedSymbol\" attr=\"covered_share\" graduatedMethod=\"GraduatedColor\" "
                    "forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n<ranges>\n" +
                        ranges + "</ranges>\n<symbols>\n" + symbols + "</symbols>\n</renderer-v2>\n",
                    labels);
}

// `hex` mixed with white: 0 leaves it, 1 is white.
std::string lightened(std::string_view hex, double towards_white) {
    const Rgb colour = parse_hex(hex);
    const auto mix = [&](unsigned channel) {
        return static_cast<unsigned>(channel + (255.0 - channel) * towards_white + 0.5);
    };
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", mix(colour.red), mix(colour.green), mix(colour.blue));
    return text;
}

// QGIS's paletted renderer on one band of classes: the nearer bands in
// lighter greens, the last (beyond the threshold) in the uncovered colour.
std::string paletted_bands(int band, const std::vector<std::string>& labels) {
    std::string entries;
    for (std::size_t index = 0; index < labels.size(); ++index) {
        const bool beyond = index + 1 == labels.size();
        const double lighter =
            labels.size() > 1 ? 0.6 * static_cast<double>(index) / static_cast<double>(labels.size() - 1) : 0.0;
        entries += "<paletteEntry value=\"" + std::to_string(index + 1) + "\" alpha=\"255\" color=\"" +
                   (beyond ? std::string(palette::uncovered) : lightened(palette::covered, lighter)) + "\" label=\"" +
                   report::escape(labels[index]) + "\"/>\n";
    }
    return "<pipe>\n<rasterrenderer type=\"paletted\" band=\"" + std::to_string(band) +
           "\" opacity=\"0.85\" alphaBand=\"-1\" nodataColor=\"\">\n<rasterTransparency/>\n<colorPalette>\n" + entries +
           "</colorPalette>\n</rasterrenderer>\n</pipe>\n";
}

} // namespace

std::optional<std::string> qgis_style(const OutputLayer& layer) {
    const std::string& name = layer.name;
    if (is_output_of("units", name)) {
        return units_style(labels_of(layer, LabelPlacement::over_centre));
    }
    if (is_output_of("demand", name)) {
        return document(
            categorized("covered", {{"1", "within reach", marker_symbol(0, "circle", rgba(palette::covered), 1.6)},
                                    {"0", "beyond reach", marker_symbol(1, "circle", rgba(palette::uncovered), 1.6)}}));
    }
    if (is_output_of("facilities", name)) {
        const std::string labels = labels_of(layer, LabelPlacement::beside_point);
        if (layer.attributes.field_index("plan_change")) {
            return document(
                categorized(
                    "plan_change",
                    {{"", "as read", marker_symbol(0, "circle", rgba(palette::facility), 3.2)},
                     {"added", "added by the plan", marker_symbol(1, "circle", rgba(palette::chosen_site), 3.2)},
                     {"capacity_set", "capacity changed", marker_symbol(2, "square", rgba(palette::facility), 3.2)},
                     {"chosen_site", "chosen site", marker_symbol(3, "diamond", rgba(palette::chosen_site), 4.0)}}),
                labels);
        }
        return document(single(marker_symbol(0, "circle", rgba(palette::facility), 3.2)), labels);
    }
    if (is_output_of("sites", name)) {
        return document(single(marker_symbol(0, "diamond", rgba(palette::chosen_site), 4.5)),
                        labels_of(layer, LabelPlacement::beside_point));
    }
    if (is_output_of("routes", name)) {
        return document(categorized("covered", {{"1", "within reach", line_symbol(0, rgba(palette::covered), 0.8)},
                                                {"0", "beyond reach", line_symbol(1, rgba(palette::uncovered), 0.8)}}));
    }
    if (is_output_of("service_areas", name)) {
        return document(
            single(fill_symbol(0, rgba(palette::service_area, 60), rgba(palette::service_area)), "\"upto\""));
    }
    if (is_output_of("findings", name)) {
        const auto symbol = [&](std::size_t index, std::string_view colour) {
            if (name == "findings_areas") {
                return fill_symbol(index, rgba(colour, 140), rgba(colour));
            }
            return name == "findings_lines" ? line_symbol(index, rgba(colour), 1.2)
                                            : marker_symbol(index, "diamond", rgba(colour), 3.5);
        };
        return document(categorized("severity", {{"error", "error", symbol(0, palette::lost)},
                                                 {"warning", "warning", symbol(1, palette::chosen_site)}}));
    }
    if (is_output_of("difference", name)) {
        return document(categorized(
            "status", {{"gained", "newly covered", marker_symbol(0, "circle", rgba(palette::gained), 1.8)},
                       {"lost", "newly lost", marker_symbol(1, "circle", rgba(palette::lost), 1.8)},
                       {"kept", "covered in both", marker_symbol(2, "circle", rgba(palette::kept), 1.4)},
                       {"never", "covered in neither", marker_symbol(3, "circle", rgba(palette::never), 1.2)}}));
    }
    return std::nullopt;
}

void write_styles(OutputDirectory& output, std::span<const OutputLayer> layers, VectorFormat format) {
    if (format == VectorFormat::csv) {
        return;
    }
    for (const OutputLayer& layer : layers) {
        if (const std::optional<std::string> style = qgis_style(layer)) {
            write_text_file(output.stage(layer.name + ".qml"), *style);
        }
    }
}

std::optional<std::string> qgis_style(const OutputRaster& raster) {
    if (!is_output_of("demand", raster.name)) {
        return std::nullopt;
    }
    for (std::size_t index = 0; index < raster.bands.size(); ++index) {
        if (raster.bands[index].name == "band") {
            return document(paletted_bands(static_cast<int>(index) + 1, raster.bands[index].categories));
        }
    }
    return std::nullopt;
}

void write_styles(OutputDirectory& output, std::span<const OutputRaster> rasters) {
    for (const OutputRaster& raster : rasters) {
        if (const std::optional<std::string> style = qgis_style(raster)) {
            write_text_file(output.stage(raster.name + ".qml"), *style);
        }
    }
}

} // namespace lifecircle
