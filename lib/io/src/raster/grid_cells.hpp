#pragma once
// Cells of a raster grid: where their centres lie. Internal to io.

#include <array>
#include <cstdint>

namespace lifecircle::detail {

struct GridPoint {
    double x;
    double y;
};

// The centre of a cell in the grid's CRS, by GDAL's geotransform.
inline GridPoint cell_centre(const std::array<double, 6>& geotransform, std::int64_t row, std::int64_t column) {
    const double cell_x = static_cast<double>(column) + 0.5;
    const double cell_y = static_cast<double>(row) + 0.5;
    return {geotransform[0] + cell_x * geotransform[1] + cell_y * geotransform[2],
            geotransform[3] + cell_x * geotransform[4] + cell_y * geotransform[5]};
}

} // namespace lifecircle::detail
