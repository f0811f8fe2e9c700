#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>

using namespace lifecircle;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A grid of width × height cells of 0.001° from (114.0, 30.5), in WGS 84.
RasterGrid lonlat_grid(int width, int height) {
    return {.width = width,
            .height = height,
            .geotransform = {114.0, 0.001, 0.0, 30.5, 0.0, -0.001},
            .crs_wkt = "EPSG:4326",
            .datum_offset = {}};
}

// 600 × 300 cells: two strips of tiles, two overview levels.
OutputRaster sample_raster() {
    OutputRaster raster;
    raster.name = "demand_care";
    raster.grid = lonlat_grid(600, 300);
    // The first cell, both sides of the strip boundary (rows 255 and 256), the last cell.
    raster.cells = {0, 255 * 600 + 7, 256 * 600 + 7, 299 * 600 + 599};
    raster.bands.push_back({.name = "people", .meaning = "people in the cell", .values = {2.5, 1.0, 3.25, 8.0}});
    raster.bands.push_back({.name = "cost_m", .meaning = "metres", .values = {0.0, 120.5, nan, 999.75}});
    RasterBand nearest{.name = "nearest_facility_fid", .meaning = "fid", .values = {7.0, 7.0, nan, 12.0}};
    nearest.identifiers = true;
    raster.bands.push_back(std::move(nearest));
    RasterBand band{.name = "band", .meaning = "class", .values = {1.0, 1.0, 2.0, 2.0}};
    band.categories = {"0-500 m", "beyond 500 m"};
    raster.bands.push_back(std::move(band));
    raster.metadata = {{"LIFECIRCLE_SERVICE", "care"}};
    return raster;
}

struct GdalCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(GDALDataset::ToHandle(dataset)); }
};

