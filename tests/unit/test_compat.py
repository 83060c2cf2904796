"""wintut.compat against Microsoft's published tables, cell by cell, and its edge rules."""

from __future__ import annotations

import pytest

from wintut import compat


def _cells():
    for table, (host, row) in compat.TABLES.items():
        for image, (hyperv, process) in row.items():
            yield pytest.param(host, image, "hyperv", hyperv, id=f"{table}|{image}|hyperv")
            yield pytest.param(host, image, "process", process, id=f"{table}|{image}|process")


@pytest.mark.parametrize(("host", "image", "isolation", "starts"), list(_cells()))
def test_decide_agrees_with_every_published_cell(host, image, isolation, starts):
    decision = compat.decide(host, image, isolation)
    assert decision.starts is starts, decision.rule
    assert decision.source
    assert (decision.host_build, decision.image_build, decision.isolation) == (
        host,
        image,
        isolation,
    )


def test_tables_cover_every_host_microsoft_publishes():
    hosts = {name.split(" (")[0] for name in compat.TABLES}
    assert {"Windows Server 2025", "Windows Server 2022", "Windows 10 22H2"} <= hosts
    assert any(name.startswith("Windows 11") for name in hosts)


def test_newer_image_never_starts_and_says_why():
    decision = compat.decide(19045, 20348, "hyperv")
    assert not decision.starts
    assert "newer than the host" in decision.rule
    assert "Windows-Containers#155" in decision.source


def test_ws2022_exception_needs_windows_11():
    assert compat.decide(22000, 20348, "process").starts  # Windows 11 21H2
    assert not compat.decide(20348 + 1, 20348, "process").starts  # not a Windows 11 build
    rule = compat.decide(22631, 20348, "process").rule
    assert "WS2022 containers on Windows 11" in rule


def test_old_client_cannot_use_process_isolation_even_with_matching_build():
    assert not compat.decide(17134, 17134, "process").starts  # Windows 10 1803
    assert compat.decide(17134, 17134, "hyperv").starts
    # 14393 is Server 2016 too, where process isolation of a 14393 image works …
    assert compat.decide(14393, 14393, "process").starts
    # … but not on Windows 10 1607 (a client).
    assert not compat.decide(14393, 14393, "process", host_client=True).starts


def test_unknown_isolation_is_refused():
    with pytest.raises(ValueError, match="process or hyperv"):
        compat.decide(20348, 20348, "default")
    assert compat.decide(20348, 20348, "Hyper-V").isolation == "hyperv"


@pytest.mark.parametrize(
    ("text", "build"),
    [
        ("20348", 20348),
        ("ltsc2022", 20348),
        ("WS2019", 17763),
        ("1809", 17763),
        ("win11-23h2", 22631),
        ("10.0.20348.1787", 20348),
        ("10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)", 17763),
        ("ltsc2025", 26100),
    ],
)
def test_parse_build(text, build):
    assert compat.parse_build(text) == build


@pytest.mark.parametrize("text", ["", "latest", "2022x", "123"])
def test_parse_build_rejects(text):
    with pytest.raises(ValueError):
        compat.parse_build(text)


def test_every_build_has_a_source_and_unique_names():
    names = [n for b in compat.BUILDS for n in b.names]
    assert len(names) == len(set(names))
    assert all(b.source for b in compat.BUILDS)
    assert [b.build for b in compat.BUILDS] == sorted(b.build for b in compat.BUILDS)


@pytest.mark.parametrize(
    ("host", "isolation", "tag"),
    [
        (20348, "process", "ltsc2022"),  # Server 2022
        (17763, "process", "1809"),  # Server 2019: nanoserver's 2019 tag is 1809
        (26100, "process", "ltsc2025"),
        (22631, "process", "ltsc2022"),  # Windows 11 23H2: the WS2022 exception
        (19045, "hyperv", "1809"),  # Windows 10 22H2: 2022 is too new
        (22631, "hyperv", "ltsc2022"),
    ],
)
def test_tag_for_host(host, isolation, tag):
    assert compat.tag_for_host(host, "nanoserver", isolation) == tag


def test_tag_for_host_when_nothing_fits():
    with pytest.raises(ValueError, match="no nanoserver tag"):
        compat.tag_for_host(19045, "nanoserver", "process")  # no 19045 image exists
    assert compat.tag_for_host(14393, "servercore", "process") == "ltsc2016"


def test_a_2016_host_gets_2016s_nanoserver_from_docker_hub():
    # MCR's Nano Server starts at 1809; 2016's was microsoft/nanoserver (engine-facts.md 4).
    assert compat.image_for_host(14393, "nanoserver", "process") == "microsoft/nanoserver:latest"
    assert compat.image_for_host(14393, "nanoserver", "hyperv") == "microsoft/nanoserver:latest"
    assert compat.image_for_host(14393, "servercore", "process") == (
        "mcr.microsoft.com/windows/servercore:ltsc2016"
    )
    with pytest.raises(ValueError):
        compat.image_for_host(19045, "nanoserver", "process")  # no image has that build
    assert compat.image_of_build(14393) == "microsoft/nanoserver:latest"
    assert compat.image_of_build(20348) == "mcr.microsoft.com/windows/nanoserver:ltsc2022"
    assert compat.image_of_build(19045) is None
    assert compat.build_of_image("microsoft/nanoserver:latest") == 14393
    assert compat.build_of_image("mcr.microsoft.com/windows/nanoserver:1809") == 17763
    assert compat.build_of_image("ubuntu") is None


def test_image_for_host_and_build_of_tag():
    assert compat.image_for_host(20348) == "mcr.microsoft.com/windows/nanoserver:ltsc2022"
    assert compat.build_of_tag("1809") == 17763
    assert compat.build_of_tag("ltsc2019") == 17763
    assert compat.build_of_tag("latest") is None


def test_build_of_compound_tags():
    assert compat.build_of_tag("windowsservercore-ltsc2022") == 20348
    assert compat.build_of_tag("1809-KB4493509") == 17763
