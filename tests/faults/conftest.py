"""The faults suite (marker ``faults``): a private dockerd that the tests start, kill and stop
themselves, a throttled loopback registry proxy, and the table written to tests/FAULTS.md.

It needs root (dockerd), the dockerd and docker binaries and the offline lab's registry on
127.0.0.1:5380 for the pulls; outside CI a missing part skips, saying which; with CI=true it
fails. Nothing here touches the lead's dockerd at /var/run/docker.sock.
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import time

import pytest

from tests import offline_guard
from tests.conftest import unavailable
from tests.faults import table
from tests.faults.dockerd import PrivateDockerd
from tests.faults.proxy import LAB_REGISTRY, RegistryProxy

_ROWS: dict[str, list[table.Row]] = {}


class _Shared:
    """The rows of one test: what is said to it is said to each."""

    def __init__(self, rows: list[table.Row]) -> None:
        self.__dict__["_rows"] = rows

    def __getattr__(self, name: str):
        return getattr(self._rows[0], name)

    def __setattr__(self, name: str, value) -> None:
        for row in self._rows:
            setattr(row, name, value)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/faults/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.faults)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    for row in _ROWS.get(item.nodeid, []):
        if report.when == "call":
            row.result = "pass" if report.passed else ("skipped" if report.skipped else "FAIL")
        elif report.failed:
            row.result = "FAIL"
        elif report.skipped and not row.result:
            row.result = "skipped"


def pytest_sessionfinish(session, exitstatus):
    if not _ROWS:
        return
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{platform.system()} {platform.release()}, {os.cpu_count()} cores"
    missing = table.write([row for rows in _ROWS.values() for row in rows], when, machine)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"faults table written to {table.FAULTS_MD}"
            if not missing
            else f"faults table not written (no pass or fail row for: {', '.join(missing)})"
        )


@pytest.fixture(autouse=True)
def on_this_machine():
    """No faults test looks up or reaches a host off this machine (tests/offline_guard.py)."""
    offline_guard.install()
    yield
    offline_guard.uninstall()


@pytest.fixture
def row(request):
    """This test's row in the faults table, under each scenario its ``fault`` marks name (the
    same measurements and text in each)."""
    keys = [mark.args[0] for mark in request.node.iter_markers("fault")]
    assert keys, "a faults test names its scenario: @pytest.mark.fault('KEY')"
    assert set(keys) <= set(table.SCENARIOS), keys
    found = table.Row(keys[0], request.node.name)
    _ROWS[request.node.nodeid] = [found] + [
        table.Row(key, request.node.name, found.measured) for key in keys[1:]
    ]
    return _Shared(_ROWS[request.node.nodeid])


def _needs_root_and_dockerd() -> None:
    if os.geteuid() != 0:
        unavailable("the faults suite starts its own dockerd, which needs root")
    for binary in ("dockerd", "docker", "containerd", "ip"):
        if shutil.which(binary) is None:
            unavailable(
                f"the faults suite needs {binary} on PATH (apt-get install docker.io iproute2)"
            )


def _lab_registry_answers() -> bool:
    try:
        with socket.create_connection(LAB_REGISTRY, timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="package")
def proxy():
    if not _lab_registry_answers():
        unavailable("the offline lab's registry does not answer on 127.0.0.1:5380 (wintut lab up)")
    found = RegistryProxy()
    yield found
    found.close()


@pytest.fixture(scope="package")
def dockerd(proxy):
    """One private dockerd for the suite, mirrored through the proxy; tests that kill it start
    it again before they end."""
    _needs_root_and_dockerd()
    engine = PrivateDockerd(mirror=proxy.url).start()
    yield engine
    engine.stop()


@pytest.fixture
def learner(dockerd, tmp_path, monkeypatch):
    """The environment of a learner's terminal on the private dockerd (own data folder)."""
    home = tmp_path / "home"
    monkeypatch.setenv("WINTUT_HOME", str(home))
    env = {
        **os.environ,
        "DOCKER_HOST": dockerd.url,
        "WINTUT_HOME": str(home),
        "WINTUT_SIMULATE": "none",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DOCKER_CONTEXT", None)
    return env
