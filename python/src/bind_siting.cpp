// The siting models: maximal covering, set covering, p-median and
// capacitated coverage, each with its bound and gap.

#include "arrays.hpp"
#include "bindings.hpp"

#include "lifecircle/siting.hpp"

#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <stdexcept>

namespace lifecircle::python {
namespace {

std::vector<double> demand_weights(const InArray<double>& weights) {
    const auto read = values(weights, "weights");
    for (std::size_t i = 0; i < read.size(); ++i) {
        if (!std::isfinite(read[i]) || read[i] < 0.0) {
            argument_error("weights", "value " + std::to_string(i) + " is not a finite number of at least 0");
        }
    }
    return {read.begin(), read.end()};
}

const ReachSets& reach_over(const ReachSets& reach, std::size_t points, const char* argument) {
    for (const std::uint32_t point : reach.demand) {
        if (point >= points) {
            argument_error(argument, "names demand point " + std::to_string(point) + ", but weights has " +
                                         std::to_string(points));
        }
    }
    return reach;
}

std::vector<double> capacities(const InArray<double>& capacity, const ReachSets& sources, const char* argument) {
    const auto read = values(capacity, argument, static_cast<py::ssize_t>(sources.offsets.size() - 1));
    for (const double value : read) {
        if (!std::isfinite(value) || value < 0.0) {
            argument_error(argument, "must be finite and at least 0");
        }
    }
    return {read.begin(), read.end()};
}

// Weights, candidates and the demand existing facilities already cover, as the coverage models take them.
CoverageInstance coverage_instance(const InArray<double>& weights, const ReachSets& candidates,
                                   const std::optional<InArray<bool>>& covered_by_existing) {
    CoverageInstance instance;
    instance.weight = demand_weights(weights);
    instance.candidates = reach_over(candidates, instance.weight.size(), "candidates");
    instance.covered_by_existing.assign(instance.weight.size(), false);
    if (covered_by_existing) {
        const auto covered =
            values(*covered_by_existing, "covered_by_existing", static_cast<py::ssize_t>(instance.weight.size()));
        instance.covered_by_existing.assign(covered.begin(), covered.end());
    }
    return instance;
}

// The models' own argument checks (K below the required units, say) as lifecircle.Error.
template <class Solve>
auto solve(Solve&& model) {
    try {
        const py::gil_scoped_release release;
        return std::forward<Solve>(model)();
    } catch (const std::invalid_argument& refused) {
        throw Error(ExitCode::usage, ErrorContext{}, refused.what());
    }
}

void add_ranked(py::dict& result, const RankedSites& ranked) {
    result["sites"] = to_numpy(std::vector<std::uint32_t>(ranked.sites));
    result["marginal_gain"] = to_numpy(std::vector<double>(ranked.marginal_gain));
}

void add_chosen(py::dict& result, const ChosenSites& chosen) {
    add_ranked(result, chosen);
    result["total_demand"] = chosen.total_demand;
    result["covered_before"] = chosen.covered_before;
    result["covered_after"] = chosen.covered_after;
}

} // namespace

void bind_siting(py::module_& module) {
    module.def(
        "maximal_covering",
        [](const InArray<double>& weights, const ReachSets& candidates, std::uint32_t k,
           std::optional<InArray<bool>> covered_by_existing, std::optional<InArray<std::uint32_t>> unit_of_candidate,
           std::optional<std::vector<std::uint32_t>> required_units, std::uint32_t bound_iterations) {
            CoverageInstance instance = coverage_instance(weights, candidates, covered_by_existing);
            if (unit_of_candidate.has_value() != required_units.has_value()) {
                argument_error("required_units", "unit_of_candidate and required_units come together");
            }
            if (unit_of_candidate) {
                const auto units = values(*unit_of_candidate, "unit_of_candidate",
                                          static_cast<py::ssize_t>(candidates.offsets.size() - 1));
                instance.one_per_unit = UnitRequirement{{units.begin(), units.end()}, *required_units};
            }
            const SitingOptions options{bound_iterations};
            const SitingAnswer answer = solve([&] { return maximal_covering(instance, k, options); });
            py::dict result;
            add_chosen(result, answer);
            result["upper_bound"] = answer.upper_bound;
            result["gap"] = answer.gap();
            result["swaps"] = answer.swaps;
            result["merged_columns"] = answer.merged_columns;
            result["units_without_candidate"] = answer.units_without_candidate;
            return result;
        },
        py::arg("weights"), py::arg("candidates"), py::arg("k"), py::arg("covered_by_existing") = py::none(),
        py::arg("unit_of_candidate") = py::none(), py::arg("required_units") = py::none(),
        py::arg("bound_iterations") = 300,
        "K sites covering the most demand not yet covered, with an upper bound on the optimum and the gap; "
        "optionally at least one site in each required unit");
    module.def(
        "set_covering",
        [](const InArray<double>& weights, const ReachSets& candidates, double target_share,
           std::optional<InArray<bool>> covered_by_existing, std::uint32_t bound_iterations) {
            if (!(target_share >= 0.0 && target_share <= 1.0)) {
                argument_error("target_share", "must lie between 0 and 1");
            }
            CoverageInstance instance = coverage_instance(weights, candidates, covered_by_existing);
            const SitingOptions options{bound_iterations};
            const SetCoveringAnswer answer = solve([&] { return set_covering(instance, target_share, options); });
            py::dict result;
            add_chosen(result, answer);
            result["target_demand"] = answer.target_demand;
            result["target_reached"] = answer.target_reached;
            result["fewest_possible"] = answer.fewest_possible;
            result["gap"] = answer.gap();
            return result;
        },
        py::arg("weights"), py::arg("candidates"), py::arg("target_share"), py::arg("covered_by_existing") = py::none(),
        py::arg("bound_iterations") = 300,
        "The fewest sites that bring the covered share to target_share, with a lower bound on how few can");
    module.def(
        "p_median",
        [](const InArray<double>& weights, const ReachSets& candidates, std::uint32_t k, double cost_cap,
           std::optional<InArray<double>> existing_cost, std::uint32_t bound_iterations) {
            if (!std::isfinite(cost_cap) || cost_cap <= 0.0) {
                argument_error("cost_cap", "must be a finite number of metres above 0");
            }
            MedianInstance instance;
            instance.weight = demand_weights(weights);
            instance.candidates = reach_over(candidates, instance.weight.size(), "candidates");
            instance.cost_cap = cost_cap;
            instance.existing_cost.assign(instance.weight.size(), std::numeric_limits<double>::infinity());
            if (existing_cost) {
                const auto costs =
                    values(*existing_cost, "existing_cost", static_cast<py::ssize_t>(instance.weight.size()));
                instance.existing_cost.assign(costs.begin(), costs.end());
            }
            const SitingOptions options{bound_iterations};
            const MedianAnswer answer = solve([&] { return p_median(instance, k, options); });
            py::dict result;
            add_ranked(result, answer);
            result["total_demand"] = answer.total_demand;
            result["cost_before"] = answer.cost_before;
            result["cost_after"] = answer.cost_after;
            result["lower_bound"] = answer.lower_bound;
            result["gap"] = answer.gap();
            result["demand_at_cap_before"] = answer.demand_at_cap_before;
            result["demand_at_cap_after"] = answer.demand_at_cap_after;
            result["swaps"] = answer.swaps;
            return result;
        },
        py::arg("weights"), py::arg("candidates"), py::arg("k"), py::arg("cost_cap"),
        py::arg("existing_cost") = py::none(), py::arg("bound_iterations") = 300,
        "K sites minimising the demand-weighted walking cost, each cost capped at cost_cap, with a lower bound");
    module.def(
        "capacitated_coverage",
        [](const InArray<double>& weights, const ReachSets& existing, const InArray<double>& existing_capacity,
           const ReachSets& candidates, const InArray<double>& candidate_capacity, std::uint32_t k,
           std::uint32_t bound_iterations) {
            CapacitatedInstance instance;
            instance.weight = demand_weights(weights);
            instance.existing = reach_over(existing, instance.weight.size(), "existing");
            instance.existing_capacity = capacities(existing_capacity, existing, "existing_capacity");
            instance.candidates = reach_over(candidates, instance.weight.size(), "candidates");
            instance.candidate_capacity = capacities(candidate_capacity, candidates, "candidate_capacity");
            const SitingOptions options{bound_iterations};
            CapacitatedAnswer answer = solve([&] { return capacitated_coverage(instance, k, options); });
            py::dict result;
            add_chosen(result, answer);
            result["upper_bound"] = answer.upper_bound;
            result["gap"] = answer.gap();
            result["swaps"] = answer.swaps;
            result["existing_load"] = to_numpy(std::move(answer.existing_load));
            result["site_load"] = to_numpy(std::move(answer.site_load));
            result["served"] = to_numpy(std::move(answer.served));
            return result;
        },
        py::arg("weights"), py::arg("existing"), py::arg("existing_capacity"), py::arg("candidates"),
        py::arg("candidate_capacity"), py::arg("k"), py::arg("bound_iterations") = 300,
        "K sites maximising the demand served within the threshold when every facility serves at most its "
        "capacity (a maximum flow), with an upper bound");
}

} // namespace lifecircle::python
