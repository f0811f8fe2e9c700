"""QGIS is found, or the tests skip saying why; the provider is made visible to it."""

import os
import pathlib
import shutil
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("LIFECIRCLE_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
PLUGIN_DIR = SOURCE_DIR / "qgis"


def qgis_process_command():
    """Debian's qgis_process wrapper passes --noversioncheck from /etc/default/qgis, which
    qgis_process 3.22 refuses ("Command --noversioncheck not known!"): call the binary itself."""
    wrapper = shutil.which("qgis_process")
    if wrapper is None:
        return None
    binary = pathlib.Path(wrapper).with_name("qgis_process.bin")
    return str(binary) if binary.exists() else wrapper


@pytest.fixture(scope="session")
def program():
    path = os.environ.get("LIFECIRCLE_PROGRAM")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("the lifecircle program is not built (LIFECIRCLE_PROGRAM unset)")
    return path


@pytest.fixture(scope="session")
def qgis_environment(tmp_path_factory, program):
    """A QGIS profile of its own with the provider's plugin enabled, and the program named."""
    if qgis_process_command() is None:
        pytest.skip("qgis_process is not installed (Debian: qgis, python3-qgis); the QGIS provider is not tested")
    home = tmp_path_factory.mktemp("qgis-home")
    settings = home / ".local/share/QGIS/QGIS3/profiles/default/QGIS"
    settings.mkdir(parents=True)
    (settings / "QGIS3.ini").write_text("[PythonPlugins]\nlifecircle_provider=true\n", encoding="utf-8")
    environment = dict(os.environ, HOME=str(home), QGIS_PLUGINPATH=str(PLUGIN_DIR), QT_QPA_PLATFORM="offscreen",
                       XDG_RUNTIME_DIR=str(home), LIFECIRCLE_PROGRAM=program)
    return environment


@pytest.fixture(scope="session")
def qgis_process(qgis_environment):
    """Runs qgis_process with the provider; returns the completed process."""
    command = qgis_process_command()

    def run(*arguments):
        return subprocess.run([command, *map(str, arguments)], capture_output=True, text=True,
                              env=qgis_environment, check=False, timeout=600)

    return run
