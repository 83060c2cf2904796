"""The progress store: survives reopening, atomic, safe across processes, recovers from junk."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from wintut.progress import CorruptProgressWarning, Progress, home
from wintut.results import CheckResult, Outcome


def result(step: str, outcome: Outcome = Outcome.PASS, reason: str = "because") -> CheckResult:
    return CheckResult(step, outcome, reason)


def test_home_follows_wintut_home(wintut_home):
    assert home() == wintut_home
    assert Progress().path == wintut_home / "progress.json"


def test_home_defaults_to_user_data_dir(monkeypatch):
    monkeypatch.delenv("WINTUT_HOME", raising=False)
    from platformdirs import user_data_dir

    assert str(home()) == user_data_dir("wintut", appauthor=False)


def test_record_get_summary_survive_a_new_store(wintut_home):
    Progress().record(result("engine"))
    Progress().record(result("run-ubuntu", Outcome.NOT_ATTEMPTED, "none yet"))
    Progress().record(result("run-ubuntu", Outcome.PASS, "ran"))
    again = Progress()  # as after a kernel restart: nothing in memory
    entry = again.get("run-ubuntu")
    assert entry is not None
    assert entry["outcome"] == "pass"
    assert entry["reason"] == "ran"
    assert entry["attempts"] == 2
    assert entry["first_passed"]
    assert again.get("nanoserver") is None
    assert again.summary() == {"engine": Outcome.PASS, "run-ubuntu": Outcome.PASS}


def test_latest_outcome_wins_but_first_pass_is_kept(wintut_home):
    store = Progress()
    store.record(result("engine"))
    first = store.get("engine")["first_passed"]
    store.record(result("engine", Outcome.ERROR, "engine stopped"))
    assert store.summary()["engine"] is Outcome.ERROR
    assert store.get("engine")["first_passed"] == first


def test_reset(wintut_home):
    store = Progress()
    store.record(result("engine"))
    store.reset()
    assert store.summary() == {}
    assert json.loads(store.path.read_text())["steps"] == {}


def test_writes_leave_no_temporary_files(wintut_home):
    store = Progress()
    for step in ("engine", "run-ubuntu", "find-kernel"):
        store.record(result(step))
    leftovers = [p.name for p in wintut_home.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize(
    "junk", ["{not json", "[]", '{"steps": []}', '{"steps": {"engine": 3}}', ""]
)
def test_corrupt_file_is_set_aside_with_a_warning(wintut_home, junk):
    wintut_home.mkdir(parents=True)
    (wintut_home / "progress.json").write_text(junk, encoding="utf-8")
    store = Progress()
    with pytest.warns(CorruptProgressWarning, match="kept as progress.json.corrupt-"):
        store.record(result("engine"))
    aside = list(wintut_home.glob("progress.json.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_text(encoding="utf-8") == junk  # the learner's file, untouched
    assert store.summary() == {"engine": Outcome.PASS}  # and a fresh store works


def test_unknown_outcome_from_a_newer_wintut_is_skipped(wintut_home):
    wintut_home.mkdir(parents=True)
    data = {"format": 1, "steps": {"engine": {"outcome": "someday"}, "isolation": {}}}
    (wintut_home / "progress.json").write_text(json.dumps(data), encoding="utf-8")
    assert Progress().summary() == {}


def _record_many(folder: str, worker: int, count: int) -> None:
    store = Progress(folder)
    for i in range(count):
        store.record(result(f"step-{worker}-{i}"))


def test_concurrent_processes_lose_no_updates(tmp_path):
    workers, count = 4, 15
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    processes = [
        context.Process(target=_record_many, args=(str(tmp_path), w, count)) for w in range(workers)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join(60)
        assert p.exitcode == 0
    summary = Progress(tmp_path).summary()
    assert len(summary) == workers * count
    assert set(summary.values()) == {Outcome.PASS}
