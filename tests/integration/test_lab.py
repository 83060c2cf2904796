"""The offline lab against the real dockerd: the daemon's own words, through the lab.

Needs `wintut lab up` on 127.0.0.1:5380/5381 and a dockerd started with
``--registry-mirror http://127.0.0.1:5380`` (as .ci/run does).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from wintut.errors import LabError, PullError
from wintut.images import platform_matches, platforms, pull, resolve, stand_in_note
from wintut.lab.registry import RegistryClient
from wintut.lab.seed import seed

pytestmark = [pytest.mark.docker, pytest.mark.lab]

IIS = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
NO_MATCH = "no matching manifest for linux/amd64 in the manifest list entries"
WRONG_OS = 'image operating system "windows" cannot be used on this platform'


@pytest.fixture
def lab_env(lab, monkeypatch):
    """Point resolve() at the lab on its fixed ports, whichever WINTUT_HOME started it."""
    monkeypatch.setenv("WINTUT_LAB_REGISTRY", lab)
    return lab


def _docker(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    docker = shutil.which("docker")
    if docker is None:
        pytest.fail("the docker CLI is missing", pytrace=False)
    return subprocess.run(
        [docker, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def test_iis_pull_says_no_matching_manifest(real_engine, lab_env):
    assert resolve(IIS) == f"{lab_env}/windows/servercore/iis:windowsservercore-ltsc2022"
    with pytest.raises(PullError) as caught:
        pull(IIS, real_engine)
    assert caught.value.daemon_message == NO_MATCH

    done = _docker("pull", resolve(IIS))
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1].endswith(NO_MATCH)


def test_iis_platforms_are_windows_only(real_engine, lab_env):
    found = platforms(resolve(IIS), real_engine)
    assert found and all(p["os"] == "windows" for p in found)
    assert found[0]["os.version"].startswith("10.0.20348.")
    assert platform_matches(found, "linux", "x86_64") == []
    assert platform_matches(found, "windows", "amd64") == found


def test_microsoft_iis_says_wrong_operating_system(real_engine, lab_env):
    with pytest.raises(PullError) as caught:
        pull("microsoft/iis", real_engine)
    assert caught.value.daemon_message == WRONG_OS

    done = _docker("pull", resolve("microsoft/iis"))
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1].endswith(WRONG_OS)


def test_docker_pull_ubuntu_and_run_uname(real_engine, lab):
    pulled = _docker("pull", "ubuntu")
    assert pulled.returncode == 0, pulled.stderr
    ran = _docker("run", "--rm", "--label", "wintut=1", "ubuntu", "uname", "-a")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("Linux ")

    result = real_engine.run("ubuntu", ["bash", "-c", "echo $BASH_VERSION; cat /etc/os-release"])
    assert result.exit_code == 0
    assert result.output.split(".")[0].isdigit()  # bash answers with its version
    assert "wintut lab stand-in for Ubuntu" in result.output
    assert "stand-in" in (stand_in_note(real_engine.inspect_image("ubuntu")) or "")


def test_docker_search_through_the_index_lists_microsoft_iis(real_engine, lab):
    found = _docker("search", "127.0.0.1:5381/microsoft")
    assert found.returncode == 0, found.stderr
    names = [line.split()[0] for line in found.stdout.splitlines()[1:] if line.strip()]
    assert "microsoft/iis" in names
    results = real_engine.search("127.0.0.1:5381/microsoft")
    assert any(r["name"] == "microsoft/iis" and r["star_count"] == 25 for r in results)


def test_seed_copies_images_and_stops_at_a_missing_one(real_engine, lab):
    client = RegistryClient(lab)
    _docker("pull", "ubuntu")
    real_engine.tag("ubuntu", "wintut-seed-test:1")
    try:
        with pytest.raises(LabError) as caught:
            seed(["wintut-seed-test:1", "wintut-no-such-image:nope"], lab, real_engine)
        assert "wintut-no-such-image:nope" in str(caught.value)
        assert client.manifest_digest("library/wintut-seed-test", "1") is not None
    finally:
        client.delete_manifest("library/wintut-seed-test", "1")
        real_engine.untag("wintut-seed-test:1")
