#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "test_support.hpp"

#include <cmath>

using namespace lifecircle;
using test::expect_error;
using test::fixture;

namespace {
SourceSpec source(const std::string& name, const std::string& crs = {}) {
    SourceSpec spec;
    spec.path = fixture(name);
    spec.crs = crs;
    return spec;
}
} // namespace

TEST_CASE("a GeoJSON point layer keeps positions, ids and fields") {
    const PointLayer layer = read_point_layer(source("grid/facility.geojson"));
    REQUIRE(layer.positions.size() == 1);
    CHECK(layer.positions[0].lon == doctest::Approx(114.512969944928));
    CHECK(layer.positions[0].lat == doctest::Approx(30.4768025794233));
    CHECK(layer.feature_ids == std::vector<std::int64_t>{0});
    CHECK(layer.report.features_read == 1);
    CHECK(layer.report.features_used == 1);
    CHECK(layer.report.crs == "EPSG:4326");
    const auto beds = layer.attributes.field_index("beds");
    REQUIRE(beds);
    CHECK(std::get<std::int64_t>(layer.attributes.value(0, *beds)) == 50);
}

TEST_CASE("a CSV with lon/lat columns is a WGS 84 point layer with typed fields") {
    const PointLayer layer = read_point_layer(source("population_points.csv"));
    REQUIRE(layer.positions.size() == 3);
    CHECK(layer.positions[1] == LonLat{114.5130, 30.4770});
    CHECK(layer.report.crs == "EPSG:4326 (lon/lat columns)");
    const auto name = layer.attributes.field_index("name");
    REQUIRE(name);
    CHECK(std::get<std::string>(layer.attributes.value(0, *name)) == "东区");
    CHECK_FALSE(layer.attributes.field_index("lon")); // the coordinates are the geometry, not fields
}

TEST_CASE("the CSVs planners export: 经度/纬度 columns, and Amap's one 'location' column") {
    test::ScratchDirectory scratch("coordinate-columns");
    test::write_text(scratch.path() / "chinese.csv", "名称,经度,纬度\n东区养老院,114.5130,30.4770\n");
    SourceSpec chinese;
    chinese.path = scratch.path() / "chinese.csv";
    const PointLayer by_chinese_names = read_point_layer(chinese);
    REQUIRE(by_chinese_names.positions.size() == 1);
    CHECK(by_chinese_names.positions[0] == LonLat{114.5130, 30.4770});

    test::write_text(scratch.path() / "amap.csv",
                     "name,location,type\n甲,\"114.5130,30.4770\",养老\n乙,\"114.5140, 30.4780\",养老\n");
    SourceSpec amap;
    amap.path = scratch.path() / "amap.csv";
    const PointLayer located = read_point_layer(amap);
    REQUIRE(located.positions.size() == 2);
    CHECK(located.positions[0] == LonLat{114.5130, 30.4770});
    CHECK(located.positions[1] == LonLat{114.5140, 30.4780});
    REQUIRE(located.report.warnings.size() == 1); // Amap's coordinates are GCJ-02: say so when none is declared
    CHECK(located.report.warnings[0].find("GCJ-02") != std::string::npos);
    amap.crs = "GCJ-02";
    const PointLayer declared = read_point_layer(amap);
    CHECK(declared.report.warnings.empty());
    CHECK(declared.positions[0] != LonLat{114.5130, 30.4770}); // the offset is taken off

    test::write_text(scratch.path() / "bad.csv", "name,location\n甲,\"114.5130,30.4770\"\n乙,\"114.5130;30.4770\"\n");
    SourceSpec bad;
    bad.path = scratch.path() / "bad.csv";
    const Error error = expect_error([&] { (void)read_point_layer(bad); });
    CHECK(error.code() == ExitCode::input_invalid);
    CHECK(error.context().feature == "2");
    CHECK(error.message().find("114.5130;30.4770") != std::string::npos);

    test::write_text(scratch.path() / "neither.csv", "name,address\n甲,武汉\n");
    SourceSpec neither;
    neither.path = scratch.path() / "neither.csv";
    CHECK(expect_error([&] { (void)read_point_layer(neither); }).message().find("location") != std::string::npos);
}

