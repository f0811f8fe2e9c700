"""docs/python.md runs as written, and prints the figures it quotes."""

import re

import pytest

pytest.importorskip("geopandas", reason="python3-geopandas is needed for the worked example")


def test_the_worked_example_runs(source_dir, tmp_path, monkeypatch, capsys):
    text = (source_dir / "docs" / "python.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 4
    code = "\n".join(blocks).replace('output="out"', f"output={str(tmp_path / 'out')!r}")
    monkeypatch.chdir(source_dir)
    exec(compile(code, "docs/python.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "30.3% of 7,071 people aged 60+" in printed
    assert (tmp_path / "out" / "summary.json").exists()
