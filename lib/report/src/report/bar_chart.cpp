#include "report/bar_chart.hpp"

#include "report/html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lifecircle::report {
namespace {

constexpr double width_px = 760.0;
constexpr double label_px = 230.0;
constexpr double value_px = 110.0;
constexpr double row_px = 26.0;

std::string px(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

} // namespace

double chart_scale(std::span<const Bar> bars) {
    double largest = 0.0;
    for (const Bar& bar : bars) {
        largest = std::max({largest, bar.value, bar.target_min.value_or(0.0), bar.target_max.value_or(0.0)});
    }
    if (largest <= 1.0) {
        return 1.0;
    }
    const double power = std::pow(10.0, std::floor(std::log10(largest)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= largest * 1.05) {
            return step * power;
        }
    }
    return 10.0 * power;
}

std::string bar_chart(std::span<const Bar> bars, double scale_max, std::string_view label) {
    const double plot_px = width_px - label_px - value_px;
    const double height = row_px * static_cast<double>(bars.size()) + 8.0;
    const auto at = [&](double value) { return label_px + plot_px * std::clamp(value / scale_max, 0.0, 1.0); };
    std::string svg = "<svg role=\"img\" aria-label=\"" + escape(label) + "\" viewBox=\"0 0 " + px(width_px) + ' ' +
                      px(height) + "\" width=\"" + px(width_px) + "\" height=\"" + px(height) + "\">\n";
    svg += "<g font-size=\"12\">";
    for (std::size_t index = 0; index < bars.size(); ++index) {
        const Bar& bar = bars[index];
        const double top = 4.0 + row_px * static_cast<double>(index);
        svg += "<text x=\"" + px(label_px - 6) + "\" y=\"" + px(top + 15) + "\" text-anchor=\"end\">" +
               escape(bar.label) + "</text>";
        svg += "<rect x=\"" + px(label_px) + "\" y=\"" + px(top + 3) + "\" width=\"" + px(plot_px) +
               "\" height=\"16\" fill=\"#f0f0f0\"/>";
        svg += "<rect x=\"" + px(label_px) + "\" y=\"" + px(top + 3) + "\" width=\"" + px(at(bar.value) - label_px) +
               "\" height=\"16\" fill=\"" + std::string(bar.colour) + "\"/>";
        for (const std::optional<double>& target : {bar.target_min, bar.target_max}) {
            if (target) {
                svg += "<path d=\"M" + px(at(*target)) + ',' + px(top) + 'V' + px(top + 22) +
                       "\" stroke=\"#111\" stroke-width=\"2.5\"/>";
            }
        }
        svg += "<text x=\"" + px(label_px + plot_px + 6) + "\" y=\"" + px(top + 15) + "\">" + escape(bar.value_text) +
               "</text>";
    }
    svg += "</g>\n</svg>\n";
    return svg;
}

} // namespace lifecircle::report
