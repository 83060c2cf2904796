"""A real class: JupyterHub (PyPI) + configurable-http-proxy (npm) + the `wintut class` service.

The hub is ``wintut class demo``'s: the sample one-machine config (deploy/ calls the same
``configure``) with dummy logins and **SimpleLocalProcessSpawner, so the three learners here all
run as the test's own uid** (the sample's separate system users are shown in
test_class_users.py). Each learner's check runs inside that learner's own single-user server,
in a kernel started through the proxy with the learner's token, on a simulated host; its result
must reach the room view through the background sender alone (nothing here flushes it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.classhub import Kernel, need_class_parts

pytestmark = [getattr(pytest.mark, "class"), pytest.mark.slow]  # `class` is a keyword

LEARNERS = 3
PROFILE = "docker-desktop-windows-containers"
CHECK = """
from wintut.session import current
from wintut.classroom import sender
result = current().check("engine")
print(result.outcome.value, sender.in_class())
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    need_class_parts()
    from wintut.classroom.demo import Demo

    hub = Demo(tmp_path_factory.mktemp("class-hub"), learners=LEARNERS, profile=PROFILE)
    try:
        hub.start(spawn=True)
        yield hub
    finally:
        hub.stop()


@pytest.fixture(scope="module")
def tokens(demo):
    return {name: demo.token_for(name) for name in [*demo.learner_names, "teacher"]}


def _room(demo, tokens) -> dict:
    """The room's JSON; an empty room while the proxy answers 503 (the service is down)."""
    status, room = demo.http("GET", demo.service_url + "api/room", token=tokens["teacher"])
    if status == 503:
        return {"learners": []}
    assert status == 200, (status, room)
    return room


def _wait_for_cell(demo, tokens, learner: str, after: str, limit: float) -> dict:
    """The learner's engine cell once one newer than ``after`` is in the room view."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        for row in _room(demo, tokens)["learners"]:
            cell = row["cells"].get("engine")
            if row["name"] == learner and cell and cell["at"] >= after:
                return cell
        time.sleep(0.5)  # the sender works in the background: poll the service
    pytest.fail(f"{learner}'s result did not reach the room view in {limit:.0f} s")


def _now() -> str:
    from wintut.classroom.record import now

    return now()


def test_a_check_in_each_learners_server_reaches_the_room_view(demo, tokens):
    started = _now()
    for name in demo.learner_names:
        kernel = Kernel(demo, name, tokens[name])
        try:
            assert kernel.run(CHECK).split() == ["pass", "True"]
        finally:
            kernel.close()
    for name in demo.learner_names:
        cell = _wait_for_cell(demo, tokens, name, started, limit=30)
        assert cell["outcome"] == "pass"
        assert cell["source"] == f"simulated:{PROFILE}"
        assert cell["words"] == "✔ Passed (simulated)"
    status, page = demo.http("GET", demo.service_url, token=tokens["teacher"])
    assert status == 200
    assert all(f'data-learner="{name}"' in page for name in demo.learner_names)


def test_a_learner_gets_403_on_the_room_and_on_another_learners_row(demo, tokens):
    alice, bob = demo.learner_names[:2]
    for path in ("", "room.csv", "api/room", f"api/learners/{bob}"):
        status, _ = demo.http("GET", demo.service_url + path, token=tokens[alice])
        assert status == 403, path
    status, row = demo.http("GET", demo.service_url + f"api/learners/{alice}", token=tokens[alice])
    assert status == 200
    assert row["name"] == alice
    teacher = tokens["teacher"]
    status, row = demo.http("GET", demo.service_url + f"api/learners/{bob}", token=teacher)
    assert (status, row["name"]) == (200, bob)


def test_results_sent_while_the_service_is_down_arrive_after_it_restarts(demo, tokens):
    learner = demo.learner_names[0]
    pid_file = demo.state / "class-service" / "service.pid"
    old_pid = int(pid_file.read_text())
    kept_before = _room(demo, tokens)["results"]
    assert kept_before >= LEARNERS
    kernel = Kernel(demo, learner, tokens[learner])
    try:
        kernel.run("from wintut.session import current")
        os.kill(old_pid, signal.SIGTERM)  # the service stops mid-class
        _wait_gone(old_pid)
        started = _now()
        kernel.run('print(current().check("engine").outcome.value)')
        time.sleep(1)  # the background sender's first try (3 s bound) is under way
        queue = Path(
            kernel.run(
                "from wintut.classroom import sender; import time\n"
                "time.sleep(4)\n"  # past the first try's bound: it must have failed
                "print(sender.queue_path(), sender.pending())"
            ).split()[0]
        )
        assert queue.exists()
        assert str(queue).startswith(str(demo.state / "homes" / learner))
        # The hub restarts a managed service that exits; then the queue drains by itself.
        cell = _wait_for_cell(demo, tokens, learner, started, limit=120)
        assert cell["outcome"] == "pass"
        assert int(pid_file.read_text()) != old_pid
        assert _room(demo, tokens)["results"] == kept_before + 1  # the restart lost nothing
        assert kernel.run("print(sender.pending())").strip() == "0"
    finally:
        kernel.close()


def _wait_gone(pid: int, limit: float = 10) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            # A zombie counts as gone: the hub reaps it only at its next poll.
            if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z":
                return
        except OSError:
            return
        time.sleep(0.1)
    pytest.fail(f"the service (pid {pid}) did not stop")


def test_without_the_class_url_a_learners_server_finds_the_service_through_the_hub(demo, tokens):
    learner = demo.learner_names[1]
    kernel = Kernel(demo, learner, tokens[learner])
    try:
        found = kernel.run(
            "import os\n"
            "os.environ.pop('WINTUT_CLASS_URL')\n"
            "from wintut.classroom import locate\n"
            "print(locate.from_hub(5))"
        ).strip()
    finally:
        kernel.close()
    assert found == f"http://127.0.0.1:{demo.ports['service_port']}/services/wintut-class/"


def test_status_prints_the_room_for_an_instructor_and_refuses_a_learner(demo, tokens):
    url = demo.service_url
    teacher = _wintut("class", "status", "--url", url, "--token", tokens["teacher"])
    assert teacher.returncode == 0, teacher.stderr
    assert all(name in teacher.stdout for name in demo.learner_names)
    assert "✔·" in teacher.stdout
    learner = _wintut("class", "status", "--url", url, "--token", tokens[demo.learner_names[0]])
    assert learner.returncode == 1
    assert "not an instructor's" in learner.stderr


def _wintut(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wintut", *args], capture_output=True, text=True, timeout=60
    )
