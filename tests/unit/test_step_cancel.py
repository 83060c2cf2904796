"""The step widget during a stalled pull: the reason in words, a Cancel button, and Cancel
really stops the pull (the result says it was cancelled, the buttons come back)."""

from __future__ import annotations

import threading
import time

import pytest

from tests.engine_fake import FakeEngineAPI
from tests.unit.test_pull_stall import _frozen
from wintut.engine import streams
from wintut.results import Outcome
from wintut.steps import get
from wintut.views.step import StepView


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()


def _wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the widget never got there"
        time.sleep(0.02)


def test_stalled_pull_shows_reason_and_cancel_stops_it(monkeypatch, release):
    monkeypatch.setattr(streams, "STALL_NOTICE", 0.3)
    monkeypatch.setattr(streams, "STALL_TICK", 0.1)
    fake = FakeEngineAPI.linux()
    fake.on("POST", "/images/create", _frozen(release))
    engine = fake.engine()
    step = get("run-ubuntu")
    view = StepView(
        step,
        check=lambda answer: step.check(engine, answer),
        solve=lambda progress: step.solve(engine, progress=progress),
    )
    assert view.cancel_button.layout.display == "none"

    view.solve_button.click()
    _wait_for(lambda: view.cancel_button.layout.display != "none")
    assert view.status_text.startswith("⚠ Stalled: no progress from the engine for ")
    assert view.bar.bar_style == "warning"
    assert view.solve_button.disabled

    view.cancel_button.click()
    view.join(5)
    assert not view.busy
    assert view.result.outcome is Outcome.ERROR
    assert view.result.reason == "You cancelled the pull of ubuntu."
    assert view.cancel_button.layout.display == "none"
    assert not view.solve_button.disabled
