"""wintut.compat against Microsoft's published tables, cell by cell, and its edge rules."""

from __future__ import annotations

import pytest

from wintut import compat


def _cells():
    for table, (host, client, row) in compat.TABLES.items():
        for image, (hyperv, process) in row.items():
            for isolation, starts in (("hyperv", hyperv), ("process", process)):
                yield pytest.param(
                    host, client, image, isolation, starts, id=f"{table}|{image}|{isolation}"
                )


@pytest.mark.parametrize(("host", "client", "image", "isolation", "starts"), list(_cells()))
def test_decide_agrees_with_every_published_cell(host, client, image, isolation, starts):
    decision = compat.decide(host, image, isolation, host_client=client)
    assert decision.starts is starts, decision.rule
    assert decision.source
    assert (decision.host_build, decision.image_build, decision.isolation) == (
        host,
        image,
        isolation,
    )


def test_tables_cover_every_host_microsoft_publishes():
    hosts = {name.split(" (")[0] for name in compat.TABLES}
    assert {
        "Windows Server 2025",
        "Windows Server 2022",
        "Windows Server 2019",
        "Windows Server 2016",
        "Windows 10 22H2",
        "Windows 11 24H2",
        "Windows 11 25H2",
    } <= hosts
    # Per-version Windows 11 rows are a reading of the one Windows 11 tab: they say so.
    assert all("derived" in name for name in compat.TABLES if name.startswith("Windows 11"))


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


def test_ws2022_process_on_windows_11_is_what_microsoft_calls_preview():
    decision = compat.decide(22631, 20348, "process")
    assert decision.preview and "in preview" in decision.source
    assert decision.to_dict()["preview"] is True
    # Windows Server 2025's table marks it ✅ plainly; the doc's stale sentence is flagged.
    server = compat.decide(26100, 20348, "process", host_client=False)
    assert server.starts and not server.preview
    assert "not updated" in server.rule
    assert not compat.decide(20348, 20348, "process").preview


def test_ws2025_images_on_windows_11_need_24h2_footnote_1():
    assert not compat.decide(22631, 26100, "process").starts  # 23H2: image newer
    assert not compat.decide(22631, 26100, "hyperv").starts
    assert compat.decide(26100, 26100, "process", host_client=True).starts  # 24H2
    on_25h2 = compat.decide(26200, 26100, "process")  # 25H2: "onwards"
    assert on_25h2.starts
    assert "Build 2600" in on_25h2.source and "hcsshim#2566" in on_25h2.rule
    assert compat.decide(26200, 17763, "process").starts is False
    assert compat.decide(26200, 17763, "hyperv").starts


def test_windows_10_is_said_to_be_past_end_of_support():
    rule = compat.decide(19045, 17763, "hyperv").rule
    assert "end of support on 14 October 2025" in rule
    assert compat.support_note(19045) and not compat.support_note(22631)
    # Windows 10's tab marks process isolation ❌ for every image, even 1809 on 1809.
    assert not compat.decide(17763, 17763, "process", host_client=True).starts
    assert compat.decide(17763, 17763, "process").starts  # Server 2019


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
        ("24H2", 26100),
        ("25H2", 26200),
        ("win11-25h2", 26200),
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
        (17763, "process", "ltsc2019"),  # Server 2019: ltsc2019 (1809 is its older tag)
        (26100, "process", "ltsc2025"),
        (26200, "process", "ltsc2025"),  # Windows 11 25H2: footnote 1, 24H2 onwards
        (26200, "hyperv", "ltsc2025"),
        (22631, "process", "ltsc2022"),  # Windows 11 23H2: the WS2022 exception
        (19045, "hyperv", "ltsc2019"),  # Windows 10 22H2: 2022 is too new
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
    assert compat.image_of_build(17763) == "mcr.microsoft.com/windows/nanoserver:ltsc2019"
    assert compat.build_of_image("ubuntu") is None


def test_image_for_host_and_build_of_tag():
    assert compat.image_for_host(20348) == "mcr.microsoft.com/windows/nanoserver:ltsc2022"
    assert compat.build_of_tag("1809") == 17763
    assert compat.build_of_tag("ltsc2019") == 17763
    assert compat.build_of_tag("latest") is None


def test_build_of_compound_tags():
    assert compat.build_of_tag("windowsservercore-ltsc2022") == 20348
    assert compat.build_of_tag("1809-KB4493509") == 17763
