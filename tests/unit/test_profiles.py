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
}
# Server 2016 has no older Windows build to mismatch with under process isolation.
NO_PROCESS_MISMATCH = {"windows-server-2016"}


def _raw(name: str) -> dict:
    return json.loads((profiles_dir() / f"{name}.json").read_text(encoding="utf-8"))


def test_the_fixed_profiles_exist():
    assert list_profiles()[: len(PROFILE_IDS)] == list(PROFILE_IDS)


@pytest.mark.parametrize("name", [*PROFILE_IDS, "_defaults", "_registry"])
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


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_each_host_records_the_errors_it_really_gives(profile_id):
    profile = load(profile_id)
    kinds = {e["kind"] for e in profile.pull_errors.values()}
    kinds |= {e["kind"] for e in profile.run_errors}
    if profile.os_type == "linux":
        assert "windows-image-on-linux" in kinds
    else:
        assert {"linux-image-on-windows", "newer-image"} <= kinds
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
