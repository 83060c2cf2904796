"""wintut's containers left by an engine that died under them: never a pass, removed once, said
once; a running wintut container (another kernel's run) and the lab's are never touched.

The leftovers are made the way a SIGKILLed dockerd leaves them: created (and not started) or
exited with 255, still labelled ``wintut=1`` and ``wintut.step`` (issue 12, 5 of 5 runs).
"""

from __future__ import annotations

import time

from tests.engine_fake import FakeEngineAPI
from wintut.leftovers import GRACE_SECONDS
from wintut.results import Outcome
from wintut.session import Session

LABELS = {"wintut": "1", "wintut.step": "run-ubuntu"}


def _leftover(fake: FakeEngineAPI, name: str, status: str, age: float = 60.0, **labels: str):
    container = fake.state.create(
        {"Image": "ubuntu", "Cmd": ["uname", "-a"], "Labels": {**LABELS, **labels}}, name
    )
    container.created = time.time() - age
    container.status = status
    if status == "exited":
        container.exit_code = 255
    return container


def _names(fake: FakeEngineAPI) -> set[str]:
    return {c.name for c in fake.state.containers.values()}


def _session(wintut_home, fake: FakeEngineAPI) -> Session:
    session = Session(wintut_home, env={"WINTUT_SIMULATE": "none"})
    session.point_at(fake.engine())
    return session


def test_leftovers_are_no_pass_and_are_removed_once_and_said_once(wintut_home):
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    _leftover(fake, "wintut-run-ubuntu-created", "created")
    _leftover(fake, "wintut-run-ubuntu-killed", "exited")
    session = _session(wintut_home, fake)

    result = session.check("run-ubuntu")

    assert result.outcome is not Outcome.PASS
    assert _names(fake) == set()
    said = session.notices()
    assert len(said) == 1
    assert "removed 2 container(s)" in said[0]
    assert "wintut-run-ubuntu-killed" in said[0]
    session.check("run-ubuntu")
    assert session.notices() == []  # once per process
    assert len(fake.asked("GET", "/containers/json")) >= 2


def test_running_young_and_lab_containers_are_kept(wintut_home):
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    _leftover(fake, "other-kernel-running", "running")
    _leftover(fake, "other-kernel-just-created", "created", age=GRACE_SECONDS / 5)
    lab = fake.state.create(
        {"Image": "ubuntu", "Labels": {"wintut": "1", "wintut.lab": "r"}}, "lab"
    )
    lab.status, lab.created = "exited", time.time() - 60
    learner = fake.state.create({"Image": "ubuntu"}, "learners-own")
    learner.created = time.time() - 60
    session = _session(wintut_home, fake)

    session.check("run-ubuntu")

    assert _names(fake) == {
        "other-kernel-running",
        "other-kernel-just-created",
        "lab",
        "learners-own",
    }
    assert session.notices() == []
    assert fake.asked("DELETE", "/containers/.+") == []


def test_an_unreachable_engine_costs_no_second_call_and_is_tried_again(wintut_home):
    from tests.engine_fake import refuse

    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    _leftover(fake, "wintut-run-ubuntu-killed", "exited")
    fake.on("GET", "/containers/json", refuse(500, "starting"))
    session = _session(wintut_home, fake)

    assert session.check("run-ubuntu").outcome is Outcome.ERROR
    assert len(fake.asked("GET", "/containers/json")) == 1  # the check's own, no clean-up
    assert _names(fake) == {"wintut-run-ubuntu-killed"}

    fake.on("GET", "/containers/json", lambda request: _list(fake, request))
    session.check("run-ubuntu")
    assert _names(fake) == set()


def _list(fake, request):
    from wintut.replay.routes.containers import containers_list

    return containers_list(fake.state, request)
