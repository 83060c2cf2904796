"""The sample one-machine config, loaded the way JupyterHub loads it, and its socket guard."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from wintut.classroom import ACCESS_SCOPE, ROOM_SCOPE, SERVICE_NAME
from wintut.classroom import guard as guard_module
from wintut.classroom.guard import DockerSocketRefused, socket_reachers

SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub_config.py"


@pytest.fixture
def sample(tmp_path, monkeypatch):
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("WINTUT_HUB_STATE", str(tmp_path / "state"))
    return PyFileConfigLoader(SAMPLE.name, str(SAMPLE.parent)).load_config()


@pytest.fixture
def fake_socket(tmp_path, monkeypatch):
    """A real unix socket, owned by this test's uid and gid, as the guard's socket path."""
    path = tmp_path / "docker.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    monkeypatch.setattr(guard_module, "SOCKET", str(path))
    yield path
    server.close()


def test_the_sample_uses_one_system_user_per_learner_and_the_service(sample):
    assert sample.JupyterHub.spawner_class == "localprocess"
    assert sample.JupyterHub.authenticator_class == "pam"
    assert sample.JupyterHub.bind_url.startswith("http://127.0.0.1:")
    (service,) = sample.JupyterHub.services
    assert service["name"] == SERVICE_NAME
    assert service["command"][1:] == ["-m", "wintut.classroom.service"]
    assert service["oauth_client_allowed_scopes"] == [ROOM_SCOPE]
    assert ACCESS_SCOPE in sample.Spawner.server_token_scopes
    roles = {role["name"]: role for role in sample.JupyterHub.load_roles}
    assert roles["wintut-instructor"]["groups"] == ["instructors"]
    assert "learner01" in sample.JupyterHub.load_groups["learners"]["users"]
    env = sample.Spawner.environment
    assert env["WINTUT_CLASS_URL"].endswith(f"/services/{SERVICE_NAME}/")
    assert not any(key.startswith("DOCKER_") for key in env)


def test_the_samples_hook_refuses_root_and_gives_others_a_simulated_host(sample, fake_socket):
    hook = sample.Spawner.pre_spawn_hook
    os.chmod(fake_socket, 0o660)
    with pytest.raises(DockerSocketRefused, match="root is root"):
        hook(SimpleNamespace(user=SimpleNamespace(name="root"), environment={}))
    spawner = SimpleNamespace(
        user=SimpleNamespace(name="nobody"), environment={"DOCKER_HOST": "unix:///x"}
    )
    hook(spawner)
    assert spawner.environment == {"WINTUT_SIMULATE": "docker-desktop-wsl2"}


def test_a_socket_anyone_may_write_is_refused_for_everyone(fake_socket):
    os.chmod(fake_socket, 0o666)
    assert "anyone may write" in " ".join(socket_reachers("nobody"))
    os.chmod(fake_socket, 0o600)
    assert socket_reachers("nobody") == []
    assert "not a system user" in socket_reachers("no-such-learner-xyz")[0]


def test_the_hosts_real_socket_is_out_of_a_root_learners_reach():
    if not os.path.exists("/var/run/docker.sock"):
        pytest.skip("no /var/run/docker.sock here")
    assert socket_reachers("root")
