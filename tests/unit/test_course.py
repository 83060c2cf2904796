"""The step registry, run_check/run_solve + progress, hints, expected outcomes, the course CLI."""

from __future__ import annotations

import json
import time

import pytest

from tests.engine_fake import FakeEngineAPI, linux_engine, unreachable_engine
from tests.unit import hostdata
from wintut import assets
from wintut.cli import main
from wintut.engine import set_engine
from wintut.hosts import KINDS
from wintut.progress import Progress
from wintut.results import Outcome
from wintut.steps import STEP_IDS, all_steps, get, run_check, run_solve
from wintut.steps.expected import expected_outcomes

FIXED_IDS = (
    "engine",
    "run-ubuntu",
    "find-kernel",
    "search-microsoft",
    "iis-failure",
    "windows-engine",
    "nanoserver",
    "isolation",
)


def test_step_ids_are_the_fixed_ones_in_order():
    assert STEP_IDS == FIXED_IDS
    assert [s.id for s in all_steps()] == list(FIXED_IDS)


def test_every_step_has_title_notebook_and_prompt_where_needed():
    for step in all_steps():
        assert step.title and step.notebook[:2].isdigit(), step.id
    prompted = {s.id for s in all_steps() if s.answer_prompt}
    assert prompted == {"find-kernel", "search-microsoft", "isolation"}


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


def test_run_check_records_progress(wintut_home):
    result = run_check("isolation", "ltsc2022 1809 process no", linux_engine())
    assert result.passed
    assert Progress().summary() == {"isolation": Outcome.PASS}
    run_check("isolation", "ltsc2022 1809 process yes", linux_engine())
    assert Progress().get("isolation")["outcome"] == "fail"
    run_check("engine", engine=linux_engine(), record=False)
    assert "engine" not in Progress().summary()


def test_run_solve_records_progress(wintut_home):
    assert run_solve("isolation", linux_engine()).passed
    assert Progress().summary() == {"isolation": Outcome.PASS}


def test_run_check_warns_but_returns_when_progress_cannot_be_saved(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WINTUT_HOME", str(blocker / "home"))
    with pytest.warns(UserWarning, match="could not save your progress"):
        result = run_check("engine", engine=linux_engine())
    assert result.passed


# -- expected outcomes --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_expected_outcomes_cover_every_step_for_every_kind(kind):
    expected = expected_outcomes(kind)
    assert tuple(expected) == STEP_IDS
    windows = kind in ("windows-client-containers", "windows-server")
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

    kind = "windows-server" if "server" in profile else "docker-desktop-wsl2"
    assert ("microsoft" in load(profile).search_terms) is (search is Outcome.PASS)
    expected = expected_outcomes(kind, simulated=profile)
    assert expected["search-microsoft"] is search
    assert {k: v for k, v in expected.items() if k != "search-microsoft"} == {
        k: v for k, v in expected_outcomes(kind).items() if k != "search-microsoft"
    }


def test_expected_outcomes_for_unknown_follow_the_os_type():
    assert expected_outcomes("unknown", "windows")["nanoserver"] is Outcome.PASS
    assert expected_outcomes("unknown", "linux")["nanoserver"] is Outcome.NOT_APPLICABLE


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
    expected = expected_outcomes(kind)
    for step_id in ("engine", "windows-engine", "nanoserver", "isolation"):
        assert get(step_id).solve(engine).outcome is expected[step_id], step_id


def test_offline_steps_match_expectations_on_a_fake_windows_server():
    engine = FakeEngineAPI(
        "windows-server-2022",
        version=hostdata.WINDOWS_SERVER_2022_VERSION,
        info=hostdata.WINDOWS_SERVER_2022_INFO,
    ).engine()
    expected = expected_outcomes("windows-server")
    for step_id in ("engine", "run-ubuntu", "find-kernel", "iis-failure", "windows-engine"):
        assert get(step_id).solve(engine).outcome is expected[step_id], step_id


# -- CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def fake_default():
    engine = linux_engine()
    set_engine(engine)
    yield engine
    set_engine(None)


def test_cli_check_json_and_exit_codes(wintut_home, fake_default, capsys):
    assert main(["check", "isolation", "--answer", "ltsc2022 1809 process no", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"step", "outcome", "reason", "evidence"} <= set(data)
    assert (data["step"], data["outcome"]) == ("isolation", "pass")
    assert main(["check", "isolation", "--answer", "ltsc2022 1809 process yes"]) == 1
    assert "✖ isolation" in capsys.readouterr().out
    assert main(["check", "isolation"]) == 1  # not attempted
    assert main(["check", "nanoserver"]) == 3  # not applicable on Linux
    assert Progress().summary()["nanoserver"] is Outcome.NOT_APPLICABLE


def test_cli_check_error_exit_code(wintut_home, capsys):
    set_engine(unreachable_engine())
    try:
        assert main(["check", "engine", "--json"]) == 2
    finally:
        set_engine(None)
    assert json.loads(capsys.readouterr().out)["outcome"] == "error"


def test_cli_unknown_step(wintut_home, capsys):
    assert main(["check", "nope"]) == 2
    assert "Steps: engine, run-ubuntu" in capsys.readouterr().err


def test_cli_solve(wintut_home, fake_default, capsys):
    assert main(["solve", "isolation", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "pass"


def test_cli_steps_and_progress(wintut_home, fake_default, capsys):
    main(["check", "isolation", "--answer", "ltsc2022 1809 process no"])
    capsys.readouterr()
    assert main(["steps", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == list(FIXED_IDS)
    assert rows[-1]["outcome"] == "pass" and rows[0]["outcome"] is None
    assert main(["steps"]) == 0
    assert "✔ Passed" in capsys.readouterr().out
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "1/8 steps passed" in out and "· engine: not checked" in out
    assert main(["progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["steps"]["isolation"]["outcome"] == "pass"
    assert main(["progress", "--reset"]) == 0
    assert Progress().summary() == {}


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
