"""wintut.course (what the notebooks call): the closing self-test, helpers, widget wiring."""

from __future__ import annotations

import pytest

from tests.engine_fake import BASE_URL, FakeEngineAPI, linux_engine, refuse
from wintut.course import selftest
from wintut.engine import Endpoint, Engine
from wintut.results import CheckResult, Outcome
from wintut.session import current
from wintut.steps import STEP_IDS
from wintut.store import Store


@pytest.fixture
def on_engine(wintut_home):
    """``on_engine(ENGINE)``: the course session of this process uses ENGINE (as ``--host``)."""
    return lambda engine: current().point_at(engine) or engine


def test_a_learners_run_all_does_nothing_and_says_so_in_one_line(on_engine, monkeypatch):
    monkeypatch.delenv("WINTUT_SELFTEST")
    fake = FakeEngineAPI.linux()
    on_engine(fake.engine())
    text = selftest(["run-ubuntu", "windows-engine"])
    assert text.count("\n") == 0 and "changes nothing of yours" in text
    assert fake.state.created == []  # nothing was done in the learner's engine
    assert Store().steps() == {}  # nor recorded


def test_the_self_test_solves_on_a_scratch_simulated_host(on_engine):
    learner = FakeEngineAPI("windows-server-2022")
    on_engine(learner.engine(simulated="windows-server-2022"))
    text = selftest(["windows-engine", "nanoserver"])
    assert repr(text) == text
    assert "✔ windows-engine" in text and "✔ nanoserver" in text
    assert "[simulated: windows-server-2022]" in text
    assert learner.state.created == []  # the learner's host saw none of it
    assert Store().steps() == {}


def test_a_wrong_outcome_fails_the_self_test_naming_the_step(on_engine, monkeypatch):
    from wintut.steps.windows_engine import WindowsEngine

    on_engine(FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022"))
    monkeypatch.setattr(WindowsEngine, "expected", {"linux": Outcome.FAIL, "windows": Outcome.FAIL})
    with pytest.raises(AssertionError, match="windows-engine: expected fail, got pass"):
        selftest(["windows-engine"])


def test_no_engine_fails_the_self_test_with_the_fix_first(on_engine):
    on_engine(Engine(Endpoint("unix:///nonexistent/docker.sock", "argument")))
    with pytest.raises(AssertionError, match=r"No engine to test this notebook on.*Fix: "):
        selftest(["engine"])


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
    fake.on("GET", r"/distribution/.+", refuse(500, "Get https://registry-1.docker.io: EOF"))
    text = show_platforms("unknown", fake.engine())
    assert text.startswith(f"⚠ The engine at {BASE_URL} refused the request.")
    assert "\n" in text and text.count("\n") == 1  # one line, and the engine's own words
    fake.on("GET", r"/distribution/.+", refuse(404, "manifest unknown: unknown"))
    assert show_platforms("unknown", fake.engine()).startswith(
        f"⚠ The engine at {BASE_URL} has no such image"
    )
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


def test_search_goes_to_the_lab_index_only_while_a_lab_is_active(on_engine, monkeypatch):
    import wintut.lab
    from wintut.course import search_target

    engine = on_engine(linux_engine())
    assert search_target("microsoft", engine) == "microsoft"
    found = wintut.lab.FoundLab("127.0.0.1:5380", "127.0.0.1:5381", "state file")
    monkeypatch.setattr(wintut.lab, "find_lab", lambda mirrors=(): found)
    assert search_target("microsoft", engine) == "127.0.0.1:5381/microsoft"


def test_search_command_outside_the_lab(on_engine):
    from wintut.course import search_command

    on_engine(linux_engine())
    assert search_command("microsoft") == "docker search microsoft"


def test_wintut_step_wires_the_widget_to_the_session_and_the_store(on_engine):
    import wintut

    on_engine(linux_engine())
    view = wintut.step("run-ubuntu")
    assert view.step.id == "run-ubuntu" and view.answer is None
    view.check_button.click()
    view.join()
    assert view.result is not None and view.result.outcome is not Outcome.PASS
    recorded = Store().get("run-ubuntu")
    assert recorded.best.outcome is view.result.outcome  # recorded, as the CLI does


def test_course_progress_keeps_simulated_results_apart_and_marked(on_engine):
    from wintut.course import progress, progress_lines

    Store().record(CheckResult("iis-failure", Outcome.PASS, "refused"))
    Store().record(
        CheckResult("windows-engine", Outcome.PASS, "ok"), "simulated:windows-server-2022"
    )
    on_engine(FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022"))
    lines, done, total = progress_lines(current())
    where = {(line.step, line.where): line.label for line in lines}
    assert where[("windows-engine", "⚠ simulated: windows-server-2022")] == "Passed"
    assert where[("iis-failure", "your engine")] == "Passed"
    assert (done, total) == (1, len(STEP_IDS))  # only the simulated host's results count for it
    view = progress()
    assert "simulated: windows-server-2022" in view.widget.children[1].value
    assert f"Course progress: 1 of {len(STEP_IDS)} steps done" in str(view)


def test_search_uses_the_index_port_when_the_lab_is_someone_elses(on_engine, monkeypatch):
    import wintut.lab
    from wintut.course import search_target

    monkeypatch.setenv("WINTUT_LAB_REGISTRY", "10.0.0.5:5380")
    monkeypatch.setattr(wintut.lab.probe, "_answers", lambda registry, index: True)
    assert search_target("microsoft", on_engine(linux_engine())) == (
        f"10.0.0.5:{wintut.lab.INDEX_PORT}/microsoft"
    )
