"""pyproject.toml and environment.yml name the same packages; the import stays light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {"docker-py": "docker"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["test"]}
    listed = set()
    text = (ROOT / "environment.yml").read_text()
    dependencies = text.split("dependencies:", 1)[1]
    for line in dependencies.splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)", line)
        if match and ":" not in line:
            name = _name(match.group(1))
            listed.add(CONDA_NAMES.get(name, name))
    listed -= {"python", "pip", "-e"}
    assert listed == wanted


def test_import_wintut_loads_neither_docker_nor_ipywidgets():
    heavy = "('docker', 'ipywidgets', 'requests')"
    code = f"import sys, wintut; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_every_module_keeps_the_notebook_functions_callable():
    # A submodule named like a function (wintut/doctor.py) replaces wintut.doctor() once
    # anything imports it: a TypeError for a learner re-running notebook 00's cell.
    import importlib
    import pkgutil

    import wintut

    for module in pkgutil.walk_packages(wintut.__path__, "wintut."):
        importlib.import_module(module.name)
    for name in ("doctor", "step", "simulate"):
        assert callable(getattr(wintut, name)), name
