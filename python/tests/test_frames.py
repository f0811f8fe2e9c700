"""The GeoDataFrame helpers on the shipped Optics Valley data give the scenario's numbers."""

import numpy as np
import pytest

import lifecircle as lc

geopandas = pytest.importorskip("geopandas", reason="python3-geopandas is needed for the GeoDataFrame helpers")

LAYERS = "layers/wuhan-guanggu"
RASTERS = [f"pop_{age}_{sex}.tif" for age in (60, 65, 70, 75, 80) for sex in ("f", "m")]


@pytest.fixture
def optics_valley(source_dir):
    layers = source_dir / LAYERS
    demand = lc.read_demand([str(layers / name) for name in RASTERS])
    homes = geopandas.read_file(layers / "illustrative_elderly_care_sites.geojson")
    network = lc.Network.read(str(layers / "roads.osm.pbf"))
    return demand, homes, network, layers


def test_coverage_of_a_geodataframe_matches_the_scenario_run(source_dir, optics_valley):
    demand, homes, network, layers = optics_valley
    result = lc.coverage(demand, homes, weight="population", minutes=15, roads=network)
    service = lc.run(source_dir / "scenarios/wuhan-guanggu.json")["services"][0]
    assert result.working_crs == "EPSG:32650"
    assert result.totals["points_total"] == service["points_total"]
    assert result.totals["points_covered"] == service["points_covered"]
    assert result.totals["demand_covered"] == pytest.approx(service["demand_covered"], rel=1e-12)
    assert result.demand["covered"].sum() == service["points_covered"]
    assert (result.demand.loc[result.demand["covered"], "minutes"] <= 15.0 + 1e-9).all()

    units = geopandas.read_file(layers / "residential_areas.geojson")
    by_unit = lc.coverage(demand, homes, weight="population", minutes=15, roads=network, units=units).units
    assert len(by_unit) == len(units)
    assert (by_unit["demand_covered"] <= by_unit["demand_total"] + 1e-9).all()
    # The units projected as the scenario projects them: the program's per-unit totals.
    residential = lc.run(source_dir / "scenarios/wuhan-guanggu.json")["services"][0]["units"]["residential"]
    assert by_unit["demand_total"].sum() == pytest.approx(residential["demand_inside_units"], rel=1e-12)
    assert by_unit["demand_covered"].sum() == pytest.approx(residential["covered_inside_units"], rel=1e-12)


def test_siting_from_a_geodataframe_of_candidates_matches_the_scenario_run(source_dir, optics_valley):
    demand, homes, network, layers = optics_valley
    candidates = geopandas.read_file(layers / "illustrative_candidate_sites.geojson")
    chosen = lc.site(demand, candidates, k=3, weight="population", minutes=15, facilities=homes, roads=network)
    assert list(chosen["rank"]) == [1, 2, 3]
    assert (np.diff(chosen["marginal_gain"].to_numpy()) <= 1e-9).all()  # greedy order, before swaps
    answer = chosen.attrs["answer"]
    assert answer["covered_after"] > answer["covered_before"]
    assert 0.0 <= answer["gap"] < 1.0
    # The scenario sites 3 of the same candidates for the same service: the same choice, in the same order.
    siting = lc.run(source_dir / "scenarios/wuhan-guanggu.json")["siting"]
    assert list(chosen.index) == [site["source_fid"] for site in siting["sites"]]
    np.testing.assert_allclose(chosen["marginal_gain"], [site["adds_demand"] for site in siting["sites"]], rtol=1e-12)
    assert answer["covered_after"] == pytest.approx(siting["covered_after"], rel=1e-12)


def test_points_without_crs_are_refused():
    frame = geopandas.GeoDataFrame(geometry=geopandas.points_from_xy([114.4], [30.5]))
    with pytest.raises(lc.Error) as raised:
        lc.coverage(frame, frame, metres=1000)
    assert raised.value.field == "demand"