TEST_CASE("a polygon stands for itself at a point inside it, not at its centroid") {
    const PointLayer layer = read_point_layer(source("facility_polygon.geojson"));
    REQUIRE(layer.positions.size() == 1);
    const LonLat inside = layer.positions[0];
    // The L-shape: the bottom bar 114.510-114.514 x 30.475-30.4755 and the left bar 114.510-114.5105 x 30.475-30.479.
    const bool in_bottom_bar =
        inside.lon >= 114.510 && inside.lon <= 114.514 && inside.lat >= 30.475 && inside.lat <= 30.4755;
    const bool in_left_bar =
        inside.lon >= 114.510 && inside.lon <= 114.5105 && inside.lat >= 30.475 && inside.lat <= 30.479;
    CHECK((in_bottom_bar || in_left_bar));
}

TEST_CASE("a declared GCJ-02 layer is converted to WGS 84 on load") {
    test::ScratchDirectory scratch("gcj02");
    const LonLat wgs84{114.512969944928, 30.4768025794233};
    const LonLat gcj02 = wgs84_to_gcj02(wgs84);
    char line[128];
    std::snprintf(line, sizeof line, "name,lon,lat\nsite,%.12f,%.12f\n", gcj02.lon, gcj02.lat);
    test::write_text(scratch.path() / "sites.csv", line);
    SourceSpec spec;
    spec.path = scratch.path() / "sites.csv";
    spec.crs = "GCJ-02";
    const PointLayer layer = read_point_layer(spec);
    REQUIRE(layer.positions.size() == 1);
    CHECK(std::abs(layer.positions[0].lon - wgs84.lon) < 1e-9);
    CHECK(std::abs(layer.positions[0].lat - wgs84.lat) < 1e-9);
    CHECK(layer.report.crs == "GCJ-02");

    spec.crs = "bd09";
    const LonLat bd09 = wgs84_to_bd09(wgs84);
    std::snprintf(line, sizeof line, "name,lon,lat\nsite,%.12f,%.12f\n", bd09.lon, bd09.lat);
    test::write_text(scratch.path() / "sites.csv", line);
    const PointLayer baidu = read_point_layer(spec);
    CHECK(std::abs(baidu.positions[0].lon - wgs84.lon) < 1e-9);
    CHECK(baidu.report.crs == "BD-09");
}

TEST_CASE("a projected CRS named by the user is converted to WGS 84") {
    // no_crs.shp holds UTM 50N coordinates (the grid's cell centre) without a .prj.
    const PointLayer layer = read_point_layer(source("no_crs.shp", "EPSG:32650"));
    CHECK(layer.positions[0].lon == doctest::Approx(114.512969944928).epsilon(1e-10));
    CHECK(layer.positions[0].lat == doctest::Approx(30.4768025794233).epsilon(1e-10));
}

