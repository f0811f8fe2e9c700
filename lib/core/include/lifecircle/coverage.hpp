#pragma once
// Straight-line ("radius") coverage: each demand point's distance to its
// nearest facility and the weight within a threshold, overall and per unit.

#include "lifecircle/core_export.hpp"
#include "lifecircle/geo.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace lifecircle {

inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

struct CoverageTotals {
    double demand_total = 0.0;
    double demand_covered = 0.0;
    std::uint64_t points_total = 0;
    std::uint64_t points_covered = 0;
    void add(double weight, bool covered) noexcept {
        demand_total += weight;
        ++points_total;
        if (covered) {
            demand_covered += weight;
            ++points_covered;
        }
    }
    // Share of demand covered; 0 when there is no demand at all.
    [[nodiscard]] double covered_share() const noexcept {
        return demand_total > 0.0 ? demand_covered / demand_total : 0.0;
    }
};

struct NearestFacilityCosts {
    std::vector<double> cost_m;                  // +infinity when there is no facility
    std::vector<std::uint32_t> nearest_facility; // index into the facilities, or no_index
};

// Straight-line distance from every demand point to its nearest facility
// (Boost.Geometry R-tree). Ties go to the lower facility index, so results do
// not depend on tree layout.
LIFECIRCLE_CORE_EXPORT NearestFacilityCosts nearest_facility_by_radius(std::span<const PlanarPoint> demand,
                                                                       std::span<const PlanarPoint> facilities);

// For every source (facility or candidate site), the demand points it reaches
// within a bound, with costs, sorted by demand index: source s holds
// demand[offsets[s], offsets[s+1]). Built by reach_by_radius (straight line)
// or reach_sets (walking network, travel.hpp).
struct ReachSets {
    std::vector<std::uint64_t> offsets{0};
    std::vector<std::uint32_t> demand;
    std::vector<double> cost;
};

LIFECIRCLE_CORE_EXPORT ReachSets reach_by_radius(std::span<const PlanarPoint> demand,
                                                 std::span<const PlanarPoint> sources, Metres radius);

// A demand point is covered when its cost is at most the threshold.
LIFECIRCLE_CORE_EXPORT CoverageTotals summarise_coverage(std::span<const double> cost_m,
                                                         std::span<const double> weights, Metres threshold);

// Which unit each demand point lies in (covered_by: a point on a shared border
// goes to the lowest-index unit containing it), no_index when none.
struct UnitAssignment {
    std::vector<std::uint32_t> unit_of_point;
    std::uint64_t points_outside = 0;
    double weight_outside = 0.0;
    // Inside two or more units, not merely on a shared border: the units
    // overlap, and these points count only in the first of them.
    std::uint64_t points_in_several = 0;
    double weight_in_several = 0.0;
};

LIFECIRCLE_CORE_EXPORT UnitAssignment assign_to_units(std::span<const PlanarPoint> demand,
                                                      std::span<const double> weights,
                                                      std::span<const PlanarMultiPolygon> units);

// A unit no plan could mean: not a valid polygon (self-intersecting, say), or
// wider or taller than max_unit_extent, or with coordinates that did not
// project. Coverage by unit is still computed; the run warns and points to
// check-boundaries, which says exactly what is wrong.
inline constexpr Metres max_unit_extent{1'000'000.0};

struct ImplausibleUnit {
    std::uint32_t unit = 0;
    std::string reason;
};

LIFECIRCLE_CORE_EXPORT std::vector<ImplausibleUnit> implausible_units(std::span<const PlanarMultiPolygon> units);

// The unit each point (a facility, a candidate) lies in, no_index when none;
// the same rule as assign_to_units.
LIFECIRCLE_CORE_EXPORT std::vector<std::uint32_t> units_containing(std::span<const PlanarPoint> points,
                                                                   std::span<const PlanarMultiPolygon> units);

// Coverage totals per unit, from the assignment and the per-point costs.
LIFECIRCLE_CORE_EXPORT std::vector<CoverageTotals> coverage_by_unit(const UnitAssignment& assignment,
                                                                    std::size_t unit_count,
                                                                    std::span<const double> cost_m,
                                                                    std::span<const double> weights, Metres threshold);

} // namespace lifecircle
