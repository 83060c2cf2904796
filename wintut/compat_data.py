"""The data behind :mod:`wintut.compat`: Windows builds, base-image tags, Microsoft's tables.

Sources: shared/reference/engine-facts.md sections 3-5 and windows-2026-facts.md sections 1, 2
and 9; each :class:`Build` names its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from wintut.i18n import N_

WINDOWS_10_END = N_(
    "Windows 10 reached end of support on 14 October 2025 (Microsoft Lifecycle, “Windows 10 "
    "Home and Pro”: “Windows 10 will reach end of support on October 14, 2025. The current "
    "version, 22H2, will be the final version of Windows 10”); Docker Desktop still installs on "
    "22H2 (19045) (docker/docs#23600, docker/desktop-feedback#115)."
)


@dataclass(frozen=True)
class Build:
    """A Windows release and its build number, with where the number comes from."""

    build: int
    names: tuple[str, ...]
    """Names a learner may type (lower case): ``ltsc2022``, ``ws2022``, ``win11-23h2``, …"""
    title: str
    client: bool | None
    """True for Windows 10/11 (client SKUs), False for Windows Server, None when both share it."""
    source: str
    uncertain: bool = False
    support_note: str = ""
    """Set when the release is past its end of support (said wherever it is offered as a host)."""


BUILDS: tuple[Build, ...] = (
    Build(
        14393,
        ("ltsc2016", "ws2016", "2016", "1607", "win10-1607"),
        "Windows Server 2016 / Windows 10 1607",
        None,
        "base-image-lifecycle.md: `Server Core | Long-Term | 2016 | 14393`; version-compatibility"
        ".md: “Windows Server 2016 and Windows 10 Anniversary Update (both version 14393)”",
    ),
    Build(
        16299,
        ("1709",),
        "Windows Server version 1709",
        None,
        "older version-compatibility.md: “Windows Server version 1709 (10.0.16299)”",
    ),
    Build(
        17134,
        ("1803", "win10-1803"),
        "Windows 10 1803",
        True,
        "martencassel/dockerce-windows10: “Windows 10 1803, 17134.191”",
    ),
    Build(
        17763,
        ("ltsc2019", "ws2019", "2019", "1809", "win10-1809"),
        "Windows Server 2019 / Windows 10 1809",
        None,
        "base-image-lifecycle.md: `Long-Term | 2019 | 17763`; moby/moby#38306 “Windows 10 "
        "Enterprise Version 1809 (OS Build 17763.107)”",
    ),
    Build(
        18363,
        ("1909", "win10-1909"),
        "Windows 10 1909",
        True,
        "docker/for-win#5148: “Windows 10 Pro Version 1909 (OS Build 18363.476)”",
    ),
    Build(
        19041,
        ("2004", "win10-2004"),
        "Windows 10 2004",
        True,
        "docker/for-win#8609: “2004 (OS Build 19041.508)”",
    ),
    Build(
        19042,
        ("20h2", "win10-20h2"),
        "Windows 10 20H2",
        True,
        "MicrosoftDocs/Virtualization-Documentation#1537: “Windows 10 20H2 Build 19042.746”",
    ),
    Build(
        19043,
        ("21h1", "win10-21h1"),
        "Windows 10 21H1",
        True,
        "microsoft/Windows-Containers#163: “Windows 10.0.19043.x (21H1)”",
    ),
    Build(
        19044,
        ("win10-21h2",),
        "Windows 10 21H2",
        True,
        "MicrosoftDocs/Virtualization-Documentation#1786: “Win 10 21H2 (= 10.0.19044)”",
    ),
    Build(
        19045,
        ("22h2", "win10-22h2", "win10"),
        "Windows 10 22H2",
        True,
        "docker/docs windows-install.md: “Windows 10 64-bit: Enterprise, Pro, or Education "
        "version 22H2 (build 19045).”",
        support_note=WINDOWS_10_END,
    ),
    Build(
        20348,
        ("ltsc2022", "ws2022", "2022"),
        "Windows Server 2022",
        False,
        "base-image-lifecycle.md: `Long-Term | 2022 | 20348 | 08/18/2021 | 10/13/2026 | "
        "10/14/2031`",
    ),
    Build(
        22000,
        ("win11-21h2",),
        "Windows 11 21H2",
        True,
        "docker/for-win#12544: “11 version 21H2 (OS Build 22000.434)”",
    ),
    Build(
        22621,
        ("win11-22h2",),
        "Windows 11 22H2",
        True,
        "docker/docs#23614 (Docker Desktop 4.49.0 release note): “Support for Windows 10 21H2 "
        "(19044) and 11 22H2 (22621) has ended.”",
    ),
    Build(
        22631,
        ("win11-23h2", "win11"),
        "Windows 11 23H2",
        True,
        "docker/docs windows-install.md: “Windows 11 64-bit: Enterprise, Pro, or Education "
        "version 23H2 (build 22631) or higher.”",
    ),
    Build(
        26100,
        ("ltsc2025", "ws2025", "2025", "24h2", "win11-24h2"),
        "Windows Server 2025 / Windows 11 24H2",
        None,
        "base-image-lifecycle.md: `Long-Term | 2025 | 26100 | 11/01/2024`; version-compatibility"
        ".md footnote 1 “Supported from Windows 11 24H2 (`Build 2600`) onwards” (sic: 26100); "
        "microsoft/mxc os-version-support.md @1b5872f13afa: “| 24H2 | 26100.9278 |”",
    ),
    Build(
        26200,
        ("25h2", "win11-25h2"),
        "Windows 11 25H2",
        True,
        "microsoft/mxc docs/backends/process-container/os-version-support.md @1b5872f13afa: "
        "“| 25H2 | 26200.9278 |” (one KB, KB5120998, for 24H2 and 25H2); on 24H2's servicing "
        "line: “new features we develop for Windows 11, version 25H2 are part of the version 24H2 "
        "branch” (Microsoft's Jason Leznek, quoted by computing.co.uk, 2025)",
    ),
)


# Base-image tags per repository: (tag, build), the tag wintut suggests for each build.
# Nano Server 2019 has two tags on MCR today: `1809` (since 2018) and `ltsc2019` (only since
# 2023). wintut suggests `ltsc2019`, as Docker Hub's nanoserver page asks ("we should provide an
# LTSC2019 for `nanoserver` in replacement of `1809`", jenkinsci/docker-agents#451, 2023-07-06;
# kubernetes-sigs/aws-ebs-csi-driver pins `nanoserver:ltsc2019@sha256:…`), and still reads
# `1809` as build 17763 (windows-2026-facts.md section 2). There is no `nanoserver:ltsc2016`
# (Nano Server 2016 was `sac2016`, aspnet/aspnet-docker#324). servercore: ltsc2016 to ltsc2025
# (microsoft/iis-docker Dockerfiles @58dfbf7f816a).
TAGS: dict[str, tuple[tuple[str, int], ...]] = {
    "nanoserver": (("ltsc2019", 17763), ("ltsc2022", 20348), ("ltsc2025", 26100)),
    "servercore": (
        ("ltsc2016", 14393),
        ("ltsc2019", 17763),
        ("ltsc2022", 20348),
        ("ltsc2025", 26100),
    ),
}
HUB_2016: dict[str, tuple[str, int]] = {"nanoserver": ("microsoft/nanoserver:latest", 14393)}
"""Nano Server for build 14393 as published in 2016, on Docker Hub (quick_start_windows_10.md,
ms.date 07/13/2016: ``microsoft/nanoserver latest``; engine-facts.md section 4). Derived: MCR's
Nano Server tags start at build 17763 (1809), so this is the only Nano Server a 2016 host
can run."""
REPOSITORIES = {
    "nanoserver": "mcr.microsoft.com/windows/nanoserver",
    "servercore": "mcr.microsoft.com/windows/servercore",
}

# Microsoft's host tables, cell by cell: name -> (host build, client?, image -> (Hyper-V starts,
# process starts)). The Server rows and the Windows 10 tab copy version-compatibility.md
# (windows-2026-facts.md section 1). The doc has ONE "Windows 11" tab whose WS2025 cells carry
# footnote 1 ("Supported from Windows 11 24H2 (`Build 2600`) onwards"); the per-version Windows 11
# rows below are derived by applying that footnote (marked so in their names).
TABLES: dict[str, tuple[int, bool | None, dict[int, tuple[bool, bool]]]] = {
    "Windows Server 2025": (
        26100,
        False,
        {26100: (True, True), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows Server 2022": (
        20348,
        False,
        {20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows Server 2019": (
        17763,
        False,
        {20348: (False, False), 17763: (True, True), 14393: (True, False)},
    ),
    "Windows Server 2016": (
        14393,
        False,
        {20348: (False, False), 17763: (False, False), 14393: (True, True)},
    ),
    "Windows 11 25H2 (derived: footnote 1, 24H2 onwards)": (
        26200,
        True,
        {26100: (True, True), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows 11 24H2 (derived: footnote 1)": (
        26100,
        True,
        {26100: (True, True), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows 11 23H2 (derived: before footnote 1's 24H2)": (
        22631,
        True,
        {26100: (False, False), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows 11 21H2 (derived: before footnote 1's 24H2)": (
        22000,
        True,
        {26100: (False, False), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows 10 22H2": (
        19045,
        True,
        {20348: (False, False), 17763: (True, False), 14393: (True, False)},
    ),
}