TEST_CASE("bad point sources fail with file, layer, feature and a stable code") {
    SUBCASE("missing file") {
        const Error error = expect_error([] { (void)read_point_layer(source("does_not_exist.geojson")); });
        CHECK(error.code() == ExitCode::input_unreadable);
        CHECK(error.context().file.find("does_not_exist.geojson") != std::string::npos);
        CHECK(error.message() == "file does not exist");
    }
    SUBCASE("not a vector source") {
        const Error error = expect_error([] { (void)read_point_layer(source("grid/not_a_raster.tif")); });
        CHECK(error.code() == ExitCode::input_unreadable);
    }
    SUBCASE("a layer with no features") {
        const Error error = expect_error([] { (void)read_point_layer(source("empty_layer.geojson")); });
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.context().layer == "empty_layer");
        CHECK(error.message() == "the layer has no features");
    }
    SUBCASE("a feature without geometry") {
        const Error error = expect_error([] { (void)read_point_layer(source("no_geometry.geojson")); });
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.context().feature == "1");
        CHECK(error.message() == "has no geometry");
    }
    SUBCASE("a feature with an empty geometry") {
        const Error error = expect_error([] { (void)read_point_layer(source("empty_geometry.geojson")); });
        CHECK(error.context().feature == "1");
        CHECK(error.message() == "has an empty geometry");
    }
    SUBCASE("an infinite coordinate") {
        const Error error = expect_error([] { (void)read_point_layer(source("nan_coordinates.csv")); });
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.context().feature == "2");
        CHECK(error.message().find("NaN or infinite") != std::string::npos);
    }
    SUBCASE("latitude and longitude swapped") {
        const Error error = expect_error([] { (void)read_point_layer(source("swapped_axes.csv")); });
        CHECK(error.message().find("swapped") != std::string::npos);
    }
    SUBCASE("a layer without CRS") {
        const Error error = expect_error([] { (void)read_point_layer(source("no_crs.shp")); });
        CHECK(error.code() == ExitCode::crs_invalid);
        CHECK(error.context().layer == "no_crs");
        CHECK(error.message().find("declares no CRS") != std::string::npos);
    }
    SUBCASE("an unknown CRS") {
        const Error error = expect_error([] { (void)read_point_layer(source("grid/facility.geojson", "EPSG:bogus")); });
        CHECK(error.code() == ExitCode::crs_invalid);
    }
    SUBCASE("a layer name that does not exist") {
        SourceSpec spec = source("grid/facility.geojson");
        spec.layer = "nope";
        const Error error = expect_error([&] { (void)read_point_layer(spec); });
        CHECK(error.message().find("no layer 'nope'") != std::string::npos);
    }
}

TEST_CASE("with skip_invalid, unusable features are counted, not silently dropped") {
    SourceSpec spec = source("no_geometry.geojson");
    spec.skip_invalid = true;
    const PointLayer layer = read_point_layer(spec);
    CHECK(layer.report.features_read == 2);
    CHECK(layer.report.features_used == 1);
    CHECK(layer.report.skipped.at("no_geometry") == 1);
    REQUIRE(layer.report.warnings.size() == 1);
    CHECK(layer.report.warnings[0].find("feature 1") != std::string::npos);
}

TEST_CASE("numeric fields are validated feature by feature") {
    SUBCASE("numbers pass") {
        const SourceSpec spec = source("population_points.csv");
        const PointLayer layer = read_point_layer(spec);
        CHECK(read_non_negative_field(layer, "pop", "population", spec) == std::vector<double>{120, 80, 0});
    }
    SUBCASE("text is refused, naming the feature and field") {
        const SourceSpec spec = source("population_text.csv");
        const PointLayer layer = read_point_layer(spec);
        const Error error = expect_error([&] { (void)read_non_negative_field(layer, "pop", "population", spec); });
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.context().feature == "2");
        CHECK(error.context().field == "pop");
        CHECK(error.message() == "population 'many' is not a number");
    }
    SUBCASE("negative values are refused") {
        const SourceSpec spec = source("population_negative.csv");
        const PointLayer layer = read_point_layer(spec);
        const Error error = expect_error([&] { (void)read_non_negative_field(layer, "pop", "population", spec); });
        CHECK(error.message().find("negative") != std::string::npos);
        CHECK(error.context().feature == "2");
    }
    SUBCASE("a missing field lists the fields there are") {
        const SourceSpec spec = source("population_points.csv");
        const PointLayer layer = read_point_layer(spec);
        const Error error = expect_error([&] { (void)read_non_negative_field(layer, "beds", "capacity", spec); });
        CHECK(error.message().find("id, pop, name") != std::string::npos);
    }
}

TEST_CASE("sources written as path:layer") {
    const std::string path = fixture("grid/facility.geojson").string();
    CHECK(parse_source(path).layer.empty());
    const SourceSpec with_layer = parse_source(path + ":facility");
    CHECK(with_layer.path == path);
    CHECK(with_layer.layer == "facility");
}
