"""`lab seed`: lab names, the daemon.json snippet, and the doctor's mirror report."""

from __future__ import annotations

import json

import pytest

from wintut.engine import Endpoint, EngineStatus
from wintut.lab.seed import daemon_json, lab_path
from wintut.readiness import lab_problems, registry_mirrors, uses_lab_mirror


@pytest.mark.parametrize(
    ("ref", "path"),
    [
        ("ubuntu", "library/ubuntu:latest"),
        ("ubuntu:22.04", "library/ubuntu:22.04"),
        ("docker.io/library/ubuntu", "library/ubuntu:latest"),
        ("microsoft/iis", "microsoft/iis:latest"),
        ("mcr.microsoft.com/windows/nanoserver:ltsc2022", "windows/nanoserver:ltsc2022"),
        ("localhost:5000/team/app:1", "team/app:1"),
    ],
)
def test_lab_path(ref, path):
    assert lab_path(ref) == path


def test_daemon_json_has_mirror_and_insecure_registry():
    assert json.loads(daemon_json("10.0.0.5:5380")) == {
        "registry-mirrors": ["http://10.0.0.5:5380"],
        "insecure-registries": ["10.0.0.5:5380"],
    }


def _status(mirrors):
    return EngineStatus(
        Endpoint("unix:///x", "argument"), True, info={"RegistryConfig": {"Mirrors": mirrors}}
    )


def test_doctor_sees_the_lab_mirror():
    status = _status(["http://127.0.0.1:5380/"])
    assert registry_mirrors(status) == ["http://127.0.0.1:5380/"]
    assert uses_lab_mirror(status, "127.0.0.1:5380")
    assert lab_problems(status, "127.0.0.1:5380") == []
    assert lab_problems(status, None) == []


def test_doctor_warns_when_the_lab_runs_but_the_engine_bypasses_it():
    (problem,) = lab_problems(_status([]), "127.0.0.1:5380")
    assert problem.code == "lab-mirror-missing" and not problem.blocking
    assert "registry-mirrors" in problem.fix
