#pragma once

// Vector layers written as text straight from their typed columns, without an
// OGRFeature and a printf per value: at city scale GDAL's drivers spent most
// of a run there.

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include <ogr_core.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::detail {

// Text built in memory: the rows of one piece of a layer, or a file's head.
class TextBuffer {
public:
    void append(std::string_view text) { text_ += text; }
    void append(char character) { text_ += character; }
    // As std::string has them, so text can be built into either.
    TextBuffer& operator+=(std::string_view text) {
        append(text);
        return *this;
    }
    TextBuffer& operator+=(char character) {
        append(character);
        return *this;
    }
    void append_integer(std::int64_t value) {
        char digits[24];
        append({digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, value).ptr - digits)});
    }
    [[nodiscard]] std::string_view text() const noexcept { return text_; }

private:
    std::string text_;
};

// A file written from text buffers; a failed create, write or close is an
// Error naming `where`.
class TextFile {
public:
    TextFile(const std::filesystem::path& file, ErrorContext where);

    void write(std::string_view text);
    // Writes rows [0, rows) as `append_rows(out, begin, end)` formats them.
    // Pieces of rows are formatted on every core and written in row order, so
    // the file holds the bytes one pass would write; a piece that throws is
    // rethrown when its turn to be written comes, so the first failing row is
    // the one reported.
    void write_rows(std::size_t rows, const std::function<void(TextBuffer&, std::size_t, std::size_t)>& append_rows,
                    const ProgressCallback& progress);
    // Closes; throws if anything was not written.
    void close();

private:
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream_;
    ErrorContext where_;
    bool failed_ = false;
};

// Refuses two columns whose names differ only in case, as GDAL's drivers do:
// a reader could not tell them apart.
void refuse_repeated_names(const std::vector<std::string>& names, const ErrorContext& where);

// A CSV as GDAL's CSV driver writes it (BOM, strings quoted only where needed,
// reals as %.15g, nulls empty), with lon and lat first for a point layer.
void write_csv(const OutputLayer& layer, const std::filesystem::path& file, const ErrorContext& where,
               const ProgressCallback& progress);

// An RFC 7946 GeoJSON layer: coordinates to 7 decimals (about 1 cm), reals
// in the shortest text that reads back as the same double, every shape as
// `shape_type` (a multi type) with counter-clockwise exteriors. GDAL's own
// writer turns a one-part multi back into a single part, which leaves QGIS a
// layer of mixed type.
void write_geojson(const OutputLayer& layer, OGRwkbGeometryType shape_type, const std::filesystem::path& file,
                   const ErrorContext& where, const ProgressCallback& progress);

} // namespace lifecircle::detail
