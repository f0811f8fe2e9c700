#include "text/text_writers.hpp"

#include <cmath>
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
void append_json_real(TextFile& out, double value) {
    char digits[32];
    const char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    const std::string_view text(digits, static_cast<std::size_t>(end - digits));
    out.append(text);
    if (text.find_first_of(".e") == std::string_view::npos) {
        out.append(".0");
    }
}

// A coordinate to 7 decimals, RFC 7946's advice (about 1 cm), without trailing zeros.
void append_coordinate(TextFile& out, double value) {
    char digits[400];
    const char* end = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed, 7).ptr;
    while (end[-1] == '0' && end[-2] != '.') {
        --end;
    }
    out.append({digits, static_cast<std::size_t>(end - digits)});
}

void append_json_value(TextFile& out, const AttributeColumn& column, std::size_t row) {
    column.visit(row, Overloaded{[&](std::int64_t value) { out.append_integer(value); },
                                 [&](double value) { append_json_real(out, value); },
                                 [&](const std::string& value) { append_json_string(out, value); },
                                 [&](std::monostate) { out.append("null"); }});
}

} // namespace

void write_geojson_points(const OutputLayer& layer, const std::filesystem::path& file, const ErrorContext& where,
                          const ProgressCallback& progress) {
    const AttributeTable& table = layer.attributes;
    const std::size_t rows = layer.points.size();
    if (table.row_count() != rows && !table.fields().empty()) {
        throw std::logic_error("write_geojson_points: attributes and points differ in length");
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
    TextFile out(file, where);
    out.append("{\n\"type\": \"FeatureCollection\",\n\"name\": ");
    append_json_string(out, layer.name);
    out.append(",\n\"features\": [\n");
    for (std::size_t row = 0; row < rows; ++row) {
        report_progress_of(progress, row, rows, {});
        const LonLat& position = layer.points[row];
        if (!std::isfinite(position.lon) || !std::isfinite(position.lat)) {
            throw Error(ExitCode::output_failed, ErrorContext(where).with_feature(std::to_string(row)),
                        "a point without finite coordinates");
        }
        out.append(row == 0 ? "{ \"type\": \"Feature\", \"properties\": { "
                            : ",\n{ \"type\": \"Feature\", \"properties\": { ");
        for (std::size_t field = 0; field < table.fields().size(); ++field) {
            if (field > 0) {
                out.append(", ");
            }
            out.append(keys[field]);
            append_json_value(out, table.column(field), row);
        }
        out.append(" }, \"geometry\": { \"type\": \"Point\", \"coordinates\": [ ");
        append_coordinate(out, position.lon);
        out.append(", ");
        append_coordinate(out, position.lat);
        out.append(" ] } }");
        out.end_row();
    }
    out.append("\n]\n}\n");
    out.close();
}

} // namespace lifecircle::detail
