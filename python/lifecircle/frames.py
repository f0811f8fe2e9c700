"""GeoDataFrames in and out: coverage and siting as an analyst calls them.

Points may be in any CRS geopandas knows; they are taken to WGS 84 and then
into the run's working CRS (the network's, or the UTM zone of the demand).
geopandas is imported only when these are called.
"""

from dataclasses import dataclass, field

import numpy as np

from . import _lifecircle as engines
from .arrays import argument_error

WALK_KMH = 4.0  # GB 50180-2018: the 15-minute circle is 800-1000 m, so 15 minutes is 1000 m at 4 km/h


def _geopandas():
    try:
        import geopandas
    except ImportError as missing:  # pragma: no cover - Debian's python3-geopandas
        raise ImportError("lifecircle's GeoDataFrame helpers need geopandas (Debian: python3-geopandas)") from missing
    return geopandas


def _lonlat(frame, name):
    if frame.crs is None:
        raise argument_error(name, "has no CRS: set one (frame.set_crs(...)) so its points can be placed")
    points = frame.geometry.to_crs(4326)
    if len(points) and not (points.geom_type == "Point").all():
        raise argument_error(name, "must hold points (take centroids or representative points of polygons first)")
    return np.column_stack([points.x.to_numpy(dtype=np.float64), points.y.to_numpy(dtype=np.float64)])


def _threshold(metres, minutes, walk_kmh):
    if (metres is None) == (minutes is None):
        raise argument_error("metres", "give either metres or minutes (walked at walk_kmh)")
    return float(metres) if metres is not None else float(minutes) * walk_kmh * 1000.0 / 60.0


def _working_crs(network, lonlat, crs):
    if network is not None:
        return network.crs
    centre = ((lonlat[:, 0].min() + lonlat[:, 0].max()) / 2, (lonlat[:, 1].min() + lonlat[:, 1].max()) / 2)
    return engines.WorkingCrs(crs, centre)


def _network(roads, progress):
    if roads is None or isinstance(roads, engines.Network):
        return roads
    return engines.Network.read(str(roads), progress=progress)


def _weights(frame, weight, name):
    if weight is None:
        return np.ones(len(frame))
    if weight not in frame.columns:
        raise argument_error("weight", f"'{weight}' is not a column of {name}")
    return frame[weight].to_numpy(dtype=np.float64)


def to_geometries(wkb_values, crs=None):
    """WKB values (service areas, findings) as a GeoSeries, in `crs` (a WorkingCrs' WKT, or 4326)."""
    geopandas = _geopandas()
    return geopandas.GeoSeries.from_wkb([value for value in wkb_values], crs=crs)


def read_demand(rasters=(), layer_path="", layer="", field="", progress=None):
    """Demand as a GeoDataFrame of points (WGS 84) with a 'population' column: population rasters
    summed cell by cell, or a layer with a population field, read as a scenario reads them."""
    geopandas = _geopandas()
    demand = engines.read_population(list(rasters), layer_path, layer, field, progress)
    frame = geopandas.GeoDataFrame(
        {"population": demand["weights"]},
        geometry=geopandas.points_from_xy(demand["lonlat"][:, 0], demand["lonlat"][:, 1]),
        crs=4326,
    )
    frame.attrs["report"] = demand["report"]
    return frame


@dataclass
class Coverage:
    """What coverage() found: the demand with its costs, the units with theirs, and the totals."""

    demand: object  # GeoDataFrame: the input's columns, plus cost_m, nearest, covered (and minutes)
    totals: dict  # demand_total, demand_covered, points_total, points_covered, covered_share
    units: object = None  # GeoDataFrame of the units with demand_total, demand_covered, covered_share
    working_crs: str = ""
    snapping: dict = field(default_factory=dict)


def _planar(working_crs, lonlat):
    return working_crs.project(lonlat) if len(lonlat) else np.zeros((0, 2))


def _prepare(demand, weight, roads, crs, progress):
    """The network (read if a path), the working CRS, and the demand's weights and planar points."""
    network = _network(roads, progress)
    demand_lonlat = _lonlat(demand, "demand")
    if len(demand_lonlat) == 0:
        raise argument_error("demand", "holds no points")
    working_crs = _working_crs(network, demand_lonlat, crs)
    return network, working_crs, _weights(demand, weight, "demand"), _planar(working_crs, demand_lonlat)


