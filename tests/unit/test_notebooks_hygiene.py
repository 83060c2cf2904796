"""Every course notebook is committed clean and has the same opening and closing.

Clean: no outputs, no execution counts, no saved widget state (it grows without limit and does
not revive widgets anyway: jupyterlab/jupyterlab#9233), the python3 kernelspec (without it
JupyterLab stops on a kernel-selection dialog).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
EXPECTED = [
    "00-before-you-start",
    "01-run-ubuntu",
    "02-whose-kernel",
    "03-search-microsoft",
    "04-the-iis-failure",
    "05-windows-containers",
    "06-what-is-a-container",
]
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def test_the_seven_notebooks_with_sortable_names():
    assert [p.stem for p in PATHS] == EXPECTED
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+", p.stem) for p in PATHS)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_clean(path):
    nb = load(path)
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"], "saved widget state: clear it before committing"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"outputs committed in {path.name}"
            assert cell["execution_count"] is None


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_same_opening(path):
    cells = load(path)["cells"]
    first, setup = cells[0], cells[1]
    assert first["cell_type"] == "markdown"
    heading = source(first).splitlines()[0]
    assert heading.startswith(f"# {path.stem[:2]} · ")
    for marker in ("**What you'll do:**", "**What you'll learn:**", "**What you'll need:**"):
        assert marker in source(first), f"{path.name}: opening lacks {marker}"
    assert setup["cell_type"] == "code"
    assert "import wintut" in source(setup).splitlines()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_same_closing(path):
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    assert source(code[-2]) == "wintut.course.progress()"
    assert source(code[-1]).startswith("wintut.course.selftest([")
    meta = code[-1]["metadata"]
    assert "selftest" in meta["tags"]  # the course testing itself, for maintainers
    assert meta.get("jupyter", {}).get("source_hidden") is True  # collapsed for learners


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_engine_output_cells_are_marked_and_none_skipped(path):
    for cell in load(path)["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        assert "nbval-skip" not in tags and "NBVAL_SKIP" not in source(cell)
        if cell["cell_type"] == "code" and "wintut." in source(cell):
            assert "nbval-ignore-output" in tags, f"{path.name}: untagged engine cell"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_story_is_labelled_and_links_resolve(path):
    text = "\n".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    if path.stem != "00-before-you-start":
        assert "2016" in text and "**today.**" in text
    for target in re.findall(r"\]\(([0-9][^)]*\.ipynb)\)", text):
        assert (NOTEBOOKS / target).exists(), f"{path.name} links to missing {target}"
