"""The hands-on Windows steps as a learner types them: the real docker CLI against simulated
Windows hosts (``docker run -d``, ``inspect -f``, ``top``, ``build``, ``stop``), then wintut's
checks reading what the CLI did. Needs only the docker binary: marker ``simulate``."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from wintut.engine import Engine
from wintut.replay import SimulatedHost
from wintut.results import Outcome
from wintut.steps import get

pytestmark = pytest.mark.simulate

IN_CI = os.environ.get("CI", "").lower() == "true"
DOCKER = shutil.which("docker") or next(
    (c for c in ("/usr/local/bin/docker", "/usr/bin/docker") if os.path.exists(c)), None
)
NANO = "mcr.microsoft.com/windows/nanoserver:ltsc2022"


@pytest.fixture
def served(tmp_path):
    if DOCKER is None:
        if IN_CI:
            pytest.fail("CI=true and no docker CLI binary on PATH", pytrace=False)
        pytest.skip("no docker CLI binary on PATH")
    host = SimulatedHost("windows-server-2022").start()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DOCKER_CONFIG": str(tmp_path),
        "DOCKER_HOST": host.url,
    }

    def docker(*args: str) -> subprocess.CompletedProcess[str]:
        assert DOCKER is not None
        return subprocess.run(
            [DOCKER, *args], env=env, capture_output=True, text=True, timeout=60, check=False
        )

    engine = Engine(host.url, simulated="windows-server-2022")
    yield docker, engine
    engine.close()
    host.stop()


def test_see_isolation_as_typed(served):
    docker, engine = served
    for name, isolation in (("iso-process", "process"), ("iso-hyperv", "hyperv")):
        made = docker(
            "run", "-d", "--name", name, f"--isolation={isolation}", NANO, "ping", "-t", "localhost"
        )
        assert made.returncode == 0, made.stderr
    shown = docker("inspect", "-f", "{{.HostConfig.Isolation}}", "iso-process", "iso-hyperv")
    assert shown.stdout.split() == ["process", "hyperv"]
    top = docker("top", "iso-hyperv")
    assert top.returncode == 0 and "1732" in top.stdout and "Private Working Set" in top.stdout
    assert get("see-isolation").check(engine).outcome is Outcome.PASS
    assert docker("rm", "-f", "iso-process", "iso-hyperv").returncode == 0


def test_iis_works_as_typed(served):
    docker, engine = served
    image = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    assert docker("pull", image).returncode == 0
    made = docker("run", "-d", "--name", "iis", "-p", "8080:80", image)
    assert made.returncode == 0, made.stderr
    ps = docker("ps", "--format", "{{.Names}} {{.Ports}}")
    assert "iis 0.0.0.0:8080->80/tcp" in ps.stdout
    result = get("iis-works").check(engine)
    assert result.outcome is Outcome.PASS, result.reason
    assert docker("stop", "iis").returncode == 0
    assert get("iis-works").check(engine).outcome is Outcome.NOT_ATTEMPTED


def test_build_image_as_typed(served, tmp_path):
    docker, engine = served
    folder = tmp_path / "my-image"
    folder.mkdir()
    (folder / "Dockerfile").write_text(
        f'FROM {NANO}\nLABEL org.opencontainers.image.title="mine"\nCMD ["cmd", "/c", "echo hi"]\n'
    )
    built = docker("build", "-t", "my-windows-image", str(folder))
    assert built.returncode == 0, built.stderr
    history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "my-windows-image")
    assert "CMD" in history.stdout.splitlines()[0]
    result = get("build-image").check(engine)
    assert result.outcome is Outcome.PASS, result.reason
    assert result.evidence["your image"] == "my-windows-image:latest"
