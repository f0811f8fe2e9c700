#include "lifecircle/coverage.hpp"

#include "coverage/indexed_area.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace lifecircle {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using IndexedPoint = std::pair<PlanarPoint, std::uint32_t>;
using IndexedBox = std::pair<PlanarBox, std::uint32_t>;

double straight_line(PlanarPoint a, PlanarPoint b) {
    const double dx = a.x - b.x;
    const double dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy);
}

} // namespace

NearestFacilityCosts nearest_facility_by_radius(std::span<const PlanarPoint> demand,
                                                std::span<const PlanarPoint> facilities) {
    NearestFacilityCosts result;
    result.cost_m.assign(demand.size(), std::numeric_limits<double>::infinity());
    result.nearest_facility.assign(demand.size(), no_index);
    if (facilities.empty()) {
        return result;
    }
    std::vector<IndexedPoint> indexed;
    indexed.reserve(facilities.size());
    for (std::size_t i = 0; i < facilities.size(); ++i) {
        indexed.emplace_back(facilities[i], static_cast<std::uint32_t>(i));
    }
    const bgi::rtree<IndexedPoint, bgi::rstar<16>> tree(indexed.begin(), indexed.end());

    std::vector<IndexedPoint> found;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        const PlanarPoint point = demand[i];
        found.clear();
        tree.query(bgi::nearest(point, 1), std::back_inserter(found));
        double best = straight_line(point, found.front().first);
        std::uint32_t best_index = found.front().second;
        // Several facilities can be equally near; take the lowest index so the
        // answer does not depend on the tree's internal order.
        const PlanarBox around{{point.x - best, point.y - best}, {point.x + best, point.y + best}};
        found.clear();
        tree.query(bgi::intersects(around), std::back_inserter(found));
        for (const auto& [position, index] : found) {
            const double distance = straight_line(point, position);
            if (distance < best || (distance == best && index < best_index)) {
                best = distance;
                best_index = index;
            }
        }
        result.cost_m[i] = best;
        result.nearest_facility[i] = best_index;
    }
    return result;
}

ReachSets reach_by_radius(std::span<const PlanarPoint> demand, std::span<const PlanarPoint> sources, Metres radius) {
    std::vector<IndexedPoint> indexed;
    indexed.reserve(demand.size());
    for (std::size_t i = 0; i < demand.size(); ++i) {
        indexed.emplace_back(demand[i], static_cast<std::uint32_t>(i));
    }
    const bgi::rtree<IndexedPoint, bgi::rstar<16>> tree(indexed.begin(), indexed.end());
    ReachSets reach;
    std::vector<IndexedPoint> found;
    std::vector<std::pair<std::uint32_t, double>> within;
    for (const PlanarPoint& source : sources) {
        found.clear();
        within.clear();
        const PlanarBox around{{source.x - radius.value, source.y - radius.value},
                               {source.x + radius.value, source.y + radius.value}};
        tree.query(bgi::intersects(around), std::back_inserter(found));
        for (const auto& [position, index] : found) {
            const double distance = straight_line(source, position);
            if (distance <= radius.value) {
                within.emplace_back(index, distance);
            }
        }
        std::sort(within.begin(), within.end());
        for (const auto& [index, distance] : within) {
            reach.demand.push_back(index);
            reach.cost.push_back(distance);
        }
        reach.offsets.push_back(reach.demand.size());
    }
    return reach;
}

CoverageTotals summarise_coverage(std::span<const double> cost_m, std::span<const double> weights, Metres threshold) {
    CoverageTotals totals;
    for (std::size_t i = 0; i < cost_m.size(); ++i) {
        totals.add(weights[i], cost_m[i] <= threshold.value);
    }
    return totals;
}

std::vector<std::uint32_t> units_containing(std::span<const PlanarPoint> points,
                                            std::span<const PlanarMultiPolygon> units) {
    const std::vector<double> no_weights(points.size(), 0.0);
    return assign_to_units(points, no_weights, units).unit_of_point;
}

