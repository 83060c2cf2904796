"""`lab up/down/status` faults that need no registry: taken ports, nothing to run, stale files."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from tests.engine_fake import FakeEngineAPI
from wintut.cli import main
from wintut.errors import LabError
from wintut.lab import control, registry
from wintut.lab import state as st


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_port_taken_names_the_port(wintut_home):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LabError) as caught:
            control.up(ports=control.Ports(port, _free_port()), standins_too=False)
    assert f"Port {port} on 127.0.0.1" in str(caught.value)
    assert st.read_state() is None
    assert control.pidfiles()["registry"].read() is None  # nothing was started


def test_no_registry_binary_and_no_image_says_what_to_install(wintut_home, monkeypatch):
    monkeypatch.setattr(control, "find_binary", lambda: None)
    fake = FakeEngineAPI.linux()  # no images at all
    with pytest.raises(LabError, match="apt-get install docker-registry"):
        control.up(
            ports=control.Ports(_free_port(), _free_port()),
            standins_too=False,
            engine=fake.engine(),
        )
    assert fake.state.created == []


def test_registry_image_fallback_is_a_labelled_loopback_container(wintut_home, monkeypatch):
    monkeypatch.setattr(control, "find_binary", lambda: None)
    monkeypatch.setattr(control, "_wait", lambda *a, **k: None)
    monkeypatch.setattr(control, "index_alive", lambda *a, **k: True)
    monkeypatch.setattr(st, "spawn", lambda *a, **k: 999_999_999)
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("registry:2")
    port = _free_port()
    control.up(ports=control.Ports(port, _free_port()), standins_too=False, engine=fake.engine())
    created = fake.state.created[-1]
    assert created.image.ref == "registry:2"
    assert created.labels["wintut"] == "1"
    host_config = created.config["HostConfig"]
    assert host_config["PortBindings"] == {
        "5000/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]
    }
    assert not host_config.get("Privileged") and not host_config.get("Binds")
    assert st.read_state()["mode"] == "container"


def test_down_when_nothing_runs(wintut_home, capsys):
    assert main(["lab", "down"]) == 0
    assert "Nothing to stop: the wintut lab is not running." in capsys.readouterr().out


def test_down_removes_a_stale_pidfile(wintut_home, capsys):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    control.pidfiles()["index"].write(dead.pid, control.markers()["index"])
    assert main(["lab", "down"]) == 0
    out = capsys.readouterr().out
    assert "stale index pidfile" in out
    assert "Nothing to stop" in out
    assert control.pidfiles()["index"].read() is None


def test_status_json_when_down(wintut_home, capsys):
    assert main(["lab", "status", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["running"] is False
    assert data["registry"] == "127.0.0.1:5380"
    assert data["index"] == "127.0.0.1:5381"


def test_listen_on_the_network_warns(wintut_home, monkeypatch):
    said = []
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LabError):
            control.up("0.0.0.0", ports=control.Ports(port, port + 1), say=said.append)
    assert any("anyone on this network" in line for line in said)


def test_registry_config_binds_where_told(tmp_path):
    registry.write_config(tmp_path / "r.yml", tmp_path / "root", "127.0.0.1:5380")
    text = (tmp_path / "r.yml").read_text(encoding="utf-8")
    assert 'addr: "127.0.0.1:5380"' in text
    assert f"rootdirectory: {json.dumps(str(tmp_path / 'root'))}" in text


def test_a_failed_up_removes_the_registry_container_it_started(wintut_home, monkeypatch):
    monkeypatch.setattr(control, "find_binary", lambda: None)
    monkeypatch.setattr(control, "_wait", lambda *a, **k: None)
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("registry:2")
    engine = fake.engine()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        index_port = taken.getsockname()[1]
        with pytest.raises(LabError, match=f"Port {index_port}"):
            control.up(
                ports=control.Ports(_free_port(), index_port), standins_too=False, engine=engine
            )
    (started,) = [c for c in fake.state.created if c.name == control.CONTAINER_NAME]
    assert started.removed
    assert st.read_state() is None
