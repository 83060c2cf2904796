"""The course session: chosen once, kept in the data folder, seen by every process.

These start real simulated-host processes (``python -m wintut simulate``) on loopback: Python
is all they need.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from wintut.replay.server import SimulatedHost
from wintut.results import CheckResult, Outcome
from wintut.session import DEFAULT_PROFILES, Choice, Session
from wintut.store import REAL


def wintut(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wintut", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


@pytest.fixture
def learner_env(wintut_home, monkeypatch):
    """The environment of a learner's new terminal: their data folder, no forced choice."""
    import os

    monkeypatch.delenv("WINTUT_SIMULATE", raising=False)
    env = dict(os.environ)
    yield env
    Session().use(None)  # stop any simulated host the test started


def test_a_choice_made_in_one_process_holds_in_the_next(learner_env):
    used = wintut("simulate", "--use", "windows-server-2022", env=learner_env)
    assert used.returncode == 0, used.stderr
    assert "windows-server-2022" in used.stdout

    checked = wintut("check", "engine", "--json", env=learner_env)
    result = json.loads(checked.stdout)
    assert checked.returncode == 0, checked.stderr
    assert result["outcome"] == "pass"
    assert result["evidence"]["simulated"] == "windows-server-2022"

    back = wintut("simulate", "--use", "none", env=learner_env)
    assert back.returncode == 0, back.stderr
    again = json.loads(wintut("check", "engine", "--json", env=learner_env).stdout)
    assert again["outcome"] == "error"  # the learner's own engine: none answers here
    assert "simulated" not in again["evidence"]


def test_every_session_in_the_folder_shares_one_simulated_host(learner_env):
    first = Session().use("windows-server-2016")
    second = Session().engine()
    assert second.simulated == "windows-server-2016"
    assert second.endpoint.url == first.endpoint.url  # one host process, shared state


def test_the_start_of_the_course_is_kept(wintut_home):
    started = Session().started_at
    time.sleep(0.01)
    assert Session().started_at == started
    assert abs(started - time.time()) < 60


def test_no_engine_and_no_choice_starts_the_embedded_default(learner_env, monkeypatch):
    session = Session()
    assert session.choice == Choice(None, "auto")
    assert Session().engine().simulated is None  # the CLI's checks: the learner's own engine
    engine = session.start_course()
    assert engine.simulated == DEFAULT_PROFILES[session.client_os]
    notices = session.notices()
    assert len(notices) == 1 and "simulated host" in notices[0] and engine.simulated in notices[0]
    assert Session().choice == Choice(engine.simulated, "default")  # kept for the next notebook


def test_the_environment_overrides_the_saved_choice(learner_env, monkeypatch):
    Session().use("windows-server-2016")
    monkeypatch.setenv("WINTUT_SIMULATE", "none")
    assert Session().choice == Choice(None, "environment")


def test_the_own_engine_answering_is_offered_never_switched(learner_env, monkeypatch):
    with SimulatedHost("docker-desktop-wsl2").start() as own:  # stands in for the learner's engine
        monkeypatch.setenv("DOCKER_HOST", own.url)
        session = Session()
        session.use("windows-server-2022")
        assert session.own_engine_answers_now()
        assert session.engine().simulated == "windows-server-2022"  # not switched


def test_checks_are_recorded_with_where_they_came_from(learner_env):
    session = Session()
    session.use("windows-server-2022")
    result = session.check("engine")
    assert result.outcome is Outcome.PASS
    sources = session.store.steps()["engine"]
    assert list(sources) == ["simulated:windows-server-2022"]
    session.record(CheckResult("engine", Outcome.FAIL, "x"), session.own_engine())
    assert session.store.get("engine", REAL).best.outcome is Outcome.FAIL


def test_unknown_profile_is_refused_with_the_list(learner_env):
    with pytest.raises(KeyError, match="windows-server-2022"):
        Session().use("no-such-host")


def test_a_step_panel_offers_the_own_engine_and_switches_only_when_asked(learner_env, monkeypatch):
    pytest.importorskip("ipywidgets")
    import wintut.session
    from wintut.course import step

    with SimulatedHost("docker-desktop-wsl2").start() as own:  # stands in for the learner's engine
        monkeypatch.setenv("DOCKER_HOST", own.url)
        session = wintut.session.current()
        session.use("windows-server-2022")
        view = step("engine")
        assert "Your own Docker engine answers now" in view.header.value
        assert session.engine().simulated == "windows-server-2022"  # offered, not switched
        view.switch_button.click()
        assert session.engine().simulated is None
        assert "now uses your own engine" in view.header.value
