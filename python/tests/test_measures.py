"""Coverage, access and the siting models from arrays, against hand counts and brute force."""

import itertools

import numpy as np
import pytest

import lifecircle as lc


def square(x0, y0, size):
    """A square polygon as little-endian WKB, built by hand (no shapely needed)."""
    import struct
    ring = [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0)]
    return struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)


def test_coverage_overall_and_by_unit_by_hand():
    demand = np.array([[50.0, 50.0], [150.0, 50.0], [250.0, 50.0], [1000.0, 1000.0]])
    weights = np.array([10.0, 20.0, 30.0, 40.0])
    cost = np.array([100.0, 500.0, 2000.0, 50.0])
    totals = lc.summarise_coverage(cost, weights, 500.0)
    assert (totals["demand_total"], totals["demand_covered"]) == (100.0, 70.0)
    by_unit = lc.coverage_by_unit(demand, weights, cost, [square(0, 0, 100), square(100, 0, 200)], 500.0)
    assert [unit["demand_covered"] for unit in by_unit["units"]] == [10.0, 20.0]
    assert [unit["demand_total"] for unit in by_unit["units"]] == [10.0, 50.0]
    assert list(by_unit["unit_of_point"]) == [0, 1, 1, lc.NO_INDEX]
    assert (by_unit["points_outside"], by_unit["weight_outside"]) == (1, 40.0)


def test_two_step_floating_catchment_by_hand():
    # Facility 0 (10 beds) reaches people 0 and 1 (100 and 300); facility 1 (5 beds) reaches person 1.
    reach = lc.ReachSets(np.array([0, 2, 3], dtype=np.uint64), np.array([0, 1, 1], dtype=np.uint32),
                         np.array([100.0, 200.0, 50.0]))
    ratio, access = lc.two_step_floating_catchment(np.array([100.0, 300.0]), np.array([10.0, 5.0]), reach, 1000.0)
    np.testing.assert_allclose(ratio, [10 / 400, 5 / 300])
    np.testing.assert_allclose(access, [10 / 400, 10 / 400 + 5 / 300])


def test_gini_and_palma():
    assert lc.gini(np.array([3.0, 3.0, 3.0]), np.ones(3)) == pytest.approx(0.0)
    assert lc.gini(np.array([0.0, 0.0, 0.0, 1.0]), np.ones(4)) == pytest.approx(0.75)
    assert lc.palma(np.arange(1.0, 11.0), np.ones(10)) == pytest.approx(10 / (1 + 2 + 3 + 4))


def brute_force_best(weights, sets, k, covered):
    best = 0.0
    for choice in itertools.combinations(range(len(sets)), k):
        reached = covered.copy()
        for site in choice:
            reached[list(sets[site])] = True
        best = max(best, weights[reached].sum())
    return best


@pytest.mark.parametrize("seed", range(5))
def test_maximal_covering_is_within_its_gap_of_the_brute_force_optimum(seed):
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 3000, (80, 2))
    candidates = rng.uniform(0, 3000, (12, 2))
    weights = rng.uniform(1, 50, 80)
    reach = lc.reach_by_radius(demand, candidates, 700.0)
    covered = np.zeros(80, dtype=bool)
    covered[:10] = True
    answer = lc.maximal_covering(weights, reach, 3, covered_by_existing=covered)
    sets = [set(reach.demand[reach.offsets[s]:reach.offsets[s + 1]]) for s in range(12)]
    optimum = brute_force_best(weights, sets, 3, covered)
    reached = covered.copy()
    for site in answer["sites"]:
        reached[list(sets[site])] = True
    assert answer["covered_after"] == pytest.approx(weights[reached].sum())
    assert answer["covered_after"] <= optimum + 1e-9 <= answer["upper_bound"] + 1e-6
    assert answer["gap"] == pytest.approx(max(0.0, answer["upper_bound"] - answer["covered_after"])
                                          / answer["upper_bound"])


def test_p_median_and_set_covering_against_brute_force():
    rng = np.random.default_rng(11)
    demand = rng.uniform(0, 2000, (40, 2))
    candidates = rng.uniform(0, 2000, (8, 2))
    weights = rng.uniform(1, 10, 40)
    cap = 800.0
    reach = lc.reach_by_radius(demand, candidates, cap)
    answer = lc.p_median(weights, reach, 2, cap)
    distances = np.hypot(*(demand[:, None, :] - candidates[None, :, :]).transpose(2, 0, 1))
    capped = np.minimum(distances, cap)
    best = min((weights * capped[:, list(choice)].min(axis=1)).sum()
               for choice in itertools.combinations(range(8), 2))
    assert answer["lower_bound"] - 1e-6 <= best <= answer["cost_after"] + 1e-6

    covering = lc.set_covering(weights, reach, 0.5)
    sets = [set(reach.demand[reach.offsets[s]:reach.offsets[s + 1]]) for s in range(8)]
    none_covered = np.zeros(40, dtype=bool)
    fewest = next(k for k in range(1, 9) if brute_force_best(weights, sets, k, none_covered) >= 0.5 * weights.sum())
    assert covering["target_reached"]
    assert covering["fewest_possible"] <= fewest <= len(covering["sites"])


def test_capacitated_coverage_serves_no_more_than_capacity():
    rng = np.random.default_rng(3)
    demand = rng.uniform(0, 1000, (30, 2))
    weights = np.full(30, 10.0)
    existing = lc.reach_by_radius(demand, np.array([[500.0, 500.0]]), 400.0)
    candidates = lc.reach_by_radius(demand, rng.uniform(0, 1000, (5, 2)), 400.0)
    answer = lc.capacitated_coverage(weights, existing, np.array([50.0]), candidates, np.full(5, 30.0), 2)
    assert answer["existing_load"][0] <= 50.0 + 1e-9
    assert np.all(answer["site_load"] <= 30.0 + 1e-9)
    assert answer["served"].sum() == pytest.approx(answer["covered_after"])
    assert answer["covered_after"] <= answer["upper_bound"] + 1e-9


def test_bad_arguments_raise_lifecircle_error_naming_them():
    reach = lc.reach_by_radius(np.zeros((2, 2)), np.zeros((1, 2)), 10.0)
    with pytest.raises(lc.Error) as raised:
        lc.maximal_covering(np.array([1.0, -1.0]), reach, 1)
    assert (raised.value.exit_code, raised.value.field) == (2, "weights")
    with pytest.raises(lc.Error) as raised:
        lc.maximal_covering(np.array([1.0]), reach, 1)
    assert raised.value.field == "candidates"


def test_units_that_are_not_polygons_are_named():
    with pytest.raises(lc.Error) as raised:
        lc.coverage_by_unit(np.zeros((1, 2)), np.ones(1), np.zeros(1), [square(0, 0, 1), b"not wkb"], 10.0)
    assert (raised.value.exit_code, raised.value.field, raised.value.feature) == (5, "units", "1")
