"""The working folder `wintut open` copies the course into: it never loses a learner's edits."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path, PurePosixPath

import pytest

from wintut.assets import course_notebooks
from wintut.workspace import MANIFEST, Action, WorkspaceError, copy_course, digest, read_manifest

NOON = datetime(2026, 12, 1, 12, 0, 0)
REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def course(tmp_path: Path, version: str, names=("00-a.ipynb", "01-b.ipynb")):
    """A course release on disk: each notebook's text names the release."""
    folder = tmp_path / f"course-{version}"
    folder.mkdir(exist_ok=True)
    files = []
    for name in names:
        (folder / name).write_text(json.dumps({"notebook": name, "version": version}))
        files.append((PurePosixPath(name), folder / name))
    return files


def actions(report):
    return {str(f.path): f.action for f in report.files}


def test_first_copy_copies_everything_and_records_hashes(tmp_path):
    work = tmp_path / "work"
    report = copy_course(work, course(tmp_path, "1"), NOON)
    assert actions(report) == {"00-a.ipynb": Action.COPIED, "01-b.ipynb": Action.COPIED}
    recorded = read_manifest(work)
    assert recorded == {n: digest((work / n).read_bytes()) for n in ("00-a.ipynb", "01-b.ipynb")}
    assert report.lines() == [f"Course in {work.resolve()}: 2 copied."]


def test_twice_in_a_row_keeps_an_edited_notebook(tmp_path):
    work = tmp_path / "work"
    release = course(tmp_path, "1")
    copy_course(work, release, NOON)
    (work / "01-b.ipynb").write_text("my answers")
    report = copy_course(work, release, NOON)
    assert actions(report) == {"00-a.ipynb": Action.CURRENT, "01-b.ipynb": Action.YOURS}
    assert (work / "01-b.ipynb").read_text() == "my answers"
    assert sorted(p.name for p in work.iterdir()) == [MANIFEST, "00-a.ipynb", "01-b.ipynb"]
    # and a third time, still nothing moves
    assert actions(copy_course(work, release, NOON))["01-b.ipynb"] is Action.YOURS


def test_newer_course_keeps_the_learners_copy_beside_it_and_says_so(tmp_path):
    work = tmp_path / "work"
    copy_course(work, course(tmp_path, "1"), NOON)
    (work / "01-b.ipynb").write_text("my answers")
    report = copy_course(work, course(tmp_path, "2"), NOON)
    assert actions(report) == {"00-a.ipynb": Action.UPDATED, "01-b.ipynb": Action.KEPT_BESIDE}
    kept = work / "01-b.mine-20261201-120000.ipynb"
    assert kept.read_text() == "my answers"
    assert json.loads((work / "01-b.ipynb").read_text())["version"] == "2"
    assert json.loads((work / "00-a.ipynb").read_text())["version"] == "2"
    lines = report.lines()
    assert lines[0].endswith(
        "1 updated to the course's newer version, 1 newer in the course (your copy kept beside)."
    )
    assert lines[1:] == [
        "  01-b.ipynb: the course has a newer version; your edited copy is kept as "
        "01-b.mine-20261201-120000.ipynb."
    ]
    # the kept copy is the learner's: a later copy leaves it alone and does not list it
    again = copy_course(work, course(tmp_path, "2"), NOON)
    assert set(actions(again).values()) == {Action.CURRENT}
    assert kept.read_text() == "my answers"


def test_kept_copies_never_overwrite_each_other(tmp_path):
    work = tmp_path / "work"
    copy_course(work, course(tmp_path, "1"), NOON)
    for version in ("2", "3"):
        (work / "01-b.ipynb").write_text(f"answers before {version}")
        copy_course(work, course(tmp_path, version), NOON)  # the same second, twice
    assert (work / "01-b.mine-20261201-120000.ipynb").read_text() == "answers before 2"
    assert (work / "01-b.mine-20261201-120000-2.ipynb").read_text() == "answers before 3"


def test_without_a_manifest_a_differing_notebook_counts_as_edited(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "00-a.ipynb").write_text("made before wintut kept a manifest")
    report = copy_course(work, course(tmp_path, "1"), NOON)
    assert actions(report)["00-a.ipynb"] is Action.KEPT_BESIDE
    assert (work / "00-a.mine-20261201-120000.ipynb").read_text().startswith("made before")


def test_an_unreadable_manifest_is_the_safe_side_too(tmp_path):
    work = tmp_path / "work"
    copy_course(work, course(tmp_path, "1"), NOON)
    (work / MANIFEST).write_text("{not json")
    (work / "00-a.ipynb").write_text("mine")
    report = copy_course(work, course(tmp_path, "2"), NOON)
    assert actions(report)["00-a.ipynb"] is Action.KEPT_BESIDE


def test_a_deleted_notebook_comes_back(tmp_path):
    work = tmp_path / "work"
    release = course(tmp_path, "1")
    copy_course(work, release, NOON)
    (work / "00-a.ipynb").unlink()
    assert actions(copy_course(work, release, NOON))["00-a.ipynb"] is Action.COPIED


def test_sub_folders_are_copied_as_sub_folders(tmp_path):
    source = tmp_path / "src" / "zh_CN"
    source.mkdir(parents=True)
    (source / "00-a.ipynb").write_text("{}")
    work = tmp_path / "work"
    copy_course(work, [(PurePosixPath("zh_CN/00-a.ipynb"), source / "00-a.ipynb")], NOON)
    assert (work / "zh_CN" / "00-a.ipynb").read_text() == "{}"
    assert "zh_CN/00-a.ipynb" in read_manifest(work)


def test_a_file_where_the_folder_should_be_is_a_one_line_error(tmp_path):
    target = tmp_path / "work"
    target.write_text("not a folder")
    with pytest.raises(WorkspaceError, match="is a file, not a folder"):
        copy_course(target, course(tmp_path, "1"), NOON)


def test_a_folder_where_a_notebook_should_be_is_a_one_line_error(tmp_path):
    work = tmp_path / "work"
    (work / "00-a.ipynb").mkdir(parents=True)
    with pytest.raises(WorkspaceError, match="is not a file"):
        copy_course(work, course(tmp_path, "1"), NOON)


def repo_notebooks() -> list[str]:
    """The course's notebooks in the repository: the seven English ones, and the Chinese
    edition's seven under ``zh-CN/`` once it is built (``python -m wintut.editions build``)."""
    return sorted(
        p.relative_to(REPO_NOTEBOOKS).as_posix()
        for p in REPO_NOTEBOOKS.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def test_the_shipped_course_is_the_seven_notebooks_of_each_edition_byte_for_byte(tmp_path):
    shipped = dict(course_notebooks())
    expected = repo_notebooks()
    assert sorted(str(p) for p in shipped) == expected
    english = [n for n in expected if "/" not in n]
    chinese = [n.removeprefix("zh-CN/") for n in expected if n.startswith("zh-CN/")]
    assert len(english) == 7 and chinese in ([], english)
    assert len(expected) == len(english) + len(chinese)  # no other folder of notebooks
    report = copy_course(tmp_path / "work")
    assert report.count(Action.COPIED) == len(expected)
    for name in expected:
        assert (tmp_path / "work" / name).read_bytes() == (REPO_NOTEBOOKS / name).read_bytes()
