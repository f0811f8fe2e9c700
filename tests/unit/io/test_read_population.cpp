#include "lifecircle/error.hpp"
#include "lifecircle/population.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>

#include <map>

using namespace lifecircle;
using test::fixture;

namespace {

SourceSpec raster(const std::string& name) {
    return {fixture("grid/" + name), {}, {}, false, {}, {}};
}

// The summed grid of tests/data/grid/README.md, by (row, col); absent cells are not demand.
const std::map<std::pair<int, int>, double> expected_sum = {{{0, 0}, 2},  {{0, 1}, 3}, {{0, 2}, 1}, {{0, 4}, 4}, //
                                                            {{1, 0}, 6},  {{1, 1}, 7}, {{1, 2}, 8}, {{1, 3}, 9},
                                                            {{1, 4}, 10},                                        //
                                                            {{2, 1}, 2},  {{2, 2}, 3}, {{2, 3}, 3}, {{2, 4}, 3}, //
                                                            {{3, 0}, 10}, {{3, 3}, 2}, {{3, 4}, 3}};

std::map<std::pair<int, int>, double> by_cell(const DemandPoints& demand) {
    std::map<std::pair<int, int>, double> cells;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        const auto row = std::get<std::int64_t>(demand.attributes.value(i, 0));
        const auto col = std::get<std::int64_t>(demand.attributes.value(i, 1));
        cells[{static_cast<int>(row), static_cast<int>(col)}] = demand.weights[i];
    }
    return cells;
}

} // namespace

TEST_CASE("rasters are summed cell by cell; nodata and zero cells are skipped and counted") {
    PopulationSpec spec;
    spec.rasters = {raster("pop_a.asc"), raster("pop_b.asc")};
    const DemandPoints demand = read_population(spec);
    CHECK(by_cell(demand) == expected_sum);
    CHECK(demand.report.features_read == 20);
    CHECK(demand.report.features_used == 16);
    CHECK(demand.report.skipped.at("nodata") == 2);
    CHECK(demand.report.skipped.at("zero_population") == 2);
    REQUIRE(demand.report.warnings.size() == 1);
    CHECK(demand.report.warnings[0].rfind("2 cells are nodata in some rasters", 0) == 0);
    CHECK(demand.feature_ids.empty());
}

TEST_CASE("demand points sit at cell centres, converted from the raster's CRS") {
    PopulationSpec spec;
    spec.rasters = {raster("pop_a.asc")};
    const DemandPoints demand = read_population(spec);
    // Cell (row 1, col 2) has its centre at UTM (261250, 3374250), gdaltransform's lon/lat below.
    bool found = false;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        if (std::get<std::int64_t>(demand.attributes.value(i, 0)) == 1 &&
            std::get<std::int64_t>(demand.attributes.value(i, 1)) == 2) {
            CHECK(demand.positions[i].lon == doctest::Approx(114.512969944928).epsilon(1e-11));
            CHECK(demand.positions[i].lat == doctest::Approx(30.4768025794233).epsilon(1e-11));
            CHECK(demand.weights[i] == 7.0);
            found = true;
        }
    }
    CHECK(found);
    CHECK(demand.report.crs == "EPSG:32650");
}

TEST_CASE("population rasters that cannot be used") {
    SUBCASE("missing") {
        PopulationSpec spec;
        spec.rasters = {raster("missing.tif")};
        CHECK(test::expect_error([&] { (void)read_population(spec); }).code() == ExitCode::input_unreadable);
    }
    SUBCASE("not a raster") {
        PopulationSpec spec;
        spec.rasters = {raster("not_a_raster.tif")};
        const Error error = test::expect_error([&] { (void)read_population(spec); });
        CHECK(error.code() == ExitCode::input_unreadable);
        CHECK(error.context().file.find("not_a_raster.tif") != std::string::npos);
    }
    SUBCASE("grids that differ") {
        PopulationSpec spec;
        spec.rasters = {raster("pop_a.asc"), raster("pop_shifted.asc")};
        const Error error = test::expect_error([&] { (void)read_population(spec); });
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.message().find("share one grid") != std::string::npos);
    }
    SUBCASE("a negative cell") {
        PopulationSpec spec;
        spec.rasters = {raster("pop_negative.asc")};
        const Error error = test::expect_error([&] { (void)read_population(spec); });
        CHECK(error.context().feature == "cell row 1, column 2");
        CHECK(error.message().find("negative") != std::string::npos);
    }
    SUBCASE("no CRS") {
        PopulationSpec spec;
        spec.rasters = {raster("pop_no_crs.asc")};
        CHECK(test::expect_error([&] { (void)read_population(spec); }).code() == ExitCode::crs_invalid);
        spec.rasters[0].crs = "EPSG:32650";        // named by the user: fine
        CHECK(read_population(spec).size() == 14); // pop_a alone: 14 populated cells
    }
    SUBCASE("two bands (was: the second one silently ignored)") {
        test::ScratchDirectory scratch("two-bands");
        const std::filesystem::path file = scratch.path() / "two_bands.tif";
        {
            GDALAllRegister();
            GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
            GDALDataset* dataset = driver->Create(file.c_str(), 3, 2, 2, GDT_Float32, nullptr);
            const double transform[6] = {261000, 100, 0, 3374400, 0, -100};
            dataset->SetGeoTransform(const_cast<double*>(transform));
            GDALClose(dataset);
        }
        PopulationSpec spec;
        spec.rasters = {{file, "EPSG:32650", {}, false, {}, {}}};
        const Error error = test::expect_error([&] { (void)read_population(spec); });
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.message().find("the raster has 2 bands; a population raster has one") == 0);
    }
}

