#include "text/text_writers.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

#include <cmath>
#include <vector>

namespace lifecircle::detail {
namespace {

void append_csv_text(TextBuffer& out, const char* value) {
    // GDAL's own quoting, so the file reads back through its CSV driver unchanged.
    char* escaped = CPLEscapeString(value, -1, CPLES_CSV);
    out.append(escaped);
    CPLFree(escaped);
}

void append_csv_real(TextBuffer& out, double value) {
    if (std::isfinite(value)) {
        char digits[32];
        const auto end = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::general, 15).ptr;
        out.append({digits, static_cast<std::size_t>(end - digits)}); // the text of %.15g
    }
}

// Row `row` of `column`; a null is left empty.
void append_csv_cell(TextBuffer& out, const AttributeColumn& column, std::size_t row) {
    column.visit(row, Overloaded{[&](std::int64_t value) { out.append_integer(value); },
                                 [&](double value) { append_csv_real(out, value); },
                                 [&](const std::string& value) { append_csv_text(out, value.c_str()); },
                                 [](std::monostate) {}});
}

} // namespace

void write_csv(const OutputLayer& layer, const std::filesystem::path& file, const ErrorContext& where,
               const ProgressCallback& progress) {
    std::vector<std::string> header;
    const bool lonlat_columns = !layer.points.empty();
    if (lonlat_columns) {
        header = {"lon", "lat"};
    }
    for (const FieldDefinition& definition : layer.attributes.fields()) {
        header.push_back(definition.name);
    }
    refuse_repeated_names(header, where);
    TextBuffer head;
    head.append("\xEF\xBB\xBF"); // a BOM lets Excel read Chinese names correctly
    for (std::size_t column = 0; column < header.size(); ++column) {
        if (column > 0) {
            head.append(',');
        }
        append_csv_text(head, header[column].c_str());
    }
    head.append('\n');
    TextFile out(file, where);
    out.write(head.text());
    const std::size_t field_count = layer.attributes.fields().size();
    out.write_rows(
        layer.attributes.row_count(),
        [&](TextBuffer& text, std::size_t begin, std::size_t end) {
            for (std::size_t row = begin; row < end; ++row) {
                if (lonlat_columns) {
                    append_csv_real(text, layer.points[row].lon);
                    text.append(',');
                    append_csv_real(text, layer.points[row].lat);
                }
                for (std::size_t field = 0; field < field_count; ++field) {
                    if (field > 0 || lonlat_columns) {
                        text.append(',');
                    }
                    append_csv_cell(text, layer.attributes.column(field), row);
                }
                text.append('\n');
            }
        },
        progress);
    out.close();
}

} // namespace lifecircle::detail
