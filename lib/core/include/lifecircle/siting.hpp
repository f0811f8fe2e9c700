#pragma once
// Site ranking: where should new facilities go, with the existing ones kept
// fixed? Four models over candidate coverage sets (ReachSets):
//  - maximal covering: K sites covering the most demand left uncovered,
//    optionally with at least one site in every unit that lacks a facility;
//  - set covering: the fewest sites that bring coverage to a target share;
//  - p-median: K sites minimising the total demand-weighted walking cost;
//  - capacitated coverage: K sites maximising the demand served within the
//    threshold when every facility serves at most its capacity.
// Each is solved by greedy with lazy evaluation and a swap local search, and
// every answer carries a bound on the optimum and so its optimality gap.

#include "lifecircle/core_export.hpp"
#include "lifecircle/coverage.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace lifecircle {

// "At least one per unit": every listed unit that no existing qualifying
// facility serves must get one of the new sites.
struct UnitRequirement {
    std::vector<std::uint32_t> unit_of_candidate; // per candidate: the unit it lies in, or no_index
    std::vector<std::uint32_t> units;             // the units that need a site
};

struct CoverageInstance {
    std::vector<double> weight;            // per demand point
    std::vector<bool> covered_by_existing; // per demand point; existing facilities stay fixed
    ReachSets candidates;                  // candidate -> demand points within the threshold
    std::optional<UnitRequirement> one_per_unit;
};

struct SitingOptions {
    std::uint32_t bound_iterations = 300; // subgradient steps for the bound
};

// The sites a model chose, in order of marginal gain, each with what it adds
// given the sites before it (demand covered, or walking cost saved).
struct RankedSites {
    std::vector<std::uint32_t> sites;
    std::vector<double> marginal_gain;
};

// Coverage models: the demand within the threshold before and after.
struct ChosenSites : RankedSites {
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
    std::uint32_t swaps = 0;                            // improving exchanges the local search made
    std::uint32_t merged_columns = 0;                   // demand groups after merging points with the same candidates
    std::vector<std::uint32_t> units_without_candidate; // required units no candidate lies in
};

// Fewer than K sites are returned when no further candidate adds demand (and
// no required unit is left without a site). With `one_per_unit`, K must be at
// least the number of required units that contain a candidate
// (std::invalid_argument otherwise).
LIFECIRCLE_CORE_EXPORT SitingAnswer maximal_covering(const CoverageInstance& instance, std::uint32_t k,
                                                     const SitingOptions& options = {});

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

LIFECIRCLE_CORE_EXPORT SetCoveringAnswer set_covering(const CoverageInstance& instance, double target_share,
                                                      const SitingOptions& options = {});

// P-median with existing facilities fixed and costs capped: a demand point's
// cost is the least of the cap, its cost to the nearest existing facility, and
// its cost to every chosen candidate whose reach set (built with the cap as
// bound) holds it. The cap keeps people no one can reach within it from
// dominating the objective; they count at the cap, whatever is chosen.
struct MedianInstance {
    std::vector<double> weight;
    std::vector<double> existing_cost; // per demand point; +infinity when no existing facility is within the cap
    ReachSets candidates;              // with costs, bounded by the cap
    double cost_cap = 0.0;
};

struct MedianAnswer : RankedSites { // marginal_gain: weighted cost each site saves
    double total_demand = 0.0;
    double cost_before = 0.0; // sum of weight x capped cost, existing facilities only
    double cost_after = 0.0;
    double lower_bound = 0.0;                   // no choice of K sites costs less than this
    [[nodiscard]] double gap() const noexcept { // (answer - lower bound) / answer
        return cost_after > 0.0 ? std::max(0.0, cost_after - lower_bound) / cost_after : 0.0;
    }
    double demand_at_cap_before = 0.0; // demand no facility reaches within the cap
    double demand_at_cap_after = 0.0;
    std::uint32_t swaps = 0;
};

LIFECIRCLE_CORE_EXPORT MedianAnswer p_median(const MedianInstance& instance, std::uint32_t k,
                                             const SitingOptions& options = {});

// Capacitated coverage: every facility, existing or new, serves demand within
// the threshold up to its capacity; demand may be split between facilities.
// The demand served is a maximum flow from facilities to demand points.
struct CapacitatedInstance {
    std::vector<double> weight;
    ReachSets existing; // existing facility -> demand points within the threshold
    std::vector<double> existing_capacity;
    ReachSets candidates;
    std::vector<double> candidate_capacity;
};

struct CapacitatedAnswer : ChosenSites { // covered_* is the demand served
    double upper_bound = 0.0;
    [[nodiscard]] double gap() const noexcept {
        return upper_bound > 0.0 ? std::max(0.0, upper_bound - covered_after) / upper_bound : 0.0;
    }
    std::uint32_t swaps = 0;
    // The assignment after: demand each existing facility and each chosen
    // site (in `sites` order) serves, and demand served per demand point.
    std::vector<double> existing_load;
    std::vector<double> site_load;
    std::vector<double> served;
};

LIFECIRCLE_CORE_EXPORT CapacitatedAnswer capacitated_coverage(const CapacitatedInstance& instance, std::uint32_t k,
                                                              const SitingOptions& options = {});

} // namespace lifecircle
