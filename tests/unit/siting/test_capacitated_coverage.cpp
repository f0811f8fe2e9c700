// Capacitated coverage: the demand served equals a brute-force minimum cut,
// capacities hold exactly, and greedy plus swap is checked against every
// K-subset.

#include "lifecircle/siting.hpp"

#include "siting_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <random>

using namespace lifecircle;

namespace {

CapacitatedInstance random_instance(std::mt19937_64& random, std::uint32_t existing, std::uint32_t candidates,
                                    std::uint32_t points) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CapacitatedInstance instance;
    for (std::uint32_t point = 0; point < points; ++point) {
        instance.weight.push_back(point % 6 == 0 ? 0.0 : 1.0 + 9.0 * unit(random));
    }
    instance.existing = test::random_reach(random, existing, points, 0.1, 0.4, [] { return 0.0; });
    instance.candidates = test::random_reach(random, candidates, points, 0.1, 0.4, [] { return 0.0; });
    for (std::uint32_t i = 0; i < existing; ++i) {
        instance.existing_capacity.push_back(std::floor(40.0 * unit(random)));
    }
    for (std::uint32_t i = 0; i < candidates; ++i) {
        instance.candidate_capacity.push_back(std::floor(60.0 * unit(random)));
    }
    return instance;
}

// Maximum flow by its dual: the minimum over subsets A of the open facilities
// of capacity(A) + weight of the points some open facility outside A reaches.
double served_by_min_cut(const CapacitatedInstance& instance, const std::vector<std::uint32_t>& sites) {
    std::vector<std::pair<const ReachSets*, std::size_t>> open;
    std::vector<double> capacity;
    for (std::size_t e = 0; e + 1 < instance.existing.offsets.size(); ++e) {
        open.emplace_back(&instance.existing, e);
        capacity.push_back(instance.existing_capacity[e]);
    }
    for (const std::uint32_t site : sites) {
        open.emplace_back(&instance.candidates, site);
        capacity.push_back(instance.candidate_capacity[site]);
    }
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t mask = 0; mask < (1U << open.size()); ++mask) {
        double cut = 0.0;
        std::vector<bool> reached(instance.weight.size(), false);
        for (std::size_t f = 0; f < open.size(); ++f) {
            if ((mask >> f) & 1U) {
                cut += capacity[f];
                continue;
            }
            const auto& [reach, index] = open[f];
            for (auto i = reach->offsets[index]; i < reach->offsets[index + 1]; ++i) {
                reached[reach->demand[i]] = true;
            }
        }
        for (std::size_t point = 0; point < reached.size(); ++point) {
            cut += reached[point] ? instance.weight[point] : 0.0;
        }
        best = std::min(best, cut);
    }
    return best;
}

double exhaustive_optimum(const CapacitatedInstance& instance, std::uint32_t candidates, std::uint32_t k) {
    double best = 0.0;
    test::for_each_subset(candidates, k, [&](const std::vector<std::uint32_t>& subset) {
        best = std::max(best, served_by_min_cut(instance, subset));
    });
    return best;
}

// Every facility's load within its capacity, every point served within its
// weight and only by facilities that reach it, and the loads adding up.
void check_assignment(const CapacitatedInstance& instance, const CapacitatedAnswer& answer) {
    double load_total = 0.0;
    for (std::size_t e = 0; e < answer.existing_load.size(); ++e) {
        REQUIRE(answer.existing_load[e] >= -1e-9);
        REQUIRE(answer.existing_load[e] <= instance.existing_capacity[e] + 1e-9);
        load_total += answer.existing_load[e];
    }
    for (std::size_t i = 0; i < answer.sites.size(); ++i) {
        REQUIRE(answer.site_load[i] <= instance.candidate_capacity[answer.sites[i]] + 1e-9);
        load_total += answer.site_load[i];
    }
    std::vector<bool> reachable(instance.weight.size(), false);
    for (const std::uint32_t point : instance.existing.demand) {
        reachable[point] = true;
    }
    for (const std::uint32_t site : answer.sites) {
        for (auto i = instance.candidates.offsets[site]; i < instance.candidates.offsets[site + 1]; ++i) {
            reachable[instance.candidates.demand[i]] = true;
        }
    }
    double served_total = 0.0;
    for (std::size_t point = 0; point < instance.weight.size(); ++point) {
        REQUIRE(answer.served[point] >= -1e-9);
        REQUIRE(answer.served[point] <= instance.weight[point] + 1e-9);
        if (!reachable[point]) {
            REQUIRE(answer.served[point] == 0.0);
        }
        served_total += answer.served[point];
    }
    REQUIRE(load_total == doctest::Approx(answer.covered_after).epsilon(1e-9));
    REQUIRE(served_total == doctest::Approx(answer.covered_after).epsilon(1e-9));
}

} // namespace

