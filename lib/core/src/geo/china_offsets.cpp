// GCJ-02 and BD-09: the published obfuscation formulas (Krasovsky 1940
// ellipsoid parameters, as used by the Chinese map services) and their exact
// inverses by fixed-point iteration.

#include "lifecircle/geo.hpp"

#include <cmath>
#include <numbers>

namespace lifecircle {
namespace {

constexpr double krasovsky_semi_major_axis = 6378245.0;
constexpr double krasovsky_eccentricity_squared = 0.00669342162296594323;
constexpr double baidu_x_pi = std::numbers::pi * 3000.0 / 180.0;
// Iterating the forward transform reaches this in 3-5 steps; far below the
// 1e-7 degrees (1 cm) that the source coordinates carry.
constexpr double inverse_tolerance_degrees = 1e-12;
constexpr int inverse_max_iterations = 50;

double latitude_shift(double x, double y) {
    const double pi = std::numbers::pi;
    double shift = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    shift += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    shift += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
    shift += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
    return shift;
}

double longitude_shift(double x, double y) {
    const double pi = std::numbers::pi;
    double shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    shift += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    shift += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
    shift += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return shift;
}

template <typename Forward>
LonLat invert_by_iteration(LonLat target, LonLat start, Forward forward) {
    LonLat estimate = start;
    for (int iteration = 0; iteration < inverse_max_iterations; ++iteration) {
        const LonLat image = forward(estimate);
        const double d_lon = target.lon - image.lon;
        const double d_lat = target.lat - image.lat;
        estimate.lon += d_lon;
        estimate.lat += d_lat;
        if (std::abs(d_lon) < inverse_tolerance_degrees && std::abs(d_lat) < inverse_tolerance_degrees) {
            break;
        }
    }
    return estimate;
}

} // namespace

bool is_outside_china_offset_area(LonLat position) noexcept {
    return position.lon < 72.004 || position.lon > 137.8347 || position.lat < 0.8293 || position.lat > 55.8271;
}

LonLat wgs84_to_gcj02(LonLat wgs84) noexcept {
    if (is_outside_china_offset_area(wgs84)) {
        return wgs84;
    }
    const double x = wgs84.lon - 105.0;
    const double y = wgs84.lat - 35.0;
    const double latitude_radians = wgs84.lat / 180.0 * std::numbers::pi;
    double magic = std::sin(latitude_radians);
    magic = 1.0 - krasovsky_eccentricity_squared * magic * magic;
    const double sqrt_magic = std::sqrt(magic);
    const double d_lat =
        (latitude_shift(x, y) * 180.0) / ((krasovsky_semi_major_axis * (1.0 - krasovsky_eccentricity_squared)) /
                                          (magic * sqrt_magic) * std::numbers::pi);
    const double d_lon = (longitude_shift(x, y) * 180.0) /
                         (krasovsky_semi_major_axis / sqrt_magic * std::cos(latitude_radians) * std::numbers::pi);
    return {wgs84.lon + d_lon, wgs84.lat + d_lat};
}

LonLat gcj02_to_wgs84(LonLat gcj02) noexcept {
    if (is_outside_china_offset_area(gcj02)) {
        return gcj02;
    }
    return invert_by_iteration(gcj02, gcj02, wgs84_to_gcj02);
}

LonLat gcj02_to_bd09(LonLat gcj02) noexcept {
    const double x = gcj02.lon;
    const double y = gcj02.lat;
    const double radius = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * baidu_x_pi);
    const double angle = std::atan2(y, x) + 0.000003 * std::cos(x * baidu_x_pi);
    return {radius * std::cos(angle) + 0.0065, radius * std::sin(angle) + 0.006};
}

LonLat bd09_to_gcj02(LonLat bd09) noexcept {
    // The usual closed-form inverse is only approximate (about 1e-6 degrees);
    // start from it and iterate the forward formula to an exact inverse.
    const double x = bd09.lon - 0.0065;
    const double y = bd09.lat - 0.006;
    const double radius = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * baidu_x_pi);
    const double angle = std::atan2(y, x) - 0.000003 * std::cos(x * baidu_x_pi);
    const LonLat approximate{radius * std::cos(angle), radius * std::sin(angle)};
    return invert_by_iteration(bd09, approximate, gcj02_to_bd09);
}

LonLat wgs84_to_bd09(LonLat wgs84) noexcept {
    return gcj02_to_bd09(wgs84_to_gcj02(wgs84));
}

LonLat bd09_to_wgs84(LonLat bd09) noexcept {
    return gcj02_to_wgs84(bd09_to_gcj02(bd09));
}

LonLat remove_offset(CoordinateOffset offset, LonLat position) noexcept {
    switch (offset) {
    case CoordinateOffset::gcj02:
        return gcj02_to_wgs84(position);
    case CoordinateOffset::bd09:
        return bd09_to_wgs84(position);
    case CoordinateOffset::none:
        break;
    }
    return position;
}

} // namespace lifecircle
