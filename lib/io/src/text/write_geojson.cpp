#include "io/output_error.hpp"
#include "text/text_writers.hpp"

#include <ogr_geometry.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace lifecircle::detail {
namespace {

// A JSON string (RFC 8259): quotes, backslashes and control characters escaped,
// everything else, UTF-8 included, as it is. `out` is the file or a std::string.
template <class Text>
void append_json_string(Text& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\') {
            continue;
        }
        out += text.substr(plain_from, i - plain_from);
        plain_from = i + 1;
        switch (byte) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[byte >> 4U];
            out += hex[byte & 0xFU];
        }
    }
    out += text.substr(plain_from);
    out += '"';
}

// The shortest text that reads back as the same double, with ".0" on whole
// numbers so that readers keep the field real.
void append_json_real(TextBuffer& out, double value) {
    char digits[32];
    const char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    const std::string_view text(digits, static_cast<std::size_t>(end - digits));
    out.append(text);
    if (text.find_first_of(".e") == std::string_view::npos) {
        out.append(".0");
    }
}

// A coordinate to 7 decimals, RFC 7946's advice (about 1 cm), without trailing zeros.
void append_coordinate(TextBuffer& out, double value) {
    char digits[400];
    const char* end = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed, 7).ptr;
    while (end[-1] == '0' && end[-2] != '.') {
        --end;
    }
    out.append({digits, static_cast<std::size_t>(end - digits)});
}

// One position, [lon, lat]; GeoJSON has no NaN or infinity.
void append_position(TextBuffer& out, double lon, double lat) {
    if (!std::isfinite(lon) || !std::isfinite(lat)) {
        throw std::logic_error("write_geojson: a position without finite coordinates");
    }
    out.append("[ ");
    append_coordinate(out, lon);
    out.append(", ");
    append_coordinate(out, lat);
    out.append(" ]");
}

void append_positions(TextBuffer& out, const OGRSimpleCurve& curve) {
    out.append("[ ");
    for (int i = 0; i < curve.getNumPoints(); ++i) {
        out.append(i == 0 ? "" : ", ");
        append_position(out, curve.getX(i), curve.getY(i));
    }
    out.append(" ]");
}

void append_json_value(TextBuffer& out, const AttributeColumn& column, std::size_t row) {
    column.visit(row, Overloaded{[&](std::int64_t value) { out.append_integer(value); },
                                 [&](double value) { append_json_real(out, value); },
                                 [&](const std::string& value) { append_json_string(out, value); },
                                 [&](std::monostate) { out.append("null"); }});
}

// A ring's coordinates, turned to the orientation RFC 7946 asks of it:
// counter-clockwise exteriors, clockwise holes.
void append_ring(TextBuffer& out, OGRLinearRing& ring, bool exterior) {
    if (ring.isClockwise() == exterior) {
        ring.reverseWindingOrder();
    }
    append_positions(out, ring);
}

// `{ "type": <type>, "coordinates": [ part, part ... ] }`, each part written by `append_part`.
template <class Parts, class AppendPart>
void append_collection(TextBuffer& out, std::string_view type, Parts& parts, AppendPart append_part) {
    out.append("{ \"type\": \"");
    out.append(type);
    out.append("\", \"coordinates\": [ ");
    bool first = true;
    for (auto* part : parts) {
        out.append(first ? "" : ", ");
        first = false;
        append_part(*part);
    }
    out.append(" ] }");
}

// A shape as its layer's multi type: a one-part MultiPolygon stays a
// MultiPolygon and a Polygon becomes one, so QGIS sees one geometry type.
void append_shape(TextBuffer& out, const std::vector<unsigned char>& wkb, OGRwkbGeometryType multi_type) {
    OGRGeometry* parsed = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size()) != OGRERR_NONE) {
        throw std::logic_error("write_geojson: unparsable WKB");
    }
    const std::unique_ptr<OGRGeometry> shape(OGRGeometryFactory::forceTo(parsed, multi_type));
    switch (wkbFlatten(shape->getGeometryType())) {
    case wkbMultiPolygon:
        append_collection(out, "MultiPolygon", *shape->toMultiPolygon(), [&](OGRPolygon& polygon) {
            out.append("[ ");
            bool exterior = true;
            for (OGRLinearRing* ring : polygon) {
                out.append(exterior ? "" : ", ");
                append_ring(out, *ring, exterior);
                exterior = false;
            }
            out.append(" ]");
        });
        break;
    case wkbMultiLineString:
        append_collection(out, "MultiLineString", *shape->toMultiLineString(),
                          [&](OGRLineString& line) { append_positions(out, line); });
        break;
    case wkbMultiPoint:
        append_collection(out, "MultiPoint", *shape->toMultiPoint(),
                          [&](OGRPoint& point) { append_position(out, point.getX(), point.getY()); });
        break;
    default:
        throw std::logic_error("write_geojson: a shape that is not a polygon, line or point");
    }
}

} // namespace

void write_geojson(const OutputLayer& layer, OGRwkbGeometryType shape_type, const std::filesystem::path& file,
                   const ErrorContext& where, const ProgressCallback& progress) {
    const AttributeTable& table = layer.attributes;
    const bool points = !layer.points.empty();
    const bool shapes = !layer.wkb_wgs84.empty();
    const std::size_t rows = points ? layer.points.size() : shapes ? layer.wkb_wgs84.size() : table.row_count();
    if (table.row_count() != rows && !table.fields().empty()) {
        throw std::logic_error("write_geojson: attributes and geometries differ in length");
    }
    std::vector<std::string> names;
    std::vector<std::string> keys; // `"name": `, escaped once for every row
    for (const FieldDefinition& definition : table.fields()) {
        names.push_back(definition.name);
        std::string& key = keys.emplace_back();
        append_json_string(key, definition.name);
        key += ": ";
    }
    refuse_repeated_names(names, where);
    TextBuffer head;
    head.append("{\n\"type\": \"FeatureCollection\",\n\"name\": ");
    append_json_string(head, layer.name);
    head.append(",\n\"features\": [\n");
    TextFile out(file, where);
    out.write(head.text());
    const auto append_rows = [&](TextBuffer& text, std::size_t begin, std::size_t end) {
        for (std::size_t row = begin; row < end; ++row) {
            text.append(row == 0 ? "{ \"type\": \"Feature\", \"properties\": { "
                                 : ",\n{ \"type\": \"Feature\", \"properties\": { ");
            for (std::size_t field = 0; field < table.fields().size(); ++field) {
                if (field > 0) {
                    text.append(", ");
                }
                text.append(keys[field]);
                append_json_value(text, table.column(field), row);
            }
            text.append(" }, \"geometry\": ");
            if (points) {
                const LonLat& position = layer.points[row];
                if (!std::isfinite(position.lon) || !std::isfinite(position.lat)) {
                    throw detail::output_error(ErrorContext(where).with_feature(std::to_string(row)),
                                               "a point without finite coordinates");
                }
                text.append("{ \"type\": \"Point\", \"coordinates\": ");
                append_position(text, position.lon, position.lat);
                text.append(" }");
            } else if (shapes && !layer.wkb_wgs84[row].empty()) {
                append_shape(text, layer.wkb_wgs84[row], shape_type);
            } else {
                text.append("null");
            }
            text.append(" }");
        }
    };
    out.write_rows(rows, append_rows, progress);
    out.write("\n]\n}\n");
    out.close();
}

} // namespace lifecircle::detail
