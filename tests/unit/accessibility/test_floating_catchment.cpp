// Two-step floating catchment against a brute force over every pair, and the
// equity measures against their textbook definitions.

#include "lifecircle/accessibility.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace lifecircle;

namespace {

// The definitions, over the full distance matrix: no reach sets, no sparsity.
FloatingCatchment brute_force(const std::vector<PlanarPoint>& people, const std::vector<double>& weight,
                              const std::vector<PlanarPoint>& facilities, const std::vector<double>& capacity,
                              double catchment, const DistanceDecay& decay) {
    const auto distance = [](const PlanarPoint& a, const PlanarPoint& b) {
        return std::hypot(a.x - b.x, a.y - b.y);
    };
    FloatingCatchment result;
    for (std::size_t j = 0; j < facilities.size(); ++j) {
        double demand = 0.0;
        for (std::size_t i = 0; i < people.size(); ++i) {
            const double d = distance(people[i], facilities[j]);
            if (d <= catchment) {
                demand += decay.weight(d, catchment) * weight[i];
            }
        }
        result.supply_ratio.push_back(demand > 0.0 ? capacity[j] / demand : 0.0);
    }
    for (std::size_t i = 0; i < people.size(); ++i) {
        double access = 0.0;
        for (std::size_t j = 0; j < facilities.size(); ++j) {
            const double d = distance(people[i], facilities[j]);
            if (d <= catchment) {
                access += decay.weight(d, catchment) * result.supply_ratio[j];
            }
        }
        result.access.push_back(access);
    }
    return result;
}

// Gini by its definition: the mean absolute difference over twice the mean.
double gini_by_pairs(const std::vector<double>& values, const std::vector<double>& weights) {
    double population = 0.0;
    double total = 0.0;
    double differences = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        population += weights[i];
        total += weights[i] * values[i];
        for (std::size_t j = 0; j < values.size(); ++j) {
            differences += weights[i] * weights[j] * std::abs(values[i] - values[j]);
        }
    }
    return differences / (2.0 * population * total);
}

} // namespace

TEST_CASE("2SFCA and enhanced 2SFCA equal the brute force over every pair") {
    std::mt19937_64 random(3);
    std::uniform_real_distribution<double> coordinate(0.0, 3000.0);
    std::uniform_real_distribution<double> amount(0.0, 50.0);
    const Metres catchment{800.0};
    int compared = 0;
    for (int round = 0; round < 60; ++round) {
        std::vector<PlanarPoint> people;
        std::vector<double> weight;
        for (int i = 0; i < 200; ++i) {
            people.push_back({coordinate(random), coordinate(random)});
            weight.push_back(i % 7 == 0 ? 0.0 : amount(random));
        }
        std::vector<PlanarPoint> facilities;
        std::vector<double> capacity;
        for (int j = 0; j < 12; ++j) {
            facilities.push_back({coordinate(random), coordinate(random)});
            capacity.push_back(std::floor(amount(random)));
        }
        const ReachSets reach = reach_by_radius(people, facilities, catchment);
        const DistanceDecay decay = round % 3 == 0   ? DistanceDecay{}
                                    : round % 3 == 1 ? luo_qi_steps(catchment)
                                                     : DistanceDecay{DistanceDecay::Kind::gaussian, {}};
        const FloatingCatchment fast = two_step_floating_catchment(weight, capacity, reach, catchment, decay);
        const FloatingCatchment slow = brute_force(people, weight, facilities, capacity, catchment.value, decay);
        for (std::size_t j = 0; j < facilities.size(); ++j) {
            REQUIRE(fast.supply_ratio[j] == doctest::Approx(slow.supply_ratio[j]).epsilon(1e-12));
        }
        for (std::size_t i = 0; i < people.size(); ++i) {
            REQUIRE(fast.access[i] == doctest::Approx(slow.access[i]).epsilon(1e-12));
            compared += fast.access[i] > 0.0 ? 1 : 0;
        }
    }
    CHECK(compared > 3000); // most people reach some facility: the comparison is not of zeros
}

TEST_CASE("2SFCA by hand: two facilities sharing a person") {
    // Facility A (10 beds) reaches persons 0 (20 people) and 1 (30); B (6
    // beds) reaches 1 and 2 (10). R_A = 10/50 = 0.2, R_B = 6/40 = 0.15;
    // A_0 = 0.2, A_1 = 0.35, A_2 = 0.15. Supply is conserved: 20*0.2 + 30*0.35 + 10*0.15 = 16 beds.
    ReachSets reach;
    reach.offsets = {0, 2, 4};
    reach.demand = {0, 1, 1, 2};
    reach.cost = {100, 200, 300, 400};
    const std::vector<double> weight{20, 30, 10};
    const std::vector<double> capacity{10, 6};
    const FloatingCatchment result = two_step_floating_catchment(weight, capacity, reach, Metres{1000.0}, {});
    CHECK(result.supply_ratio[0] == doctest::Approx(0.2));
    CHECK(result.supply_ratio[1] == doctest::Approx(0.15));
    CHECK(result.access[0] == doctest::Approx(0.2));
    CHECK(result.access[1] == doctest::Approx(0.35));
    CHECK(result.access[2] == doctest::Approx(0.15));
}

TEST_CASE("distance decay: Gaussian 1 at the facility and 0 at the catchment; Luo-Qi steps by thirds") {
    const DistanceDecay gaussian{DistanceDecay::Kind::gaussian, {}};
    CHECK(gaussian.weight(0.0, 900.0) == doctest::Approx(1.0));
    CHECK(gaussian.weight(900.0, 900.0) == doctest::Approx(0.0));
    CHECK(gaussian.weight(901.0, 900.0) == 0.0);
    const DistanceDecay steps = luo_qi_steps(Metres{900.0});
    CHECK(steps.weight(300.0, 900.0) == 1.0);
    CHECK(steps.weight(301.0, 900.0) == 0.68);
    CHECK(steps.weight(900.0, 900.0) == 0.22);
}

TEST_CASE("Gini equals the mean absolute difference over twice the mean; Palma by hand") {
    CHECK(gini(std::vector<double>{0, 1}, std::vector<double>{1, 1}) == doctest::Approx(0.5));
    CHECK(gini(std::vector<double>{2, 2, 2}, std::vector<double>{1, 5, 3}) == doctest::Approx(0.0));
    std::mt19937_64 random(11);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int round = 0; round < 50; ++round) {
        std::vector<double> values;
        std::vector<double> weights;
        for (int i = 0; i < 40; ++i) {
            values.push_back(round % 2 == 0 ? unit(random) : std::floor(4.0 * unit(random))); // ties on odd rounds
            weights.push_back(0.1 + 10.0 * unit(random));
        }
        REQUIRE(gini(values, weights) == doctest::Approx(gini_by_pairs(values, weights)).epsilon(1e-12));
    }
    // Ten people valued 1..10: the top 10 % hold 10, the bottom 40 % 1+2+3+4.
    std::vector<double> tenths;
    for (int i = 1; i <= 10; ++i) {
        tenths.push_back(i);
    }
    CHECK(palma(tenths, std::vector<double>(10, 1.0)) == doctest::Approx(1.0));
    // Two people, 1 and 3: the bottom 40 % is 0.8 of the first (0.8), the top 10 % 0.2 of the second (0.6).
    CHECK(palma(std::vector<double>{3, 1}, std::vector<double>{1, 1}) == doctest::Approx(0.75));
    CHECK(std::isinf(palma(std::vector<double>{0, 0, 0, 0, 5}, std::vector<double>(5, 1.0))));
}
