"""wintut.assets: every course file is read as package data, never as a path on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from wintut import assets
from wintut.course import diagram
from wintut.lab import index


def test_files_in_lists_one_kind_sorted_and_tolerates_a_missing_folder(tmp_path):
    for name in ("b.md", "a.md", "c.txt"):
        (tmp_path / name).write_text(name)
    (tmp_path / "d.md").mkdir()
    assert [f.name for f in assets.files_in(tmp_path, ".md")] == ["a.md", "b.md"]
    assert assets.files_in(tmp_path / "missing", ".md") == []
    assert assets.stem(tmp_path / "a.md") == "a"


def test_the_course_notebooks_skip_package_files():
    names = [str(rel) for rel, _ in assets.course_notebooks()]
    assert names and all(n.endswith(".ipynb") for n in names)
    assert "__init__.py" not in names


def test_the_diagram_is_read_as_data_not_opened_by_file_name():
    svg = diagram("layers")
    assert svg.filename is None and "<svg" in svg.data


def test_the_lab_index_reads_its_listing_as_package_data():
    data = index.load(index.DEFAULT_DATA)
    assert data["query"] == "microsoft" and data["results"]


def test_wintut_assets_points_elsewhere(tmp_path):
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "q.json").write_text(json.dumps([1, 2]))
    code = "from wintut.assets import asset_path; print(asset_path('quiz', 'q.json').read_text())"
    env = dict(os.environ, WINTUT_ASSETS=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [1, 2]
    assert Path(str(assets.ROOT)) != tmp_path
