#pragma once
// What the siting tests share: every K-subset, and random coverage sets.

#include "lifecircle/coverage.hpp"

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

namespace lifecircle::test {

// Calls visit(subset) for every k-subset of 0..n-1, in lexicographic order.
inline void for_each_subset(std::uint32_t n, std::uint32_t k,
                            const std::function<void(const std::vector<std::uint32_t>&)>& visit) {
    std::vector<std::uint32_t> subset;
    const std::function<void(std::uint32_t)> extend = [&](std::uint32_t next) {
        if (subset.size() == k) {
            visit(subset);
            return;
        }
        for (std::uint32_t candidate = next; candidate < n; ++candidate) {
            subset.push_back(candidate);
            extend(candidate + 1);
            subset.pop_back();
        }
    };
    extend(0);
}

// Each source reaches each point with a probability drawn per source from
// [low, low + spread); `cost` gives the cost of each pair it keeps.
inline ReachSets random_reach(std::mt19937_64& random, std::uint32_t sources, std::uint32_t points,
                                          double low, double spread, const std::function<double()>& cost) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    ReachSets reach;
    for (std::uint32_t source = 0; source < sources; ++source) {
        const double density = low + spread * unit(random);
        for (std::uint32_t point = 0; point < points; ++point) {
            if (unit(random) < density) {
                reach.demand.push_back(point);
                reach.cost.push_back(cost());
            }
        }
        reach.offsets.push_back(reach.demand.size());
    }
    return reach;
}

} // namespace lifecircle::test
