"""The QGIS Processing provider, headless: qgis_process lists and runs its
algorithms, their summaries equal the program's, every output layer loads
with its style, and Cancel stops a run without touching the output folder."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import PLUGIN_DIR, SOURCE_DIR

LAYERS = SOURCE_DIR / "layers" / "wuhan-guanggu"
ALGORITHMS = ["run", "coverage", "site", "isochrones", "check_boundaries", "check_names"]


def coverage_parameters(output):
    rasters = sorted(LAYERS.glob("pop_*.tif"))
    return ([f"--POPULATION_RASTERS={raster}" for raster in rasters]
            + [f"--FACILITIES={LAYERS / 'illustrative_elderly_care_sites.geojson'}", "--CAPACITY_FIELD=beds",
               f"--ROADS={LAYERS / 'roads.osm.pbf'}", "--MINUTES=15", "--FORMAT=0", f"--OUTPUT={output}"])


def read_summary(folder):
    with open(folder / "summary.json", encoding="utf-8") as file:
        return json.load(file)


def same_run(a, b):
    """Two summaries of one run: equal but for the inputs' paths and the files listed."""
    def comparable(summary):
        return {key: value for key, value in summary.items() if key not in ("outputs", "inputs", "scenario")}
    return comparable(a) == comparable(b)


def test_qgis_process_lists_every_algorithm(qgis_process):
    listed = qgis_process("list")
    assert listed.returncode == 0, listed.stderr
    for name in ALGORITHMS:
        assert f"lifecircle:{name}\t" in listed.stdout, name


def snapshot(folder):
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns) for path in folder.iterdir()}


def test_coverage_through_qgis_equals_the_program(qgis_process, program, tmp_path):
    inputs_before = snapshot(LAYERS)
    ran = qgis_process("run", "lifecircle:coverage", "--json", *coverage_parameters(tmp_path / "qgis"))
    assert snapshot(LAYERS) == inputs_before  # no file added beside the inputs (a GDAL .aux.xml), none changed
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads(ran.stdout[ran.stdout.index("{"):])["results"]
    cli = subprocess.run([program, "coverage", "--population", *sorted(map(str, LAYERS.glob("pop_*.tif"))),
                          "--facilities", str(LAYERS / "illustrative_elderly_care_sites.geojson"),
                          "--capacity-field", "beds", "--roads", str(LAYERS / "roads.osm.pbf"), "--minutes", "15",
                          "-o", str(tmp_path / "cli"), "--of", "GPKG", "-q"], check=False)
    assert cli.returncode == 0
    from_qgis, from_cli = read_summary(tmp_path / "qgis"), read_summary(tmp_path / "cli")
    assert same_run(from_qgis, from_cli)
    assert results["COVERED_SHARE"] == from_cli["services"][0]["covered_share"]
    assert results["REPORT"].endswith("report.html")
    # Chinese unless asked otherwise, as the program.
    with open(results["REPORT"], encoding="utf-8") as report:
        assert '<html lang="zh-CN">' in report.read()


def test_the_elderly_profile_through_qgis_equals_the_program(qgis_process, program, tmp_path):
    ran = qgis_process("run", "lifecircle:coverage", "--json", *coverage_parameters(tmp_path / "qgis"),
                       "--PROFILE=1")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    cli = subprocess.run([program, "coverage", "--population", *sorted(map(str, LAYERS.glob("pop_*.tif"))),
                          "--facilities", str(LAYERS / "illustrative_elderly_care_sites.geojson"),
                          "--capacity-field", "beds", "--roads", str(LAYERS / "roads.osm.pbf"), "--minutes", "15",
                          "--profile", "elderly", "-o", str(tmp_path / "cli"), "--of", "GPKG", "-q"], check=False)
    assert cli.returncode == 0
    elderly = read_summary(tmp_path / "cli")["services"][0]
    assert same_run(read_summary(tmp_path / "qgis"), read_summary(tmp_path / "cli"))
    assert elderly["profile"]["id"] == "elderly" and elderly["walk_kmh"] == 3.0
    # The shipped scenario's elderly-pace service covers what the profile covers here.
    shipped = json.loads((SOURCE_DIR / "scenarios" / "wuhan-guanggu.json").read_text(encoding="utf-8"))
    assert any(service.get("profile") == "elderly" for service in shipped["services"])
    assert 0.0 < elderly["covered_share"] < 0.25


