// Heights from a digital elevation model for walking profiles' slopes: the
// positions are taken into the DEM's own CRS, the one window of cells that
// holds them all is read once, and each height is bilinear between the four
// nearest cell centres.

#include "lifecircle/error.hpp"
#include "lifecircle/roads.hpp"

#include "gdal/gdal_handles.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace lifecircle {
namespace {

// A window larger than this (400 MB as 32-bit floats) is refused: a DEM of the
// whole province for one district's streets should be clipped first.
constexpr double max_window_cells = 100e6;

} // namespace

ElevationSamples sample_elevations(const SourceSpec& dem, const WorkingCrs& crs,
                                   std::span<const PlanarPoint> positions) {
    const ErrorContext where = ErrorContext::in_file(dem.path.string());
    detail::ensure_gdal_registered();
    std::error_code ignored;
    if (!std::filesystem::exists(dem.path, ignored)) {
        throw Error(ExitCode::input_unreadable, where, "file does not exist");
    }
    CPLErrorReset();
    const detail::DatasetPtr dataset(
        GDALDataset::Open(dem.path.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
        throw Error(ExitCode::input_unreadable, where,
                    "GDAL cannot open it as a raster: " + detail::last_gdal_error("unrecognised format"));
    }
    if (dataset->GetRasterCount() < 1) {
        throw Error(ExitCode::input_invalid, where, "the elevation model has no bands");
    }
    std::array<double, 6> geotransform{};
    if (dataset->GetGeoTransform(geotransform.data()) != CE_None) {
        throw Error(ExitCode::input_invalid, where, "the elevation model has no georeferencing (geotransform)");
    }
    if (geotransform[2] != 0.0 || geotransform[4] != 0.0) {
        throw Error(ExitCode::input_invalid, where,
                    "the elevation model's grid is rotated; warp it north-up first (gdalwarp)");
    }
    OGRSpatialReference dem_crs;
    if (!dem.crs.empty()) {
        if (dem_crs.SetFromUserInput(dem.crs.c_str()) != OGRERR_NONE) {
            throw Error(ExitCode::input_invalid, where, "the CRS '" + dem.crs + "' given for it is not one PROJ knows");
        }
    } else if (const OGRSpatialReference* declared = dataset->GetSpatialRef(); declared != nullptr) {
        dem_crs = *declared;
    } else {
        throw Error(ExitCode::input_invalid, where,
                    "the elevation model declares no CRS; give one (\"dem\": {\"path\": ..., \"crs\": \"EPSG:4326\"})");
    }
    dem_crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference working;
    working.importFromWkt(crs.wkt().c_str());
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // The same CRS (a DEM warped to the working CRS) needs no PROJ pass over millions of places.
    const bool same_crs = working.IsSame(&dem_crs) != FALSE;
    const detail::TransformationPtr to_dem = same_crs ? nullptr : detail::make_transformation(working, dem_crs);
    if (!same_crs && !to_dem) {
        throw Error(ExitCode::input_invalid, where,
                    "PROJ finds no transformation from the working CRS to the elevation model's");
    }

    // Cell coordinates (column, row) of every position, cell centres at whole numbers.
    std::vector<double> column(positions.size());
    std::vector<double> row(positions.size());
    std::vector<int> transformed(positions.size(), same_crs ? TRUE : FALSE);
    for (std::size_t i = 0; i < positions.size(); ++i) {
        column[i] = positions[i].x;
        row[i] = positions[i].y;
    }
    constexpr std::size_t chunk = std::size_t{1} << 20; // Transform counts in int
    for (std::size_t start = 0; !same_crs && start < positions.size(); start += chunk) {
        const auto count = static_cast<int>(std::min(chunk, positions.size() - start));
        to_dem->Transform(count, column.data() + start, row.data() + start, nullptr, transformed.data() + start);
    }
    double low_column = std::numeric_limits<double>::infinity();
    double high_column = -low_column;
    double low_row = low_column;
    double high_row = -low_column;
    const double width = dataset->GetRasterXSize();
    const double height = dataset->GetRasterYSize();
    for (std::size_t i = 0; i < positions.size(); ++i) {
        const double x = column[i];
        const double y = row[i];
        column[i] = (x - geotransform[0]) / geotransform[1] - 0.5;
        row[i] = (y - geotransform[3]) / geotransform[5] - 0.5;
        const bool inside = transformed[i] != FALSE && column[i] >= -0.5 && column[i] <= width - 0.5 &&
                            row[i] >= -0.5 && row[i] <= height - 0.5;
        if (!inside) {
            column[i] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        low_column = std::min(low_column, column[i]);
        high_column = std::max(high_column, column[i]);
        low_row = std::min(low_row, row[i]);
        high_row = std::max(high_row, row[i]);
    }

    ElevationSamples samples;
    samples.height.assign(positions.size(), std::numeric_limits<double>::quiet_NaN());
    if (!(low_column <= high_column)) {
        throw Error(ExitCode::input_invalid, where,
                    "none of the " + std::to_string(positions.size()) +
                        " places sampled along the streets lies on the elevation model: is it of another area, "
                        "or is its CRS wrong?");
    }
    const int first_column = std::max(0, static_cast<int>(std::floor(low_column)));
    const int first_row = std::max(0, static_cast<int>(std::floor(low_row)));
    const int last_column = std::min(dataset->GetRasterXSize() - 1, static_cast<int>(std::ceil(high_column)));
    const int last_row = std::min(dataset->GetRasterYSize() - 1, static_cast<int>(std::ceil(high_row)));
    const int columns = last_column - first_column + 1;
    const int rows = last_row - first_row + 1;
    if (static_cast<double>(columns) * rows > max_window_cells) {
        throw Error(ExitCode::input_invalid, where,
                    "the streets span " + std::to_string(columns) + " x " + std::to_string(rows) +
                        " cells of the elevation model, more than the 100 million it reads at once; clip or "
                        "resample it to the study area (gdalwarp -te ... -tr ...)");
    }
    GDALRasterBand* band = dataset->GetRasterBand(1);
    std::vector<float> cells(static_cast<std::size_t>(columns) * static_cast<std::size_t>(rows));
    if (band->RasterIO(GF_Read, first_column, first_row, columns, rows, cells.data(), columns, rows, GDT_Float32, 0, 0,
                       nullptr) != CE_None) {
        throw Error(ExitCode::input_unreadable, where,
                    "cannot read its cells: " + detail::last_gdal_error("a read error"));
    }
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    const auto cell = [&](int c, int r) {
        c = std::clamp(c, first_column, last_column);
        r = std::clamp(r, first_row, last_row);
        const float value = cells[static_cast<std::size_t>(r - first_row) * static_cast<std::size_t>(columns) +
                                  static_cast<std::size_t>(c - first_column)];
        return (has_nodata != 0 && value == static_cast<float>(nodata)) || std::isnan(value)
                   ? std::numeric_limits<double>::quiet_NaN()
                   : static_cast<double>(value);
    };
    for (std::size_t i = 0; i < positions.size(); ++i) {
        if (std::isnan(column[i])) {
            ++samples.outside;
            continue;
        }
        const int c = static_cast<int>(std::floor(column[i]));
        const int r = static_cast<int>(std::floor(row[i]));
        const double tx = column[i] - c;
        const double ty = row[i] - r;
        const double value = (1 - ty) * ((1 - tx) * cell(c, r) + tx * cell(c + 1, r)) +
                             ty * ((1 - tx) * cell(c, r + 1) + tx * cell(c + 1, r + 1));
        if (std::isnan(value)) {
            ++samples.on_nodata;
        }
        samples.height[i] = value;
    }
    return samples;
}

EdgeElevations read_edge_elevations(const SourceSpec& dem, const WalkingGraph& graph, const WorkingCrs& crs,
                                    Metres spacing, ElevationSamples* report) {
    std::vector<PlanarPoint> positions;
    EdgeElevations elevations = elevation_samples(graph, spacing, positions);
    ElevationSamples sampled = sample_elevations(dem, crs, positions);
    elevations.height = std::move(sampled.height);
    if (report != nullptr) {
        report->outside = sampled.outside;
        report->on_nodata = sampled.on_nodata;
        report->points = positions.size();
    }
    return elevations;
}

} // namespace lifecircle
