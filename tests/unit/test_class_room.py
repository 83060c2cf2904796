"""The room: what the service accepts, how it is kept, and how the grid is worked out and shown."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("sqlalchemy", reason="the class extra is not installed")

from wintut.classroom.grid import build_room
from wintut.classroom.page import room_page
from wintut.classroom.record import BadRecord, validate
from wintut.classroom.render import csv_text, text_grid
from wintut.classroom.store import ResultStore, default_url

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
STEPS = ("engine", "run-ubuntu", "find-kernel")


def row(user, step, outcome, minutes_ago, source="simulated:docker-desktop-wsl2", reason="r"):
    return {
        "user": user,
        "step": step,
        "outcome": outcome,
        "reason": reason,
        "at": NOW - timedelta(minutes=minutes_ago),
        "source": source,
        "solved": False,
    }


def test_stuck_means_the_same_step_not_passing_for_longer_than_the_limit():
    rows = [
        row("ann", "engine", "pass", 30),
        row("ann", "run-ubuntu", "fail", 14),  # the not-passing run began 14 min ago
        row("ann", "run-ubuntu", "error", 2),
        row("bob", "engine", "fail", 20),
        row("bob", "engine", "pass", 5),  # passed since: not stuck
        row("cat", "engine", "fail", 3),  # failing, but only for 3 min
        row("dan", "engine", "fail", 25, source="real"),
    ]
    room = build_room(rows, STEPS, now=NOW, stuck_minutes=10, roster=["eve"])
    assert [item.name for item in room.learners] == ["dan", "ann", "bob", "cat", "eve"]
    stuck = {item.name: item.stuck_step for item in room.learners}
    assert stuck == {"dan": "engine", "ann": "run-ubuntu", "bob": None, "cat": None, "eve": None}
    ann = room.learners[1]
    assert round(ann.stuck_minutes(NOW)) == 14
    assert round(room.minutes_since_last(ann)) == 2
    assert room.minutes_since_last(room.learners[-1]) is None


def test_the_terminal_grid_and_the_csv_show_icons_words_and_sources():
    rows = [row("ann", "engine", "pass", 1), row("dan", "engine", "fail", 25, source="real")]
    room = build_room(rows, STEPS, now=NOW, stuck_minutes=10)
    grid = text_grid(room).splitlines()
    assert grid[2].startswith("! dan")
    assert "✖ " in grid[2]
    assert "stuck on engine for 25 min" in grid[2]
    assert "✔·" in grid[3]  # · marks a simulated result
    assert "simulated" in grid[-1]
    lines = csv_text(room).splitlines()
    assert lines[0].startswith("learner,step,outcome,words,source")
    assert lines[1].startswith("dan,engine,fail,✖ Not yet (real),real")
    assert lines[2].startswith("ann,engine,pass,✔ Passed (simulated),simulated:")


def test_learner_text_is_escaped_on_the_page_and_defused_in_the_csv():
    rows = [
        row("ann", "engine", "fail", 1, reason='<script>alert(1)</script>"'),
        row("=cmd", "engine", "pass", 1, reason="=HYPERLINK(1)"),
    ]
    room = build_room(rows, STEPS, now=NOW)
    page = room_page(room, refresh=7)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert '<meta http-equiv="refresh" content="7">' in page
    assert "(simulated)" in page
    assert "'=HYPERLINK(1)" in csv_text(room)
    assert "\n'=cmd," in csv_text(room)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"step": "../etc"}, "step"),
        ({"outcome": "great"}, "outcome"),
        ({"source": "docker"}, "source"),
        ({"at": "yesterday"}, "at"),
        ({"at": "2026-12-01T08:00:00"}, "at"),
        ({"solved": "yes"}, "solved"),
    ],
)
def test_a_bad_record_is_refused_naming_the_field(change, field):
    good = {
        "step": "engine",
        "outcome": "pass",
        "reason": "",
        "at": "2026-12-01T08:00:00Z",
        "source": "real",
        "solved": False,
    }
    assert validate(good)["at"] == datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
    with pytest.raises(BadRecord, match=field):
        validate({**good, **change})


def _record(step="engine", record_id=None):
    return validate(
        {
            "id": record_id,
            "step": step,
            "outcome": "pass",
            "reason": "ok",
            "at": "2026-12-01T08:00:00+00:00",
            "source": "real",
            "solved": True,
        }
    )


def test_sqlite_store_uses_wal_keeps_one_copy_and_survives_a_restart(tmp_path):
    store = ResultStore(default_url(tmp_path))
    assert store.add("ann", _record(record_id="a1"))
    assert not store.add("ann", _record(record_id="a1"))  # a resend after a lost answer
    assert store.add("bob", _record(record_id="a1"))  # ids are per learner
    store.close()
    mode = sqlite3.connect(tmp_path / "class.sqlite").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)
    again = ResultStore(default_url(tmp_path))
    rows = again.rows()
    assert [(r["user"], r["step"], r["solved"]) for r in rows] == [
        ("ann", "engine", True),
        ("bob", "engine", True),
    ]
    assert rows[0]["at"].tzinfo is not None
    assert [r["user"] for r in again.rows(user="bob")] == ["bob"]
    again.close()


def test_many_writers_at_once_lose_nothing(tmp_path):
    store = ResultStore(default_url(tmp_path))

    def learner(n: int) -> None:
        for i in range(25):
            store.add(f"l{n}", _record(record_id=f"{n}-{i}"))

    threads = [threading.Thread(target=learner, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.count() == 200
    store.close()