def test_check_names_through_qgis_equals_the_program(qgis_process, program, tmp_path):
    names = SOURCE_DIR / "tests" / "data" / "names" / "rules.csv"
    ran = qgis_process("run", "lifecircle:check_names", "--json", f"--INPUT={names}", "--NAME_FIELD=name",
                       "--CODE_FIELD=code", "--PARENT_FIELD=parent", "--PINYIN_FIELD=pinyin",
                       f"--OUTPUT={tmp_path / 'qgis'}")
    assert ran.returncode == 0, ran.stdout + ran.stderr  # findings are results, not a failure
    results = json.loads(ran.stdout[ran.stdout.index("{"):])["results"]
    cli = subprocess.run([program, "check-names", "--input", str(names), "--name-field", "name", "--code-field",
                          "code", "--parent-field", "parent", "--pinyin-field", "pinyin", "-o",
                          str(tmp_path / "cli"), "-q"], check=False)
    assert cli.returncode == 8
    from_qgis, from_cli = read_summary(tmp_path / "qgis"), read_summary(tmp_path / "cli")
    assert same_run(from_qgis, from_cli)
    assert results["ERRORS"] == from_cli["errors"] > 0


def test_a_failure_is_reported_with_the_programs_message(qgis_process, tmp_path):
    ran = qgis_process("run", "lifecircle:run", f"--SCENARIO={tmp_path / 'missing.json'}",
                       f"--OUTPUT={tmp_path / 'out'}")
    assert ran.returncode != 0
    assert "scenario file does not exist" in ran.stdout + ran.stderr
    assert "exit code 4" in ran.stdout + ran.stderr


PYQGIS_CHECKS = r"""
import json, os, sys, xml.etree.ElementTree as ElementTree
from qgis.core import (QgsApplication, QgsFeatureRequest, QgsProcessingFeedback, QgsProcessingException,
                       QgsRasterLayer, QgsVectorLayer)
application = QgsApplication([], False)
application.initQgis()
sys.path.insert(0, "/usr/share/qgis/python/plugins")
sys.path.insert(0, os.environ["PLUGIN_DIR"])
from processing.core.Processing import Processing
Processing.initialize()
import processing
from lifecircle_provider.provider import LifecircleProvider
from lifecircle_provider.outputs import map_layers
provider = LifecircleProvider()
QgsApplication.processingRegistry().addProvider(provider)
layers, output, parameters = os.environ["LAYERS"], os.environ["OUTPUT"], json.loads(os.environ["PARAMETERS"])
report = {"loaded": [], "cancelled": None}

# Every map layer of a finished run, loaded as QGIS would with the style written beside it.
processing.run("lifecircle:coverage", dict(parameters, OUTPUT=output))
with open(os.path.join(output, "summary.json"), encoding="utf-8") as file:
    summary = json.load(file)
for path, style in map_layers(output, summary):
    layer = QgsRasterLayer(path, "r") if path.endswith(".tif") else QgsVectorLayer(path, "v", "ogr")
    message, styled = layer.loadNamedStyle(style) if style else ("no style", False)
    declared = None
    if style:
        root = ElementTree.parse(style).getroot()
        renderer = root.find("renderer-v2") if root.find("renderer-v2") is not None else root.find("pipe/rasterrenderer")
        declared = renderer.get("type") if renderer is not None else None
    report["loaded"].append({"path": os.path.basename(path), "valid": layer.isValid(), "styled": styled,
                             "message": message, "declared": declared,
                             "actual": layer.renderer().type() if layer.renderer() is not None else None})
    del layer

# A scenario with named facilities, candidates and units: their layers are labelled by those names.
scenario_output = output + "-scenario"
processing.run("lifecircle:run", {"SCENARIO": os.environ["SCENARIO"], "FORMAT": 0, "OUTPUT": scenario_output})
with open(os.path.join(scenario_output, "summary.json"), encoding="utf-8") as file:
    for path, style in map_layers(scenario_output, json.load(file)):
        if path.endswith(".gpkg"):
            layer = QgsVectorLayer(path, "v", "ogr")
            layer.loadNamedStyle(style)
            report.setdefault("labels", {})[os.path.basename(path)] = (
                layer.labeling().settings().fieldName if layer.labelsEnabled() else None)
            del layer

# A layer that is no file (a memory layer, as an edit session or a selection gives) is copied for the program.
homes = QgsVectorLayer(parameters["FACILITIES"], "homes", "ogr")
memory = homes.materialize(QgsFeatureRequest())
from_file = processing.run("lifecircle:coverage", dict(parameters, OUTPUT=output + "-file"))
from_memory = processing.run("lifecircle:coverage", dict(parameters, FACILITIES=memory, OUTPUT=output + "-memory"))
report["memory"] = {"provider": memory.providerType(), "file": from_file["COVERED_SHARE"],
                    "memory": from_memory["COVERED_SHARE"]}
del homes, memory  # layers alive at exitQgis crash PyQGIS's teardown

# Cancel on the first progress report: the run stops and the output folder is not made.
class CancelAtOnce(QgsProcessingFeedback):
    def setProgress(self, progress):
        super().setProgress(progress)
        self.cancel()

cancelled_output = output + "-cancelled"
try:
    processing.run("lifecircle:coverage", dict(parameters, OUTPUT=cancelled_output), feedback=CancelAtOnce())
    report["cancelled"] = "finished"
except QgsProcessingException as error:
    report["cancelled"] = str(error)
report["cancelled_folder_exists"] = os.path.exists(cancelled_output)
print("REPORT" + json.dumps(report))
QgsApplication.processingRegistry().removeProvider(provider)
application.exitQgis()
"""


