#pragma once
// Accessibility beyond yes/no: supply-to-demand access by the two-step
// floating catchment area family, and how evenly it is spread (Gini, Palma).

#include "lifecircle/core_export.hpp"
#include "lifecircle/coverage.hpp"

#include <span>
#include <vector>

namespace lifecircle {

// How much a facility-to-person pair counts at cost d within the catchment d0.
struct LIFECIRCLE_CORE_EXPORT DistanceDecay {
    enum class Kind {
        none,     // 2SFCA (Luo and Wang 2003): every pair within d0 counts fully
        steps,    // enhanced 2SFCA (Luo and Qi 2009): weights per cost band
        gaussian, // (exp(-d^2 / 2 d0^2) - exp(-1/2)) / (1 - exp(-1/2)): 1 at 0, 0 at d0
    };
    Kind kind = Kind::none;
    // steps: (upper bound in metres, weight), ascending; a pair beyond the last counts 0.
    std::vector<std::pair<double, double>> steps;

    [[nodiscard]] double weight(double cost, double catchment) const;
};

// The weights Luo and Qi used for 0-10, 10-20 and 20-30 minutes, as thirds of the catchment.
LIFECIRCLE_CORE_EXPORT DistanceDecay luo_qi_steps(Metres catchment);

// Step 1: each facility's supply ratio R_j = capacity_j / sum_k W(d_kj) P_k
// over the people within its catchment. Step 2: each person's access
// A_i = sum_j W(d_ij) R_j over the facilities within the catchment: capacity
// (beds) per person. `reach` is facility -> demand within the catchment, with
// costs. Facilities that reach no one have a ratio of 0.
struct FloatingCatchment {
    std::vector<double> supply_ratio; // per facility
    std::vector<double> access;       // per demand point
};

LIFECIRCLE_CORE_EXPORT FloatingCatchment two_step_floating_catchment(std::span<const double> demand_weight,
                                                                     std::span<const double> capacity,
                                                                     const ReachSets& reach, Metres catchment,
                                                                     const DistanceDecay& decay);

// Inequality of `values` among people (each value held by `weights` people):
// Gini in [0, 1], 0 when all hold the same. 0 when there is nothing to share.
LIFECIRCLE_CORE_EXPORT double gini(std::span<const double> values, std::span<const double> weights);

// Palma ratio: the share of the total held by the top 10 % of people over the
// share held by the bottom 40 % (people split across a value where a
// boundary falls inside it). +infinity when the bottom 40 % hold nothing.
LIFECIRCLE_CORE_EXPORT double palma(std::span<const double> values, std::span<const double> weights);

} // namespace lifecircle
