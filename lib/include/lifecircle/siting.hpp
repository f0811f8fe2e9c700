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

// What every siting model answers: the sites and what they add.
struct ChosenSites {
    std::vector<std::uint32_t> sites;  // chosen candidates, in order of marginal gain
    std::vector<double> marginal_gain; // demand each adds, given the ones before it
    double total_demand = 0.0;
    double covered_before = 0.0; // by the existing facilities
    double covered_after = 0.0;
};

struct SitingAnswer : ChosenSites {
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

// Set covering: the fewest new sites that bring the covered share of demand to
// a target. Greedy until the target is met, then sites that became redundant
// are dropped; a lower bound on the number of sites any answer needs comes from
// the maximal-covering bound (K sites proven unable to reach the target).
struct SetCoveringAnswer : ChosenSites {
    double target_demand = 0.0;        // target share x total demand
    bool target_reached = false;       // when false, `sites` is the best reachable: every site that adds demand
    std::uint32_t fewest_possible = 0; // no answer with fewer sites reaches the target
    [[nodiscard]] double gap() const noexcept { // share of sites the bound cannot rule out as unnecessary
        return sites.empty() || !target_reached
                   ? 0.0
                   : static_cast<double>(sites.size() - std::min<std::size_t>(sites.size(), fewest_possible)) /
                         static_cast<double>(sites.size());
    }
};

SetCoveringAnswer set_covering(const CoverageInstance& instance, double target_share,
                               const SitingOptions& options = {});

} // namespace lifecircle
