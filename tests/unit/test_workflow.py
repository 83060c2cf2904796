"""The GitHub Actions workflow: valid against GitHub's workflow schema, and shaped as promised.

It cannot run here; check-jsonschema (test extra) validates it with the GitHub workflow schema
it ships (``--builtin-schema vendor.github-workflows``), offline.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_validates_against_githubs_schema():
    run = validate(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ok -- validation done" in run.stdout


def test_the_schema_check_catches_a_broken_workflow(tmp_path, workflow):
    broken = dict(workflow)
    broken["jobs"] = {"windows": {**workflow["jobs"]["windows"], "runs-on": None, "stepz": []}}
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    run = validate(path)
    assert run.returncode == 1, run.stdout
    assert "stepz" in run.stdout or "runs-on" in run.stdout


def test_linux_runs_ci_run(workflow):
    steps = workflow["jobs"]["linux"]["steps"]
    assert any(step.get("run", "").strip() == "bash .ci/run" for step in steps)
    assert "--privileged" in workflow["jobs"]["linux"]["container"]["options"]


def test_windows_jobs_on_both_runners_without_container_jobs(workflow):
    job = workflow["jobs"]["windows"]
    assert job["strategy"]["matrix"]["os"] == ["windows-2022", "windows-2025"]
    assert "container" not in job and "services" not in job  # actions/runner#904


def test_windows_jobs_install_the_wheel_and_check_the_real_engine(workflow):
    script = "\n".join(step.get("run", "") for step in workflow["jobs"]["windows"]["steps"])
    assert "pip wheel . --no-deps" in script and "pip install" in script
    assert "wintut doctor" in script
    from wintut.steps import all_steps

    # every step that passes on a Windows engine runs there, against the real engine
    on_windows = [s.id for s in all_steps() if s.expected_on("windows").value == "pass"]
    assert {"windows-engine", "nanoserver", "see-isolation", "iis-works"} <= set(on_windows)
    for step in on_windows:
        if step in ("engine", "search-microsoft"):
            continue  # the engine step is the doctor; Docker Hub's search is not the engine's
        assert f'"{step}"' in script, f"{step} passes on Windows but no Windows job checks it"
    assert "wintut check $step" in script
    assert "05-windows-containers.ipynb --nbval-lax --nbval-current-env" in script


def test_windows_outputs_are_uploaded_even_on_failure(workflow):
    uploads = [
        step
        for step in workflow["jobs"]["windows"]["steps"]
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    ]
    assert len(uploads) == 1 and uploads[0]["if"] == "always()"
    assert "*.ipynb" in uploads[0]["with"]["path"]