TEST_CASE("capacitated coverage: served demand is the maximum flow, capacities hold, greedy plus swap is near optimal") {
    std::mt19937_64 random(41);
    int instances = 0;
    int optimal = 0;
    double worst_shortfall = 0.0;
    double worst_gap = 0.0;
    for (int round = 0; round < 200; ++round) {
        const std::uint32_t existing = static_cast<std::uint32_t>(round % 4);
        const std::uint32_t candidates = 5 + static_cast<std::uint32_t>(round % 6);
        const std::uint32_t k = 1 + static_cast<std::uint32_t>(round % 3);
        const CapacitatedInstance instance =
            random_instance(random, existing, candidates, 15 + static_cast<std::uint32_t>(round % 20));
        const CapacitatedAnswer answer = capacitated_coverage(instance, k);
        INFO("round " << round << ", " << existing << " existing, " << candidates << " candidates, K = " << k);
        REQUIRE(answer.covered_before == doctest::Approx(served_by_min_cut(instance, {})).epsilon(1e-9));
        REQUIRE(answer.covered_after == doctest::Approx(served_by_min_cut(instance, answer.sites)).epsilon(1e-9));
        check_assignment(instance, answer);
        const double optimum = exhaustive_optimum(instance, candidates, k);
        REQUIRE(answer.covered_after <= optimum + 1e-9);
        REQUIRE(answer.upper_bound >= optimum - 1e-9);
        double running = answer.covered_before;
        for (const double gain : answer.marginal_gain) {
            running += gain;
        }
        REQUIRE(running == doctest::Approx(answer.covered_after).epsilon(1e-9));
        ++instances;
        optimal += answer.covered_after >= optimum - 1e-9 ? 1 : 0;
        if (optimum > 0.0) {
            worst_shortfall = std::max(worst_shortfall, (optimum - answer.covered_after) / optimum);
        }
        worst_gap = std::max(worst_gap, answer.gap());
    }
    MESSAGE("capacitated optimal on " << optimal << " of " << instances << "; worst shortfall "
                                      << 100.0 * worst_shortfall << "%; worst reported gap " << 100.0 * worst_gap
                                      << "%");
    CHECK(optimal >= instances * 95 / 100);
}

TEST_CASE("capacitated coverage: a new site relieves a full existing facility by re-routing") {
    // Existing facility E (capacity 2) reaches points a and b; candidate 0
    // (capacity 5) reaches only b. Weights: a = 2, b = 2. Before: E serves 2
    // of the 4. Opening candidate 0 lets E serve a while 0 serves b: 4.
    CapacitatedInstance instance;
    instance.weight = {2, 2};
    instance.existing.offsets = {0, 2};
    instance.existing.demand = {0, 1};
    instance.existing.cost = {0, 0};
    instance.existing_capacity = {2};
    instance.candidates.offsets = {0, 1};
    instance.candidates.demand = {1};
    instance.candidates.cost = {0};
    instance.candidate_capacity = {5};
    const CapacitatedAnswer answer = capacitated_coverage(instance, 1);
    CHECK(answer.covered_before == doctest::Approx(2.0));
    CHECK(answer.covered_after == doctest::Approx(4.0));
    CHECK(answer.existing_load == std::vector<double>{2.0});
    CHECK(answer.site_load == std::vector<double>{2.0});
    CHECK(answer.served[0] == doctest::Approx(2.0));
    CHECK(answer.served[1] == doctest::Approx(2.0));
    CHECK(answer.upper_bound == doctest::Approx(4.0));
}
