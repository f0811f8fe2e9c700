#include "lifecircle/error.hpp"
#include "lifecircle/population.hpp"

#include "gdal/gdal_handles.hpp"
#include "io/source_crs.hpp"
#include "raster/grid_cells.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace lifecircle {
namespace {

struct PopulationRaster {
    SourceSpec spec;
    detail::DatasetPtr dataset;
    GDALRasterBand* band = nullptr;
    std::array<double, 6> geotransform{};
    std::optional<double> nodata;
    bool float32 = false;

    [[nodiscard]] ErrorContext context() const { return ErrorContext::in_file(spec.path.string()); }

    // Nodata as declared (compared at the band's own precision) or NaN.
    [[nodiscard]] bool is_nodata(double value) const {
        if (std::isnan(value)) {
            return true;
        }
        if (!nodata) {
            return false;
        }
        return float32 ? static_cast<float>(value) == static_cast<float>(*nodata) : value == *nodata;
    }
};

PopulationRaster open_raster(const SourceSpec& spec) {
    PopulationRaster raster;
    raster.spec = spec;
    const ErrorContext where = raster.context();
    std::error_code ignored;
    if (!std::filesystem::exists(spec.path, ignored)) {
        throw Error(ExitCode::input_unreadable, where, "file does not exist");
    }
    CPLErrorReset();
    raster.dataset.reset(
        GDALDataset::Open(spec.path.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!raster.dataset) {
        throw Error(ExitCode::input_unreadable, where,
                    "GDAL cannot open it as a raster: " + detail::last_gdal_error("unrecognised format"));
    }
    if (raster.dataset->GetRasterCount() < 1) {
        throw Error(ExitCode::input_invalid, where, "the raster has no bands");
    }
    if (const int bands = raster.dataset->GetRasterCount(); bands > 1) {
        throw Error(ExitCode::input_invalid, where,
                    "the raster has " + std::to_string(bands) +
                        " bands; a population raster has one, people per cell. Give each band as its own file "
                        "(gdal_translate -b 2 ...) and list the files: their cells are summed");
    }
    if (raster.dataset->GetGeoTransform(raster.geotransform.data()) != CE_None) {
        throw Error(ExitCode::input_invalid, where, "the raster has no georeferencing (geotransform)");
    }
    raster.band = raster.dataset->GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = raster.band->GetNoDataValue(&has_nodata);
    if (has_nodata != 0) {
        raster.nodata = nodata;
    }
    raster.float32 = raster.band->GetRasterDataType() == GDT_Float32;
    return raster;
}

bool same_grid(const PopulationRaster& a, const PopulationRaster& b) {
    if (a.dataset->GetRasterXSize() != b.dataset->GetRasterXSize() ||
        a.dataset->GetRasterYSize() != b.dataset->GetRasterYSize()) {
        return false;
    }
    for (std::size_t i = 0; i < 6; ++i) {
        const double tolerance = 1e-9 * std::max(1.0, std::abs(a.geotransform[i]));
        if (std::abs(a.geotransform[i] - b.geotransform[i]) > tolerance) {
            return false;
        }
    }
    return true;
}

// Why a population value cannot be used: negative, infinite or implausibly large.
std::string population_value_problem(double value) {
    if (!std::isfinite(value)) {
        return "population " + std::to_string(value) + " is not finite";
    }
    if (value < 0.0) {
        return "population " + std::to_string(value) + " is negative";
    }
    char text[96];
    std::snprintf(text, sizeof text, "population %.6g is more than %.0f people in one place: a density, or a total?",
                  value, max_people_per_point);
    return text;
}

DemandPoints read_rasters(const std::vector<SourceSpec>& specs, const ProgressCallback& progress) {
    detail::ensure_gdal_registered();
    std::vector<PopulationRaster> rasters;
    for (const SourceSpec& spec : specs) {
        rasters.push_back(open_raster(spec));
        const PopulationRaster& added = rasters.back();
        if (!same_grid(rasters.front(), added)) {
            throw Error(ExitCode::input_invalid, added.context(),
                        "its grid (size or geotransform) differs from '" + specs.front().path.string() +
                            "'; rasters summed together must share one grid");
        }
        const OGRSpatialReference* first_crs = rasters.front().dataset->GetSpatialRef();
        const OGRSpatialReference* this_crs = added.dataset->GetSpatialRef();
        const bool both_missing = first_crs == nullptr && this_crs == nullptr;
        const bool same = both_missing || (first_crs != nullptr && this_crs != nullptr && first_crs->IsSame(this_crs));
        if (!same || added.spec.crs != rasters.front().spec.crs) {
            throw Error(ExitCode::input_invalid, added.context(),
                        "its CRS differs from '" + specs.front().path.string() + "'");
        }
    }
    const PopulationRaster& first = rasters.front();
    const detail::LonLatConversion conversion =
        detail::resolve_source_crs(first.dataset->GetSpatialRef(), first.spec.crs, false, first.context());

    DemandPoints demand;
    for (const SourceSpec& spec : specs) {
        demand.report.source += (demand.report.source.empty() ? "" : " + ") + spec.path.string();
    }
    demand.report.crs = conversion.description;
    demand.attributes = AttributeTable({{"row", FieldType::integer}, {"col", FieldType::integer}});

    const int width = first.dataset->GetRasterXSize();
    const int height = first.dataset->GetRasterYSize();
    const auto& geotransform = first.geotransform;
    RasterGrid& grid = demand.grid.emplace();
    grid.width = width;
    grid.height = height;
    grid.geotransform = geotransform;
    if (const OGRSpatialReference* cells_crs = conversion.transformation->GetSourceCS()) {
        char* wkt = nullptr;
        const char* const wkt2[] = {"FORMAT=WKT2_2019", nullptr};
        if (cells_crs->exportToWkt(&wkt, wkt2) == OGRERR_NONE && wkt != nullptr) {
            grid.crs_wkt = wkt;
        }
        CPLFree(wkt);
    }
    switch (detail::parse_offset_name(first.spec.crs)) {
    case CoordinateOffset::gcj02:
        grid.datum_offset = "GCJ-02";
        break;
    case CoordinateOffset::bd09:
        grid.datum_offset = "BD-09";
        break;
    case CoordinateOffset::none:
        break;
    }
    std::vector<double> row_values(static_cast<std::size_t>(width));
    std::vector<double> row_sum(static_cast<std::size_t>(width));
    std::vector<int> valid_count(static_cast<std::size_t>(width));
    std::vector<int> columns;
    std::uint64_t partially_nodata = 0;

    for (int row = 0; row < height; ++row) {
        std::fill(row_sum.begin(), row_sum.end(), 0.0);
        std::fill(valid_count.begin(), valid_count.end(), 0);
        for (const PopulationRaster& raster : rasters) {
            if (raster.band->RasterIO(GF_Read, 0, row, width, 1, row_values.data(), width, 1, GDT_Float64, 0, 0,
                                      nullptr) != CE_None) {
                throw Error(ExitCode::input_unreadable, raster.context(),
                            "cannot read row " + std::to_string(row) + ": " + detail::last_gdal_error("I/O error"));
            }
            for (std::size_t column = 0; column < row_values.size(); ++column) {
                const double value = row_values[column];
                if (raster.is_nodata(value)) {
                    continue;
                }
                if (!std::isfinite(value) || value < 0.0 || value > max_people_per_point) {
                    ErrorContext where = raster.context();
                    where.feature = "cell row " + std::to_string(row) + ", column " + std::to_string(column);
                    throw Error(ExitCode::input_invalid, where, population_value_problem(value));
                }
                row_sum[column] += value;
                ++valid_count[column];
            }
        }
        columns.clear();
        for (int column = 0; column < width; ++column) {
            const auto index = static_cast<std::size_t>(column);
            ++demand.report.features_read;
            if (valid_count[index] == 0) {
                ++demand.report.skipped["nodata"];
                continue;
            }
            if (valid_count[index] != static_cast<int>(rasters.size())) {
                ++partially_nodata;
            }
            if (row_sum[index] <= 0.0) {
                ++demand.report.skipped["zero_population"];
                continue;
            }
            columns.push_back(column);
        }
        const std::vector<LonLat> centres =
            detail::row_centres_wgs84(geotransform, conversion, row, columns, first.context());
        for (std::size_t i = 0; i < centres.size(); ++i) {
            demand.positions.push_back(centres[i]);
            demand.weights.push_back(row_sum[static_cast<std::size_t>(columns[i])]);
            demand.attributes.add_row({std::int64_t{row}, std::int64_t{columns[i]}});
            demand.cells.push_back(static_cast<std::uint64_t>(row) * static_cast<std::uint64_t>(width) +
                                   static_cast<std::uint64_t>(columns[i]));
        }
        // Each row is read once: drop GDAL's cached blocks now and then instead of
        // letting the block cache grow to a copy of every raster.
        if (row % 64 == 63) {
            for (const PopulationRaster& raster : rasters) {
                raster.band->FlushCache();
            }
        }
        report_progress(progress, static_cast<double>(row + 1) / height, "reading population rasters");
    }
    demand.report.features_used = demand.positions.size();
    if (partially_nodata > 0) {
        demand.report.warnings.push_back(std::to_string(partially_nodata) +
                                         " cells are nodata in some rasters but not in others; their valid values "
                                         "were summed");
    }
    return demand;
}

DemandPoints read_population_layer(const SourceSpec& spec, const std::string& field, const ProgressCallback& progress) {
    PointLayer layer = read_point_layer(spec, progress);
    std::vector<double> weights = read_non_negative_field(layer, field, "population", spec);
    // Zero people is no demand, as a raster's zero cells are not.
    std::vector<bool> keep(weights.size());
    std::vector<double> kept_weights;
    for (std::size_t row = 0; row < weights.size(); ++row) {
        if (weights[row] > max_people_per_point) {
            throw Error(ExitCode::input_invalid,
                        spec.context().with_feature(std::to_string(layer.feature_ids[row])).with_field(field),
                        population_value_problem(weights[row]));
        }
        keep[row] = weights[row] > 0.0;
        if (keep[row]) {
            kept_weights.push_back(weights[row]);
        }
    }
    if (kept_weights.size() < weights.size()) {
        layer.report.skipped["zero_population"] += weights.size() - kept_weights.size();
        layer.report.features_used -= weights.size() - kept_weights.size();
        keep_features(layer, keep);
    }
    DemandPoints demand;
    demand.weights = std::move(kept_weights);
    demand.report = std::move(layer.report);
    demand.positions = std::move(layer.positions);
    demand.feature_ids = std::move(layer.feature_ids);
    demand.attributes = std::move(layer.attributes);
    return demand;
}

} // namespace

DemandPoints read_population(const PopulationSpec& spec, const ProgressCallback& progress) {
    if (spec.layer) {
        if (spec.field.empty()) {
            throw Error(ExitCode::input_invalid, spec.layer->context(),
                        "a population layer needs the name of its population field");
        }
        return read_population_layer(*spec.layer, spec.field, progress);
    }
    if (spec.rasters.empty()) {
        throw Error(ExitCode::input_invalid, {}, "no population source given");
    }
    return read_rasters(spec.rasters, progress);
}

} // namespace lifecircle
