#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "gdal/gdal_handles.hpp"
#include "io/output_error.hpp"
#include "io/source_crs.hpp"
#include "raster/grid_cells.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace lifecircle {
namespace {

// Tiles of 256 × 256: QGIS reads a view's tiles, and overviews stop at one tile.
constexpr int tile_size = 256;

// Shares of the progress: overviews a fifth of the work or less, and closing
// the file, which waits for the last tiles to be compressed, a tenth.
constexpr double overview_share = 0.2;
constexpr double closing_share = 0.1;

// Float32 holds every integer exactly up to 2^24.
constexpr double largest_exact_float = 16777216.0;

GDALDataType band_type(const OutputRaster& raster) {
    for (const RasterBand& band : raster.bands) {
        if (band.identifiers && std::any_of(band.values.begin(), band.values.end(),
                                            [](double value) { return std::abs(value) > largest_exact_float; })) {
            return GDT_Float64;
        }
    }
    return GDT_Float32;
}

void check_raster(const OutputRaster& raster) {
    const RasterGrid& grid = raster.grid;
    if (grid.width <= 0 || grid.height <= 0 || raster.bands.empty()) {
        throw std::logic_error("write_raster: an empty grid or no bands");
    }
    const std::uint64_t cell_count = static_cast<std::uint64_t>(grid.width) * static_cast<std::uint64_t>(grid.height);
    if (!std::is_sorted(raster.cells.begin(), raster.cells.end()) ||
        (!raster.cells.empty() && raster.cells.back() >= cell_count)) {
        throw std::logic_error("write_raster: cells are not ascending cells of the grid");
    }
    for (const RasterBand& band : raster.bands) {
        if (band.values.size() != raster.cells.size()) {
            throw std::logic_error("write_raster: band " + band.name + " lacks one value per cell");
        }
    }
}

// Overview factors 2, 4, 8 ... until the smallest fits in one tile.
std::vector<int> overview_factors(const RasterGrid& grid) {
    std::vector<int> factors;
    for (int factor = 2; std::max(grid.width, grid.height) / (factor / 2) > tile_size; factor *= 2) {
        factors.push_back(factor);
    }
    return factors;
}

void write_rows(GDALRasterBand& band, int top, int rows, std::vector<double>& values, const ErrorContext& where) {
    if (band.RasterIO(GF_Write, 0, top, band.GetXSize(), rows, values.data(), band.GetXSize(), rows, GDT_Float64, 0, 0,
                      nullptr) != CE_None) {
        throw detail::output_error(where, "cannot write rows " + std::to_string(top) + "–" +
                                              std::to_string(top + rows - 1) + ": " +
                                              detail::last_gdal_error("I/O error"));
    }
}

// Writes the strip's tiles now, so the block cache never holds more than one strip.
void flush_strip(GDALDataset& dataset, const ErrorContext& where) {
    CPLErrorReset();
    dataset.FlushCache(false);
    if (CPLGetLastErrorType() == CE_Failure) {
        throw detail::output_error(where, "cannot write: " + detail::last_gdal_error("I/O error"));
    }
}

// Overview `level` (factor `factor`) of every band: each of its pixels holds
// the cell at its block's top-left corner, as GDAL's NEAREST picks it when the
// factor divides the grid. Written a strip of tile rows at a time, each strip
// from the cells of the source rows it samples.
void write_overview(const OutputRaster& raster, GDALDataset& dataset, int level, int factor,
                    const ErrorContext& where) {
    const auto grid_width = static_cast<std::uint64_t>(raster.grid.width);
    GDALRasterBand& first_band = *dataset.GetRasterBand(1)->GetOverview(level);
    const int width = first_band.GetXSize();
    const int height = first_band.GetYSize();
    std::vector<double> strip(static_cast<std::size_t>(width) * tile_size);
    for (int top = 0; top < height; top += tile_size) {
        const int rows = std::min(tile_size, height - top);
        for (std::size_t index = 0; index < raster.bands.size(); ++index) {
            std::fill(strip.begin(), strip.end(), raster_nodata);
            const std::vector<double>& values = raster.bands[index].values;
            for (int row = 0; row < rows; ++row) {
                const std::uint64_t source_row =
                    static_cast<std::uint64_t>(top + row) * static_cast<std::uint64_t>(factor);
                const auto begin = std::lower_bound(raster.cells.begin(), raster.cells.end(), source_row * grid_width);
                const auto end = std::lower_bound(begin, raster.cells.end(), (source_row + 1) * grid_width);
                for (auto cell = begin; cell != end; ++cell) {
                    const std::uint64_t column = *cell - source_row * grid_width;
                    const double value = values[static_cast<std::size_t>(cell - raster.cells.begin())];
                    if (column % static_cast<std::uint64_t>(factor) == 0 && std::isfinite(value)) {
                        strip[static_cast<std::size_t>(row) * static_cast<std::size_t>(width) +
                              column / static_cast<std::uint64_t>(factor)] = value;
                    }
                }
            }
            write_rows(*dataset.GetRasterBand(static_cast<int>(index) + 1)->GetOverview(level), top, rows, strip,
                       where);
        }
        flush_strip(dataset, where);
    }
}

} // namespace

