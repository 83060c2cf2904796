"""Shared fixtures and the rules for tests that need real parts.

Tests marked ``docker`` need a real engine. Outside CI they skip, saying why; with ``CI=true`` a
missing engine fails them, so CI can never go green by skipping.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session", autouse=True)
def _own_data_folder(tmp_path_factory):
    """Never the real learner's data folder: a test that forgets ``wintut_home`` (or a CLI it
    starts) gets this run's own (CI sets WINTUT_HOME itself: the lab's files live there).
    At the end, the simulated hosts that test sessions started are stopped."""
    if not os.environ.get("WINTUT_HOME"):
        os.environ["WINTUT_HOME"] = str(tmp_path_factory.mktemp("wintut-home"))
    yield
    _stop_session_hosts(tmp_path_factory.getbasetemp())
    _stop_session_hosts(os.environ["WINTUT_HOME"])


def unavailable(reason: str) -> NoReturn:
    """A real part a test needs is missing: skip outside CI, fail under ``CI=true``."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def real_engine():
    """The engine the machine resolves to, checked once per session."""
    from wintut.engine import Engine

    engine = Engine()
    status = engine.status()
    if not status.reachable:
        problem = status.problems[0]
        unavailable(f"no Docker engine: {problem.message} ({problem.fix})")
    return engine


@pytest.fixture(scope="session")
def docker_api(real_engine):
    """docker-py straight to the same engine: for what a learner (not wintut) does."""
    import docker

    api = docker.APIClient(base_url=real_engine.endpoint.url, version="auto", timeout=60)
    yield api
    api.close()


@pytest.fixture(autouse=True)
def _docker_host_restored():
    """A course session on a simulated host points this process's DOCKER_HOST at it (so that
    ``!docker`` cells reach it); no test may hand that on to the next one."""
    before = os.environ.get("DOCKER_HOST")
    yield
    if before is None:
        os.environ.pop("DOCKER_HOST", None)
    else:
        os.environ["DOCKER_HOST"] = before


@pytest.fixture(autouse=True)
def _needs_engine(request):
    if request.node.get_closest_marker("docker"):
        request.getfixturevalue("real_engine")


@pytest.fixture
def wintut_home(tmp_path, monkeypatch):
    """A private WINTUT_HOME, so tests never touch the learner's own progress."""
    monkeypatch.setenv("WINTUT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _stop_session_hosts(root) -> None:
    """Stop the simulated hosts that course sessions under ``root`` started (they are shared
    background processes, one per data folder, and outlive the kernels that started them)."""
    import json
    from pathlib import Path

    from wintut.lab.state import command_line, pid_alive, stop_pid

    for found in Path(root).rglob("simulated-host.json"):
        try:
            pid = int(json.loads(found.read_text(encoding="utf-8"))["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if pid_alive(pid) and "simulate" in (command_line(pid) or ""):
            stop_pid(pid)


def pytest_sessionfinish(session, exitstatus):
    """After the whole suite (notebooks included), no wintut container may remain."""

    if not session.config.getoption("collectonly", False) and session.testscollected:
        from wintut.engine import LABEL, Engine

        engine = Engine()
        if not engine.status().reachable:
            return
        leftovers = engine.containers(all=True, filters={"label": f"{LABEL}=1"})
        if leftovers:
            names = ", ".join(str((c.get("Names") or ["?"])[0]) for c in leftovers)
            session.config.get_terminal_writer().line(
                f"wintut containers left behind after the suite: {names}", red=True
            )
            session.exitstatus = 1


LAB_REGISTRY = "127.0.0.1:5380"
LAB_INDEX = "127.0.0.1:5381"


@pytest.fixture(scope="session")
def lab():
    """The offline lab on its fixed ports (`wintut lab up`), checked once per session.

    Outside CI a missing lab skips, saying how to start it; with ``CI=true`` it fails.
    Returns the registry's ``HOST:PORT``.
    """
    from wintut.lab.control import index_alive
    from wintut.lab.registry import RegistryClient

    missing = [
        what
        for what, alive in (
            (f"registry {LAB_REGISTRY}", RegistryClient(LAB_REGISTRY, timeout=2).ping()),
            (f"index {LAB_INDEX}", index_alive(LAB_INDEX)),
        )
        if not alive
    ]
    if missing:
        unavailable(f"the offline lab is not up ({', '.join(missing)}): run `wintut lab up`")
    return LAB_REGISTRY


@pytest.fixture(autouse=True)
def _needs_lab(request):
    if request.node.get_closest_marker("lab"):
        request.getfixturevalue("lab")
