#include "gpkg/point_layer.hpp"

#include "gpkg/packed_rtree.hpp"
#include "gpkg/sqlite_database.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace lifecircle::detail {
namespace {

// `point` in GeoPackage binary form: the "GP" header (version 1 of the
// format, no envelope, as GDAL writes points) and the point as WKB, both in
// this machine's byte order, which the flags and the WKB state. A point with a
// non-finite coordinate is the empty point: the empty flag, NaN coordinates.
using PointBlob = std::array<unsigned char, 8 + 21>;

PointBlob point_blob(std::int32_t srs_id, LonLat point) {
    const bool little = std::endian::native == std::endian::little;
    const bool empty = !std::isfinite(point.lon) || !std::isfinite(point.lat);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double x = empty ? nan : point.lon;
    const double y = empty ? nan : point.lat;
    const std::uint32_t wkb_point = 1;
    PointBlob blob{'G', 'P', 0, static_cast<unsigned char>((little ? 0x01 : 0x00) | (empty ? 0x10 : 0x00))};
    std::memcpy(blob.data() + 4, &srs_id, 4);
    blob[8] = little ? 1 : 0;
    std::memcpy(blob.data() + 9, &wkb_point, 4);
    std::memcpy(blob.data() + 13, &x, 8);
    std::memcpy(blob.data() + 21, &y, 8);
    return blob;
}

void bind_value(sqlite3_stmt* statement, int index, const AttributeColumn& column, std::size_t row) {
    column.visit(row, Overloaded{[&](const auto& value) { SqliteDatabase::bind(statement, index, value); },
                                 [&](std::monostate) { sqlite3_bind_null(statement, index); }});
}

} // namespace

void fill_point_layer(const std::filesystem::path& file, const GeoPackageTable& table, const OutputLayer& layer,
                      const ErrorContext& where, const ProgressCallback& progress) {
    SqliteDatabase database(file, where);
    database.execute("BEGIN");
    // GDAL's triggers on the table (its feature count) would run once a row;
    // they are set aside for the insert and the count is set once.
    const std::string on_table =
        "FROM sqlite_master WHERE type = 'trigger' AND tbl_name = " + quoted_literal(table.table) + " ORDER BY name";
    const std::vector<std::string> trigger_names = database.texts("SELECT name " + on_table);
    const std::vector<std::string> trigger_sql = database.texts("SELECT sql " + on_table);
    for (const std::string& name : trigger_names) {
        database.execute("DROP TRIGGER " + quoted_identifier(name));
    }

    const std::vector<FieldDefinition>& fields = layer.attributes.fields();
    std::string columns = quoted_identifier(table.fid_column) + ", " + quoted_identifier(table.geometry_column);
    for (const FieldDefinition& field : fields) {
        columns += ", " + quoted_identifier(field.name);
    }
    const std::size_t rows = layer.points.size();
    const auto srs_id = static_cast<std::int32_t>(database.single_integer(
        "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = " + quoted_literal(table.table)));
    database.insert_rows(
        table.table, columns, fields.size() + 2, rows,
        [&](sqlite3_stmt* statement, int parameter, std::size_t row) {
            const PointBlob blob = point_blob(srs_id, layer.points[row]);
            sqlite3_bind_blob(statement, parameter + 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
            SqliteDatabase::bind(statement, parameter, static_cast<std::int64_t>(row) + 1);
            for (std::size_t field = 0; field < fields.size(); ++field) {
                bind_value(statement, parameter + 2 + static_cast<int>(field), layer.attributes.column(field), row);
            }
        },
        progress);

    for (const std::string& sql : trigger_sql) {
        database.execute(sql);
    }
    if (database.single_integer("SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_ogr_contents'") > 0) {
        database.execute("UPDATE gpkg_ogr_contents SET feature_count = " + std::to_string(rows) +
                         " WHERE lower(table_name) = lower(" + quoted_literal(table.table) + ")");
    }
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = min_x;
    double max_x = -min_x;
    double max_y = -min_x;
    for (const LonLat point : layer.points) {
        if (std::isfinite(point.lon) && std::isfinite(point.lat)) {
            min_x = std::min(min_x, point.lon);
            max_x = std::max(max_x, point.lon);
            min_y = std::min(min_y, point.lat);
            max_y = std::max(max_y, point.lat);
        }
    }
    if (min_x <= max_x) {
        const Statement extent = database.prepare(
            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?");
        database.run(extent, min_x, min_y, max_x, max_y, table.table);
    }
    write_packed_rtree(database, table, layer.points);
    database.execute("COMMIT");
}

} // namespace lifecircle::detail
