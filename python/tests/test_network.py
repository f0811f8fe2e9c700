"""The network engines from Python against an independent brute force: every
segment and every pair of positions tried, shortest paths by networkx."""

import itertools
import math

import numpy as np
import pytest

import lifecircle as lc


def random_segments(seed, vertices=40, segments=90, size=1000.0):
    rng = np.random.default_rng(seed)
    points = rng.uniform(0.0, size, (vertices, 2))
    pairs = set()
    while len(pairs) < segments:
        a, b = sorted(rng.choice(vertices, 2, replace=False))
        pairs.add((int(a), int(b)))
    return points, sorted(pairs)


def network_of(points, pairs):
    offsets = np.arange(0, 2 * len(pairs) + 1, 2, dtype=np.uint32)
    indices = np.array(pairs, dtype=np.uint32).reshape(-1)
    return lc.Network.from_arrays(points, offsets, indices)


def project_on(points, pairs, point):
    """The nearest position on any segment: (connector, segment, distance from its first vertex)."""
    best = (math.inf, -1, 0.0)
    for index, (a, b) in enumerate(pairs):
        start, end = points[a], points[b]
        direction = end - start
        length = float(np.hypot(*direction))
        t = float(np.clip(np.dot(point - start, direction) / length**2, 0.0, 1.0))
        connector = float(np.hypot(*(start + t * direction - point)))
        if connector < best[0]:
            best = (connector, index, t * length)
    return best


def brute_force_costs(points, pairs, demand, facilities, bound):
    nx = pytest.importorskip("networkx", reason="python3-networkx is needed for the brute-force cross-check")
    graph = nx.Graph()
    for a, b in pairs:
        graph.add_edge(a, b, weight=float(np.hypot(*(points[a] - points[b]))))
    between = dict(nx.all_pairs_dijkstra_path_length(graph, weight="weight"))
    facility_places = [project_on(points, pairs, facility) for facility in facilities]
    costs = []
    for person in demand:
        connector, segment, along = project_on(points, pairs, person)
        a, b = pairs[segment]
        length = float(np.hypot(*(points[a] - points[b])))
        best = math.inf
        for f_connector, f_segment, f_along in facility_places:
            c, d = pairs[f_segment]
            f_length = float(np.hypot(*(points[c] - points[d])))
            walks = []
            if f_segment == segment:
                walks.append(abs(along - f_along))
            for (end, to_end), (f_end, from_f_end) in itertools.product(
                ((a, along), (b, length - along)), ((c, f_along), (d, f_length - f_along))
            ):
                if f_end in between.get(end, {}):
                    walks.append(to_end + between[end][f_end] + from_f_end)
            if walks:
                best = min(best, connector + min(walks) + f_connector)
        costs.append(best if best <= bound else math.inf)
    return np.array(costs)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nearest_facility_matches_an_all_pairs_dijkstra(seed):
    points, pairs = random_segments(seed)
    network = network_of(points, pairs)
    assert network.edge_count == len(pairs)
    rng = np.random.default_rng(100 + seed)
    demand = rng.uniform(0.0, 1000.0, (60, 2))
    facilities = rng.uniform(0.0, 1000.0, (4, 2))
    bound = 900.0
    demand_snaps = network.snap(demand, limit=2000.0)
    facility_snaps = network.snap(facilities, limit=2000.0)
    cost, nearest = network.nearest_facility(demand_snaps, facility_snaps, bound)
    expected = brute_force_costs(points, pairs, demand, facilities, bound)
    assert np.array_equal(np.isinf(cost), np.isinf(expected))
    finite = np.isfinite(expected)
    assert finite.sum() > 10  # the check compares real walks, not only unreachable people
    np.testing.assert_allclose(cost[finite], expected[finite], rtol=0, atol=1e-6)
    assert np.all(nearest[~finite] == lc.NO_INDEX)

    # Reach sets agree with the nearest costs: a point's least cost over the sources reaching it.
    reach = network.reach_sets(demand_snaps, facility_snaps, bound)
    least = np.full(len(demand), np.inf)
    for source in range(len(reach)):
        span = slice(reach.offsets[source], reach.offsets[source + 1])
        np.minimum.at(least, reach.demand[span], reach.cost[span])
    np.testing.assert_allclose(least[finite], cost[finite], atol=1e-9)


