#pragma once
// Cells of a raster grid: where their centres lie, in the grid's CRS and in
// WGS 84. Internal to io.

#include "lifecircle/error.hpp"
#include "lifecircle/geo.hpp"

#include "io/source_crs.hpp"

#include <array>
#include <span>
#include <vector>

namespace lifecircle::detail {

// The centres of some cells of one row, in WGS 84 lon/lat, in the order of
// `columns`; one PROJ call for the row. Throws crs_invalid naming the first
// cell (row, column) that cannot be transformed.
std::vector<LonLat> row_centres_wgs84(const std::array<double, 6>& geotransform, const LonLatConversion& conversion,
                                      int row, std::span<const int> columns, const ErrorContext& where);

} // namespace lifecircle::detail
