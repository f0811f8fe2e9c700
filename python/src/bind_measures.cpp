// Straight-line costs, coverage overall and per unit, 2SFCA, Gini and Palma.

#include "arrays.hpp"
#include "bindings.hpp"

#include "lifecircle/accessibility.hpp"
#include "lifecircle/coverage.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/working_crs.hpp"

#include <pybind11/stl.h>

#include <cmath>

namespace lifecircle::python {
namespace {

py::dict totals_to_python(const CoverageTotals& totals) {
    py::dict result;
    result["demand_total"] = totals.demand_total;
    result["demand_covered"] = totals.demand_covered;
    result["points_total"] = totals.points_total;
    result["points_covered"] = totals.points_covered;
    result["covered_share"] = totals.covered_share();
    return result;
}

Metres threshold_metres(double value) {
    if (!std::isfinite(value) || value < 0.0) {
        argument_error("threshold", "must be a finite number of metres, at least 0");
    }
    return Metres{value};
}

// Demand weights: finite and not negative, one per point.
std::span<const double> weights_of(const InArray<double>& weights, py::ssize_t points, const char* argument) {
    const std::span<const double> values_read = values(weights, argument, points);
    for (std::size_t i = 0; i < values_read.size(); ++i) {
        if (!std::isfinite(values_read[i]) || values_read[i] < 0.0) {
            argument_error(argument, "value " + std::to_string(i) + " is not a finite number of at least 0");
        }
    }
    return values_read;
}

// Unit polygons as WKB: in WGS 84 and projected by io as a scenario's units
// are when `crs` is given, else already in the points' planar CRS.
std::vector<PlanarMultiPolygon> unit_polygons(const std::vector<py::bytes>& units, const WorkingCrs* crs) {
    std::vector<std::vector<unsigned char>> wkb;
    wkb.reserve(units.size());
    for (const py::bytes& unit : units) {
        const std::string_view bytes = unit;
        wkb.emplace_back(bytes.begin(), bytes.end());
    }
    return crs != nullptr ? project_polygons(wkb, *crs) : planar_polygons(wkb, ErrorContext{}.with_field("units"));
}

DistanceDecay decay_named(const std::string& decay, Metres catchment,
                          const std::optional<std::vector<std::pair<double, double>>>& steps) {
    if (decay == "2sfca" || decay == "none") {
        return DistanceDecay{};
    }
    if (decay == "gaussian" || decay == "e2sfca_gaussian") {
        return DistanceDecay{DistanceDecay::Kind::gaussian, {}};
    }
    if (decay == "steps" || decay == "e2sfca_steps") {
        if (!steps) {
            return luo_qi_steps(catchment);
        }
        DistanceDecay stepped{DistanceDecay::Kind::steps, *steps};
        if (stepped.steps.empty() || !std::is_sorted(stepped.steps.begin(), stepped.steps.end())) {
            argument_error("steps", "must be (upper bound in metres, weight) pairs in ascending order");
        }
        return stepped;
    }
    argument_error("decay", "is '" + decay + "'; it must be '2sfca', 'e2sfca_steps' or 'e2sfca_gaussian'");
}

} // namespace

void bind_measures(py::module_& module) {
    module.attr("NO_INDEX") = no_index;
    module.def(
        "nearest_facility_by_radius",
        [](const InArray<double>& demand, const InArray<double>& facilities) {
            const auto demand_points = planar_points(demand, "demand");
            const auto facility_points = planar_points(facilities, "facilities");
            NearestFacilityCosts costs = [&] {
                const py::gil_scoped_release release;
                return nearest_facility_by_radius(demand_points, facility_points);
            }();
            return py::make_tuple(to_numpy(std::move(costs.cost_m)), to_numpy(std::move(costs.nearest_facility)));
        },
        py::arg("demand"), py::arg("facilities"),
        "Straight-line distance (m) from each demand point to its nearest facility, and that facility's index");
    module.def(
        "reach_by_radius",
        [](const InArray<double>& demand, const InArray<double>& sources, double radius) {
            const auto demand_points = planar_points(demand, "demand");
            const auto source_points = planar_points(sources, "sources");
            const Metres within = threshold_metres(radius);
            const py::gil_scoped_release release;
            return reach_by_radius(demand_points, source_points, within);
        },
        py::arg("demand"), py::arg("sources"), py::arg("radius"),
        "For every source, the demand points within radius in a straight line, with distances");
    module.def(
        "summarise_coverage",
        [](const InArray<double>& cost, const InArray<double>& weights, double threshold) {
            const auto costs = values(cost, "cost");
            return totals_to_python(
                summarise_coverage(costs, weights_of(weights, static_cast<py::ssize_t>(costs.size()), "weights"),
                                   threshold_metres(threshold)));
        },
        py::arg("cost"), py::arg("weights"), py::arg("threshold"),
        "Demand within threshold (m): totals, covered, and the covered share");
    module.def(
        "coverage_by_unit",
        [](const InArray<double>& demand, const InArray<double>& weights, const InArray<double>& cost,
           const std::vector<py::bytes>& units, double threshold, const WorkingCrs* crs) {
            const auto points = planar_points(demand, "demand");
            const auto demand_weights = weights_of(weights, static_cast<py::ssize_t>(points.size()), "weights");
            const auto costs = values(cost, "cost", static_cast<py::ssize_t>(points.size()));
            const std::vector<PlanarMultiPolygon> polygons = unit_polygons(units, crs);
            const Metres within = threshold_metres(threshold);
            UnitAssignment assignment;
            std::vector<CoverageTotals> by_unit;
            {
                const py::gil_scoped_release release;
                assignment = assign_to_units(points, demand_weights, polygons);
                by_unit = coverage_by_unit(assignment, polygons.size(), costs, demand_weights, within);
            }
            py::list totals;
            for (const CoverageTotals& unit : by_unit) {
                totals.append(totals_to_python(unit));
            }
            py::dict result;
            result["units"] = totals;
            result["unit_of_point"] = to_numpy(std::move(assignment.unit_of_point));
            result["points_outside"] = assignment.points_outside;
            result["weight_outside"] = assignment.weight_outside;
            result["points_in_several"] = assignment.points_in_several;
            result["weight_in_several"] = assignment.weight_in_several;
            return result;
        },
        py::arg("demand"), py::arg("weights"), py::arg("cost"), py::arg("units"), py::arg("threshold"),
        py::arg("crs") = nullptr,
        "Coverage per unit: units are WKB (multi)polygons in the demand's CRS, or in WGS 84 when crs (the "
        "demand's WorkingCrs) is given; a point on a shared border "
        "counts in the first unit");
    module.def(
        "two_step_floating_catchment",
        [](const InArray<double>& weights, const InArray<double>& capacity, const ReachSets& reach, double catchment,
           const std::string& decay, const std::optional<std::vector<std::pair<double, double>>>& steps) {
            const auto capacities = values(capacity, "capacity", static_cast<py::ssize_t>(reach.offsets.size() - 1));
            const auto demand_weights = values(weights, "weights");
            for (const std::uint32_t point : reach.demand) {
                if (point >= demand_weights.size()) {
                    argument_error("reach", "names demand point " + std::to_string(point) + " of " +
                                                std::to_string(demand_weights.size()));
                }
            }
            const Metres within = threshold_metres(catchment);
            const DistanceDecay weighting = decay_named(decay, within, steps);
            FloatingCatchment access = [&] {
                const py::gil_scoped_release release;
                return two_step_floating_catchment(demand_weights, capacities, reach, within, weighting);
            }();
            return py::make_tuple(to_numpy(std::move(access.supply_ratio)), to_numpy(std::move(access.access)));
        },
        py::arg("weights"), py::arg("capacity"), py::arg("reach"), py::arg("catchment"), py::arg("decay") = "2sfca",
        py::arg("steps") = py::none(),
        "2SFCA (decay '2sfca') or enhanced 2SFCA ('e2sfca_steps', 'e2sfca_gaussian'): each facility's supply "
        "ratio and each person's access (capacity per person)");
    module.def(
        "gini",
        [](const InArray<double>& values_held, const InArray<double>& weights) {
            const auto held = values(values_held, "values");
            return gini(held, weights_of(weights, static_cast<py::ssize_t>(held.size()), "weights"));
        },
        py::arg("values"), py::arg("weights"), "Gini coefficient of values held by weights people, in [0, 1]");
    module.def(
        "palma",
        [](const InArray<double>& values_held, const InArray<double>& weights) {
            const auto held = values(values_held, "values");
            return palma(held, weights_of(weights, static_cast<py::ssize_t>(held.size()), "weights"));
        },
        py::arg("values"), py::arg("weights"), "Palma ratio: top 10 % share over bottom 40 % share");
}

} // namespace lifecircle::python
