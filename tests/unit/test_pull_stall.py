"""A pull whose daemon goes quiet speaks: "stalled" with a one-line reason after the notice
time, Cancel stops it, and it is given up at the bound; before any pull, the first report says
what will be fetched and from where; a broken stream's own words reach the solve's text.

The daemon is the one fake (tests/engine_fake.py) whose pull stream sends what a frozen engine
sent in issue 12 ("Downloading" at 25 %) and then nothing, until the test releases it.
"""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest

from tests.engine_fake import FakeEngineAPI
from wintut.engine import streams
from wintut.errors import PullError
from wintut.images import PullProgress, pull
from wintut.replay.routes import Response
from wintut.results import Outcome
from wintut.session import Session

BEFORE_FREEZE = [
    {"status": "Pulling from library/ubuntu", "id": "latest"},
    {"status": "Downloading", "id": "a1", "progressDetail": {"current": 25, "total": 100}},
]


def _frozen(release: threading.Event, then: Exception | None = None):
    def handler(request):
        def parts():
            for message in BEFORE_FREEZE:
                yield json.dumps(message).encode() + b"\r\n"
            release.wait(30)
            if then is not None:
                raise then

        return Response(stream=parts())

    return handler


@pytest.fixture
def quick_stall(monkeypatch):
    monkeypatch.setattr(streams, "STALL_NOTICE", 0.3)
    monkeypatch.setattr(streams, "STALL_TICK", 0.1)
    monkeypatch.setattr(streams, "STALL_LIMIT", 30.0)


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()  # the frozen daemon lets its reader go


def test_a_quiet_daemon_is_reported_stalled_and_cancel_stops_the_pull(quick_stall, release):
    fake = FakeEngineAPI.linux()
    fake.on("POST", "/images/create", _frozen(release))
    seen: list[str] = []

    def on_progress(progress: PullProgress) -> bool:
        seen.append(progress.state)
        if progress.state == "stalled":
            assert progress.reason.startswith("Stalled: no progress from the engine for ")
            assert "25%" in str(progress)
            return False  # the learner pressed Cancel
        return True

    started = time.monotonic()
    with pytest.raises(PullError) as raised:
        pull("ubuntu", fake.engine(), on_progress=on_progress)
    assert time.monotonic() - started < 2.0
    assert seen[0] == "fetching" and seen[-1] == "stalled"
    assert raised.value.problem.message == "You cancelled the pull of ubuntu."


def test_a_pull_is_given_up_at_the_bound(monkeypatch, quick_stall, release):
    monkeypatch.setattr(streams, "STALL_LIMIT", 0.8)
    fake = FakeEngineAPI.linux()
    fake.on("POST", "/images/create", _frozen(release))
    started = time.monotonic()
    with pytest.raises(PullError) as raised:
        pull("ubuntu", fake.engine())
    assert 0.8 <= time.monotonic() - started < 2.0
    assert "stalled" in raised.value.problem.message
    assert "no message from the engine for 1 s" in raised.value.daemon_message


def test_the_first_report_says_what_and_from_where_before_the_engine_is_asked():
    fake = FakeEngineAPI.linux(info={"RegistryConfig": {"Mirrors": ["http://127.0.0.1:5380/"]}})
    fake.state.seed_image("ubuntu")
    first: list[tuple[str, int]] = []

    def on_progress(progress: PullProgress) -> None:
        if not first:
            first.append((str(progress), len(fake.asked("POST", "/images/create"))))

    pull("ubuntu", fake.engine(), on_progress=on_progress)
    assert first == [
        (
            "Fetching ubuntu from Docker Hub (docker.io) through the engine's mirror "
            "http://127.0.0.1:5380/…",
            0,
        )
    ]


def test_without_a_mirror_the_first_report_says_internet():
    fake = FakeEngineAPI.linux()
    said: list[str] = []
    pull("ubuntu", fake.engine(), on_progress=lambda p: said.append(str(p)) and None)
    assert said[0] == "Fetching ubuntu from Docker Hub (docker.io), over the internet…"


def test_a_broken_stream_s_words_are_in_the_solve_text(wintut_home, quick_stall, release):
    fake = FakeEngineAPI.linux()
    release.set()
    fake.on("POST", "/images/create", _frozen(release, http.client.IncompleteRead(b"", 4096)))
    session = Session(wintut_home, env={"WINTUT_SIMULATE": "none"})
    session.point_at(fake.engine())
    result = session.solve("run-ubuntu")
    assert result.outcome is Outcome.ERROR
    assert "IncompleteRead" in str(result)  # the text output, not only --json


def test_a_check_s_own_pull_is_said_with_where_from():
    fake = FakeEngineAPI.linux()
    from wintut.steps import get

    result = get("iis-failure").check(fake.engine())
    assert result.evidence["pull asked"] == (
        "mcr.microsoft.com/windows/servercore/iis from the registry mcr.microsoft.com"
    )
    assert "pull asked: mcr.microsoft.com/windows/servercore/iis from" in str(result)