std::unique_ptr<GDALDataset, GdalCloser> open(const std::filesystem::path& file) {
    return std::unique_ptr<GDALDataset, GdalCloser>(
        GDALDataset::Open(file.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

double pixel(GDALDataset& dataset, int band, int row, int col) {
    double value = 0.0;
    REQUIRE(dataset.GetRasterBand(band)->RasterIO(GF_Read, col, row, 1, 1, &value, 1, 1, GDT_Float64, 0, 0, nullptr) ==
            CE_None);
    return value;
}

} // namespace

TEST_CASE("a result raster: tiled, compressed, with overviews, nodata and named bands") {
    test::ScratchDirectory scratch("raster");
    const std::filesystem::path file = scratch.path() / "demand_care.tif";
    std::vector<double> reported;
    write_raster(sample_raster(), file, [&](double done, std::string_view) { reported.push_back(done); });
    REQUIRE_FALSE(reported.empty());
    CHECK(reported.back() == 1.0);
    CHECK(std::is_sorted(reported.begin(), reported.end()));

    const auto dataset = open(file);
    REQUIRE(dataset);
    CHECK(dataset->GetRasterXSize() == 600);
    CHECK(dataset->GetRasterYSize() == 300);
    REQUIRE(dataset->GetRasterCount() == 4);
    CHECK(std::string(dataset->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "DEFLATE");
    CHECK(std::string(dataset->GetMetadataItem("LIFECIRCLE_SERVICE")) == "care");
    CHECK(dataset->GetSpatialRef() != nullptr);
    GDALRasterBand* people = dataset->GetRasterBand(1);
    int block_x = 0;
    int block_y = 0;
    people->GetBlockSize(&block_x, &block_y);
    CHECK(block_x == 256);
    CHECK(block_y == 256);
    CHECK(people->GetRasterDataType() == GDT_Float32);
    REQUIRE(people->GetOverviewCount() == 2); // 300 × 150, then 150 × 75
    double overview_corner = 0.0;
    REQUIRE(people->GetOverview(0)->RasterIO(GF_Read, 0, 0, 1, 1, &overview_corner, 1, 1, GDT_Float64, 0, 0, nullptr) ==
            CE_None);
    CHECK(overview_corner == 2.5); // nearest neighbour: a cell's own value, not an average with nodata
    CHECK(std::string(people->GetDescription()) == "people");
    CHECK(std::string(people->GetMetadataItem("MEANING")) == "people in the cell");
    int has_nodata = 0;
    CHECK(people->GetNoDataValue(&has_nodata) == raster_nodata);
    CHECK(has_nodata == 1);
    char** categories = dataset->GetRasterBand(4)->GetCategoryNames();
    REQUIRE(CSLCount(categories) == 3);
    CHECK(std::string(categories[2]) == "beyond 500 m");

    // Each listed cell holds its values; NaN and every other cell are nodata.
    CHECK(pixel(*dataset, 1, 0, 0) == 2.5);
    CHECK(pixel(*dataset, 2, 255, 7) == 120.5);
    CHECK(pixel(*dataset, 1, 256, 7) == 3.25);
    CHECK(pixel(*dataset, 2, 256, 7) == raster_nodata);
    CHECK(pixel(*dataset, 3, 299, 599) == 12.0);
    CHECK(pixel(*dataset, 1, 0, 1) == raster_nodata);
    CHECK(pixel(*dataset, 1, 256, 6) == raster_nodata);
    CHECK(pixel(*dataset, 4, 150, 300) == raster_nodata);
}

TEST_CASE("a result raster read back gives its cells, their centres and the values asked for") {
    test::ScratchDirectory scratch("raster-read");
    const std::filesystem::path file = scratch.path() / "demand_care.tif";
    const OutputRaster written = sample_raster();
    write_raster(written, file);
    const std::vector<std::string> bands{"people", "cost_m"};
    const ResultRaster read = read_result_raster(file, bands);
    CHECK(read.cells == written.cells);
    CHECK(read.grid.width == 600);
    REQUIRE(read.bands.size() == 2);
    CHECK(read.bands[0] == written.bands[0].values);
    CHECK(read.bands[1][1] == 120.5);
    CHECK(std::isnan(read.bands[1][2]));
    REQUIRE(read.centres.size() == 4);
    CHECK(read.centres[1].lon == doctest::Approx(114.0075).epsilon(1e-12));
    CHECK(read.centres[1].lat == doctest::Approx(30.5 - 0.2555).epsilon(1e-12));

    const std::vector<std::string> missing{"people", "walking_min"};
    try {
        read_result_raster(file, missing);
        FAIL("a missing band must be refused");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.context().file == file.string());
        CHECK(error.context().field == "walking_min");
    }
}

TEST_CASE("a feature id beyond Float32's exact integers makes the raster Float64, so ids join exactly") {
    test::ScratchDirectory scratch("raster-ids");
    OutputRaster raster = sample_raster();
    raster.bands[2].values[0] = 16777217.0; // 2^24 + 1: Float32 would round it to 2^24
    const std::filesystem::path file = scratch.path() / "ids.tif";
    write_raster(raster, file);
    const auto dataset = open(file);
    REQUIRE(dataset);
    CHECK(dataset->GetRasterBand(1)->GetRasterDataType() == GDT_Float64);
    CHECK(pixel(*dataset, 3, 0, 0) == 16777217.0);
}

TEST_CASE("every overview pixel is the cell at the top-left of its block, across strips and uneven edges") {
    test::ScratchDirectory scratch("raster_overviews");
    // 1100 × 700: three strips of tiles; overviews 550 × 350, 275 × 175 and 138 × 88, the last not a whole division.
    OutputRaster raster;
    raster.name = "demand";
    raster.grid = lonlat_grid(1100, 700);
    RasterBand people{.name = "people", .meaning = "people in the cell", .values = {}};
    RasterBand cost{.name = "cost_m", .meaning = "metres", .values = {}};
    std::mt19937 random(5);
    std::bernoulli_distribution populated(0.3);
    for (std::uint64_t cell = 0; cell < 1100U * 700U; ++cell) {
        if (populated(random)) {
            raster.cells.push_back(cell);
            people.values.push_back(static_cast<double>(cell % 9973) + 0.5);
            cost.values.push_back(cell % 11 == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                 : static_cast<double>(cell % 1201));
        }
    }
    raster.bands = {people, cost};
    const std::filesystem::path file = scratch.path() / "demand.tif";
    write_raster(raster, file);

    const auto dataset = open(file);
    REQUIRE(dataset);
    for (int band_number = 1; band_number <= 2; ++band_number) {
        GDALRasterBand* band = dataset->GetRasterBand(band_number);
        std::vector<double> full(1100U * 700U);
        REQUIRE(band->RasterIO(GF_Read, 0, 0, 1100, 700, full.data(), 1100, 700, GDT_Float64, 0, 0, nullptr) ==
                CE_None);
        REQUIRE(band->GetOverviewCount() == 3);
        for (int level = 0; level < 3; ++level) {
            CAPTURE(band_number);
            CAPTURE(level);
            GDALRasterBand* overview = band->GetOverview(level);
            const int factor = 2 << level;
            const int width = overview->GetXSize();
            const int height = overview->GetYSize();
            CHECK(width == (1100 + factor - 1) / factor);
            CHECK(height == (700 + factor - 1) / factor);
            std::vector<double> values(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
            REQUIRE(overview->RasterIO(GF_Read, 0, 0, width, height, values.data(), width, height, GDT_Float64, 0, 0,
                                       nullptr) == CE_None);
            std::size_t mismatches = 0;
            std::size_t holding_values = 0;
            for (int row = 0; row < height; ++row) {
                for (int column = 0; column < width; ++column) {
                    const double expected = full[static_cast<std::size_t>(row * factor) * 1100U +
                                                 static_cast<std::size_t>(column * factor)];
                    const double value = values[static_cast<std::size_t>(row) * static_cast<std::size_t>(width) +
                                                static_cast<std::size_t>(column)];
                    mismatches += value != expected ? 1U : 0U;
                    holding_values += value != raster_nodata ? 1U : 0U;
                }
            }
            CHECK(mismatches == 0);
            CHECK(holding_values > values.size() / 5); // about 30 % of cells hold values, minus the NaN costs
        }
    }
}
