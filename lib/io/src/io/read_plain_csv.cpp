#include "io/read_plain_csv.hpp"

#include "io/text.hpp"
#include "text/text_decoder.hpp"

#include <tbb/parallel_for.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <string_view>

namespace lifecircle::detail {
namespace {

// A file's bytes, mapped rather than copied: a CSV of a whole city is read
// once, and the page cache holds it anyway.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path) {
        const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (descriptor < 0) {
            return;
        }
        struct stat status {};
        if (::fstat(descriptor, &status) == 0 && status.st_size > 0) {
            void* mapped =
                ::mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0);
            if (mapped != MAP_FAILED) {
                bytes_ = {static_cast<const char*>(mapped), static_cast<std::size_t>(status.st_size)};
            }
        }
        ::close(descriptor);
    }
    ~MappedFile() {
        if (!bytes_.empty()) {
            ::munmap(const_cast<char*>(bytes_.data()), bytes_.size());
        }
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    [[nodiscard]] std::string_view bytes() const noexcept { return bytes_; }

private:
    std::string_view bytes_;
};

// What a column of the file is: one of the layer's fields, or a coordinate.
struct ColumnRole {
    Axis axis = Axis::none;
    std::size_t field = 0; // when axis is none
};

// The next line of `text` from `at` (its \n, and a \r before it, left out).
std::string_view next_line(std::string_view text, std::size_t& at) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

// Splits a line at its commas into `values`; false unless it has exactly values.size().
bool split_line(std::string_view line, std::vector<std::string_view>& values) {
    std::size_t count = 0;
    std::size_t start = 0;
    while (true) {
        if (count == values.size()) {
            return false;
        }
        const std::size_t comma = line.find(',', start);
        values[count++] = line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (comma == std::string_view::npos) {
            return count == values.size();
        }
        start = comma + 1;
    }
}

// The whole text as a number, as GDAL's CPLAtof and atoi read plain decimal
// text; anything else (spaces, a plus sign, hex, out of range) is left to GDAL.
template <class Number>
bool parse_whole(std::string_view text, Number& value) {
    const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && stop == text.data() + text.size() && !text.empty();
}

struct Piece {
    std::vector<LonLat> positions;
    std::vector<AttributeColumn> columns;
    bool readable = true;
};

// Parses the rows of one piece of the file; readable is false at the first
// row that only GDAL reads as it should.
Piece parse_piece(std::string_view text, const std::vector<ColumnRole>& roles, const PlainCsvLayout& layout) {
    Piece piece;
    for (const FieldDefinition& field : layout.fields) {
        piece.columns.emplace_back(field.type);
    }
    std::unique_ptr<TextDecoder> utf8; // made when a value is not ASCII
    std::vector<std::string_view> values(roles.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const std::string_view line = next_line(text, at);
        if (line.empty()) {
            continue; // GDAL skips a blank line without giving it a feature id
        }
        if (!split_line(line, values)) {
            piece.readable = false;
            return piece;
        }
        LonLat position{};
        for (std::size_t column = 0; column < roles.size(); ++column) {
            const std::string_view value = values[column];
            const ColumnRole role = roles[column];
            if (role.axis != Axis::none) {
                double coordinate = 0.0;
                if (!parse_whole(value, coordinate)) {
                    piece.readable = false;
                    return piece;
                }
                (role.axis == Axis::longitude ? position.lon : position.lat) = coordinate;
                continue;
            }
            AttributeColumn& target = piece.columns[role.field];
            const FieldType type = layout.fields[role.field].type;
            if (type != FieldType::string && value.empty()) {
                target.push_null(); // GDAL leaves an empty number unset; empty text stays ""
                continue;
            }
            bool parsed = true;
            switch (type) {
            case FieldType::integer: {
                std::int64_t integer = 0;
                parsed = parse_whole(value, integer) &&
                         (!layout.narrow_integer[role.field] || (integer >= std::numeric_limits<std::int32_t>::min() &&
                                                                 integer <= std::numeric_limits<std::int32_t>::max()));
                if (parsed) {
                    target.push_integer(integer);
                }
                break;
            }
            case FieldType::real: {
                double real = 0.0;
                parsed = parse_whole(value, real);
                if (parsed) {
                    target.push_real(real);
                }
                break;
            }
            case FieldType::string:
                if (is_ascii(value)) {
                    target.push_text(std::string(value));
                    break;
                }
                if (!utf8) {
                    utf8 = std::make_unique<TextDecoder>("UTF-8", std::string());
                }
                TextDecoder::Result decoded = utf8->decode(value);
                parsed = !decoded.error.has_value();
                if (parsed) {
                    target.push_text(std::move(decoded.text));
                }
                break;
            }
            if (!parsed) {
                piece.readable = false;
                return piece;
            }
        }
        piece.positions.push_back(position);
    }
    return piece;
}

