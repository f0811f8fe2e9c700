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

const char* to_string(TownshipKind kind) {
    switch (kind) {
    case TownshipKind::sub_district:
        return "sub_district";
    case TownshipKind::town:
        return "town";
    case TownshipKind::township:
        return "township";
    }
    return "unknown";
}

std::optional<TownshipKind> township_kind(const std::string& code) {
    if ((code.size() != 9 && code.size() != 12) ||
        !std::all_of(code.begin(), code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        return std::nullopt;
    }
    const int township = std::stoi(code.substr(6, 3));
    if (township >= 1 && township <= 99) {
        return TownshipKind::sub_district;
    }
    if (township >= 100 && township <= 199) {
        return TownshipKind::town;
    }
    if (township >= 200 && township <= 399) {
        return TownshipKind::township;
    }
    return std::nullopt; // 400-599 and beyond: other township-level units (farms, development zones)
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