void write_raster(const OutputRaster& raster, const std::filesystem::path& file, const ProgressCallback& progress) {
    const ErrorContext where = ErrorContext::in_file(file.string());
    check_raster(raster);
    detail::ensure_gdal_registered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (driver == nullptr) {
        throw detail::output_error(where, "GDAL has no GTiff driver");
    }
    const RasterGrid& grid = raster.grid;
    const GDALDataType type = band_type(raster);
    CPLStringList options;
    options.SetNameValue("TILED", "YES");
    options.SetNameValue("BLOCKXSIZE", std::to_string(tile_size).c_str());
    options.SetNameValue("BLOCKYSIZE", std::to_string(tile_size).c_str());
    options.SetNameValue("COMPRESS", "DEFLATE");
    options.SetNameValue("PREDICTOR", "3"); // floating-point predictor: far smaller for smooth costs
    // Level 3 of 9: compressing took a quarter of a whole-Wuhan run at the
    // default 6; level 3 is 0.3 s faster there, for a file 4 % larger.
    options.SetNameValue("ZLEVEL", "3");
    options.SetNameValue("INTERLEAVE", "BAND");
    options.SetNameValue("BIGTIFF", "IF_SAFER");
    // Tiles compress in parallel but are written in order: the bytes are the same on any number of threads.
    options.SetNameValue("NUM_THREADS", "ALL_CPUS");
    CPLErrorReset();
    detail::DatasetPtr dataset(driver->Create(file.string().c_str(), grid.width, grid.height,
                                              static_cast<int>(raster.bands.size()), type, options.List()));
    if (!dataset) {
        throw detail::output_error(where, "cannot create it: " + detail::last_gdal_error("GTiff driver"));
    }
    dataset->SetGeoTransform(const_cast<double*>(grid.geotransform.data()));
    if (!grid.crs_wkt.empty()) {
        OGRSpatialReference crs;
        if (crs.SetFromUserInput(grid.crs_wkt.c_str()) == OGRERR_NONE) {
            dataset->SetSpatialRef(&crs);
        }
    }
    for (const auto& [key, value] : raster.metadata) {
        dataset->SetMetadataItem(key.c_str(), value.c_str());
    }
    if (!grid.datum_offset.empty()) {
        // No CRS states GCJ-02 or BD-09: say so, and read it back by this key.
        dataset->SetMetadataItem("DATUM_OFFSET", grid.datum_offset.c_str());
        dataset->SetMetadataItem("DATUM_OFFSET_NOTE",
                                 "cells lie on the input's offset grid, not on true WGS 84 lon/lat");
    }
    for (std::size_t index = 0; index < raster.bands.size(); ++index) {
        GDALRasterBand* band = dataset->GetRasterBand(static_cast<int>(index) + 1);
        band->SetDescription(raster.bands[index].name.c_str());
        band->SetNoDataValue(raster_nodata);
        if (!raster.bands[index].meaning.empty()) {
            band->SetMetadataItem("MEANING", raster.bands[index].meaning.c_str());
        }
        if (!raster.bands[index].categories.empty()) {
            CPLStringList names;
            names.AddString(""); // value 0: no class
            for (const std::string& category : raster.bands[index].categories) {
                names.AddString(category.c_str());
            }
            band->SetCategoryNames(names.List());
        }
    }

    // One strip of tile rows at a time: each tile is compressed once, when its strip is written.
    const std::vector<int> factors = overview_factors(grid);
    const double full_share = 1.0 - closing_share - (factors.empty() ? 0.0 : overview_share);
    const auto width = static_cast<std::uint64_t>(grid.width);
    std::vector<double> strip(width * tile_size);
    std::size_t first_cell = 0;
    for (int top = 0; top < grid.height; top += tile_size) {
        const int rows = std::min(tile_size, grid.height - top);
        const std::uint64_t strip_end = static_cast<std::uint64_t>(top + rows) * width;
        std::size_t last_cell = first_cell;
        while (last_cell < raster.cells.size() && raster.cells[last_cell] < strip_end) {
            ++last_cell;
        }
        for (std::size_t index = 0; index < raster.bands.size(); ++index) {
            std::fill(strip.begin(), strip.end(), raster_nodata);
            const std::vector<double>& values = raster.bands[index].values;
            const std::uint64_t strip_begin = static_cast<std::uint64_t>(top) * width;
            for (std::size_t cell = first_cell; cell < last_cell; ++cell) {
                if (std::isfinite(values[cell])) {
                    strip[raster.cells[cell] - strip_begin] = values[cell];
                }
            }
            write_rows(*dataset->GetRasterBand(static_cast<int>(index) + 1), top, rows, strip, where);
        }
        first_cell = last_cell;
        flush_strip(*dataset, where);
        report_progress(progress, full_share * (top + rows) / grid.height, "");
    }

    // Overviews by nearest neighbour, sampled from the cells in memory: GDAL's
    // own pass read every tile back and decompressed it, two thirds of the
    // time of writing whole Wuhan's grid. "NONE" makes the overview levels
    // without computing them.
    if (!factors.empty()) {
        if (dataset->BuildOverviews("NONE", static_cast<int>(factors.size()), factors.data(), 0, nullptr, nullptr,
                                    nullptr) != CE_None) {
            throw detail::output_error(where, "cannot make the overviews: " + detail::last_gdal_error("GTiff driver"));
        }
        for (std::size_t level = 0; level < factors.size(); ++level) {
            write_overview(raster, *dataset, static_cast<int>(level), factors[level], where);
            report_progress(
                progress,
                full_share + overview_share * static_cast<double>(level + 1) / static_cast<double>(factors.size()), "");
        }
    }
    CPLErrorReset();
    dataset.reset();
    if (CPLGetLastErrorType() == CE_Failure) {
        throw detail::output_error(where, "cannot finish writing: " + detail::last_gdal_error("I/O error"));
    }
    report_progress(progress, 1.0, "");
}

