"""The doctor's report: JSON shape, exit codes, widget-extension trap, plain text."""

from __future__ import annotations

import json

import pytest

from tests.engine_fake import FakeEngineAPI, linux_engine
from wintut.cli import main
from wintut.readiness import diagnose, widget_problems


def test_ready_report_has_the_documented_json_shape():
    report = diagnose(linux_engine())
    data = json.loads(report.to_json())
    assert set(data["engine"]) >= {"reachable", "endpoint", "os_type", "server_version", "kernel"}
    assert set(data["host"]) >= {"kind", "explanation"}
    assert data["engine"]["reachable"] is True
    assert data["engine"]["os_type"] == "linux"
    assert data["host"]["kind"] == "linux-native"
    assert all(set(p) >= {"code", "message", "fix"} for p in data["problems"])
    assert report.exit_code == (0 if report.ready else 1)


def test_unreachable_engine_is_not_ready_and_says_how_to_fix(tmp_path):
    from wintut.engine import Engine

    report = diagnose(Engine(f"unix://{tmp_path}/none.sock"))
    assert not report.ready and report.exit_code == 1
    assert report.problems[0].code == "engine-not-running"
    text = str(report)
    assert "✖" in text and "Fix:" in text and "Traceback" not in text


def test_windows_engine_is_ready_with_a_warning():
    # engine-facts 1(d): docker/cli info.md, Windows Server 2022 sample
    info = {
        "OSType": "windows",
        "OperatingSystem": "Microsoft Windows Server Version 21H2 (OS Build 20348.707)",
        "KernelVersion": "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
        "Isolation": "process",
    }
    fake = FakeEngineAPI(
        "windows-server-2022", info=info, version={"Os": "windows", "Version": "20.10.16"}
    )
    report = diagnose(fake.engine())
    assert report.host is not None and report.host.kind == "windows-server"
    codes = [p.code for p in report.problems]
    assert "engine-windows-mode" in codes
    assert report.ready  # a warning, not a blocker


@pytest.mark.parametrize(
    ("versions", "extension", "code"),
    [
        ({"ipywidgets": "8.1.8", "jupyterlab_widgets": "3.0.17"}, "5.0.16", None),
        ({"ipywidgets": "8.1.8", "jupyterlab_widgets": None}, None, "widget-extension-mismatch"),
        (
            {"ipywidgets": "8.1.8", "jupyterlab_widgets": "1.1.1"},
            "3.6.0",
            "widget-extension-mismatch",
        ),
        ({"ipywidgets": None}, None, "widgets-missing"),
    ],
)
def test_widget_extension_must_match_ipywidgets(versions, extension, code):
    problems = widget_problems(versions, extension)
    assert [p.code for p in problems] == ([code] if code else [])
    assert all(not p.blocking for p in problems)


def test_cli_exit_codes(tmp_path, capsys):
    assert main(["doctor", "--json", "--host", f"unix://{tmp_path}/none.sock"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["engine"]["reachable"] is False and data["problems"][0]["fix"]
    with pytest.raises(SystemExit) as usage:
        main(["doctor", "--no-such-flag"])
    assert usage.value.code == 2


def test_pywin32_is_only_checked_for_named_pipes_on_windows():
    from wintut.readiness import pywin32_problems

    assert pywin32_problems("unix:///var/run/docker.sock", platform="win32") == []
    assert pywin32_problems("npipe:////./pipe/docker_engine", platform="linux") == []
    # On this (non-Windows) machine win32file cannot import: the check reports it.
    problems = pywin32_problems("npipe:////./pipe/docker_engine", platform="win32")
    assert [p.code for p in problems] == ["pywin32-missing"]
