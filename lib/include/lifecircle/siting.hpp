#pragma once
// Site ranking. Maximal covering: choose K new sites among candidates to cover
// the most demand that existing facilities leave uncovered. Greedy with lazy
// evaluation, then swap local search; every answer carries an upper bound on
// the optimum (Lagrangian relaxation) and so its optimality gap.

#include "lifecircle/travel.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace lifecircle {

struct CoverageInstance {
    std::vector<double> weight;            // per demand point
    std::vector<bool> covered_by_existing; // per demand point; existing facilities stay fixed
    ReachSets candidates;                  // candidate -> demand points within the threshold
};

struct SitingOptions {
    std::uint32_t bound_iterations = 300; // subgradient steps for the upper bound
};

struct SitingAnswer {
    std::vector<std::uint32_t> sites;  // chosen candidates, in order of marginal gain
    std::vector<double> marginal_gain; // demand each adds, given the ones before it
    double total_demand = 0.0;
    double covered_before = 0.0; // by the existing facilities
    double covered_after = 0.0;
    double upper_bound = 0.0;                   // no choice of K sites covers more than this
    [[nodiscard]] double gap() const noexcept { // (upper bound - answer) / upper bound
        return upper_bound > 0.0 ? std::max(0.0, upper_bound - covered_after) / upper_bound
                                 : 0.0; // 0 when proven optimal
    }
    std::uint32_t swaps = 0;          // improving exchanges the local search made
    std::uint32_t merged_columns = 0; // demand groups after merging points with the same candidates
};

// Fewer than K sites are returned when no further candidate adds demand.
SitingAnswer maximal_covering(const CoverageInstance& instance, std::uint32_t k, const SitingOptions& options = {});

} // namespace lifecircle