TEST_CASE("a point layer with a population field") {
    PopulationSpec spec;
    spec.layer = SourceSpec{fixture("population_points.csv"), {}, {}, false, {}, {}};
    spec.field = "pop";
    const DemandPoints demand = read_population(spec);
    // 空地 holds no one: skipped and counted, as a raster's zero cells are.
    CHECK(demand.weights == std::vector<double>{120, 80});
    CHECK(demand.feature_ids == std::vector<std::int64_t>{1, 2});
    CHECK(demand.attributes.row_count() == 2);
    CHECK(demand.report.skipped.at("zero_population") == 1);
    CHECK(demand.report.features_read == 3);
    CHECK(demand.report.features_used == 2);

    spec.field = "";
    CHECK(test::expect_error([&] { (void)read_population(spec); }).code() == ExitCode::input_invalid);
}

TEST_CASE("progress is reported per raster row") {
    PopulationSpec spec;
    spec.rasters = {raster("pop_a.asc")};
    std::vector<double> fractions;
    (void)read_population(spec, [&](double fraction, std::string_view) { fractions.push_back(fraction); });
    CHECK(fractions == std::vector<double>{0.25, 0.5, 0.75, 1.0});
}

TEST_CASE("the shipped 60+ clip sums to the shared derived 60+ grid") {
    const auto derived = test::shared_data() / "wuhan-worldpop" / "derived_pop60plus.tif";
    if (!std::filesystem::exists(derived)) {
        MESSAGE("skipped: ../shared/data/wuhan-worldpop is not present beside the checkout");
        return;
    }
    PopulationSpec spec;
    for (const char* band : {"60", "65", "70", "75", "80"}) {
        for (const char* sex : {"f", "m"}) {
            spec.rasters.push_back(
                {test::source_dir() / "layers/wuhan-guanggu" / (std::string("pop_") + band + "_" + sex + ".tif"),
                 {},
                 {},
                 false,
                 {},
                 {}});
        }
    }
    const DemandPoints clip = read_population(spec);
    double clip_total = 0.0;
    for (double weight : clip.weights) {
        clip_total += weight;
    }
    // The same window of the derived grid, found from the clip's own origin.
    GDALAllRegister();
    std::unique_ptr<GDALDataset> clip_dataset(GDALDataset::Open(spec.rasters[0].path.c_str(), GDAL_OF_RASTER));
    std::unique_ptr<GDALDataset> dataset(GDALDataset::Open(derived.c_str(), GDAL_OF_RASTER));
    REQUIRE(clip_dataset);
    REQUIRE(dataset);
    double clip_geotransform[6];
    double geotransform[6];
    clip_dataset->GetGeoTransform(clip_geotransform);
    dataset->GetGeoTransform(geotransform);
    const int x_offset = static_cast<int>(std::lround((clip_geotransform[0] - geotransform[0]) / geotransform[1]));
    const int y_offset = static_cast<int>(std::lround((clip_geotransform[3] - geotransform[3]) / geotransform[5]));
    std::vector<float> window(72 * 36);
    REQUIRE(dataset->GetRasterBand(1)->RasterIO(GF_Read, x_offset, y_offset, 72, 36, window.data(), 72, 36, GDT_Float32,
                                                0, 0, nullptr) == CE_None);
    double derived_total = 0.0;
    for (float value : window) {
        derived_total += value > 0.0f ? static_cast<double>(value) : 0.0;
    }
    CHECK(clip_total == doctest::Approx(derived_total).epsilon(1e-5));
    CHECK(clip.size() == 2090);
}
