#!/usr/bin/python3
"""The whole `lifecircle coverage` process at city scale, stage by stage, against networkx.

Needs python3-numpy, python3-scipy, python3-pandas, python3-pyproj, python3-networkx and
osmium-tool (Debian) for the peer and the city generator.

Usage:
  bench/city_scale.py --lifecircle BUILD/tools/lifecircle/lifecircle [--city DIR] [--shared DIR]
                      [--runs N] [--skip-networkx] [--of GeoJSON[,GPKG,...]] [--job all|city|wuhan]
                      [--against OTHER_BUILD/tools/lifecircle/lifecircle]

Two jobs, each run as a planner runs it (one process, default outputs, into a fresh directory):

- synthetic city: the ~1 M-node street grid of ../shared/peers/make_synthetic_city.py (made
  into --city when missing; about 45 s), 500k demand points from CSV, 1,000 facilities, 1000 m
  on foot. networkx's load + snap + super-source Dijkstra runs back to back on the same files
  (../shared/peers/synthetic_nx.py), and the ratio of the two wall clocks is printed.
- whole Wuhan, straight-line mode: the WorldPop 60+ grid of ../shared/data/wuhan-worldpop,
  the 974 community polygons of ../shared/data/wuhan-communities as units, and 25 facilities
  at the centroids of every 39th community, 1000 m.

With several formats (--of GeoJSON,GPKG) each job runs once per format, and the
whole process of each is printed against the first's. With --against, each job and format
then runs again, alternating the two builds: on a shared VM whose speed drifts by a quarter
within an hour, only such pairs show a change of a few percent.

Stage seconds are the ones the console prints ("- done in 2.71 s."); "other" is the
wall clock the stages do not cover (start-up, building output tables, summary). Roads are
read on a second thread beside the population, so "reading roads" is only what was left to
wait for. Peak RSS and CPU seconds (user + system, all threads) are the child's, from wait4;
CPU over wall says how busy the cores were. This prints figures; it never passes or fails.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STAGE = re.compile(r"^(?P<stage>.+?): 0[0-9.]*100 - done in (?P<seconds>[0-9.]+) s\.$", re.M)


def run_timed(command):
    """Wall seconds, peak RSS (MiB), stderr text, exit status and CPU seconds (user + system) of one child."""
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return (time.monotonic() - start, usage.ru_maxrss / 1024.0, stderr, child.returncode,
            usage.ru_utime + usage.ru_stime)


def lifecircle_job(name, command, runs):
    print(f"\n## {name}\n\n$ {' '.join(command[:-1])} OUT")
    best = None
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="lifecircle-bench-") as scratch:
            out = os.path.join(scratch, "out")
            wall, rss, stderr, code, cpu = run_timed(command[:-1] + [out])
            sizes = {f: os.path.getsize(os.path.join(out, f)) for f in sorted(os.listdir(out))} if code == 0 else {}
        if code != 0:
            print(stderr)
            sys.exit(f"lifecircle exited with {code}")
        if best is None or wall < best[0]:
            best = (wall, rss, stderr, sizes, cpu)
    wall, rss, stderr, sizes, cpu = best
    stages = [(m["stage"], float(m["seconds"])) for m in STAGE.finditer(stderr)]
    print(f"\n| stage | seconds |\n|---|---|")
    for stage, seconds in stages:
        print(f"| {stage} | {seconds:.2f} |")
    print(f"| other (start-up, output tables, summary) | {wall - sum(s for _, s in stages):.2f} |")
    print(f"| **whole process** | **{wall:.2f}** |\n\npeak RSS {rss:.0f} MiB; CPU {cpu:.2f} s (user + system: "
          f"{cpu / wall:.2f} cores busy on average); best of {runs}; "
          f"outputs {sum(sizes.values()) / 1e6:.1f} MB: " +
          ", ".join(f"{f} {s / 1e6:.1f} MB" for f, s in sizes.items() if s > 1e6))
    return wall


def paired_job(name, command, against, runs):
    """Runs `against` and the build under test alternately, `runs` times each: a drift of the
    machine between runs then falls on both alike. Prints each one's best and median."""
    builds = [against, command[0]]
    walls = {build: [] for build in builds}
    cpus = {build: [] for build in builds}
    for _ in range(runs):
        for build in builds:
            with tempfile.TemporaryDirectory(prefix="lifecircle-bench-") as scratch:
                wall, _, stderr, code, cpu = run_timed([build] + command[1:-1] + [os.path.join(scratch, "out")])
            if code != 0:
                print(stderr)
                sys.exit(f"{build} exited with {code}")
            walls[build].append(wall)
            cpus[build].append(cpu)
    print(f"\n### {name}: paired with {against}, alternating, {runs} runs each\n\n"
          f"| build | best | median | CPU median |\n|---|---|---|---|")
    for build in builds:
        print(f"| {build} | {min(walls[build]):.2f} | {statistics.median(walls[build]):.2f} | "
              f"{statistics.median(cpus[build]):.2f} |")
    ratio = statistics.median(walls[command[0]]) / statistics.median(walls[against])
    print(f"\nmedian whole process: {ratio:.2f}x {against}'s")


