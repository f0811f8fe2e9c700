// GCJ-02 / BD-09 against published reference points, and exact round trips.

#include "lifecircle/geo.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace lifecircle;

namespace {

// 1e-7 degrees is about 1 cm: the precision of the published reference values.
constexpr double reference_tolerance = 1e-7;

struct ReferencePoint {
    const char* place;
    LonLat wgs84;
    LonLat gcj02;
};

// wgsLat, wgsLng -> gcjLat, gcjLng from the test suite of googollee/eviltransform
// (the reference implementation most Chinese GIS tools follow), written lon first.
constexpr ReferencePoint eviltransform_reference[] = {
    {"Shanghai", {121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
    {"Shenzhen", {113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
    {"Beijing", {116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
};

} // namespace

TEST_CASE("WGS 84 to GCJ-02 matches the published reference points") {
    for (const ReferencePoint& reference : eviltransform_reference) {
        INFO(reference.place);
        const LonLat gcj02 = wgs84_to_gcj02(reference.wgs84);
        CHECK(std::abs(gcj02.lon - reference.gcj02.lon) < reference_tolerance);
        CHECK(std::abs(gcj02.lat - reference.gcj02.lat) < reference_tolerance);
    }
}

TEST_CASE("GCJ-02 to WGS 84 inverts the published reference points") {
    for (const ReferencePoint& reference : eviltransform_reference) {
        INFO(reference.place);
        const LonLat wgs84 = gcj02_to_wgs84(reference.gcj02);
        CHECK(std::abs(wgs84.lon - reference.wgs84.lon) < reference_tolerance);
        CHECK(std::abs(wgs84.lat - reference.wgs84.lat) < reference_tolerance);
    }
}

TEST_CASE("WGS 84 to BD-09 matches a published chain WGS 84 -> GCJ-02 -> BD-09") {
    // From the geotool test suite (WGS 84, GCJ-02 and BD-09 of one point near Shanghai).
    const LonLat wgs84{121.0917077, 30.6107779};
    const LonLat gcj02{121.09626935575027, 30.608604331756705};
    const LonLat bd09{121.10271732371203, 30.61484572185035};
    const LonLat computed_gcj02 = wgs84_to_gcj02(wgs84);
    const LonLat computed_bd09 = wgs84_to_bd09(wgs84);
    CHECK(std::abs(computed_gcj02.lon - gcj02.lon) < reference_tolerance);
    CHECK(std::abs(computed_gcj02.lat - gcj02.lat) < reference_tolerance);
    CHECK(std::abs(computed_bd09.lon - bd09.lon) < reference_tolerance);
    CHECK(std::abs(computed_bd09.lat - bd09.lat) < reference_tolerance);
    const LonLat back = bd09_to_wgs84(bd09);
    CHECK(std::abs(back.lon - wgs84.lon) < reference_tolerance);
    CHECK(std::abs(back.lat - wgs84.lat) < reference_tolerance);
}

TEST_CASE("the offsets move a Wuhan point by a few hundred metres, as expected of GCJ-02") {
    const LonLat wuhan{114.5200, 30.4850};
    const LonLat gcj02 = wgs84_to_gcj02(wuhan);
    const double east_m = (gcj02.lon - wuhan.lon) * 111320.0 * std::cos(wuhan.lat * 3.14159265358979 / 180.0);
    const double north_m = (gcj02.lat - wuhan.lat) * 110540.0;
    const double shift = std::hypot(east_m, north_m);
    CHECK(shift > 100.0);
    CHECK(shift < 1000.0);
}

TEST_CASE("round trips are exact to 1e-9 degrees across mainland China") {
    std::mt19937_64 random(20261123);
    std::uniform_real_distribution<double> longitude(73.5, 134.7);
    std::uniform_real_distribution<double> latitude(18.2, 53.5);
    for (int i = 0; i < 2000; ++i) {
        const LonLat wgs84{longitude(random), latitude(random)};
        const LonLat via_gcj = gcj02_to_wgs84(wgs84_to_gcj02(wgs84));
        const LonLat via_bd = bd09_to_wgs84(wgs84_to_bd09(wgs84));
        REQUIRE(std::abs(via_gcj.lon - wgs84.lon) < 1e-9);
        REQUIRE(std::abs(via_gcj.lat - wgs84.lat) < 1e-9);
        REQUIRE(std::abs(via_bd.lon - wgs84.lon) < 1e-9);
        REQUIRE(std::abs(via_bd.lat - wgs84.lat) < 1e-9);
    }
}

TEST_CASE("outside mainland China GCJ-02 is WGS 84") {
    const LonLat munich{11.575, 48.137};
    CHECK(is_outside_china_offset_area(munich));
    CHECK(wgs84_to_gcj02(munich) == munich);
    CHECK(gcj02_to_wgs84(munich) == munich);
    CHECK_FALSE(is_outside_china_offset_area({114.52, 30.48}));
}

TEST_CASE("remove_offset dispatches on the declared offset") {
    const LonLat point{114.52, 30.48};
    CHECK(remove_offset(CoordinateOffset::none, point) == point);
    const LonLat from_gcj = remove_offset(CoordinateOffset::gcj02, wgs84_to_gcj02(point));
    const LonLat from_bd = remove_offset(CoordinateOffset::bd09, wgs84_to_bd09(point));
    CHECK(std::abs(from_gcj.lon - point.lon) < 1e-9);
    CHECK(std::abs(from_bd.lat - point.lat) < 1e-9);
}
