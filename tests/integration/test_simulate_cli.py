"""The real docker CLI (a client nobody here wrote) against every simulated host.

No dockerd is needed, only the docker binary: marker ``simulate``. Outside CI a missing binary
skips; with CI=true it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from wintut.replay import PROFILE_IDS, SimulatedHost, load

pytestmark = pytest.mark.simulate

IN_CI = os.environ.get("CI", "").lower() == "true"
CLIENTS = [c for c in ("/usr/local/bin/docker", "/usr/bin/docker") if os.path.exists(c)]
DOCKER = shutil.which("docker") or (CLIENTS[0] if CLIENTS else None)
NANOSERVER_2022 = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
NANOSERVER_2025 = "mcr.microsoft.com/windows/nanoserver:ltsc2025"
WRONG_PLATFORM = {"windows-image-on-linux", "linux-image-on-windows"}


@pytest.fixture(scope="module")
def docker_bin() -> str:
    if DOCKER is None:
        if IN_CI:
            pytest.fail("CI=true and no docker CLI binary on PATH", pytrace=False)
        pytest.skip("no docker CLI binary on PATH")
    return DOCKER


@pytest.fixture(scope="module", params=PROFILE_IDS)
def served(request, docker_bin, tmp_path_factory):
    host = SimulatedHost(request.param).start()
    config = tmp_path_factory.mktemp(f"docker-config-{request.param}")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(config),
        "DOCKER_CONFIG": str(config),
        "DOCKER_HOST": host.url,
    }

    def docker(*args: str, client: str = docker_bin) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [client, *args], env=env, capture_output=True, text=True, timeout=30, check=False
        )

    yield host, docker
    host.stop()


def _run_case(profile):
    """A recorded command to run on this host: (image, command, expected output pattern)."""
    item = next(
        c
        for c in profile.commands
        if c["command"] in ("uname -a", "cmd /c ver")
        and any(i["ref"] in c["images"] for i in profile.images)
    )
    image = next(i["ref"] for i in profile.images if i["ref"] in item["images"])
    pattern = re.escape(item["output"].strip()).replace(re.escape("{hostname}"), "[0-9a-f]{12}")
    return image, item["command"], pattern


def test_info_shows_ostype_kernel_and_simulated_label(served):
    host, docker = served
    result = docker("info")
    assert result.returncode == 0, result.stderr
    info = host.profile.info
    assert f"OSType: {info['OSType']}" in result.stdout
    assert f"Kernel Version: {info['KernelVersion']}" in result.stdout
    assert f"Operating System: {info['OperatingSystem']}" in result.stdout
    assert f"wintut.simulated={host.profile.id}" in result.stdout
    if info.get("Isolation"):
        assert f"Default Isolation: {info['Isolation']}" in result.stdout


def test_version_shows_the_server_engine(served):
    host, docker = served
    result = docker("version")
    assert result.returncode == 0, result.stderr
    version = host.profile.version
    assert re.search(rf"Version:\s+{re.escape(version['Version'])}", result.stdout)
    assert re.search(rf"OS/Arch:\s+{version['Os']}/{version['Arch']}", result.stdout)


def test_run_rm_prints_the_recorded_output(served):
    host, docker = served
    image, command, pattern = _run_case(host.profile)
    result = docker("run", "--rm", image, *command.split())
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(pattern, result.stdout.strip()), result.stdout
    assert docker("ps", "-a", "-q").stdout.strip() == ""  # --rm left nothing


def test_run_rm_with_the_older_cli(served):
    host, docker = served
    if "/usr/bin/docker" not in CLIENTS:
        pytest.skip("docker 20.10 CLI not installed")
    image, command, pattern = _run_case(host.profile)
    result = docker("run", "--rm", image, *command.split(), client="/usr/bin/docker")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(pattern, result.stdout.strip()), result.stdout


def test_wrong_platform_pull_prints_the_recorded_error(served):
    host, docker = served
    ref, error = next(
        ((r, e) for r, e in host.profile.pull_errors.items() if e["kind"] in WRONG_PLATFORM),
        (None, None),
    )
    if ref is None:  # the 2016 beta pulled Windows images and failed at run (the seed)
        error = next(e for e in host.profile.run_errors if e["kind"] in WRONG_PLATFORM)
        assert docker("pull", error["image"]).returncode == 0  # already there: "up to date"
        result = docker("run", "--rm", error["image"], "cmd")
    else:
        result = docker("pull", ref)
    assert result.returncode != 0
    assert error["message"] in result.stdout + result.stderr


def test_nanoserver_ltsc2025_on_server_2025_prints_a_26100_version(docker_bin, tmp_path):
    host = SimulatedHost("windows-server-2025").start()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "DOCKER_HOST": host.url}
    env["DOCKER_CONFIG"] = str(tmp_path)
    try:
        result = subprocess.run(
            [docker_bin, "run", "--rm", NANOSERVER_2025, "cmd", "/c", "ver"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    finally:
        host.stop()
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"Microsoft Windows \[Version 10\.0\.26100\.\d+\]", result.stdout.strip())


def test_unrecorded_command_exits_127_and_says_so(served):
    host, docker = served
    image = host.profile.images[0]["ref"]
    result = docker("run", "--rm", image, "definitely-not-recorded", "--x")
    assert result.returncode == 127
    assert "not recorded on this simulated host: definitely-not-recorded --x" in result.stderr


def test_images_ps_inspect_rm_keep_state(served):
    host, docker = served
    image, command, _ = _run_case(host.profile)
    images = docker("images")
    repository, _, tag = image.rpartition(":")
    assert re.search(rf"{re.escape(repository)}\s+{re.escape(tag)}", images.stdout), images.stdout
    name = f"kept-{host.port}"
    assert docker("run", "--name", name, image, *command.split()).returncode == 0
    listed = docker("ps", "-a")
    assert name in listed.stdout and "Exited (0)" in listed.stdout
    inspected = docker("inspect", "--format", "{{.State.ExitCode}} {{.Config.Image}}", name)
    assert inspected.stdout.strip() == f"0 {image}"
    assert docker("rm", name).returncode == 0
    assert name not in docker("ps", "-a").stdout
    missing = docker("inspect", name)
    assert missing.returncode != 0 and "No such object" in missing.stderr


def test_search_replays_2016_or_says_not_recorded(served):
    host, docker = served
    result = docker("search", "microsoft")
    if "microsoft" in host.profile.search_terms:
        assert result.returncode == 0, result.stderr
        assert "microsoft/nanoserver" in result.stdout
        assert "microsoft/windowsservercore" in result.stdout
    else:
        assert result.returncode != 0
        assert "not recorded on this simulated host: search microsoft" in result.stderr


def test_pull_adds_an_image(served):
    host, docker = served
    candidates = [
        ref
        for ref in host.profile.registry
        if ref not in host.state.images
        and ref not in host.profile.pull_errors
        and host.state.platform_for(ref) is not None
    ]
    if not candidates:
        pytest.skip("every pullable image is already on this host")
    ref = sorted(candidates)[0]
    result = docker("pull", ref)
    assert result.returncode == 0, result.stderr
    assert f"Status: Downloaded newer image for {ref}" in result.stdout
    assert ref.rpartition(":")[0] in docker("images").stdout


def test_nanoserver_ver_on_windows_server_2022(docker_bin):
    with SimulatedHost("windows-server-2022") as host:
        result = subprocess.run(
            [docker_bin, "run", "--rm", NANOSERVER_2022, "cmd", "/c", "ver"],
            env={**os.environ, "DOCKER_HOST": host.url},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Microsoft Windows [Version 10.0.20348.5622]"


def test_process_isolation_mismatch_on_windows_server_2022(docker_bin):
    with SimulatedHost("windows-server-2022") as host:
        env = {**os.environ, "DOCKER_HOST": host.url}
        ltsc2019 = "mcr.microsoft.com/windows/servercore:ltsc2019"
        pulled = subprocess.run(
            [docker_bin, "pull", ltsc2019], env=env, capture_output=True, text=True, timeout=30
        )
        assert pulled.returncode == 0, pulled.stderr
        result = subprocess.run(
            [docker_bin, "run", "--rm", ltsc2019, "cmd", "/c", "ver"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert "The operating system of the container does not match" in result.stderr
    assert load("windows-server-2022").run_errors[0]["message"] in result.stderr


OS_RELEASE_PROFILES = [
    "docker-for-windows-2016",
    "docker-desktop-hyperv",
    "docker-desktop-wsl2",
    "docker-desktop-mac",
]


@pytest.mark.parametrize("served", OS_RELEASE_PROFILES, indirect=True)
def test_run_cat_os_release_prints_the_recorded_file(served):
    host, docker = served
    recorded = host.profile.command("ubuntu:latest", "cat /etc/os-release")
    assert recorded is not None, "cat /etc/os-release is not recorded on this host"
    result = docker("run", "--rm", "ubuntu", "cat", "/etc/os-release")
    assert result.returncode == 0, result.stderr
    assert result.stdout == recorded["output"]
