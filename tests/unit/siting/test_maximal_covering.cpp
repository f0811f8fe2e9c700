// Maximal covering against exhaustive enumeration of every K-subset.

#include "lifecircle/siting.hpp"

#include "siting_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <random>

using namespace lifecircle;

namespace {

CoverageInstance random_instance(std::mt19937_64& random, std::uint32_t candidates, std::uint32_t points) {
    std::uniform_real_distribution<double> weight(0.0, 10.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CoverageInstance instance;
    for (std::uint32_t point = 0; point < points; ++point) {
        // Some points share a weight, so that equal-valued answers occur.
        instance.weight.push_back(point % 4 == 0 ? 5.0 : weight(random));
        instance.covered_by_existing.push_back(unit(random) < 0.15);
    }
    instance.candidates = test::random_reach(random, candidates, points, 0.05, 0.3, [] { return 0.0; });
    return instance;
}

double covered(const CoverageInstance& instance, const std::vector<std::uint32_t>& sites) {
    std::vector<bool> is_covered = instance.covered_by_existing;
    for (const std::uint32_t site : sites) {
        for (auto i = instance.candidates.offsets[site]; i < instance.candidates.offsets[site + 1]; ++i) {
            is_covered[instance.candidates.demand[i]] = true;
        }
    }
    double total = 0.0;
    for (std::size_t point = 0; point < is_covered.size(); ++point) {
        total += is_covered[point] ? instance.weight[point] : 0.0;
    }
    return total;
}

// The true optimum, by trying every K-subset.
double exhaustive_optimum(const CoverageInstance& instance, std::uint32_t candidates, std::uint32_t k) {
    double best = 0.0;
    test::for_each_subset(candidates, k, [&](const std::vector<std::uint32_t>& subset) {
        best = std::max(best, covered(instance, subset));
    });
    return best;
}

} // namespace

TEST_CASE("greedy plus swap against every K-subset; the bound never falls below the optimum") {
    std::mt19937_64 random(5);
    int instances = 0;
    int optimal = 0;
    double worst_gap_to_optimum = 0.0;
    double worst_reported_gap = 0.0;
    for (int round = 0; round < 300; ++round) {
        const std::uint32_t candidates = 6 + static_cast<std::uint32_t>(round % 9);
        const std::uint32_t k = 1 + static_cast<std::uint32_t>(round % 4);
        const CoverageInstance instance =
            random_instance(random, candidates, 30 + static_cast<std::uint32_t>(round % 30));
        const double optimum = exhaustive_optimum(instance, candidates, k);
        const SitingAnswer answer = maximal_covering(instance, k);
        INFO("round " << round << ", " << candidates << " candidates, K = " << k);
        // The answer is what its sites really cover, no more than the optimum.
        REQUIRE(answer.covered_after == doctest::Approx(covered(instance, answer.sites)).epsilon(1e-12));
        REQUIRE(answer.covered_after <= optimum + 1e-9);
        REQUIRE(answer.upper_bound >= optimum - 1e-9);
        REQUIRE(answer.sites.size() <= k);
        // Marginal gains add up, each given the sites before it.
        double running = answer.covered_before;
        for (std::size_t i = 0; i < answer.sites.size(); ++i) {
            running += answer.marginal_gain[i];
            REQUIRE((i == 0 || answer.marginal_gain[i] <= answer.marginal_gain[i - 1] + 1e-9));
        }
        REQUIRE(running == doctest::Approx(answer.covered_after).epsilon(1e-12));
        ++instances;
        optimal += answer.covered_after >= optimum - 1e-9 ? 1 : 0;
        worst_gap_to_optimum = std::max(worst_gap_to_optimum, (optimum - answer.covered_after) / optimum);
        worst_reported_gap = std::max(worst_reported_gap, answer.gap());
    }
    MESSAGE("optimal on " << optimal << " of " << instances << "; worst shortfall " << 100.0 * worst_gap_to_optimum
                          << "%; worst reported gap " << 100.0 * worst_reported_gap << "%");
    CHECK(optimal >= instances * 95 / 100);
    CHECK(worst_gap_to_optimum < 0.05);
}

TEST_CASE("existing facilities stay fixed: their demand is not counted again") {
    // Candidate 0 covers points 0-2 (already covered), candidate 1 covers point 3.
    CoverageInstance instance;
    instance.weight = {10, 10, 10, 1};
    instance.covered_by_existing = {true, true, true, false};
    instance.candidates.offsets = {0, 3, 4};
    instance.candidates.demand = {0, 1, 2, 3};
    instance.candidates.cost = {0, 0, 0, 0};
    const SitingAnswer answer = maximal_covering(instance, 1);
    CHECK(answer.sites == std::vector<std::uint32_t>{1});
    CHECK(answer.covered_before == 30.0);
    CHECK(answer.covered_after == 31.0);
    CHECK(answer.upper_bound == doctest::Approx(31.0));
    CHECK(answer.gap() == doctest::Approx(0.0));
}

TEST_CASE("greedy alone is not enough: the swap search finds the pair") {
    // Six points of weight 1. Candidate 0 covers {a, b, c, d}; candidate 1
    // covers {a, b, e}, candidate 2 {c, d, f}. Greedy takes 0 (4) and then
    // adds one point (5); the best pair is 1 and 2 (6).
    CoverageInstance instance;
    instance.weight = {1, 1, 1, 1, 1, 1}; // a b c d e f
    instance.covered_by_existing.assign(6, false);
    instance.candidates.offsets = {0, 4, 7, 10};
    instance.candidates.demand = {0, 1, 2, 3, 0, 1, 4, 2, 3, 5};
    instance.candidates.cost.assign(10, 0.0);
    const SitingAnswer answer = maximal_covering(instance, 2);
    CHECK(answer.covered_after == 6.0);
    CHECK(answer.swaps >= 1);
    std::vector<std::uint32_t> sites = answer.sites;
    std::sort(sites.begin(), sites.end());
    CHECK(sites == std::vector<std::uint32_t>{1, 2});
    CHECK(answer.marginal_gain == std::vector<double>{3.0, 3.0});
    CHECK(answer.upper_bound >= 6.0 - 1e-9);
}

TEST_CASE("K larger than what can be gained, and no reachable demand") {
    CoverageInstance instance;
    instance.weight = {1, 2};
    instance.covered_by_existing = {false, false};
    instance.candidates.offsets = {0, 1, 2, 2};
    instance.candidates.demand = {0, 1};
    instance.candidates.cost = {0, 0};
    const SitingAnswer answer = maximal_covering(instance, 10);
    CHECK(answer.sites.size() == 2); // the third candidate reaches nobody
    CHECK(answer.covered_after == 3.0);
    CHECK(answer.upper_bound == 3.0);

    CoverageInstance nobody;
    nobody.weight = {1};
    nobody.covered_by_existing = {false};
    nobody.candidates.offsets = {0, 0, 0};
    const SitingAnswer empty = maximal_covering(nobody, 2);
    CHECK(empty.sites.empty());
    CHECK(empty.covered_after == 0.0);
}

TEST_CASE("points with the same candidates are merged into one column") {
    CoverageInstance instance;
    instance.weight = {1, 1, 1, 1};
    instance.covered_by_existing = {false, false, false, false};
    instance.candidates.offsets = {0, 4, 6};
    instance.candidates.demand = {0, 1, 2, 3, 2, 3};
    instance.candidates.cost = {0, 0, 0, 0, 0, 0};
    const SitingAnswer answer = maximal_covering(instance, 1);
    CHECK(answer.merged_columns == 2); // {0, 1} by candidate 0 only; {2, 3} by both
    CHECK(answer.covered_after == 4.0);
}

TEST_CASE("set covering against enumeration: the true fewest sites lie between the bound and the answer") {
    std::mt19937_64 random(17);
    int instances = 0;
    int optimal = 0;
    int unreachable = 0;
    for (int round = 0; round < 200; ++round) {
        const std::uint32_t candidates = 6 + static_cast<std::uint32_t>(round % 7);
        const CoverageInstance instance =
            random_instance(random, candidates, 25 + static_cast<std::uint32_t>(round % 20));
        const double target_share = 0.3 + 0.1 * (round % 7);
        const SetCoveringAnswer answer = set_covering(instance, target_share);
        INFO("round " << round << ", target " << target_share);
        const double total = covered(instance, {}) + [&] {
            double uncovered = 0.0;
            for (std::size_t p = 0; p < instance.weight.size(); ++p) {
                uncovered += instance.covered_by_existing[p] ? 0.0 : instance.weight[p];
            }
            return uncovered;
        }();
        const double target = target_share * total;
        // The fewest sites that reach the target, by trying every K in turn.
        std::uint32_t fewest = 0;
        while (fewest <= candidates && exhaustive_optimum(instance, candidates, fewest) < target - 1e-9) {
            ++fewest;
        }
        REQUIRE(answer.covered_after == doctest::Approx(covered(instance, answer.sites)).epsilon(1e-12));
        if (fewest > candidates) {
            ++unreachable;
            REQUIRE_FALSE(answer.target_reached);
            std::vector<std::uint32_t> all(candidates);
            std::iota(all.begin(), all.end(), 0U);
            REQUIRE(answer.covered_after ==
                    doctest::Approx(covered(instance, all)).epsilon(1e-12)); // the best reachable
            continue;
        }
        REQUIRE(answer.target_reached);
        REQUIRE(answer.covered_after >= target - 1e-9);
        REQUIRE(answer.sites.size() >= fewest);
        REQUIRE(answer.fewest_possible <= fewest);
        ++instances;
        optimal += answer.sites.size() == fewest ? 1 : 0;
    }
    MESSAGE("fewest sites found on " << optimal << " of " << instances << " reachable targets; " << unreachable
                                     << " unreachable, reported as such");
    CHECK(optimal >= instances * 9 / 10);
    CHECK(unreachable > 0);
}

TEST_CASE("at least one per unit: against every K-subset that gives each required unit a site") {
    std::mt19937_64 random(29);
    std::uniform_int_distribution<std::uint32_t> unit_draw(0, 4); // 4 = outside every unit
    int instances = 0;
    int optimal = 0;
    for (int round = 0; round < 200; ++round) {
        const std::uint32_t candidates = 6 + static_cast<std::uint32_t>(round % 7);
        const std::uint32_t k = 2 + static_cast<std::uint32_t>(round % 3);
        CoverageInstance instance = random_instance(random, candidates, 30);
        UnitRequirement requirement;
        for (std::uint32_t c = 0; c < candidates; ++c) {
            const std::uint32_t unit = unit_draw(random);
            requirement.unit_of_candidate.push_back(unit == 4 ? no_index : unit);
        }
        // Units 0 and 1 need a site (when a candidate lies in them); unit 3 too on odd rounds.
        requirement.units = round % 2 == 1 ? std::vector<std::uint32_t>{0, 1, 3} : std::vector<std::uint32_t>{0, 1};
        instance.one_per_unit = requirement;
        std::vector<std::uint32_t> satisfiable;
        for (const std::uint32_t unit : requirement.units) {
            if (std::count(requirement.unit_of_candidate.begin(), requirement.unit_of_candidate.end(), unit) > 0) {
                satisfiable.push_back(unit);
            }
        }
        const auto feasible = [&](const std::vector<std::uint32_t>& sites) {
            return std::all_of(satisfiable.begin(), satisfiable.end(), [&](std::uint32_t unit) {
                return std::any_of(sites.begin(), sites.end(),
                                   [&](std::uint32_t site) { return requirement.unit_of_candidate[site] == unit; });
            });
        };
        if (satisfiable.size() > k) {
            CHECK_THROWS_AS(maximal_covering(instance, k), std::invalid_argument);
            continue;
        }
        double optimum = -1.0;
        test::for_each_subset(candidates, k, [&](const std::vector<std::uint32_t>& subset) {
            if (feasible(subset)) {
                optimum = std::max(optimum, covered(instance, subset));
            }
        });
        const SitingAnswer answer = maximal_covering(instance, k);
        INFO("round " << round << ", " << candidates << " candidates, K = " << k);
        REQUIRE(feasible(answer.sites));
        REQUIRE(answer.units_without_candidate.size() == requirement.units.size() - satisfiable.size());
        REQUIRE(answer.covered_after == doctest::Approx(covered(instance, answer.sites)).epsilon(1e-12));
        REQUIRE(answer.covered_after <= optimum + 1e-9);
        REQUIRE(answer.upper_bound >= optimum - 1e-9);
        ++instances;
        optimal += answer.covered_after >= optimum - 1e-9 ? 1 : 0;
    }
    MESSAGE("one per unit: optimal on " << optimal << " of " << instances);
    CHECK(instances > 100);
    CHECK(optimal >= instances * 9 / 10);
}

TEST_CASE("at least one per unit: a unit's only candidate is chosen even when it adds nothing") {
    // Candidate 0 (unit 0) covers point 0, already covered; candidate 1 (no
    // unit) covers point 1. K = 1 without the rule picks 1; with it, 0.
    CoverageInstance instance;
    instance.weight = {5, 1};
    instance.covered_by_existing = {true, false};
    instance.candidates.offsets = {0, 1, 2};
    instance.candidates.demand = {0, 1};
    instance.candidates.cost = {0, 0};
    CHECK(maximal_covering(instance, 1).sites == std::vector<std::uint32_t>{1});
    instance.one_per_unit = UnitRequirement{{0, no_index}, {0, 7}};
    const SitingAnswer answer = maximal_covering(instance, 1);
    CHECK(answer.sites == std::vector<std::uint32_t>{0});
    CHECK(answer.covered_after == 5.0);
    CHECK(answer.units_without_candidate == std::vector<std::uint32_t>{7});
    const SitingAnswer two = maximal_covering(instance, 2);
    CHECK(two.covered_after == 6.0);
}
