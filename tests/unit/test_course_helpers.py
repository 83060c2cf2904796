"""wintut.course (what the notebooks call): the closing self-test, helpers, widget wiring."""

from __future__ import annotations

import types

import pytest

from tests.engine_fake import BASE_URL, FakeEngineAPI, linux_engine, refuse
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
        ["run-ubuntu"], linux_engine(), expected={"run-ubuntu": "pass"}, steps_api=api(done)
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
            linux_engine(),
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
    engine = FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022")
    text = assert_expected(["isolation"], engine, expected={}, steps_api=api(step))
    assert repr(text) == text
    assert "(no expectation)" in text
    assert "[simulated: windows-server-2022]" in text


def test_helpers_return_text_that_jupyter_shows_as_itself():
    from wintut.course import command, image_summary, kernel_report, search_table, show_platforms

    text = command("docker run -it --rm {} bash", "ubuntu")
    assert text == "docker run -it --rm ubuntu bash" and repr(text) == str(text)

    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")  # linux/amd64, one layer
    fake.state.record_registry(
        "iis", [{"os": "windows", "architecture": "amd64", "os.version": "10.0.1"}]
    )
    fake.state.record_search("microsoft", [{"name": "microsoft/iis", "description": "IIS"}])
    engine = fake.engine()
    assert "Host kind:              linux-native" in kernel_report(engine)
    summary = image_summary("ubuntu", engine)
    assert "Platform: linux/amd64" in summary and "Layers:   1" in summary
    assert image_summary("nope", engine).startswith("○ The engine has no image nope yet")
    assert "  windows/amd64 10.0.1" in show_platforms("iis", engine)
    assert "microsoft/iis" in search_table("microsoft", engine)


def test_helpers_turn_engine_refusals_into_one_line_of_words():
    from wintut.course import show_platforms

    fake = FakeEngineAPI.linux()
    fake.on("GET", r"/distribution/.+", refuse(404, "manifest unknown: unknown"))
    text = show_platforms("unknown", fake.engine())
    assert text.startswith(f"⚠ The engine at {BASE_URL} refused the request.")
    assert "engine said:" in text


def test_lab_stand_ins_say_what_they_are():
    from wintut.course import image_summary

    fake = FakeEngineAPI.linux()
    stand_in = {
        "org.wintut.stand-in": "true",
        "org.wintut.description": "busybox + bash, not Ubuntu",
    }
    fake.state.seed_image("ubuntu", labels=stand_in)
    engine = fake.engine()
    assert "⚠ Lab stand-in: busybox + bash, not Ubuntu" in image_summary("ubuntu", engine)


def test_search_goes_to_the_lab_index_only_while_a_lab_is_active(monkeypatch):
    import wintut.lab
    from wintut.course import search_target

    assert search_target("microsoft") == "microsoft"
    monkeypatch.setattr(wintut.lab, "active_registry", lambda: "127.0.0.1:5380")
    monkeypatch.setattr(
        "wintut.lab.state.read_state",
        lambda: {"registry": "127.0.0.1:5380", "index": "127.0.0.1:5381"},
    )
    assert search_target("microsoft") == "127.0.0.1:5381/microsoft"


def test_search_command_outside_the_lab():
    from wintut.course import search_command

    assert search_command("microsoft") == "docker search microsoft"


def test_wintut_step_wires_the_widget_to_the_steps_and_the_progress_store(wintut_home):
    import wintut
    from wintut.progress import Progress

    view = wintut.step("run-ubuntu", linux_engine())
    assert view.step.id == "run-ubuntu" and view.answer is None
    view.check_button.click()
    view.join()
    assert view.result is not None and view.result.outcome is not Outcome.PASS
    assert Progress().summary()["run-ubuntu"] is view.result.outcome  # recorded, as the CLI does


def test_course_progress_reads_the_store_in_course_order(wintut_home):
    from wintut.course import outcomes, progress
    from wintut.progress import Progress
    from wintut.results import CheckResult

    Progress().record(CheckResult("iis-failure", Outcome.PASS, "refused"))
    found = outcomes()
    assert list(found)[:2] == ["engine", "run-ubuntu"]
    assert found["iis-failure"] == "pass" and found["engine"] is None
    engine = FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022")
    view = progress(engine)
    assert "simulated: windows-server-2022" in view.widget.children[1].value
    assert "Course progress: 1 of 8 steps done" in str(view)


def test_search_uses_the_index_port_when_the_lab_is_someone_elses(monkeypatch):
    import wintut.lab
    from wintut.course import search_target

    monkeypatch.setattr(wintut.lab, "active_registry", lambda: "10.0.0.5:5380")
    monkeypatch.setattr("wintut.lab.state.read_state", lambda: None)
    assert search_target("microsoft") == f"10.0.0.5:{wintut.lab.INDEX_PORT}/microsoft"


def test_no_engine_fails_the_self_test_with_the_fix_first():
    from wintut.engine import Endpoint, Engine

    engine = Engine(Endpoint("unix:///nonexistent/docker.sock", "argument"))
    with pytest.raises(AssertionError, match=r"No Docker engine answered.*Fix: "):
        assert_expected(["engine"], engine, expected={"engine": "pass"})