def test_outputs_load_with_their_styles_and_cancel_stops_the_run(qgis_environment, tmp_path):
    rasters = sorted(str(path) for path in LAYERS.glob("pop_*.tif"))
    parameters = {"POPULATION_RASTERS": rasters,
                  "FACILITIES": str(LAYERS / "illustrative_elderly_care_sites.geojson"), "CAPACITY_FIELD": "beds",
                  "ROADS": str(LAYERS / "roads.osm.pbf"), "MINUTES": 15, "FORMAT": 0}
    environment = dict(qgis_environment, PLUGIN_DIR=str(PLUGIN_DIR), LAYERS=str(LAYERS),
                       OUTPUT=str(tmp_path / "styled"), PARAMETERS=json.dumps(parameters),
                       SCENARIO=str(SOURCE_DIR / "scenarios" / "wuhan-guanggu.json"))
    checked = subprocess.run([sys.executable, "-c", PYQGIS_CHECKS], capture_output=True, text=True,
                             env=environment, timeout=600, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads(checked.stdout[checked.stdout.index("REPORT") + len("REPORT"):])
    loaded = report["loaded"]
    assert {entry["path"] for entry in loaded} >= {"demand_coverage.tif", "facilities.gpkg"}
    for entry in loaded:
        assert entry["valid"], entry
        assert entry["styled"], entry
        assert entry["declared"] and entry["actual"] == entry["declared"], entry
    assert report["labels"] == {"facilities_elderly_care.gpkg": "name", "sites_elderly_care_15min.gpkg": "candidate_id",
                                "units_residential_elderly_care_15min.gpkg": "unit_name",
                                "service_areas_elderly_care_15min.gpkg": None,
                                "units_residential_elderly_care_15min_elderly_pace.gpkg": "unit_name",
                                "service_areas_elderly_care_15min_elderly_pace.gpkg": None,
                                "routes_elderly_care_15min_elderly_pace.gpkg": None}
    assert report["memory"]["provider"] == "memory"
    assert report["memory"]["memory"] == report["memory"]["file"] > 0
    assert report["cancelled"] and "cancelled" in report["cancelled"]
    assert not report["cancelled_folder_exists"]


def run_through_qgis(qgis_process, algorithm, *parameters):
    ran = qgis_process("run", f"lifecircle:{algorithm}", "--json", *parameters)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return json.loads(ran.stdout[ran.stdout.index("{"):])["results"]


def run_program(program, *arguments, expected=0):
    ran = subprocess.run([program, *map(str, arguments), "-q"], check=False)
    assert ran.returncode == expected


def test_run_site_isochrones_and_check_boundaries_through_qgis_equal_the_program(qgis_process, program, tmp_path):
    scenario = SOURCE_DIR / "scenarios" / "wuhan-guanggu.json"
    results = run_through_qgis(qgis_process, "run", f"--SCENARIO={scenario}", f"--OUTPUT={tmp_path / 'run-qgis'}")
    run_program(program, "run", scenario, "-o", tmp_path / "run-cli", "--of", "GPKG")
    assert same_run(read_summary(tmp_path / "run-qgis"), read_summary(tmp_path / "run-cli"))
    assert results["COVERED_SHARE"] == read_summary(tmp_path / "run-cli")["services"][0]["covered_share"]

    homes, roads = LAYERS / "illustrative_elderly_care_sites.geojson", LAYERS / "roads.osm.pbf"
    candidates = LAYERS / "illustrative_candidate_sites.geojson"
    rasters = sorted(LAYERS.glob("pop_*.tif"))
    results = run_through_qgis(qgis_process, "site", *[f"--POPULATION_RASTERS={raster}" for raster in rasters],
                               f"--FACILITIES={homes}", f"--ROADS={roads}", f"--CANDIDATES={candidates}",
                               "--CANDIDATE_NAME=candidate_id", "--MODEL=0", "--ADD=3", "--MINUTES=15",
                               f"--OUTPUT={tmp_path / 'site-qgis'}")
    run_program(program, "site", "--population", *rasters, "--facilities", homes, "--roads", roads, "--candidates",
                candidates, "--candidate-name", "candidate_id", "--model", "maximal_covering", "--add", "3",
                "--minutes", "15", "--walk-kmh", "4", "-o", tmp_path / "site-cli", "--of", "GPKG")
    site_cli = read_summary(tmp_path / "site-cli")
    assert same_run(read_summary(tmp_path / "site-qgis"), site_cli)
    assert results["GAP"] == site_cli["siting"]["gap"]

    run_through_qgis(qgis_process, "isochrones", f"--ROADS={roads}", f"--FACILITIES={homes}", "--MINUTES=5, 10",
                     f"--OUTPUT={tmp_path / 'areas-qgis'}")
    run_program(program, "isochrones", "--roads", roads, "--facilities", homes, "--minutes", "5,10", "--walk-kmh",
                "4", "-o", tmp_path / "areas-cli", "--of", "GPKG")
    areas = read_summary(tmp_path / "areas-qgis")
    assert areas["service_areas"] == read_summary(tmp_path / "areas-cli")["service_areas"]
    assert [area["upto"] for area in areas["service_areas"]] == [5.0, 10.0]

    boundaries = SOURCE_DIR / "tests" / "data" / "boundaries"
    results = run_through_qgis(qgis_process, "check_boundaries", f"--PARENT_LEVEL={boundaries / 'county.geojson'}",
                               f"--LEVEL={boundaries / 'gap.geojson'}", "--CODE_FIELD=code", "--NAME_FIELD=name",
                               "--PARENT_FIELD=parent", f"--OUTPUT={tmp_path / 'check-qgis'}")
    run_program(program, "check-boundaries", "--level", f"county={boundaries / 'county.geojson'}", "--level",
                f"township={boundaries / 'gap.geojson'}", "--code-field", "code", "--name-field", "name",
                "--parent-field", "parent", "-o", tmp_path / "check-cli", "--of", "GPKG", expected=8)
    check_cli = read_summary(tmp_path / "check-cli")
    assert same_run(read_summary(tmp_path / "check-qgis"), check_cli)
    assert (results["ERRORS"], results["WARNINGS"]) == (check_cli["errors"], check_cli["warnings"])
    assert check_cli["errors"] > 0
