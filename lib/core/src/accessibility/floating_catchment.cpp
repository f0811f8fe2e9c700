#include "lifecircle/accessibility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lifecircle {

double DistanceDecay::weight(double cost, double catchment) const {
    if (cost > catchment) {
        return 0.0;
    }
    switch (kind) {
    case Kind::none:
        return 1.0;
    case Kind::steps:
        for (const auto& [upper, step_weight] : steps) {
            if (cost <= upper) {
                return step_weight;
            }
        }
        return 0.0;
    case Kind::gaussian: {
        const double edge = std::exp(-0.5);
        const double ratio = cost / catchment;
        return (std::exp(-0.5 * ratio * ratio) - edge) / (1.0 - edge);
    }
    }
    return 0.0;
}

DistanceDecay luo_qi_steps(Metres catchment) {
    DistanceDecay decay;
    decay.kind = DistanceDecay::Kind::steps;
    decay.steps = {{catchment.value / 3.0, 1.0}, {2.0 * catchment.value / 3.0, 0.68}, {catchment.value, 0.22}};
    return decay;
}

FloatingCatchment two_step_floating_catchment(std::span<const double> demand_weight, std::span<const double> capacity,
                                              const ReachSets& reach, Metres catchment, const DistanceDecay& decay) {
    FloatingCatchment result;
    const std::size_t facility_count = reach.offsets.size() - 1;
    result.supply_ratio.assign(facility_count, 0.0);
    result.access.assign(demand_weight.size(), 0.0);
    for (std::size_t facility = 0; facility < facility_count; ++facility) {
        double weighted_demand = 0.0;
        for (std::uint64_t i = reach.offsets[facility]; i < reach.offsets[facility + 1]; ++i) {
            weighted_demand += decay.weight(reach.cost[i], catchment.value) * demand_weight[reach.demand[i]];
        }
        result.supply_ratio[facility] = weighted_demand > 0.0 ? capacity[facility] / weighted_demand : 0.0;
    }
    for (std::size_t facility = 0; facility < facility_count; ++facility) {
        for (std::uint64_t i = reach.offsets[facility]; i < reach.offsets[facility + 1]; ++i) {
            result.access[reach.demand[i]] +=
                decay.weight(reach.cost[i], catchment.value) * result.supply_ratio[facility];
        }
    }
    return result;
}

namespace {

// People sorted by value: (value, weight), ascending, without weightless entries.
std::vector<std::pair<double, double>> sorted_people(std::span<const double> values, std::span<const double> weights) {
    std::vector<std::pair<double, double>> people;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (weights[i] > 0.0) {
            people.emplace_back(values[i], weights[i]);
        }
    }
    std::sort(people.begin(), people.end());
    return people;
}

// The total held by the people between population shares `from` and `to`
// (in ascending order of value), splitting a group where a boundary falls.
double held_between(const std::vector<std::pair<double, double>>& people, double population, double from, double to) {
    double before = 0.0;
    double held = 0.0;
    for (const auto& [value, weight] : people) {
        const double start = before / population;
        const double end = (before + weight) / population;
        const double overlap = std::max(0.0, std::min(end, to) - std::max(start, from));
        held += value * overlap * population;
        before += weight;
    }
    return held;
}

} // namespace

double gini(std::span<const double> values, std::span<const double> weights) {
    const auto people = sorted_people(values, weights);
    double population = 0.0;
    double total = 0.0;
    for (const auto& [value, weight] : people) {
        population += weight;
        total += value * weight;
    }
    if (population <= 0.0 || total <= 0.0) {
        return 0.0;
    }
    // One minus twice the area under the Lorenz curve (trapezoids per group).
    double cumulative = 0.0;
    double area = 0.0;
    for (const auto& [value, weight] : people) {
        const double next = cumulative + value * weight / total;
        area += (weight / population) * (cumulative + next) / 2.0;
        cumulative = next;
    }
    return 1.0 - 2.0 * area;
}

double palma(std::span<const double> values, std::span<const double> weights) {
    const auto people = sorted_people(values, weights);
    const double population =
        std::accumulate(people.begin(), people.end(), 0.0, [](double sum, const auto& p) { return sum + p.second; });
    if (population <= 0.0) {
        return 0.0;
    }
    const double bottom = held_between(people, population, 0.0, 0.4);
    const double top = held_between(people, population, 0.9, 1.0);
    if (bottom <= 0.0) {
        return top > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
    }
    return top / bottom;
}

} // namespace lifecircle