def _costs(network, demand_xy, facility_xy, bound, snap_limit):
    if network is None:
        cost, nearest = engines.nearest_facility_by_radius(demand_xy, facility_xy)
        return cost, nearest, {}
    demand_snaps = network.snap(demand_xy, snap_limit)
    facility_snaps = network.snap(facility_xy, snap_limit)
    cost, nearest = network.nearest_facility(demand_snaps, facility_snaps, bound)
    return cost, nearest, {"demand": demand_snaps.report, "facilities": facility_snaps.report}


def coverage(demand, facilities, *, weight=None, metres=None, minutes=None, walk_kmh=WALK_KMH, roads=None,
             units=None, snap_limit=500.0, crs="auto", progress=None):
    """Who lives within reach of a facility: on the walking network when `roads` is given (a
    Network, or a path to OSM or a line layer), else in a straight line.

    demand, facilities: GeoDataFrames of points; weight: demand's population column (default 1
    per point); units: a GeoDataFrame of polygons for coverage per unit.
    """
    threshold = _threshold(metres, minutes, walk_kmh)
    network, working_crs, weights, demand_xy = _prepare(demand, weight, roads, crs, progress)
    facility_xy = _planar(working_crs, _lonlat(facilities, "facilities"))
    cost, nearest, snapping = _costs(network, demand_xy, facility_xy, threshold, snap_limit)

    result = demand.copy()
    result["cost_m"] = cost
    if minutes is not None:
        result["minutes"] = cost / (walk_kmh * 1000.0 / 60.0)
    result["nearest"] = np.where(nearest == engines.NO_INDEX, -1, nearest.astype(np.int64))
    result["covered"] = cost <= threshold
    totals = engines.summarise_coverage(cost, weights, threshold)

    unit_frame = None
    if units is not None:
        wgs84_wkb = [geometry.wkb for geometry in units.geometry.to_crs(4326)]
        by_unit = engines.coverage_by_unit(demand_xy, weights, cost, wgs84_wkb, threshold, crs=working_crs)
        unit_frame = units.copy()
        for key in ("demand_total", "demand_covered", "covered_share"):
            unit_frame[key] = [unit[key] for unit in by_unit["units"]]
        unit_frame.attrs["points_outside"] = by_unit["points_outside"]
        unit_frame.attrs["points_in_several"] = by_unit["points_in_several"]
    return Coverage(result, totals, unit_frame, working_crs.name, snapping)


def site(demand, candidates, *, k, weight=None, metres=None, minutes=None, walk_kmh=WALK_KMH, facilities=None,
         roads=None, model="maximal_covering", snap_limit=500.0, crs="auto", progress=None):
    """Where K new facilities should go among `candidates`, existing `facilities` kept: the
    maximal-covering ('maximal_covering') or p-median ('p_median', the threshold as the cost cap)
    model. Returns the chosen candidates in order, with rank and marginal_gain, and the model's
    answer (bound and gap) in .attrs['answer']."""
    threshold = _threshold(metres, minutes, walk_kmh)
    network, working_crs, weights, demand_xy = _prepare(demand, weight, roads, crs, progress)
    candidate_xy = _planar(working_crs, _lonlat(candidates, "candidates"))
    if facilities is not None and len(facilities):
        existing_xy = _planar(working_crs, _lonlat(facilities, "facilities"))
        existing_cost, _, _ = _costs(network, demand_xy, existing_xy, threshold, snap_limit)
    else:
        existing_cost = np.full(len(demand_xy), np.inf)
    if network is None:
        reach = engines.reach_by_radius(demand_xy, candidate_xy, threshold)
    else:
        reach = network.reach_sets(network.snap(demand_xy, snap_limit), network.snap(candidate_xy, snap_limit),
                                   threshold)
    if model == "maximal_covering":
        answer = engines.maximal_covering(weights, reach, k, covered_by_existing=existing_cost <= threshold)
    elif model == "p_median":
        answer = engines.p_median(weights, reach, k, threshold, existing_cost=existing_cost)
    else:
        raise argument_error("model", f"is '{model}'; it must be 'maximal_covering' or 'p_median'")
    chosen = candidates.iloc[answer["sites"]].copy()
    chosen["rank"] = np.arange(1, len(chosen) + 1)
    chosen["marginal_gain"] = answer["marginal_gain"]
    chosen.attrs["answer"] = {key: value for key, value in answer.items() if key not in ("sites", "marginal_gain")}
    return chosen
