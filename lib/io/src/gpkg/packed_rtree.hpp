#pragma once
// A GeoPackage spatial index (gpkg_rtree_index) packed in one pass.

#include "gpkg/point_layer.hpp"
#include "gpkg/sqlite_database.hpp"

#include "lifecircle/geo.hpp"

#include <vector>

namespace lifecircle::detail {

// Creates the R*Tree of `table`, filled with points[i] as row i + 1 (a point
// with a non-finite coordinate is left out), with the triggers that keep it up
// to date and its gpkg_extensions row. Runs inside the caller's transaction.
void write_packed_rtree(SqliteDatabase& database, const GeoPackageTable& table, const std::vector<LonLat>& points);

} // namespace lifecircle::detail