@pytest.mark.parametrize("seed", [4, 5])
def test_routes_walk_to_the_nearest_facility_at_its_cost(seed):
    points, pairs = random_segments(seed)
    network = network_of(points, pairs)
    rng = np.random.default_rng(200 + seed)
    demand = network.snap(rng.uniform(0.0, 1000.0, (40, 2)), limit=2000.0)
    facilities = network.snap(rng.uniform(0.0, 1000.0, (3, 2)), limit=2000.0)
    cost, nearest = network.nearest_facility(demand, facilities, 700.0)
    walks = network.routes(demand, facilities, 700.0)
    assert len(walks) == len(cost)
    routed = 0
    for walk, expected_cost, expected_facility, connector in zip(walks, cost, nearest, demand.connector):
        if np.isinf(expected_cost):
            assert walk["facility"] is None and np.isinf(walk["cost"])
            continue
        routed += 1
        assert walk["facility"] == expected_facility
        assert walk["cost"] == expected_cost
        line = walk["line"]
        assert line.shape[1] == 2 and walk["edges"].dtype == np.uint32
        walked = np.hypot(*np.diff(line, axis=0).T).sum()
        facility_connector = facilities.connector[walk["facility"]]
        assert walked + connector + facility_connector == pytest.approx(walk["cost"], abs=1e-6)
    assert routed > 10
    # Unbounded by default: everyone on the facilities' part of the network gets a way there.
    assert sum(walk["facility"] is not None for walk in network.routes(demand, facilities)) >= routed
    with pytest.raises(lc.Error):
        network.routes(demand, facilities, -1.0)


def test_snaps_match_the_nearest_segment_by_brute_force():
    points, pairs = random_segments(7)
    network = network_of(points, pairs)
    queries = np.random.default_rng(8).uniform(-100.0, 1100.0, (50, 2))
    snaps = network.snap(queries, limit=50.0)
    for query, connector, snapped in zip(queries, snaps.connector, snaps.snapped):
        expected = project_on(points, pairs, query)[0]
        assert snapped == (expected <= 50.0)
        if snapped:
            assert connector == pytest.approx(expected, abs=1e-9)
    assert snaps.report["points"] == len(queries)
    assert snaps.report["beyond_limit"] == int((~snaps.snapped).sum())


def test_straight_line_costs_match_numpy():
    rng = np.random.default_rng(5)
    demand = rng.uniform(0, 5000, (200, 2))
    facilities = rng.uniform(0, 5000, (7, 2))
    cost, nearest = lc.nearest_facility_by_radius(demand, facilities)
    pairwise = np.hypot(*(demand[:, None, :] - facilities[None, :, :]).transpose(2, 0, 1))
    np.testing.assert_allclose(cost, pairwise.min(axis=1), atol=1e-9)
    assert np.array_equal(nearest, pairwise.argmin(axis=1))
    reach = lc.reach_by_radius(demand, facilities, 800.0)
    assert int(reach.offsets[-1]) == int((pairwise <= 800.0).sum())


def test_polylines_share_vertices_with_equal_coordinates():
    vertices, offsets, indices = lc.polylines_to_arrays([[(0, 0), (100, 0)], [(100, 0), (100, 100)]])
    network = lc.Network.from_arrays(vertices, offsets, indices)
    assert network.node_count == 3
    assert network.total_length == pytest.approx(200.0)
    demand = network.snap(np.array([[0.0, 0.0]]))
    facility = network.snap(np.array([[100.0, 100.0]]))
    cost, _ = network.nearest_facility(demand, facility, 1000.0)
    assert cost[0] == pytest.approx(200.0)


def test_service_areas_are_wkb_polygons_growing_with_the_threshold():
    vertices, offsets, indices = lc.polylines_to_arrays([[(0, 0), (1000, 0)], [(1000, 0), (1000, 1000)]])
    network = lc.Network.from_arrays(vertices, offsets, indices)
    positions = np.array([[0.0, 0.0]])
    areas = network.service_areas(network.snap(positions), positions, [300.0, 600.0])
    assert [area["threshold"] for area in areas] == [300.0, 600.0]
    assert 0 < areas[0]["area_m2"] < areas[1]["area_m2"]
    assert areas[0]["wkb"][:1] == b"\x01"  # little-endian WKB


def test_snaps_from_another_network_are_refused():
    points, pairs = random_segments(9)
    one, other = network_of(points, pairs), network_of(points, pairs)
    snaps = one.snap(points[:3])
    with pytest.raises(lc.Error) as raised:
        other.nearest_facility(snaps, snaps, 100.0)
    assert raised.value.exit_code == 2
    assert raised.value.field == "demand"
