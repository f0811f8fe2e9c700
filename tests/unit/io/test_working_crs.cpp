#include "lifecircle/error.hpp"
#include "lifecircle/working_crs.hpp"

#include "test_support.hpp"

#include <cmath>

using namespace lifecircle;

TEST_CASE("walking thresholds: 15 minutes at 4 km/h is 1000 m") {
    CHECK(walking_distance(Minutes{15}, default_walking_speed).value == doctest::Approx(1000.0));
    CHECK(walking_distance(Minutes{10}, KilometresPerHour{3.0}).value == doctest::Approx(500.0));
}

TEST_CASE("UTM zone choice") {
    CHECK(utm_epsg_for({114.52, 30.48}) == 32650);  // Wuhan
    CHECK(utm_epsg_for({121.47, 31.23}) == 32651);  // Shanghai
    CHECK(utm_epsg_for({-76.61, 39.29}) == 32618);  // Baltimore
    CHECK(utm_epsg_for({-58.38, -34.60}) == 32721); // Buenos Aires, southern hemisphere
    CHECK(utm_epsg_for({180.0, 10.0}) == 32660);    // the antimeridian stays in zone 60
}

TEST_CASE("auto working CRS projects a known point") {
    const WorkingCrs crs = WorkingCrs::choose("auto", {114.52, 30.48});
    CHECK(crs.name() == "EPSG:32650");
    // The fixture grid's cell centre, converted with gdaltransform (tests/data/grid/README.md).
    const PlanarPoint projected = crs.project(LonLat{114.512969944928, 30.4768025794233});
    CHECK(projected.x == doctest::Approx(261250.0).epsilon(1e-9));
    CHECK(projected.y == doctest::Approx(3374250.0).epsilon(1e-9));
}

TEST_CASE("a named metric CRS is used as given") {
    // CGCS2000 / 3-degree Gauss-Kruger CM 114E, common in Chinese planning data.
    const WorkingCrs crs = WorkingCrs::choose("EPSG:4547", {114.52, 30.48});
    CHECK(crs.name() == "EPSG:4547");
    const PlanarPoint projected = crs.project(LonLat{114.0, 30.0});
    CHECK(projected.x == doctest::Approx(500000.0).epsilon(1e-6)); // on the central meridian
}

TEST_CASE("unsuitable working CRSs are refused") {
    const Error geographic = test::expect_error([] { (void)WorkingCrs::choose("EPSG:4326", {114.5, 30.5}); });
    CHECK(geographic.code() == ExitCode::crs_invalid);
    CHECK(std::string(geographic.what()).find("not projected") != std::string::npos);

    const Error unknown = test::expect_error([] { (void)WorkingCrs::choose("EPSG:999999", {114.5, 30.5}); });
    CHECK(unknown.code() == ExitCode::crs_invalid);

    const Error feet = test::expect_error([] { (void)WorkingCrs::choose("EPSG:2263", {-74.0, 40.7}); });
    CHECK(std::string(feet.what()).find("not in metres") != std::string::npos);
}
