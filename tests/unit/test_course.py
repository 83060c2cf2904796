"""The step registry, run_check/run_solve + progress, hints, expected outcomes, the course CLI."""

from __future__ import annotations

import json
import time

import pytest

from tests.engine_fake import FakeEngineAPI, linux_engine, unreachable_engine
from tests.unit import hostdata
from wintut import assets
from wintut.cli import main
from wintut.results import Outcome
from wintut.session import current
from wintut.steps import STEP_IDS, all_steps, get, run_check, run_solve
from wintut.store import Store


def expected_outcomes(os_type: str, recorded: dict | None = None) -> dict[str, Outcome]:
    return {s.id: s.expected_on(os_type, recorded) for s in all_steps()}


def outcomes() -> dict[str, Outcome]:
    return {step: sources["real"].best.outcome for step, sources in Store().steps().items()}


FIXED_IDS = (
    "engine",
    "run-ubuntu",
    "find-kernel",
    "search-microsoft",
    "iis-failure",
    "windows-engine",
    "nanoserver",
    "isolation",
    "see-isolation",
    "iis-works",
    "build-image",
)


def test_step_ids_are_the_fixed_ones_in_order():
    assert STEP_IDS == FIXED_IDS
    assert [s.id for s in all_steps()] == list(FIXED_IDS)


def test_every_step_has_title_notebook_and_prompt_where_needed():
    for step in all_steps():
        assert step.title and step.notebook[:2].isdigit(), step.id
    prompted = {s.id for s in all_steps() if s.answer_prompt}
    assert prompted == {"find-kernel", "search-microsoft", "iis-failure", "isolation"}


def test_get_unknown_step_lists_the_ids():
    with pytest.raises(KeyError, match="run-ubuntu"):
        get("run-windows")


def test_hints_load_in_tier_order(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "ROOT", tmp_path)
    folder = tmp_path / "hints" / "isolation"
    folder.mkdir(parents=True)
    (folder / "2.md").write_text("Second: process isolation shares the kernel.", encoding="utf-8")
    (folder / "1.md").write_text("First: look at the build numbers.", encoding="utf-8")
    assert get("isolation").hints() == [
        "First: look at the build numbers.",
        "Second: process isolation shares the kernel.",
    ]
    assert get("engine").hints() == []  # no folder: no hints, no crash


def test_run_check_records_through_the_callback(wintut_home):
    store = Store()
    record = store.record
    result = run_check("isolation", "fails runs runs fails", linux_engine(), record=record)
    assert result.passed
    assert outcomes() == {"isolation": Outcome.PASS}
    run_check("isolation", "runs runs runs fails", linux_engine(), record=record)
    assert store.get("isolation").latest.outcome is Outcome.FAIL
    assert store.get("isolation").best.outcome is Outcome.PASS  # the best is kept
    run_check("engine", None, linux_engine())
    assert "engine" not in outcomes()


def test_a_prediction_cannot_be_done_for_you(wintut_home):
    result = run_solve("isolation", linux_engine(), record=Store().record)
    assert result.outcome is Outcome.NOT_ATTEMPTED and "prediction" in result.reason
    assert not result.solved


def test_do_it_for_me_is_recorded_as_solved_not_passed(wintut_home):
    result = run_solve("windows-engine", FakeEngineAPI("windows-server-2022").engine())
    assert result.passed and result.solved
    assert "Solved for you" in str(result)


