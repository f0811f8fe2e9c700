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
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::detail {

// A file written through one growing buffer, flushed a megabyte at a time; a
// failed create, write or close is an Error naming `where`.
class TextFile {
public:
    TextFile(const std::filesystem::path& file, ErrorContext where);

    void append(std::string_view text) { buffer_ += text; }
    void append(char character) { buffer_ += character; }
    // As std::string has them, so text can be built into either.
    TextFile& operator+=(std::string_view text) {
        append(text);
        return *this;
    }
    TextFile& operator+=(char character) {
        append(character);
        return *this;
    }
    void append_integer(std::int64_t value) {
        char digits[24];
        append({digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, value).ptr - digits)});
    }
    // Flushes when the buffer is full; call once per row.
    void end_row() {
        if (buffer_.size() >= flush_bytes) {
            flush();
        }
    }
    // Flushes and closes; throws if anything was not written.
    void close();

private:
    static constexpr std::size_t flush_bytes = std::size_t{1} << 20;
    void flush();

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream_;
    ErrorContext where_;
    std::string buffer_;
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
