"""Shared fixtures: where the sources, the shipped layers and the built program are."""

import json
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("LIFECIRCLE_SOURCE_DIR", pathlib.Path(__file__).parents[2]))


@pytest.fixture
def source_dir():
    return SOURCE_DIR


@pytest.fixture
def fixtures():
    return SOURCE_DIR / "tests" / "data"


@pytest.fixture
def program():
    """Runs the lifecircle program built beside the package; returns (exit code, stderr)."""
    path = os.environ.get("LIFECIRCLE_PROGRAM")
    if not path or not pathlib.Path(path).exists():
        pytest.skip("the lifecircle program is not built (LIFECIRCLE_PROGRAM unset): the CLI cross-checks need it")

    def run(*arguments):
        completed = subprocess.run([path, *map(str, arguments)], capture_output=True, text=True, check=False)
        return completed.returncode, completed.stderr

    return run


def read_json(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)
