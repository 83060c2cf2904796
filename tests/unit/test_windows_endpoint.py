"""Finding the engine on Windows: named pipes, Docker Desktop's contexts, the pipe preflight.

This machine is not Windows, so Windows is simulated at each function's seam: ``sys.platform``
as ``wintut.engine`` reads it, docker-py's ``IS_WINDOWS_PLATFORM`` where its context store
reads it, ``Path.home()`` as Windows Python answers it (from ``USERPROFILE``), and
``os.path.exists`` for the pipe namespace ``\\\\.\\pipe\\``. The context store itself is real files
in a temporary DOCKER_CONFIG, laid out as the docker CLI writes them.

Pipe names are sourced: ``docker_engine`` (docker-py's DEFAULT_NPIPE, engine-facts.md §8),
``dockerDesktopLinuxEngine`` for Docker Desktop's ``desktop-linux`` context and
``dockerDesktopWindowsEngine`` for ``desktop-windows`` (engine-facts.md §6:
docker/desktop-feedback#348, docker/for-win#14869).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import wintut.engine.endpoint
from wintut.engine import DEFAULT_NPIPE, Endpoint, preflight, resolve_endpoint
from wintut.errors import EngineError

DESKTOP_LINUX = "npipe:////./pipe/dockerDesktopLinuxEngine"
DESKTOP_WINDOWS = "npipe:////./pipe/dockerDesktopWindowsEngine"


@pytest.fixture
def on_windows(monkeypatch, tmp_path):
    """This process as Windows Python would see it, with an empty user profile in tmp_path."""
    import docker.context.config
    import docker.utils.config

    profile = tmp_path / "Users" / "ada"
    profile.mkdir(parents=True)
    monkeypatch.setattr(wintut.engine.endpoint.sys, "platform", "win32")
    monkeypatch.setattr(docker.utils.config, "IS_WINDOWS_PLATFORM", True)
    monkeypatch.setattr(docker.context.config, "IS_WINDOWS_PLATFORM", True)
    monkeypatch.setenv("USERPROFILE", str(profile))
    monkeypatch.delenv("DOCKER_CONFIG", raising=False)
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: profile))
    return profile


def write_context(config_dir: Path, name: str, host: str) -> None:
    """A context as `docker context create NAME --docker host=HOST` stores it."""
    meta = config_dir / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    meta.mkdir(parents=True)
    document = {"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": host}}}
    (meta / "meta.json").write_text(json.dumps(document), encoding="utf-8")


def docker_desktop(profile: Path, current: str | None = "desktop-linux") -> Path:
    """What Docker Desktop leaves in %USERPROFILE%\\.docker: its two contexts, one current."""
    config_dir = profile / ".docker"
    write_context(config_dir, "desktop-linux", DESKTOP_LINUX)
    write_context(config_dir, "desktop-windows", DESKTOP_WINDOWS)
    config = {"currentContext": current} if current else {}
    (config_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return config_dir


def test_the_windows_default_is_the_docker_engine_pipe(on_windows):
    endpoint = resolve_endpoint(None, {})
    assert endpoint == Endpoint(DEFAULT_NPIPE, "default")
    assert endpoint.scheme == "npipe"


def test_docker_host_names_a_pipe(on_windows):
    endpoint = resolve_endpoint(None, {"DOCKER_HOST": DESKTOP_WINDOWS})
    assert (endpoint.url, endpoint.source) == (DESKTOP_WINDOWS, "DOCKER_HOST")


def test_docker_desktops_current_context_in_the_user_profile(on_windows):
    docker_desktop(on_windows)  # no DOCKER_CONFIG: %USERPROFILE%\.docker is read
    endpoint = resolve_endpoint(None, {})
    assert (endpoint.url, endpoint.source) == (DESKTOP_LINUX, "context desktop-linux")


def test_switching_to_windows_containers_switches_the_context(on_windows):
    docker_desktop(on_windows, current="desktop-windows")
    assert resolve_endpoint(None, {}).url == DESKTOP_WINDOWS


def test_docker_context_wins_over_the_current_context(on_windows):
    docker_desktop(on_windows)
    endpoint = resolve_endpoint(None, {"DOCKER_CONTEXT": "desktop-windows"})
    assert (endpoint.url, endpoint.source) == (DESKTOP_WINDOWS, "context desktop-windows")


def test_a_context_store_under_docker_config(on_windows, tmp_path, monkeypatch):
    config_dir = docker_desktop(tmp_path / "elsewhere")
    monkeypatch.setenv("DOCKER_CONFIG", str(config_dir))  # docker-py reads os.environ
    endpoint = resolve_endpoint(None, {"DOCKER_CONFIG": str(config_dir)})
    assert endpoint.url == DESKTOP_LINUX


def test_the_default_context_means_the_default_pipe(on_windows):
    docker_desktop(on_windows, current="default")
    assert resolve_endpoint(None, {}) == Endpoint(DEFAULT_NPIPE, "default")


def test_a_current_context_that_is_gone_says_how_to_go_back(on_windows):
    docker_desktop(on_windows, current="desktop-gone")
    with pytest.raises(EngineError) as caught:
        resolve_endpoint(None, {})
    assert caught.value.problem.code == "context-missing"
    assert "docker context use default" in caught.value.problem.fix


# -- preflight on a pipe ----------------------------------------------------------------------


@pytest.fixture
def pipes(monkeypatch):
    """The pipe namespace: which \\\\.\\pipe\\ names exist, and what was asked."""
    present: set[str] = set()
    asked: list[str] = []

    def exists(path):
        asked.append(path)
        return path in present

    monkeypatch.setattr(wintut.engine.endpoint.os.path, "exists", exists)
    return present, asked


@pytest.mark.parametrize("url", [DEFAULT_NPIPE, DESKTOP_LINUX])
def test_preflight_reports_a_missing_pipe_at_once(on_windows, pipes, url):
    _present, asked = pipes
    problem = preflight(Endpoint(url, "default"))
    assert problem is not None and problem.code == "engine-not-running"
    pipe = "\\\\.\\pipe\\" + url.rsplit("/", 1)[1]
    assert asked == [pipe]
    assert f"{pipe}: no such pipe" in problem.detail
    assert "Docker Desktop" in problem.fix  # Windows learners are told to start Desktop


def test_preflight_lets_an_existing_pipe_through(on_windows, pipes):
    present, _asked = pipes
    present.add("\\\\.\\pipe\\docker_engine")
    assert preflight(Endpoint(DEFAULT_NPIPE, "default")) is None


def test_off_windows_a_pipe_is_not_probed(pipes, monkeypatch):
    monkeypatch.setattr(wintut.engine.endpoint.sys, "platform", "linux")
    _present, asked = pipes
    assert preflight(Endpoint(DEFAULT_NPIPE, "DOCKER_HOST")) is None  # docker-py says why later
    assert asked == []
