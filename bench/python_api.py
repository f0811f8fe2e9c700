#!/usr/bin/python3
"""The synthetic city through the Python API, stage by stage, beside networkx.

An analyst's script: the demand and facility CSVs read with pandas, the roads
read and built by lifecircle.Network.read, every point projected, snapped and
searched (1000 m), and the covered share summarised. Run it with the package
of an optimised build on PYTHONPATH:

  PYTHONPATH=build/release/python bench/python_api.py [--city DIR] [--skip-networkx]

The city is the one bench/city_scale.py makes (../shared/peers/make_synthetic_city.py).
networkx's load + snap + super-source Dijkstra (../shared/peers/synthetic_nx.py) runs
right after on the same files. This prints figures; it never passes or fails.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas

import lifecircle as lc

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--city", default=os.path.join(tempfile.gettempdir(), "lifecircle-synthetic-city"))
    parser.add_argument("--skip-networkx", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.city, "synthetic_city.osm.pbf")):
        sys.exit(f"{args.city} holds no synthetic city: run bench/city_scale.py once, or "
                 "../shared/peers/make_synthetic_city.py")

    stages = []
    start = last = time.perf_counter()

    def stage(name):
        nonlocal last
        now = time.perf_counter()
        stages.append((name, now - last))
        last = now

    demand = pandas.read_csv(os.path.join(args.city, "demand.csv"))
    facilities = pandas.read_csv(os.path.join(args.city, "facilities.csv"))
    stage("read the CSVs (pandas)")
    network = lc.Network.read(os.path.join(args.city, "synthetic_city.osm.pbf"))
    stage("Network.read: read the PBF, project, build the graph and its index")
    demand_xy = network.crs.project(demand[["lon", "lat"]].to_numpy())
    facility_xy = network.crs.project(facilities[["lon", "lat"]].to_numpy())
    stage("project the points")
    people = network.snap(demand_xy)
    sites = network.snap(facility_xy)
    stage("snap")
    cost, _ = network.nearest_facility(people, sites, 1000.0)
    stage("nearest_facility (1000 m)")
    totals = lc.summarise_coverage(cost, demand["weight"].to_numpy(), 1000.0)
    stage("summarise_coverage")
    total = time.perf_counter() - start

    print(f"## synthetic city through the Python API ({network.node_count:,} nodes, {network.edge_count:,} edges, "
          f"{len(demand):,} demand points, {len(facilities):,} facilities, 1000 m)\n")
    print("| stage | seconds |\n|---|---|")
    for name, seconds in stages:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **whole script** | **{total:.2f}** |\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB; covered {totals['covered_share']:.4%} of {totals['demand_total']:,.0f}")

    if not args.skip_networkx:
        peer = os.path.join(HERE, "..", "..", "shared", "peers", "synthetic_nx.py")
        with tempfile.TemporaryDirectory() as scratch:
            result = os.path.join(scratch, "nx.json")
            subprocess.run([sys.executable, peer, "--graph", os.path.join(args.city, "graph"),
                            "--demand", os.path.join(args.city, "demand.csv"),
                            "--facilities", os.path.join(args.city, "facilities.csv"), "--out-json", result],
                           check=True, stdout=subprocess.DEVNULL)
            with open(result, encoding="utf-8") as file:
                timings = json.load(file)["timings_s"]
        peer = timings["load_graph"] + timings["snap"] + timings["dijkstra_super"]
        print(f"networkx, back to back: load {timings['load_graph']:.2f} s + snap {timings['snap']:.2f} s + "
              f"super-source Dijkstra {timings['dijkstra_super']:.2f} s = {peer:.2f} s; the Python script is "
              f"{peer / total:.2f}x as fast")


if __name__ == "__main__":
    main()
