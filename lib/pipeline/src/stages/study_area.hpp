#pragma once
// The study area (Scenario::study_area): which points lie inside its units,
// and how what was left out is counted. Shared by the demand (load_inputs)
// and the siting candidates (site).

#include "lifecircle/stages.hpp"

#include <string>
#include <vector>

namespace lifecircle::detail {

// Whether each point lies inside one of the area's units (the rule of assign_to_units).
inline std::vector<bool> inside_study_area(std::span<const PlanarPoint> points, const UnitLevel& area) {
    const std::vector<std::uint32_t> unit_of = units_containing(points, area.planar);
    std::vector<bool> inside(unit_of.size());
    for (std::size_t i = 0; i < unit_of.size(); ++i) {
        inside[i] = unit_of[i] != no_index;
    }
    return inside;
}

// Counts `outside` features as skipped, never silently: skipped.outside_study_area and a warning.
inline void count_outside_study_area(InputReport& report, std::size_t outside, const std::string& warning) {
    if (outside == 0) {
        return;
    }
    report.skipped["outside_study_area"] += outside;
    report.features_used -= std::min<std::uint64_t>(report.features_used, outside);
    report.warnings.push_back(warning);
}

} // namespace lifecircle::detail
