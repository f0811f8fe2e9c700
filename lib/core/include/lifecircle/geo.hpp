#pragma once
// Coordinates and distances as distinct types, the Chinese offset datums
// (GCJ-02, BD-09) that PROJ does not know, and the UTM zone a working CRS
// takes (the CRS itself, which needs PROJ, is io's: working_crs.hpp).

#include "lifecircle/core_export.hpp"

#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/geometries/register/point.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace lifecircle {

// A length, with the arithmetic lengths have: sums and differences of
// lengths, lengths scaled by plain numbers, and the ratio of two lengths.
struct Metres {
    double value = 0.0;
    constexpr Metres() = default;
    constexpr explicit Metres(double metres) : value(metres) {}
    friend constexpr auto operator<=>(Metres, Metres) = default;

    constexpr Metres& operator+=(Metres other) noexcept {
        value += other.value;
        return *this;
    }
    constexpr Metres& operator-=(Metres other) noexcept {
        value -= other.value;
        return *this;
    }
    friend constexpr Metres operator+(Metres a, Metres b) noexcept { return Metres{a.value + b.value}; }
    friend constexpr Metres operator-(Metres a, Metres b) noexcept { return Metres{a.value - b.value}; }
    friend constexpr Metres operator-(Metres a) noexcept { return Metres{-a.value}; }
    friend constexpr Metres operator*(Metres a, double factor) noexcept { return Metres{a.value * factor}; }
    friend constexpr Metres operator*(double factor, Metres a) noexcept { return Metres{factor * a.value}; }
    friend constexpr Metres operator/(Metres a, double divisor) noexcept { return Metres{a.value / divisor}; }
    friend constexpr double operator/(Metres a, Metres b) noexcept { return a.value / b.value; }
};

// A length as messages give it: "1000 m", or "an unmeasurable distance" for
// NaN and infinity (a static_cast to an integer there is undefined).
inline std::string to_string(Metres length) {
    if (!std::isfinite(length.value)) {
        return "an unmeasurable distance";
    }
    char text[32];
    std::snprintf(text, sizeof text, std::abs(length.value) < 1e9 ? "%.0f m" : "%.3g m", length.value);
    return text;
}

struct Minutes {
    double value = 0.0;
    constexpr explicit Minutes(double minutes) : value(minutes) {}
};

struct KilometresPerHour {
    double value = 0.0;
    constexpr explicit KilometresPerHour(double speed) : value(speed) {}
};

// The default walking speed: GB 50180-2018 puts the 15-minute circle at
// 800-1000 m, so 4 km/h makes 15 minutes 1000 m.
inline constexpr KilometresPerHour default_walking_speed{4.0};

constexpr Metres walking_distance(Minutes time, KilometresPerHour speed) {
    return Metres{time.value * speed.value * 1000.0 / 60.0};
}

// WGS 84 geographic coordinates, longitude first.
struct LonLat {
    double lon = 0.0;
    double lat = 0.0;
    friend constexpr bool operator==(LonLat, LonLat) = default;
};

// A position in the working CRS, in metres.
struct PlanarPoint {
    double x = 0.0;
    double y = 0.0;
    friend constexpr bool operator==(PlanarPoint, PlanarPoint) = default;
};

} // namespace lifecircle

BOOST_GEOMETRY_REGISTER_POINT_2D(lifecircle::PlanarPoint, double, boost::geometry::cs::cartesian, x, y)

namespace lifecircle {

using PlanarPolygon = boost::geometry::model::polygon<PlanarPoint>; // clockwise exterior, closed
using PlanarMultiPolygon = boost::geometry::model::multi_polygon<PlanarPolygon>;
using PlanarBox = boost::geometry::model::box<PlanarPoint>;

// ---- Chinese offset coordinate systems --------------------------------------
// GCJ-02 ("Mars coordinates", used by Amap, Tencent and Google in China) and
// BD-09 (Baidu) are obfuscated offsets of WGS 84. The forward transform is the
// published one; the inverse of GCJ-02 has no closed form and is solved by
// fixed-point iteration to better than 1e-9 degrees. Outside mainland China the
// offset is not applied, as the map services do.

enum class CoordinateOffset { none, gcj02, bd09 };

LIFECIRCLE_CORE_EXPORT bool is_outside_china_offset_area(LonLat position) noexcept;
LIFECIRCLE_CORE_EXPORT LonLat wgs84_to_gcj02(LonLat wgs84) noexcept;
LIFECIRCLE_CORE_EXPORT LonLat gcj02_to_wgs84(LonLat gcj02) noexcept;
LIFECIRCLE_CORE_EXPORT LonLat gcj02_to_bd09(LonLat gcj02) noexcept;
LIFECIRCLE_CORE_EXPORT LonLat bd09_to_gcj02(LonLat bd09) noexcept;
LIFECIRCLE_CORE_EXPORT LonLat wgs84_to_bd09(LonLat wgs84) noexcept;
LIFECIRCLE_CORE_EXPORT LonLat bd09_to_wgs84(LonLat bd09) noexcept;
LIFECIRCLE_CORE_EXPORT LonLat remove_offset(CoordinateOffset offset, LonLat position) noexcept;

// ---- Working CRS -----------------------------------------------------------

// The extent of positions in degrees: its centre picks a run's UTM zone.
struct LonLatExtent {
    LonLat low{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
    LonLat high{-std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    void add(std::span<const LonLat> positions) noexcept {
        for (const LonLat& position : positions) {
            low = {std::min(low.lon, position.lon), std::min(low.lat, position.lat)};
            high = {std::max(high.lon, position.lon), std::max(high.lat, position.lat)};
        }
    }
    [[nodiscard]] LonLat centre() const noexcept { return {(low.lon + high.lon) / 2.0, (low.lat + high.lat) / 2.0}; }
};

// EPSG code of the UTM zone (WGS 84) that contains a position: 326zz north, 327zz south.
LIFECIRCLE_CORE_EXPORT int utm_epsg_for(LonLat position) noexcept;

} // namespace lifecircle
