#pragma once
// The colours of report.html and of the QGIS styles, defined once so a map in
// the report and the same layer opened in QGIS look alike.

#include <array>
#include <string_view>

namespace lifecircle::palette {

// Share of a unit's demand within reach, in five classes (ColorBrewer RdYlGn).
struct ShareClass {
    double lower;
    double upper;
    std::string_view colour; // #rrggbb
    std::string_view label;
};
inline constexpr std::array<ShareClass, 5> covered_share{{{0.0, 0.2, "#d7191c", "0-20%"},
                                                          {0.2, 0.4, "#fdae61", "20-40%"},
                                                          {0.4, 0.6, "#ffffbf", "40-60%"},
                                                          {0.6, 0.8, "#a6d96a", "60-80%"},
                                                          {0.8, 1.0, "#1a9641", "80-100%"}}};
inline constexpr std::string_view no_demand = "#d9d9d9";

[[nodiscard]] constexpr std::string_view share_colour(double share) noexcept {
    for (const ShareClass& share_class : covered_share) {
        if (share < share_class.upper) {
            return share_class.colour;
        }
    }
    return covered_share.back().colour;
}

inline constexpr std::string_view covered = "#1a9641";
inline constexpr std::string_view uncovered = "#7b3294"; // people beyond the threshold
inline constexpr std::string_view facility = "#2166ac";
inline constexpr std::string_view chosen_site = "#f46d43";
inline constexpr std::string_view service_area = "#4393c3";
inline constexpr std::string_view gained = "#1a9641";
inline constexpr std::string_view lost = "#d7191c";
inline constexpr std::string_view kept = "#969696";
inline constexpr std::string_view never = "#e0e0e0";

} // namespace lifecircle::palette