// The header's columns as the layer's fields and coordinates; nothing unless
// they are GDAL's fields in GDAL's order with one longitude and one latitude.
std::optional<std::vector<ColumnRole>> column_roles(std::string_view header, const PlainCsvLayout& layout) {
    std::vector<ColumnRole> roles;
    std::size_t field = 0;
    int longitudes = 0;
    int latitudes = 0;
    for (std::size_t start = 0;;) {
        const std::size_t comma = header.find(',', start);
        const std::string name(
            header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        const Axis axis = axis_named(name);
        if (axis == Axis::longitude) {
            ++longitudes;
            roles.push_back({axis, 0});
        } else if (axis == Axis::latitude) {
            ++latitudes;
            roles.push_back({axis, 0});
        } else if (field < layout.fields.size() && layout.fields[field].name == name) {
            roles.push_back({Axis::none, field++});
        } else {
            return std::nullopt;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    if (field != layout.fields.size() || longitudes != 1 || latitudes != 1) {
        return std::nullopt;
    }
    return roles;
}

// Transforms the positions to WGS 84 lon/lat in batches; false if any fails
// or lands outside ±180°/±90° (GDAL's path then names the feature).
bool transform_to_wgs84(OGRCoordinateTransformation& transformation, std::vector<LonLat>& positions) {
    constexpr std::size_t batch = 1 << 20;
    std::vector<double> x;
    std::vector<double> y;
    std::vector<int> succeeded;
    for (std::size_t first = 0; first < positions.size(); first += batch) {
        const std::size_t count = std::min(batch, positions.size() - first);
        x.resize(count);
        y.resize(count);
        succeeded.assign(count, FALSE);
        for (std::size_t i = 0; i < count; ++i) {
            x[i] = positions[first + i].lon;
            y[i] = positions[first + i].lat;
        }
        transformation.Transform(static_cast<int>(count), x.data(), y.data(), nullptr, nullptr, succeeded.data());
        for (std::size_t i = 0; i < count; ++i) {
            if (succeeded[i] == FALSE || !is_lonlat(x[i], y[i])) {
                return false;
            }
            positions[first + i] = {x[i], y[i]};
        }
    }
    return true;
}

} // namespace

std::optional<PointLayer> read_plain_csv_points(const VectorSource& source, const ProgressCallback& progress) {
    const std::optional<PlainCsvLayout> layout = source.plain_csv_layout();
    if (!layout) {
        return std::nullopt;
    }
    const MappedFile file(source.spec().path);
    std::string_view text = file.bytes();
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3); // a UTF-8 byte-order mark, as GDAL skips it
    }
    if (text.find('"') != std::string_view::npos) {
        return std::nullopt; // quoted values can hold commas and line breaks: GDAL splits them
    }
    std::size_t body = 0;
    const std::optional<std::vector<ColumnRole>> roles = column_roles(next_line(text, body), *layout);
    if (!roles || body >= text.size()) {
        return std::nullopt;
    }

    // Pieces of about 1 MB, each ending at a line break, parsed in parallel
    // and reported in about ten rounds.
    constexpr std::size_t piece_bytes = 1 << 20;
    std::vector<std::size_t> starts{body};
    while (starts.back() + piece_bytes < text.size()) {
        const std::size_t end = text.find('\n', starts.back() + piece_bytes);
        if (end == std::string_view::npos) {
            break;
        }
        starts.push_back(end + 1);
    }
    starts.push_back(text.size());
    const std::size_t piece_count = starts.size() - 1;
    std::vector<Piece> pieces(piece_count);
    const std::size_t round = std::max<std::size_t>(1, (piece_count + 9) / 10);
    report_progress(progress, 0.0, {});
    for (std::size_t first = 0; first < piece_count; first += round) {
        const std::size_t last = std::min(piece_count, first + round);
        tbb::parallel_for(first, last, [&](std::size_t piece) {
            pieces[piece] = parse_piece(text.substr(starts[piece], starts[piece + 1] - starts[piece]), *roles, *layout);
        });
        if (std::any_of(pieces.begin() + static_cast<std::ptrdiff_t>(first),
                        pieces.begin() + static_cast<std::ptrdiff_t>(last),
                        [](const Piece& piece) { return !piece.readable; })) {
            return std::nullopt;
        }
        report_progress_of(progress, last, piece_count, {});
    }

    PointLayer layer;
    layer.report = source.new_report();
    std::vector<AttributeColumn> columns;
    for (const FieldDefinition& field : layout->fields) {
        columns.emplace_back(field.type);
    }
    for (Piece& piece : pieces) {
        layer.positions.insert(layer.positions.end(), piece.positions.begin(), piece.positions.end());
        for (std::size_t field = 0; field < columns.size(); ++field) {
            columns[field].append(piece.columns[field]);
        }
        piece = Piece{};
    }
    if (layer.positions.empty() || !transform_to_wgs84(source.to_wgs84(), layer.positions)) {
        return std::nullopt;
    }
    const std::size_t rows = layer.positions.size();
    layer.feature_ids.resize(rows);
    std::iota(layer.feature_ids.begin(), layer.feature_ids.end(), std::int64_t{1});
    layer.attributes = AttributeTable(layout->fields, std::move(columns), rows);
    layer.report.features_read = rows;
    layer.report.features_used = rows;
    report_progress(progress, 1.0, {});
    return layer;
}

} // namespace lifecircle::detail
