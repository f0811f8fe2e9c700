#include "raster/grid_cells.hpp"

#include <cmath>
#include <string>

namespace lifecircle::detail {

std::vector<LonLat> row_centres_wgs84(const std::array<double, 6>& geotransform, const LonLatConversion& conversion,
                                      int row, std::span<const int> columns, const ErrorContext& where) {
    std::vector<double> xs;
    std::vector<double> ys;
    xs.reserve(columns.size());
    ys.reserve(columns.size());
    const double cell_y = row + 0.5;
    for (const int column : columns) {
        const double cell_x = column + 0.5;
        xs.push_back(geotransform[0] + cell_x * geotransform[1] + cell_y * geotransform[2]);
        ys.push_back(geotransform[3] + cell_x * geotransform[4] + cell_y * geotransform[5]);
    }
    std::vector<int> success(xs.size(), 0);
    if (!xs.empty()) {
        conversion.transformation->Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, nullptr,
                                             success.data());
    }
    std::vector<LonLat> centres;
    centres.reserve(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (success[i] == 0 || !std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            ErrorContext cell = where;
            cell.feature = "cell row " + std::to_string(row) + ", column " + std::to_string(columns[i]);
            throw Error(ExitCode::crs_invalid, cell,
                        "cannot transform the cell centre from " + conversion.description + " to WGS 84");
        }
        centres.push_back({xs[i], ys[i]});
    }
    return centres;
}

} // namespace lifecircle::detail
