#include "lifecircle/indicators.hpp"

#include <algorithm>
#include <cctype>

namespace lifecircle {

const char* to_string(IndicatorKind kind) {
    switch (kind) {
    case IndicatorKind::population_coverage:
        return "population_coverage";
    case IndicatorKind::unit_coverage:
        return "unit_coverage";
    case IndicatorKind::capacity_per_demand:
        return "capacity_per_demand";
    case IndicatorKind::attribute_ratio:
        return "attribute_ratio";
    case IndicatorKind::unit_attribute_range:
        return "unit_attribute_range";
    }
    return "unknown";
}

void judge(TargetResult& result) {
    result.gap = 0.0;
    if (!result.value) {
        result.met = false;
        return;
    }
    const double value = *result.value;
    const double tolerance = 1e-12 * std::max(1.0, std::abs(value));
    if (result.spec.min && value < *result.spec.min - tolerance) {
        result.gap = *result.spec.min - value;
    } else if (result.spec.max && value > *result.spec.max + tolerance) {
        result.gap = value - *result.spec.max;
    }
    result.met = result.gap == 0.0;
}

} // namespace lifecircle