def each_format(name, command_for, runs, formats, against=None):
    """Runs the job once per output format; prints each whole process against the first format's,
    and with `against`, each format paired with that build."""
    walls = [lifecircle_job(f"{name}, --of {of}", command_for(of), runs) for of in formats]
    if against:
        for of in formats:
            paired_job(f"{name}, --of {of}", command_for(of), against, runs)
    if len(formats) > 1:
        print("\nwhole process by format: " + ", ".join(
            f"{of} {wall:.2f} s ({wall / walls[0]:.2f}x {formats[0]})" for of, wall in zip(formats, walls)))
    return walls[0]


def synthetic_city(args):
    city = args.city
    if not os.path.exists(os.path.join(city, "summary.json")):
        print(f"making the synthetic city in {city} ...", flush=True)
        subprocess.run([sys.executable, os.path.join(args.shared, "peers", "make_synthetic_city.py"), city],
                       check=True)
    def command(of):
        return [args.lifecircle, "coverage", "--roads", os.path.join(city, "synthetic_city.osm.pbf"),
                "--population", os.path.join(city, "demand.csv"), "--population-field", "weight",
                "--facilities", os.path.join(city, "facilities.csv"), "--metres", "1000", "--of", of,
                "--lang", "en", "-o", "OUT"]  # STAGE reads the English progress lines; OUT comes last
    wall = each_format("synthetic city (1.0 M nodes, 500k demand points, 1,000 facilities, 1000 m)",
                       command, args.runs, args.formats, args.against)
    if args.skip_networkx:
        return
    with tempfile.TemporaryDirectory(prefix="lifecircle-bench-nx-") as scratch:
        result = os.path.join(scratch, "nx.json")
        nx_wall, nx_rss, stderr, code, _ = run_timed(
            [sys.executable, os.path.join(args.shared, "peers", "synthetic_nx.py"), "--graph",
             os.path.join(city, "graph"), "--demand", os.path.join(city, "demand.csv"), "--facilities",
             os.path.join(city, "facilities.csv"), "--out-json", result])
        if code != 0:
            print(stderr)
            sys.exit(f"synthetic_nx.py exited with {code}")
        with open(result) as f:
            timings = json.load(f)["timings_s"]
    peer = timings["load_graph"] + timings["snap"] + timings["dijkstra_super"]
    print(f"\nnetworkx, back to back: load {timings['load_graph']:.2f} s + snap {timings['snap']:.2f} s + "
          f"super-source Dijkstra {timings['dijkstra_super']:.2f} s = {peer:.2f} s "
          f"(its whole process {nx_wall:.2f} s, peak RSS {nx_rss:.0f} MiB)\n"
          f"lifecircle's whole process is {peer / wall:.2f}x as fast as networkx's load + snap + search")


def whole_wuhan(args):
    data = os.path.join(args.shared, "data")
    raster = os.path.join(data, "wuhan-worldpop", "derived_pop60plus.tif")
    units = os.path.join(data, "wuhan-communities", "wuhan_communities_wgs84.geojson")
    if not (os.path.exists(raster) and os.path.exists(units)):
        print(f"\n## whole Wuhan: skipped, {raster} or {units} is missing")
        return
    with open(units) as f:
        communities = json.load(f)["features"]
    with tempfile.TemporaryDirectory(prefix="lifecircle-bench-wuhan-") as scratch:
        facilities = os.path.join(scratch, "facilities.csv")
        with open(facilities, "w") as f:
            f.write("id,lon,lat\n")
            for i, feature in enumerate(communities[::39][:25]):
                p = feature["properties"]
                f.write(f"{i},{p['Avg_X_Coor']},{p['Avg_Y_Coor']}\n")
        def command(of):
            return [args.lifecircle, "coverage", "--population", raster, "--facilities", facilities, "--units",
                    units, "--unit-code-field", "FID_1", "--metres", "1000", "--of", of, "--lang", "en", "-o", "OUT"]
        each_format("whole Wuhan, straight line (WorldPop 60+ grid, 974 communities, 25 facilities, 1000 m)",
                    command, args.runs, args.formats, args.against)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lifecircle", required=True)
    ap.add_argument("--city", default=os.path.join(tempfile.gettempdir(), "lifecircle-synthetic-city"))
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--of", default="GeoJSON", help="output format, or several separated by commas")
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--against", help="another lifecircle build (say, main's) to run alternately with --lifecircle, "
                                      "so that the machine's drift falls on both alike")
    ap.add_argument("--job", choices=["all", "city", "wuhan"], default="all")
    args = ap.parse_args()
    args.formats = args.of.split(",")
    if args.against and os.path.realpath(args.against) == os.path.realpath(args.lifecircle):
        ap.error("--against names the build under test; give another build")
    if args.job in ("all", "city"):
        synthetic_city(args)
    if args.job in ("all", "wuhan"):
        whole_wuhan(args)


if __name__ == "__main__":
    main()
