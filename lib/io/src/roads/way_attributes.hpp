#pragma once
// A way's attributes for walking profiles, from OSM tags or from a line
// layer's fields of the same names (highway, wheelchair, surface, smoothness,
// incline): one reading of the tags for both sources.

#include "lifecircle/network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <numbers>

namespace lifecircle::detail {

inline bool one_of(const char* value, std::initializer_list<const char*> options) {
    if (value == nullptr) {
        return false;
    }
    return std::any_of(options.begin(), options.end(),
                       [value](const char* option) { return std::strcmp(value, option) == 0; });
}

// A figure of `incline` ("8%", "-5 %", "4°") as |rise/run|; NaN for "up", "down" or nothing.
inline float incline_of(const char* value) {
    constexpr float unknown = std::numeric_limits<float>::quiet_NaN();
    if (value == nullptr) {
        return unknown;
    }
    char* end = nullptr;
    const double figure = std::strtod(value, &end);
    if (end == value || !std::isfinite(figure)) {
        return unknown;
    }
    while (*end == ' ') {
        ++end;
    }
    if (std::strcmp(end, "%") == 0) {
        return static_cast<float>(std::abs(figure) / 100.0);
    }
    if ((std::strcmp(end, "\u00b0") == 0 || std::strcmp(end, "deg") == 0) && std::abs(figure) < 90.0) {
        return static_cast<float>(std::abs(std::tan(figure * std::numbers::pi / 180.0)));
    }
    return unknown;
}

// `tag(key)` gives a tag's value, or null when the way has none.
template <typename TagOf>
WayAttributes way_attributes(std::int64_t id, const TagOf& tag) {
    WayAttributes attributes;
    attributes.id = id;
    const char* highway = tag("highway");
    if (one_of(highway, {"steps"})) {
        attributes.kind = WayClass::steps;
    } else if (one_of(highway, {"trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link"})) {
        attributes.kind = WayClass::major_road;
    } else if (one_of(highway, {"footway", "path", "pedestrian", "corridor", "cycleway", "bridleway", "track"})) {
        attributes.kind = WayClass::footway;
    }
    attributes.no_wheelchair =
        one_of(tag("wheelchair"), {"no"}) ||
        one_of(tag("surface"), {"gravel", "fine_gravel", "pebblestone", "sand", "grass", "dirt", "earth", "ground",
                                "mud", "rock", "woodchips", "unpaved", "stepping_stones"}) ||
        one_of(tag("smoothness"), {"bad", "very_bad", "horrible", "very_horrible", "impassable"});
    attributes.incline = incline_of(tag("incline"));
    return attributes;
}

} // namespace lifecircle::detail