def test_the_session_keeps_the_check_when_progress_cannot_be_saved(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WINTUT_HOME", str(blocker / "home"))
    session = current()
    session.point_at(linux_engine())
    result = session.check("engine")
    assert result.passed
    assert any("could not save your progress" in n for n in session.notices())


# -- expected outcomes --------------------------------------------------------------------------


@pytest.mark.parametrize("os_type", ["linux", "windows"])
def test_every_step_declares_its_outcome_on_each_kind_of_engine(os_type):
    expected = expected_outcomes(os_type)
    assert tuple(expected) == STEP_IDS
    windows = os_type == "windows"
    assert expected["windows-engine"] is (Outcome.PASS if windows else Outcome.FAIL)
    assert expected["iis-failure"] is (Outcome.NOT_APPLICABLE if windows else Outcome.PASS)
    assert expected["nanoserver"] is (Outcome.PASS if windows else Outcome.NOT_APPLICABLE)


@pytest.mark.parametrize(
    ("profile", "search"),
    [
        ("docker-for-windows-2016", Outcome.PASS),  # the seed's listing is recorded
        ("windows-10-containers-2016", Outcome.PASS),
        ("windows-server-2016", Outcome.PASS),
        ("docker-desktop-wsl2", Outcome.NOT_APPLICABLE),  # today's listing never was
        ("windows-server-2022", Outcome.NOT_APPLICABLE),
    ],
)
def test_expected_search_on_a_simulated_host_follows_its_recordings(profile, search):
    from wintut.replay.profiles import load

    recorded = {"search_terms": load(profile).search_terms}
    os_type = load(profile).os_type
    assert ("microsoft" in recorded["search_terms"]) is (search is Outcome.PASS)
    expected = expected_outcomes(os_type, recorded)
    assert expected["search-microsoft"] is search
    assert {k: v for k, v in expected.items() if k != "search-microsoft"} == {
        k: v for k, v in expected_outcomes(os_type).items() if k != "search-microsoft"
    }


@pytest.mark.parametrize(
    ("version", "info", "kind"),
    [
        (None, None, "linux-native"),
        (hostdata.DESKTOP_WSL2_VERSION, hostdata.DESKTOP_WSL2_INFO, "docker-desktop-wsl2"),
    ],
)
def test_offline_steps_match_expectations_on_fake_linux_hosts(version, info, kind):
    # The steps whose solve needs no registry must give what expected_outcomes promises.
    fake = FakeEngineAPI.linux() if version is None else FakeEngineAPI(version=version, info=info)
    engine = fake.engine()
    expected = expected_outcomes("linux")
    for step_id in ("engine", "windows-engine", "nanoserver", "isolation"):
        assert get(step_id).solve(engine).outcome is expected[step_id], step_id


def test_offline_steps_match_expectations_on_a_fake_windows_server():
    engine = FakeEngineAPI(
        "windows-server-2022",
        version=hostdata.WINDOWS_SERVER_2022_VERSION,
        info=hostdata.WINDOWS_SERVER_2022_INFO,
    ).engine()
    expected = expected_outcomes("windows")
    for step_id in ("engine", "run-ubuntu", "find-kernel", "iis-failure", "windows-engine"):
        assert get(step_id).solve(engine).outcome is expected[step_id], step_id


# -- CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def fake_default(wintut_home):
    engine = linux_engine()
    current().point_at(engine)  # what `--host` does, for this process
    return engine


def test_cli_check_json_and_exit_codes(wintut_home, fake_default, capsys):
    assert main(["check", "isolation", "--answer", "fails runs runs fails", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"step", "outcome", "reason", "evidence"} <= set(data)
    assert (data["step"], data["outcome"]) == ("isolation", "pass")
    assert main(["check", "isolation", "--answer", "runs runs runs fails"]) == 1
    assert "✖ isolation" in capsys.readouterr().out
    assert main(["check", "isolation"]) == 1  # not attempted
    assert main(["check", "nanoserver"]) == 3  # not applicable on Linux
    assert outcomes()["nanoserver"] is Outcome.NOT_APPLICABLE


def test_cli_check_error_exit_code(wintut_home, capsys):
    current().point_at(unreachable_engine())
    assert main(["check", "engine", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["outcome"] == "error"


def test_cli_unknown_step(wintut_home, capsys):
    assert main(["check", "nope"]) == 2
    assert "Steps: engine, run-ubuntu" in capsys.readouterr().err


def test_cli_solve(wintut_home, fake_default, capsys):
    assert main(["solve", "windows-engine", "--json"]) == 1  # a Linux engine: the fail teaches
    assert json.loads(capsys.readouterr().out)["outcome"] == "fail"
    assert main(["solve", "isolation", "--json"]) == 1  # a prediction is yours to make
    assert json.loads(capsys.readouterr().out)["outcome"] == "not-attempted"


def test_cli_steps_and_progress(wintut_home, fake_default, capsys):
    main(["check", "isolation", "--answer", "fails runs runs fails"])
    capsys.readouterr()
    assert main(["steps", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == list(FIXED_IDS)
    by_id = {r["id"]: r for r in rows}
    assert by_id["isolation"]["outcome"] == "pass" and rows[0]["outcome"] is None
    assert main(["steps"]) == 0
    assert "✔ Passed" in capsys.readouterr().out
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert f"1 of {len(FIXED_IDS)} steps done" in out
    assert "engine" in out and "Not checked yet" in out
    assert main(["progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["steps"]["isolation"]["outcome"] == "pass"
    assert data["steps"]["engine"] is None
    assert main(["progress", "--reset"]) == 0
    assert outcomes() == {}


@pytest.mark.parametrize("step_id", ["run-ubuntu", "find-kernel", "nanoserver", "isolation"])
def test_cleanup_removes_only_this_steps_containers(step_id):
    fake = FakeEngineAPI.linux()
    at = time.time() - 60
    mine = {"wintut": "1", "wintut.step": step_id}
    fake.state.record_run("ubuntu", ["true"], at=at, name="mine", labels=mine)
    fake.state.record_run(
        "ubuntu", ["true"], at=at, name="other", labels={"wintut": "1", "wintut.step": "x"}
    )
    fake.state.record_run("ubuntu", ["bash"], at=at, name="learner")
    engine = fake.engine()
    get(step_id).cleanup(engine)
    assert sorted(c["Names"][0] for c in engine.containers(all=True)) == ["/learner", "/other"]
