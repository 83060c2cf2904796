"""Profiles are data with sources: every value cited or marked derived, every host recognised."""

from __future__ import annotations

import json

import pytest

from wintut.hosts import detect
from wintut.replay.profiles import (
    PROFILE_IDS,
    check_profile,
    check_sources,
    list_profiles,
    load,
    normalize_ref,
    profiles_dir,
)

EXPECTED_KIND = {
    "docker-for-windows-2016": "docker-for-windows-2016",
    "windows-10-containers-2016": "windows-client-containers",
    "windows-server-2016": "windows-server",
    "docker-desktop-wsl2": "docker-desktop-wsl2",
    "docker-desktop-hyperv": "docker-desktop-hyperv",
    "docker-desktop-windows-containers": "windows-client-containers",
    "windows-server-2022": "windows-server",
    "docker-desktop-mac": "docker-desktop-mac",
    "docker-engine-linux": "linux-native",
    "windows-11-24h2-windows-containers": "windows-client-containers",
    "windows-server-2025": "windows-server",
}
# Server 2016 has no older Windows build to mismatch with under process isolation.
NO_PROCESS_MISMATCH = {"windows-server-2016"}
# No published image is newer than build 26100 (ltsc2025 is the newest tag: compat.TAGS).
NO_NEWER_IMAGE = {"windows-11-24h2-windows-containers", "windows-server-2025"}
# The 2016 beta pulled Windows images onto its Linux engine and failed at run (the seed).
FAILS_AT_RUN = {"docker-for-windows-2016"}


def _raw(name: str) -> dict:
    return json.loads((profiles_dir() / f"{name}.json").read_text(encoding="utf-8"))


def test_the_fixed_profiles_exist():
    assert list_profiles()[: len(PROFILE_IDS)] == list(PROFILE_IDS)


@pytest.mark.parametrize("name", [*PROFILE_IDS, "_defaults", "_registry", "_workloads"])
def test_every_value_has_a_source_or_is_marked_derived(name):
    assert check_sources(_raw(name)) == []


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_profile_passes_its_checks(profile_id):
    assert check_profile(_raw(profile_id), _raw("_registry")) == []


def test_a_value_without_source_is_caught():
    data = _raw("windows-10-containers-2016")  # sources each /info field on its own
    data["info"]["Invented"] = "x"
    problems = check_sources(data)
    assert any(p.startswith("/info/Invented") for p in problems)


def test_a_source_that_cites_nothing_is_caught():
    data = _raw("docker-desktop-mac")
    data["sources"]["/info/NCPU"] = "trust me"
    assert any("cites nothing" in p for p in check_sources(data))


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_host_detection_names_the_profile_kind(profile_id):
    profile = load(profile_id)
    host = detect(profile.info, profile.version, client_os=profile.client_os)
    assert host.kind == EXPECTED_KIND[profile_id], host.reasons


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_host_detection_needs_no_client_hint(profile_id):
    profile = load(profile_id)
    assert detect(profile.info, profile.version).kind == EXPECTED_KIND[profile_id]


def test_default_isolation_is_hyperv_on_windows_10_and_process_on_servers():
    assert load("windows-10-containers-2016").info["Isolation"] == "hyperv"
    assert load("docker-desktop-windows-containers").info["Isolation"] == "hyperv"
    assert load("windows-server-2016").info["Isolation"] == "process"
    assert load("windows-server-2022").info["Isolation"] == "process"
    assert load("windows-11-24h2-windows-containers").info["Isolation"] == "hyperv"
    assert load("windows-server-2025").info["Isolation"] == "process"


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_each_host_records_the_errors_it_really_gives(profile_id):
    profile = load(profile_id)
    kinds = {e["kind"] for e in profile.pull_errors.values()}
    kinds |= {e["kind"] for e in profile.run_errors}
    if profile.os_type == "linux":
        assert "windows-image-on-linux" in kinds
        pulls = {e["kind"] for e in profile.pull_errors.values()}
        assert ("windows-image-on-linux" not in pulls) is (profile_id in FAILS_AT_RUN)
    else:
        assert "linux-image-on-windows" in kinds
        assert ("newer-image" in kinds) is (profile_id not in NO_NEWER_IMAGE)
        if profile_id not in NO_PROCESS_MISMATCH:
            assert "process-isolation-mismatch" in kinds


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_recorded_runs_use_images_the_registry_knows(profile_id):
    profile = load(profile_id)
    for command in profile.commands:
        for image in command["images"]:
            assert image in profile.registry, (command["command"], image)


def test_2016_beta_kernel_is_moby_and_sourced():
    profile = load("docker-for-windows-2016")
    assert profile.info["KernelVersion"].endswith("-moby")
    assert "docker/for-win#254" in (profile.source("/info/KernelVersion") or "")
    assert (profile.source("/info/ID") or "").startswith("derived")


def test_2016_beta_replays_the_posts_path_failure_not_2017s_refusal():
    profile = load("docker-for-windows-2016")
    assert "microsoft/iis:latest" in {i["ref"] for i in profile.images}  # the seed pulled it
    error = profile.run_error("microsoft/iis:latest", "default", "start")
    assert error is not None
    assert 'exec: "cmd": executable file not found in $PATH' in error["message"]
    assert (profile.source("/run_errors/0") or "").startswith("derived")
    every_message = [e["message"] for e in profile.pull_errors.values()]
    every_message += [e["message"] for e in profile.run_errors]
    assert not any("cannot be used on this platform" in m for m in every_message)


@pytest.mark.parametrize(
    ("profile_id", "build", "version"),
    [
        ("windows-server-2025", 26100, "10.0.26100."),
        ("windows-11-24h2-windows-containers", 26100, "10.0.26100."),
    ],
)
def test_2025_hosts_run_ltsc2025_and_say_their_build(profile_id, build, version):
    profile = load(profile_id)
    assert profile.windows_build == build
    recorded = profile.command("mcr.microsoft.com/windows/nanoserver:ltsc2025", "cmd /c ver")
    assert recorded is not None and version in recorded["output"]
    assert "ubuntu:latest" in profile.pull_errors


def test_unknown_profile_says_which_exist():
    with pytest.raises(KeyError, match="docker-desktop-wsl2"):
        load("windows-95")


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("ubuntu", "ubuntu:latest"),
        ("docker.io/library/ubuntu:22.04", "ubuntu:22.04"),
        ("microsoft/iis", "microsoft/iis:latest"),
        (
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
        ),
        ("localhost:5000/x", "localhost:5000/x:latest"),
    ],
)
def test_normalize_ref(ref, expected):
    assert normalize_ref(ref) == expected
