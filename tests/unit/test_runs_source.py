"""A runs source that does not work: Podman 4.3 answers ``/events`` with since/until with only a
system "refresh", so runs with ``--rm`` (and wintut's own, removed runs) are never seen there.

The Podman answer below is [DERIVED]: the event shape of Podman's compat API
(podman-container-tools/podman#10474, ``{"Type", "Action", "Actor": {"ID", "Attributes"},
"scope", "time", "timeNano"}``) with the ``system``/``refresh`` event of
podman-container-tools/podman#4002; what issue 12 saw from Podman 4.3 (only "refresh").
"""

from __future__ import annotations

import time

from tests.engine_fake import FakeEngineAPI, stream
from wintut.results import Outcome
from wintut.steps import get
from wintut.steps.base import Window
from wintut.steps.common import events_about_containers, recent_runs
from wintut.steps.run_ubuntu import is_ubuntu


def podman_refresh() -> dict:
    now = time.time()
    return {
        "status": "refresh",
        "Type": "system",
        "Action": "refresh",
        "Actor": {"ID": "", "Attributes": {}},
        "scope": "local",
        "time": int(now),
        "timeNano": int(now * 1e9),
    }


def podman_like() -> FakeEngineAPI:
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    fake.state.record_output("ubuntu", "uname -a", "Linux 6.1.0-test x86_64 GNU/Linux\n")
    fake.on("GET", "/events", stream(podman_refresh()))
    return fake


def test_refresh_only_is_detected_and_no_answer_is_not():
    assert not events_about_containers([podman_refresh()])
    assert events_about_containers([])
    assert events_about_containers([podman_refresh(), {"Type": "container", "Action": "start"}])


def test_solve_passes_on_podman_from_wintut_s_own_run():
    fake = podman_like()
    result = get("run-ubuntu").solve(fake.engine())
    assert result.outcome is Outcome.PASS, result
    assert result.solved
    assert "wintut's own run" in result.evidence["latest run"]
    assert [c for c in fake.state.containers.values() if not c.removed] == []


def test_the_learner_s_listed_run_counts_and_an_rm_run_gets_the_right_advice():
    fake = podman_like()
    step = get("run-ubuntu")
    window = Window(time.time() - 60)
    missed = step.check(fake.engine(), window=window)
    assert missed.outcome is Outcome.NOT_ATTEMPTED
    assert 'only "refresh"' in missed.reason
    assert "without --rm" in missed.fix

    fake.state.record_run("ubuntu", ["bash"], at=time.time() - 5, exit_code=0, removed=False)
    runs = recent_runs(fake.engine(), is_ubuntu, step.id, window)
    assert not runs.events_work
    assert [run.seen_in for run in runs] == ["container list"]
    assert step.check(fake.engine(), window=window).outcome is Outcome.PASS


def test_a_docker_engine_s_events_still_count():
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    fake.state.record_run("ubuntu", ["bash"], at=time.time() - 5, exit_code=0, removed=True)
    runs = recent_runs(fake.engine(), is_ubuntu, "run-ubuntu", Window(time.time() - 60))
    assert runs.events_work
    assert len(runs) == 1 and runs[0].seen_in.startswith("engine events")
