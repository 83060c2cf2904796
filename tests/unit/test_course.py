"""The notebooks' closing self-test: check, do it when a check alone disagrees, compare."""

from __future__ import annotations

import types

import pytest

from tests.fakes import engine_with
from wintut.course import assert_expected, expected_table
from wintut.results import Outcome
from wintut.steps.base import Step


class Counting(Step):
    title = "t"
    notebook = "nb"

    def __init__(self, step_id, checked, solved):
        self.id = step_id
        self.checked_outcome, self.solved_outcome = checked, solved
        self.calls = []

    def check(self, engine=None, answer=None):
        self.calls.append("check")
        return self.result(self.checked_outcome, f"checked {self.id}", fix="do X")

    def solve(self, engine=None, progress=None):
        self.calls.append("solve")
        return self.result(self.solved_outcome, f"solved {self.id}")


def api(*steps):
    table = {s.id: s for s in steps}
    return types.SimpleNamespace(get=table.__getitem__)


def test_a_check_that_already_matches_is_not_redone():
    done = Counting("run-ubuntu", Outcome.PASS, Outcome.PASS)
    host, rows = expected_table(
        ["run-ubuntu"], engine_with(), expected={"run-ubuntu": "pass"}, steps_api=api(done)
    )
    assert host is not None and host.kind == "linux-native"
    assert done.calls == ["check"]
    assert rows[0].ok


def test_a_step_not_done_yet_is_solved_then_compared(capsys):
    todo = Counting("run-ubuntu", Outcome.NOT_ATTEMPTED, Outcome.PASS)
    wrong = Counting("windows-engine", Outcome.PASS, Outcome.PASS)
    with pytest.raises(AssertionError) as raised:
        assert_expected(
            ["run-ubuntu", "windows-engine"],
            engine_with(),
            expected={"run-ubuntu": Outcome.PASS, "windows-engine": Outcome.FAIL},
            steps_api=api(todo, wrong),
        )
    assert todo.calls == ["check", "solve"]
    message = str(raised.value)
    assert message.startswith("1 step(s) did not give the expected outcome")
    assert (
        "windows-engine: expected fail on linux-native, got pass (solved windows-engine)" in message
    )
    table = capsys.readouterr().out
    assert "Host: linux-native" in table
    assert "✔ run-ubuntu" in table and "✖ windows-engine" in table


def test_no_expectation_is_reported_not_failed():
    step = Counting("isolation", Outcome.NOT_ATTEMPTED, Outcome.NOT_ATTEMPTED)
    engine = engine_with()
    engine.simulated = "windows-server-2022"
    text = assert_expected(["isolation"], engine, expected={}, steps_api=api(step))
    assert "(no expectation)" in text
    assert "[simulated: windows-server-2022]" in text