namespace {

// Why `unit` is not a valid polygon, or nothing. Ring orientation does not
// count: the readers correct it, and Boost would report it before a crossing.
std::string validity_failure(const PlanarMultiPolygon& unit) {
    PlanarMultiPolygon corrected = unit;
    bg::correct(corrected);
    bg::validity_failure_type failure = bg::no_failure;
    if (bg::is_valid(corrected, failure)) {
        return {};
    }
    switch (failure) {
    case bg::failure_self_intersections:
        return "its boundary crosses itself";
    case bg::failure_wrong_orientation: // still, after correct(): a ring with no area
        return "a ring crosses itself or encloses no area";
    case bg::failure_spikes:
        return "it has a spike";
    case bg::failure_intersecting_interiors:
        return "two of its parts overlap";
    case bg::failure_few_points:
    case bg::failure_wrong_topological_dimension:
        return "a ring has too few points";
    case bg::failure_interior_rings_outside:
        return "a hole lies outside it";
    case bg::failure_nested_interior_rings:
        return "a hole lies in another hole";
    case bg::failure_disconnected_interior:
        return "its holes cut it in two";
    default:
        return bg::validity_failure_type_message(failure);
    }
}

} // namespace

UnitAssignment assign_to_units(std::span<const PlanarPoint> demand, std::span<const double> weights,
                               std::span<const PlanarMultiPolygon> units) {
    UnitAssignment assignment;
    assignment.unit_of_point.assign(demand.size(), no_index);
    std::vector<IndexedBox> boxes;
    boxes.reserve(units.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (!units[i].empty()) {
            boxes.emplace_back(bg::return_envelope<PlanarBox>(units[i]), static_cast<std::uint32_t>(i));
        }
    }
    const bgi::rtree<IndexedBox, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
    std::vector<detail::IndexedArea> areas;
    areas.reserve(units.size());
    for (const PlanarMultiPolygon& unit : units) {
        areas.emplace_back(unit);
    }
    std::vector<std::uint8_t> in_several(demand.size(), 0);
    // Points are placed independently, so the answer is the same on any number of threads.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, demand.size(), 4096),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          std::vector<IndexedBox> candidates;
                          for (std::size_t i = range.begin(); i != range.end(); ++i) {
                              candidates.clear();
                              tree.query(bgi::intersects(demand[i]), std::back_inserter(candidates));
                              std::uint32_t unit = no_index;
                              std::size_t covering = 0;
                              for (const auto& [box, index] : candidates) {
                                  if (areas[index].covers(demand[i])) {
                                      unit = std::min(unit, index);
                                      ++covering;
                                  }
                              }
                              assignment.unit_of_point[i] = unit;
                              if (covering > 1) { // on a shared border, or truly inside two units?
                                  std::size_t containing = 0;
                                  for (const auto& [box, index] : candidates) {
                                      containing += areas[index].contains(demand[i]) ? 1U : 0U;
                                  }
                                  in_several[i] = containing > 1 ? 1 : 0;
                              }
                          }
                      });
    // Summed in point order, so the totals do not depend on the threads either.
    for (std::size_t i = 0; i < demand.size(); ++i) {
        if (assignment.unit_of_point[i] == no_index) {
            ++assignment.points_outside;
            assignment.weight_outside += weights[i];
        }
        if (in_several[i] != 0) {
            ++assignment.points_in_several;
            assignment.weight_in_several += weights[i];
        }
    }
    return assignment;
}

std::vector<ImplausibleUnit> implausible_units(std::span<const PlanarMultiPolygon> units) {
    std::vector<ImplausibleUnit> found;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const PlanarMultiPolygon& unit = units[i];
        const auto index = static_cast<std::uint32_t>(i);
        if (unit.empty()) {
            continue;
        }
        const PlanarBox box = bg::return_envelope<PlanarBox>(unit);
        const double extent = std::max(bg::get<bg::max_corner, 0>(box) - bg::get<bg::min_corner, 0>(box),
                                       bg::get<bg::max_corner, 1>(box) - bg::get<bg::min_corner, 1>(box));
        if (!std::isfinite(extent)) {
            found.push_back({index, "has coordinates that do not project into the working CRS"});
        } else if (extent > max_unit_extent.value) {
            found.push_back({index, "is " + to_string(Metres{extent}) +
                                        " across, more than any unit a plan is made for (" +
                                        to_string(max_unit_extent) + ")"});
        } else if (const std::string failure = validity_failure(unit); !failure.empty()) {
            found.push_back({index, "is not a valid polygon (" + failure + ")"});
        }
    }
    return found;
}

std::vector<CoverageTotals> coverage_by_unit(const UnitAssignment& assignment, std::size_t unit_count,
                                             std::span<const double> cost_m, std::span<const double> weights,
                                             Metres threshold) {
    std::vector<CoverageTotals> totals(unit_count);
    for (std::size_t i = 0; i < assignment.unit_of_point.size(); ++i) {
        const std::uint32_t unit = assignment.unit_of_point[i];
        if (unit == no_index) {
            continue;
        }
        totals[unit].add(weights[i], cost_m[i] <= threshold.value);
    }
    return totals;
}

} // namespace lifecircle
