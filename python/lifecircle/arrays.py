"""Shapes the engines take, built from what Python code usually holds."""

import numpy as np

from ._lifecircle import Error


def argument_error(field, message):
    """lifecircle.Error for a bad argument, as the engines raise it (exit code 2, usage)."""
    error = Error(f"{field}: {message}")
    error.exit_code, error.exit_name, error.message = 2, "usage", message
    error.file = error.layer = error.feature = error.json_path = ""
    error.field = field
    return error


def polylines_to_arrays(polylines):
    """Polylines (each an (k, 2) array of x, y in metres) as Network.from_arrays takes them.

    Vertices with exactly the same coordinates become one vertex, which is
    where the network joins polylines (as an OSM node shared by two ways).
    Returns (vertices, polyline_offsets, polyline_vertices).
    """
    parts = [np.asarray(line, dtype=np.float64).reshape(-1, 2) for line in polylines]
    lengths = np.array([len(part) for part in parts], dtype=np.int64)
    if len(parts) == 0:
        raise argument_error("polylines", "no polyline given")
    stacked = np.concatenate(parts)
    vertices, shared = np.unique(stacked, axis=0, return_inverse=True)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.uint32)
    return vertices, offsets, shared.reshape(-1).astype(np.uint32)
