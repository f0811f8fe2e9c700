#pragma once
// Horizontal bar charts as inline SVG: indicators against their targets,
// people within each band, before against after.

#include "lifecircle/report_export.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lifecircle::report {

// Exported from a shared report for its unit tests only; not part of the API.

struct Bar {
    std::string label;      // left of the bar
    double value = 0.0;     // drawn from 0
    std::string value_text; // right of the bar
    std::string_view colour;
    std::optional<double> target_min; // drawn as a tick across the bar
    std::optional<double> target_max;
};

// Bars scaled so that `scale_max` fills the plot width.
LIFECIRCLE_REPORT_EXPORT std::string bar_chart(std::span<const Bar> bars, double scale_max, std::string_view label);

// A scale that holds every value: 1 for shares, else the largest value rounded up.
LIFECIRCLE_REPORT_EXPORT double chart_scale(std::span<const Bar> bars);

} // namespace lifecircle::report
