// P-median against exhaustive enumeration of every K-subset, costs computed
// directly from the definition.

#include "lifecircle/siting.hpp"

#include "siting_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <random>

using namespace lifecircle;

namespace {

constexpr double unreachable = std::numeric_limits<double>::infinity();

MedianInstance random_instance(std::mt19937_64& random, std::uint32_t candidates, std::uint32_t points) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    MedianInstance instance;
    instance.cost_cap = 1000.0;
    for (std::uint32_t point = 0; point < points; ++point) {
        instance.weight.push_back(point % 5 == 0 ? 0.0 : 1.0 + 9.0 * unit(random));
        instance.existing_cost.push_back(unit(random) < 0.3 ? 200.0 + 1200.0 * unit(random) : unreachable);
    }
    // Costs in steps of 50 m, so that equal costs (ties) occur.
    instance.candidates = test::random_reach(random, candidates, points, 0.1, 0.5,
                                             [&] { return std::floor(1000.0 * unit(random) / 50.0) * 50.0; });
    return instance;
}

// The definition: each point pays the least of the cap, its existing cost and
// the costs of the chosen sites that reach it.
double total_cost(const MedianInstance& instance, const std::vector<std::uint32_t>& sites) {
    std::vector<double> cost(instance.weight.size());
    for (std::size_t point = 0; point < cost.size(); ++point) {
        cost[point] = std::min(instance.cost_cap, instance.existing_cost[point]);
    }
    for (const std::uint32_t site : sites) {
        for (auto i = instance.candidates.offsets[site]; i < instance.candidates.offsets[site + 1]; ++i) {
            double& point_cost = cost[instance.candidates.demand[i]];
            point_cost = std::min(point_cost, instance.candidates.cost[i]);
        }
    }
    double total = 0.0;
    for (std::size_t point = 0; point < cost.size(); ++point) {
        total += instance.weight[point] * cost[point];
    }
    return total;
}

double exhaustive_optimum(const MedianInstance& instance, std::uint32_t candidates, std::uint32_t k) {
    double best = std::numeric_limits<double>::infinity();
    test::for_each_subset(candidates, k, [&](const std::vector<std::uint32_t>& subset) {
        best = std::min(best, total_cost(instance, subset));
    });
    return best;
}

} // namespace

TEST_CASE("p-median: greedy plus swap against every K-subset; the bound never rises above the optimum") {
    std::mt19937_64 random(23);
    int instances = 0;
    int optimal = 0;
    double worst_excess = 0.0;
    double worst_gap = 0.0;
    for (int round = 0; round < 300; ++round) {
        const std::uint32_t candidates = 5 + static_cast<std::uint32_t>(round % 9);
        const std::uint32_t k = 1 + static_cast<std::uint32_t>(round % 4);
        const MedianInstance instance = random_instance(random, candidates, 20 + static_cast<std::uint32_t>(round % 25));
        const double optimum = exhaustive_optimum(instance, candidates, k);
        const MedianAnswer answer = p_median(instance, k);
        INFO("round " << round << ", " << candidates << " candidates, K = " << k);
        REQUIRE(answer.cost_before == doctest::Approx(total_cost(instance, {})).epsilon(1e-12));
        REQUIRE(answer.cost_after == doctest::Approx(total_cost(instance, answer.sites)).epsilon(1e-12));
        REQUIRE(answer.cost_after >= optimum - 1e-9);
        REQUIRE(answer.lower_bound <= optimum + 1e-9 * optimum);
        REQUIRE(answer.sites.size() <= k);
        // Savings add up, each given the sites before it, largest first.
        double running = answer.cost_before;
        for (std::size_t i = 0; i < answer.sites.size(); ++i) {
            running -= answer.marginal_gain[i];
            REQUIRE((i == 0 || answer.marginal_gain[i] <= answer.marginal_gain[i - 1] + 1e-9));
        }
        REQUIRE(running == doctest::Approx(answer.cost_after).epsilon(1e-12));
        ++instances;
        optimal += answer.cost_after <= optimum + 1e-9 ? 1 : 0;
        worst_excess = std::max(worst_excess, (answer.cost_after - optimum) / optimum);
        worst_gap = std::max(worst_gap, answer.gap());
    }
    MESSAGE("p-median optimal on " << optimal << " of " << instances << "; worst excess " << 100.0 * worst_excess
                                   << "%; worst reported gap " << 100.0 * worst_gap << "%");
    CHECK(optimal >= instances * 95 / 100);
    CHECK(worst_excess < 0.05);
}

TEST_CASE("p-median: costs are capped, existing facilities stay, and a site only counts where it beats them") {
    // Points 0-2 of weight 1. Existing facility: point 0 at 100 m, others none.
    // Candidate 0 reaches point 0 at 300 m (worse than existing) and point 1 at
    // 400 m; candidate 1 reaches point 2 at 200 m. Cap 1,000 m.
    MedianInstance instance;
    instance.cost_cap = 1000.0;
    instance.weight = {1, 1, 1};
    instance.existing_cost = {100, unreachable, unreachable};
    instance.candidates.offsets = {0, 2, 3};
    instance.candidates.demand = {0, 1, 2};
    instance.candidates.cost = {300, 400, 200};
    const MedianAnswer answer = p_median(instance, 1);
    CHECK(answer.cost_before == 2100.0); // 100 + 1000 + 1000
    CHECK(answer.demand_at_cap_before == 2.0);
    CHECK(answer.sites == std::vector<std::uint32_t>{1}); // saves 800, against 600
    CHECK(answer.marginal_gain == std::vector<double>{800.0});
    CHECK(answer.cost_after == 1300.0);
    CHECK(answer.demand_at_cap_after == 1.0);
    CHECK(answer.lower_bound == doctest::Approx(1300.0));

    const MedianAnswer both = p_median(instance, 5); // more than the candidates
    CHECK(both.sites.size() == 2);
    CHECK(both.cost_after == 700.0);
    CHECK(both.gap() == 0.0);
}
