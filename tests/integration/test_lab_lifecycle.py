"""A private lab (own WINTUT_HOME, free ports) started and stopped for real: the real
docker-registry binary and the real index process. The shared lab on 5380/5381 is untouched.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from tests.conftest import unavailable
from wintut.errors import LabError
from wintut.lab import control, standins
from wintut.lab import state as st
from wintut.lab.registry import RegistryClient, find_binary


@pytest.fixture
def private_lab(wintut_home):
    if find_binary() is None:
        unavailable("docker-registry is not installed (`apt-get install docker-registry`)")
    ports = control.Ports(_free_port(), _free_port())
    yield ports
    control.down()  # whatever a test left running


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wintut(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wintut", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=os.environ.copy(),
    )


def test_up_seeds_stand_ins_and_down_leaves_nothing(private_lab):
    ports = private_lab
    found = control.up(ports=ports)
    assert found.running
    assert found.registry == f"127.0.0.1:{ports.registry}"
    assert standins.missing(RegistryClient(found.registry)) == []
    assert found.repositories["library/ubuntu"] == ["latest"]
    pids = dict(found.pids)
    assert set(pids) == {"registry", "index"}

    again = control.up(ports=ports)  # idempotent: the same processes
    assert again.pids == pids

    done = _wintut("lab", "status", "--json")
    data = json.loads(done.stdout)
    assert data["running"] is True
    assert data["registry"] == f"127.0.0.1:{ports.registry}"
    assert data["index"] == f"127.0.0.1:{ports.index}"

    stopped = _wintut("lab", "down")
    assert stopped.returncode == 0
    assert "stopped the lab registry" in stopped.stdout
    for pid in pids.values():
        assert not st.pid_alive(pid)
    assert not _listening(ports.registry)
    assert not _listening(ports.index)
    assert st.read_state() is None


def test_killed_processes_and_lost_pidfiles_are_recovered(private_lab):
    ports = private_lab
    first = control.up(ports=ports, standins_too=False)
    os.kill(first.pids["index"], signal.SIGKILL)  # killed: its pidfile is now stale
    control.pidfiles()["registry"].remove()  # lost pidfile: an orphaned registry

    said: list[str] = []
    second = control.up(ports=ports, standins_too=False, say=said.append)
    assert second.running
    assert any("stale index pidfile" in line for line in said)
    assert any("orphaned lab registry" in line for line in said)
    assert not st.pid_alive(first.pids["registry"])
    assert second.pids["index"] != first.pids["index"]

    assert control.down()
    assert not _listening(ports.registry) and not _listening(ports.index)


def test_port_taken_by_another_program(private_lab):
    ports = private_lab
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", ports.index))
        taken.listen()
        done = _wintut(
            "lab", "up", "--registry-port", str(ports.registry), "--index-port", str(ports.index)
        )
    assert done.returncode == 1
    assert f"Port {ports.index} on 127.0.0.1 is already in use" in done.stderr
    assert not _listening(ports.registry)  # the registry it had started was stopped again
    assert st.read_state() is None


def test_down_when_nothing_runs_says_so(private_lab):
    done = _wintut("lab", "down")
    assert done.returncode == 0
    assert "Nothing to stop: the wintut lab is not running." in done.stdout


def test_up_on_other_ports_while_running_is_refused(private_lab):
    ports = private_lab
    control.up(ports=ports, standins_too=False)
    with pytest.raises(LabError, match="already runs on"):
        control.up(ports=control.Ports(_free_port(), _free_port()), standins_too=False)
    assert control.status().running
