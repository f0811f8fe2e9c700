"""Scenario runs and the checks from Python give what the program gives."""

import threading
import time

import numpy as np
import pytest

import lifecircle as lc
from conftest import read_json

SCENARIO = "scenarios/wuhan-guanggu.json"


def without_outputs(summary):
    """A summary without what differs by where it was written."""
    return {key: value for key, value in summary.items() if key not in ("outputs",)}


def test_run_gives_the_programs_summary(source_dir, program, tmp_path):
    code, err = program("run", source_dir / SCENARIO, "-o", tmp_path / "cli")
    assert code == 0, err
    from_program = read_json(tmp_path / "cli" / "summary.json")
    from_python = lc.run(source_dir / SCENARIO)
    assert without_outputs(from_python) == without_outputs(from_program)
    service = from_python["services"][0]
    assert service["mode"] == "network"
    assert 0 < service["demand_covered"] < service["demand_total"]


def test_run_writes_every_output_and_reports_progress(source_dir, tmp_path):
    stages = []
    summary = lc.run(source_dir / SCENARIO, output=tmp_path / "out", format="GPKG",
                     progress=lambda fraction, stage: stages.append((fraction, stage)))
    for name in summary["outputs"]:
        assert (tmp_path / "out" / name).exists(), name
    assert any(name.endswith(".gpkg") for name in summary["outputs"])
    assert all(0.0 <= fraction <= 1.0 for fraction, _ in stages)
    assert {"writing report.html"} <= {stage for _, stage in stages}


def test_the_report_is_chinese_unless_english_is_asked_for(source_dir, tmp_path):
    lc.run(source_dir / SCENARIO, output=tmp_path / "zh")
    lc.run(source_dir / SCENARIO, output=tmp_path / "en", language="en")
    chinese = (tmp_path / "zh" / "report.html").read_text(encoding="utf-8")
    english = (tmp_path / "en" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in chinese and "指标与目标" in chinese
    assert '<html lang="en">' in english and ">Targets</h2>" in english
    with pytest.raises(lc.Error) as refused:
        lc.run(source_dir / SCENARIO, output=tmp_path / "fr", language="fr")
    assert refused.value.exit_code == 2 and refused.value.field == "language"
    assert not (tmp_path / "fr").exists()


def test_replacing_an_earlier_run_is_a_python_warning(source_dir, tmp_path):
    lc.run(source_dir / SCENARIO, output=tmp_path / "out")
    with pytest.warns(lc.LifecircleWarning, match="replaced the earlier run"):
        lc.run(source_dir / SCENARIO, output=tmp_path / "out")


class Cancelled(Exception):
    pass


def test_an_exception_in_the_progress_callable_stops_the_run_and_writes_nothing(source_dir, tmp_path):
    calls = []

    def cancel_on_the_fifth_report(fraction, stage):
        calls.append(stage)
        if len(calls) == 5:
            raise Cancelled(stage)

    with pytest.raises(Cancelled):
        lc.run(source_dir / SCENARIO, output=tmp_path / "out", progress=cancel_on_the_fifth_report)
    assert len(calls) == 5
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left either


def test_a_run_releases_the_gil(source_dir):
    """While a run works in a thread, the main thread keeps running Python: the longest pause it
    sees is far shorter than the run (holding the GIL, the run would pause it throughout)."""
    results = []
    worker = threading.Thread(target=lambda: results.append(lc.run(source_dir / SCENARIO)))
    started = time.perf_counter()
    worker.start()
    last, longest_pause = time.perf_counter(), 0.0
    while worker.is_alive():
        now = time.perf_counter()
        longest_pause, last = max(longest_pause, now - last), now
    took = time.perf_counter() - started
    worker.join()
    assert results and results[0]["services"][0]["points_total"] > 0
    assert took > 0.2  # long enough for the pause to tell
    assert longest_pause < took / 4, (longest_pause, took)


def test_errors_carry_the_exit_code_and_the_json_path(tmp_path):
    with pytest.raises(lc.Error) as missing:
        lc.run(tmp_path / "nowhere.json")
    assert missing.value.exit_code == 4
    assert missing.value.file.endswith("nowhere.json")

    with pytest.raises(lc.Error) as invalid:
        lc.run({"name": "x", "population": {}, "services": [{"facility": "a", "demand": "b", "metres": -1}]})
    assert invalid.value.exit_code == 3
    assert invalid.value.json_path.startswith("/")
    assert invalid.value.exit_name  # "scenario is invalid", as exit-codes.md names it

    with pytest.raises(lc.Error) as shape:
        lc.nearest_facility_by_radius(np.zeros((3, 3)), np.zeros((1, 2)))
    assert (shape.value.exit_code, shape.value.field) == (2, "demand")


def test_check_names_gives_the_programs_findings(fixtures, program, tmp_path):
    rules = fixtures / "names" / "rules.csv"
    before = rules.read_bytes()
    code, err = program("check-names", "--input", rules, "--name-field", "name", "--code-field", "code",
                        "--parent-field", "parent", "--pinyin-field", "pinyin", "-o", tmp_path / "cli")
    assert code == 8, err
    checked = lc.check_names([{"path": str(rules), "name": "name", "code": "code", "parent": "parent",
                               "pinyin": "pinyin"}])
    assert without_outputs(checked["summary"]) == without_outputs(read_json(tmp_path / "cli" / "summary.json"))
    assert len(checked["findings"]) == checked["summary"]["findings"]
    assert len(checked["names"]) == 22
    assert any(finding["rule"] == "duplicate_name" for finding in checked["findings"])
    assert rules.read_bytes() == before


def test_check_boundaries_gives_the_programs_findings(fixtures, program, tmp_path):
    county, townships = fixtures / "boundaries" / "county.geojson", fixtures / "boundaries" / "overlap.geojson"
    code, err = program("check-boundaries", "--level", f"county={county}", "--level", f"township={townships}",
                        "--code-field", "code", "--name-field", "name", "--parent-field", "parent",
                        "-o", tmp_path / "cli")
    assert code == 8, err
    levels = [{"name": level, "path": str(path), "code": "code", "name_field": "name", "parent": "parent"}
              for level, path in (("county", county), ("township", townships))]
    checked = lc.check_boundaries(levels)
    assert without_outputs(checked["summary"]) == without_outputs(read_json(tmp_path / "cli" / "summary.json"))
    overlaps = [finding for finding in checked["findings"] if finding["rule"] == "overlap"]
    assert overlaps and all(finding["wkb"] for finding in overlaps)