ResultRaster read_result_raster(const std::filesystem::path& file, std::span<const std::string> band_names) {
    const ErrorContext where = ErrorContext::in_file(file.string());
    detail::ensure_gdal_registered();
    CPLErrorReset();
    const detail::DatasetPtr dataset(
        GDALDataset::Open(file.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
        throw Error(ExitCode::input_unreadable, where,
                    "GDAL cannot open it as a raster: " + detail::last_gdal_error("unrecognised format"));
    }
    ResultRaster result;
    RasterGrid& grid = result.grid;
    grid.width = dataset->GetRasterXSize();
    grid.height = dataset->GetRasterYSize();
    if (dataset->GetGeoTransform(grid.geotransform.data()) != CE_None) {
        throw Error(ExitCode::input_invalid, where, "the raster has no georeferencing (geotransform)");
    }
    std::vector<GDALRasterBand*> bands;
    for (const std::string& name : band_names) {
        GDALRasterBand* found = nullptr;
        for (int index = 1; index <= dataset->GetRasterCount(); ++index) {
            if (name == dataset->GetRasterBand(index)->GetDescription()) {
                found = dataset->GetRasterBand(index);
            }
        }
        if (found == nullptr) {
            throw Error(ExitCode::input_invalid, where.with_field(name),
                        "the raster has no band of this name; was it written by lifecircle?");
        }
        bands.push_back(found);
    }
    if (bands.empty()) {
        return result;
    }
    if (const char* offset = dataset->GetMetadataItem("DATUM_OFFSET")) {
        grid.datum_offset = offset;
    }
    const detail::LonLatConversion conversion =
        detail::resolve_source_crs(dataset->GetSpatialRef(), grid.datum_offset, false, where);

    const auto width = static_cast<std::size_t>(grid.width);
    std::vector<std::vector<double>> rows(bands.size(), std::vector<double>(width));
    result.bands.resize(bands.size());
    std::vector<int> columns;
    for (int row = 0; row < grid.height; ++row) {
        for (std::size_t index = 0; index < bands.size(); ++index) {
            if (bands[index]->RasterIO(GF_Read, 0, row, grid.width, 1, rows[index].data(), grid.width, 1, GDT_Float64,
                                       0, 0, nullptr) != CE_None) {
                throw Error(ExitCode::input_unreadable, where.with_field(band_names[index]),
                            "cannot read row " + std::to_string(row) + ": " + detail::last_gdal_error("I/O error"));
            }
        }
        columns.clear();
        for (std::size_t column = 0; column < width; ++column) {
            if (rows[0][column] == raster_nodata) {
                continue;
            }
            result.cells.push_back(static_cast<std::uint64_t>(row) * width + column);
            for (std::size_t index = 0; index < bands.size(); ++index) {
                const double value = rows[index][column];
                result.bands[index].push_back(value == raster_nodata ? std::numeric_limits<double>::quiet_NaN()
                                                                     : value);
            }
            columns.push_back(static_cast<int>(column));
        }
        const std::vector<LonLat> centres =
            detail::row_centres_wgs84(grid.geotransform, conversion, row, columns, where);
        result.centres.insert(result.centres.end(), centres.begin(), centres.end());
    }
    return result;
}

} // namespace lifecircle
