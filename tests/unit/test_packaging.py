"""Packaging: environment files in step with pyproject, a light import, a wheel with the course."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.wheelhouse import build_wheel, install_into_clean_venv

ROOT = Path(__file__).resolve().parents[2]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {"docker-py": "docker"}


def _split(requirement: str) -> tuple[str, str]:
    """``"ipywidgets>=8,<8.1.9"`` -> ``("ipywidgets", ">=8,<8.1.9")``, names normalised."""
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _pyproject_requirements(extras: bool) -> dict[str, str]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    if extras:
        wanted += project["optional-dependencies"]["test"]
    return dict(_split(r) for r in wanted)


def _conda_requirements(path: Path) -> dict[str, str]:
    """The conda packages an environment file lists (its ``pip:`` section left out)."""
    listed = {}
    for line in path.read_text().split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^\s+-\s+([^#:]+?)\s*(#.*)?$", line)
        if match and not match.group(1).startswith("-"):
            name, spec = _split(match.group(1))
            listed[CONDA_NAMES.get(name, name)] = spec
    listed.pop("pip", None)
    return listed


def test_environment_yml_mirrors_pyproject():
    listed = _conda_requirements(ROOT / "environment.yml")
    assert listed.pop("python") == ">=3.10"
    assert listed == _pyproject_requirements(extras=True)
    assert "      - -e .\n" in (ROOT / "environment.yml").read_text()


def test_binder_environment_mirrors_pyproject_and_installs_wintut():
    listed = _conda_requirements(ROOT / ".binder" / "environment.yml")
    assert re.fullmatch(r"=3\.1\d", listed.pop("python"))  # repo2docker wants one version
    assert listed == _pyproject_requirements(extras=False)
    post_build = ROOT / ".binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "python -m pip install --no-deps --no-cache-dir .\n" in post_build.read_text()


def test_the_binder_badge_opens_notebook_00():
    readme = (ROOT / "README.md").read_text()
    (path,) = re.findall(r"mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/([^)\s]+)\)", readme)
    assert (ROOT / path).is_file() and path == "notebooks/00-before-you-start.ipynb"


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


# --------------------------------------------------------------------------------------------
# The wheel carries the course


def _pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_code_package_is_listed_for_the_wheel():
    # pyproject lists packages by name (the data mapping rules out packages.find): a new
    # sub-package missing from the list would be silently left out of the wheel.
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "wintut").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert {"wintut._assets", "wintut._notebooks"} <= listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``pip wheel . --no-deps``, offline (tests/wheelhouse.py)."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def course_notebooks_in_the_repo() -> list[str]:
    """The seven English notebooks, and the Chinese edition's under ``zh-CN/`` once built."""
    folder = ROOT / "notebooks"
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def test_the_wheel_holds_the_seven_notebooks_and_every_asset(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    notebooks = course_notebooks_in_the_repo()
    assert len([n for n in notebooks if "/" not in n]) == 7
    assert {f"wintut/_notebooks/{n}" for n in notebooks} <= names
    assert "wintut/locale/zh_CN/LC_MESSAGES/wintut.mo" in names  # compiled by setup.py
    assets = {
        "wintut/_assets/" + p.relative_to(ROOT / "assets").as_posix()
        for p in (ROOT / "assets").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert assets <= names, sorted(assets - names)
    assert not [n for n in names if "__pycache__" in n or ".ipynb_checkpoints" in n]


# Run by the installed (or zipped) wintut, far from the repository: what it finds.
PROBE = """
import json, wintut
from wintut import assets
from wintut.lab import index
from wintut.replay.profiles import list_profiles
hints = assets.files_in(assets.asset_path("hints", "engine"), ".md")
print(json.dumps({
    "wintut": wintut.__file__,
    "notebooks": [str(p) for p, _ in assets.course_notebooks()],
    "hints": [h.name for h in hints],
    "quiz": len(json.loads(assets.asset_path("quiz", "what-is-a-container.json").read_text())),
    "svg": assets.asset_path("diagrams", "layers.svg").read_text().count("<svg"),
    "profiles": list_profiles(),
    "index": len(index.load(index.DEFAULT_DATA)["results"]),
}))
"""


def _probe(argv: list[str], cwd: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("WINTUT_ASSETS", "PYTHONPATH")}
    out = subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout)


def _expect_the_course(found: dict) -> None:
    from wintut.replay.profiles import list_profiles

    assert found["notebooks"] == course_notebooks_in_the_repo()
    assert found["hints"] == ["1.md", "2.md", "3.md"]
    assert found["quiz"] > 0 and found["svg"] == 1 and found["index"] > 0
    assert found["profiles"] == list_profiles()


def test_a_clean_venv_outside_the_repo_finds_the_course(wheel, tmp_path):
    venv = tmp_path / "venv"
    python = install_into_clean_venv(wheel, venv, borrow_dependencies=False)
    found = _probe([str(python), "-c", PROBE], cwd=tmp_path)
    assert Path(found["wintut"]).is_relative_to(venv), found["wintut"]
    _expect_the_course(found)


def test_the_course_is_found_inside_a_zip(wheel, tmp_path):
    # A wheel is a zip with the packages at its root: imported from it directly (zipimport),
    # with no site-packages at all (-I -S), wintut still finds every course file.
    code = f"import sys; sys.path.insert(0, {str(wheel)!r})\n" + PROBE
    found = _probe([sys.executable, "-I", "-S", "-c", code], cwd=tmp_path)
    assert found["wintut"].startswith(str(wheel) + os.sep), found["wintut"]
    _expect_the_course(found)
