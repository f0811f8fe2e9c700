"""lifecircle: 15-minute life-circle (生活圈) planning from Python.

The engines work in one planar CRS in metres (``WorkingCrs``): arrays of
shape (n, 2) hold x, y. ``Network`` snaps points and searches the walking
network; coverage, access (2SFCA), Gini/Palma and the siting models take
NumPy arrays. ``run`` runs a scenario file as ``lifecircle run`` does.
``coverage`` and ``site`` (``lifecircle.frames``) take and return
GeoDataFrames. Every failure raises ``lifecircle.Error``, which carries the
program's exit code and where the problem lies (file, layer, feature, field,
JSON path). What the library says besides its results (an earlier run
replaced, GDAL's own warnings) comes as ``lifecircle.LifecircleWarning``.
Long calls release the GIL, take ``progress=callable(fraction, stage)``, and
stop on Ctrl-C or when the callable raises.
"""

from ._lifecircle import (
    NO_INDEX,
    Error,
    Network,
    ReachSets,
    Snaps,
    LifecircleWarning,
    WorkingCrs,
    __version__,
    capacitated_coverage,
    check_boundaries,
    check_names,
    coverage_by_unit,
    gini,
    maximal_covering,
    nearest_facility_by_radius,
    p_median,
    palma,
    reach_by_radius,
    read_population,
    run,
    set_covering,
    summarise_coverage,
    two_step_floating_catchment,
)
from .arrays import polylines_to_arrays
from .frames import Coverage, coverage, read_demand, site, to_geometries

__all__ = [
    "NO_INDEX", "Error", "Network", "ReachSets", "Snaps", "LifecircleWarning", "WorkingCrs", "__version__",
    "capacitated_coverage", "check_boundaries", "check_names", "coverage_by_unit", "gini",
    "maximal_covering", "nearest_facility_by_radius", "p_median", "palma", "reach_by_radius",
    "read_population", "run", "set_covering", "summarise_coverage", "two_step_floating_catchment",
    "polylines_to_arrays", "Coverage", "coverage", "read_demand", "site", "to_geometries",
]
