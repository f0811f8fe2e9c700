#pragma once
// GeoPackage point layers at city scale.
//
// GDAL 3.6 writes a GeoPackage a row at a time (3 µs a row) and fills the
// R*Tree one INSERT at a time through SQLite's rtree module (7 s for 500k
// points, seven times what the rows cost). So GDAL makes the file, its
// metadata and the empty table, and the rows and the spatial index then go in
// through SQLite directly: rows with prepared statements, and the index packed
// in one pass (Sort-Tile-Recursive) into the rtree module's own tables, in the
// node format SQLite reads. The result is an ordinary GeoPackage with the
// gpkg_rtree_index extension: the same tables, triggers and extension row as
// GDAL makes, so QGIS, GDAL and later edits use it as if GDAL had built it.

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace lifecircle::detail {

// Names of a GeoPackage feature table, as GDAL created it.
struct GeoPackageTable {
    std::string table;           // "demand_coverage"
    std::string geometry_column; // "geom"
    std::string fid_column;      // "fid"
};

// Writes every row of `layer` into the empty point `table` of the closed
// GeoPackage `file`, whose columns are the layer's fields in order, then
// indexes it. Row i gets fid i + 1. A point with a non-finite coordinate is an
// empty geometry and stays out of the index and the extent, as GDAL would
// leave it. Throws Error(output_failed) naming `where` when SQLite refuses.
void fill_point_layer(const std::filesystem::path& file, const GeoPackageTable& table, const OutputLayer& layer,
                      const ErrorContext& where, const ProgressCallback& progress);

} // namespace lifecircle::detail
