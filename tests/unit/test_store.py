"""The progress store: best and latest per engine, migration, and no file ever breaks it."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from wintut.locking import locked
from wintut.paths import home
from wintut.results import CheckResult, Outcome
from wintut.store import EARLIER, REAL, Store, StoreError, source_of


def result(
    step: str, outcome: Outcome = Outcome.PASS, reason: str = "because", **kw
) -> CheckResult:
    return CheckResult(step, outcome, reason, **kw)


def outcomes(store: Store, source: str = REAL) -> dict[str, Outcome]:
    return {
        step: sources[source].best.outcome
        for step, sources in store.steps().items()
        if source in sources
    }


def test_home_follows_wintut_home(wintut_home):
    assert home() == wintut_home
    assert Store().path == wintut_home / "progress.json"


def test_home_defaults_to_user_data_dir(monkeypatch):
    monkeypatch.delenv("WINTUT_HOME", raising=False)
    from platformdirs import user_data_dir

    assert str(home()) == user_data_dir("wintut", appauthor=False)


def test_records_survive_a_new_store(wintut_home):
    Store().record(result("engine"))
    Store().record(result("run-ubuntu", Outcome.NOT_ATTEMPTED, "none yet"))
    Store().record(result("run-ubuntu", Outcome.PASS, "ran"))
    again = Store()  # as after a kernel restart: nothing in memory
    record = again.get("run-ubuntu")
    assert record is not None
    assert (record.best.outcome, record.best.reason, record.attempts) == (Outcome.PASS, "ran", 2)
    assert again.get("nanoserver") is None
    assert outcomes(again) == {"engine": Outcome.PASS, "run-ubuntu": Outcome.PASS}


def test_a_pass_survives_a_later_could_not_check(wintut_home):
    store = Store()
    store.record(result("engine"))
    store.record(result("engine", Outcome.ERROR, "engine stopped"))
    record = store.get("engine")
    assert record.best.outcome is Outcome.PASS
    assert record.latest.outcome is Outcome.ERROR
    assert record.done


def test_a_learner_pass_beats_a_solved_one(wintut_home):
    store = Store()
    store.record(result("run-ubuntu", solved=True))
    assert store.get("run-ubuntu").best.solved
    store.record(result("run-ubuntu"))
    assert not store.get("run-ubuntu").best.solved
    store.record(result("run-ubuntu", solved=True))
    assert not store.get("run-ubuntu").best.solved  # the learner's own pass is kept


def test_real_and_simulated_results_are_kept_apart(wintut_home):
    store = Store()
    store.record(result("windows-engine", Outcome.FAIL, "linux"), source_of(None))
    store.record(result("windows-engine"), source_of("windows-server-2022"))
    sources = store.steps()["windows-engine"]
    assert sources[REAL].best.outcome is Outcome.FAIL
    assert sources["simulated:windows-server-2022"].best.outcome is Outcome.PASS


def test_done_is_pass_or_not_applicable(wintut_home):
    store = Store()
    for outcome in Outcome:
        store.record(result(outcome.value, outcome))
    done = {step for step, sources in store.steps().items() if sources[REAL].done}
    assert done == {"pass", "not-applicable"}


def test_reset(wintut_home):
    store = Store()
    store.record(result("engine"))
    store.reset()
    assert store.steps() == {}
    assert json.loads(store.path.read_text())["steps"] == {}


def test_writes_leave_no_temporary_files(wintut_home):
    store = Store()
    for step in ("engine", "run-ubuntu", "find-kernel"):
        store.record(result(step))
    assert [p.name for p in wintut_home.iterdir() if p.name.endswith(".tmp")] == []


def test_a_format_1_file_is_migrated_losing_nothing(wintut_home):
    wintut_home.mkdir(parents=True)
    old = {
        "format": 1,
        "steps": {
            "engine": {
                "outcome": "pass",
                "reason": "ok",
                "at": "2026-11-01T10:00:00+00:00",
                "attempts": 3,
                "first_passed": "2026-11-01T10:00:00+00:00",
            },
            "run-ubuntu": {"outcome": "not-attempted", "reason": "none", "at": "x"},
        },
    }
    (wintut_home / "progress.json").write_text(json.dumps(old), encoding="utf-8")
    store = Store()
    assert outcomes(store, EARLIER) == {"engine": Outcome.PASS, "run-ubuntu": Outcome.NOT_ATTEMPTED}
    store.record(result("find-kernel"))
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["format"] == 2
    assert data["steps"]["engine"][EARLIER]["best"]["reason"] == "ok"
    assert outcomes(Store(), EARLIER) == {
        "engine": Outcome.PASS,
        "run-ubuntu": Outcome.NOT_ATTEMPTED,
    }


@pytest.mark.parametrize(
    "junk",
    [b"{not json", b"[]", b'{"steps": []}', b"", b"\xff\xfe\xfa not utf-16 json", b"\x80\x81\xfe"],
)
def test_an_unreadable_file_is_set_aside_and_said_once(wintut_home, junk):
    wintut_home.mkdir(parents=True)
    (wintut_home / "progress.json").write_bytes(junk)
    store = Store()
    store.record(result("engine"))
    aside = list(wintut_home.glob("progress.json.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == junk  # the learner's file, untouched
    notices = store.notices()
    assert len(notices) == 1 and "kept as progress.json.corrupt-" in notices[0]
    assert store.notices() == []  # said once
    assert outcomes(store) == {"engine": Outcome.PASS}  # and a fresh store works


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_bom_and_utf16_files_are_read_as_what_they_are(wintut_home, encoding):
    wintut_home.mkdir(parents=True)
    data = {"format": 2, "steps": {"engine": {"real": {"latest": {"outcome": "pass", "at": "t"}}}}}
    text = json.dumps(data)
    raw = text.encode(encoding) if encoding != "utf-16-be" else b"\xfe\xff" + text.encode(encoding)
    (wintut_home / "progress.json").write_bytes(raw)
    store = Store()
    assert outcomes(store) == {"engine": Outcome.PASS}
    assert store.notices() == []
    assert list(wintut_home.glob("progress.json.corrupt-*")) == []


def test_bad_records_are_skipped_and_the_rest_kept(wintut_home):
    wintut_home.mkdir(parents=True)
    data = {
        "format": 2,
        "steps": {
            "engine": {"real": {"latest": {"outcome": "pass"}}},  # no "at": still fine
            "isolation": {"real": {"latest": {"outcome": "someday", "at": "t"}}},
            "nanoserver": 3,
            "run-ubuntu": {"real": "junk"},
        },
    }
    (wintut_home / "progress.json").write_text(json.dumps(data), encoding="utf-8")
    store = Store()
    assert outcomes(store) == {"engine": Outcome.PASS}
    assert "3 record(s)" in " ".join(store.notices())


def test_an_unwritable_folder_is_a_store_error_not_a_traceback(tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(StoreError, match="could not save your progress"):
        Store(folder).record(result("engine"))


def test_a_held_lock_is_a_store_error(wintut_home):
    store = Store()
    store.record(result("engine"))
    context = multiprocessing.get_context("fork")
    holding, release = context.Event(), context.Event()

    def hold() -> None:
        with locked(store.lock_path):
            holding.set()
            release.wait(10)

    process = context.Process(target=hold)
    process.start()
    try:
        assert holding.wait(10)
        with pytest.raises(StoreError, match="stayed locked"):
            Store(lock_timeout=0.3).record(result("engine"))
    finally:
        release.set()
        process.join(10)


def _record_many(folder: str, worker: int, count: int) -> None:
    store = Store(folder)
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
    found = outcomes(Store(tmp_path))
    assert len(found) == workers * count
    assert set(found.values()) == {Outcome.PASS}
