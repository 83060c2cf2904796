"""Which Windows container images start on which Windows hosts: Microsoft's rules, as data.

A Windows container shares (process isolation) or brings (Hyper-V isolation) a Windows kernel,
so whether it starts depends on the host's build, the image's build and the isolation mode.
:func:`decide` applies Microsoft's published rules; :data:`TABLES` copies Microsoft's published
tables cell by cell, so the unit tests can hold :func:`decide` to every row.

Sources (quoted in shared/reference/engine-facts.md, sections 3.3, 3.4 and 5):

- ``MicrosoftDocs/Virtualization-Documentation …/deploy-containers/version-compatibility.md``
  (ms.date 01/23/2025; commit b9fb379, 2025-09-17): the host tables and the rules.
- ``…/manage-containers/hyperv-container.md``: default isolation per host, process isolation on
  Windows 10 from build 17763.
- microsoft/Windows-Containers#155 (2021-09-01): an image newer than the host is refused.
- ``…/base-image-lifecycle.md`` and the issues cited in :data:`BUILDS` for build numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION_COMPAT = (
    "MicrosoftDocs/Virtualization-Documentation virtualization/windowscontainers/"
    "deploy-containers/version-compatibility.md (ms.date 01/23/2025; engine-facts.md section 5)"
)
HYPERV_DOC = (
    "MicrosoftDocs/Virtualization-Documentation virtualization/windowscontainers/"
    "manage-containers/hyperv-container.md (engine-facts.md section 5)"
)
NEWER_IMAGE = (
    "microsoft/Windows-Containers#155 (2021-09-01): “a Windows version 10.0.20348-based image is "
    "incompatible with a 10.0.19043 host” (engine-facts.md section 3.3)"
)

ISOLATIONS = ("process", "hyperv")


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
        "[UNCERTAIN] microsoft/Windows-Containers#402 “Windows 11 Pro … 10.0.22621.1992”; no "
        "source pairs “22H2” with 22621",
        uncertain=True,
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
        ".md footnote “Supported from Windows 11 24H2 (`Build 2600`) onwards” (sic: 26100)",
    ),
)

WINDOWS_11_FIRST = 22000
"""Windows 11's first build (21H2); the WS2022-on-Windows-11 exception starts here."""
WS2022 = 20348
PROCESS_ON_CLIENT_FIRST = 17763
"""Windows 10 1809: the first client build allowed process isolation (hyperv-container.md)."""

# Base-image tags per repository: (tag, build). nanoserver has no ltsc2016/ltsc2019 tags;
# its 2019 tag is `1809` (engine-facts.md section 4: `mcr.microsoft.com/windows/nanoserver 1809`,
# microsoft/Windows-Containers#399 `nanoserver:1809`; Microsoft's quick start pulls
# `nanoserver:ltsc2022`). servercore tags: section 4 (`servercore:ltsc2019`, `ltsc2022`,
# `ltsc2025`) and base-image-lifecycle.md (2016).
TAGS: dict[str, tuple[tuple[str, int], ...]] = {
    "nanoserver": (("1809", 17763), ("ltsc2022", 20348), ("ltsc2025", 26100)),
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
Nano Server tags start at 1809, so this is the only Nano Server a 2016 host can run."""
REPOSITORIES = {
    "nanoserver": "mcr.microsoft.com/windows/nanoserver",
    "servercore": "mcr.microsoft.com/windows/servercore",
}


@dataclass(frozen=True)
class Decision:
    """Whether a container of ``image_build`` starts on ``host_build`` with ``isolation``."""

    starts: bool
    rule: str
    """The rule that decided, in one sentence."""
    source: str
    host_build: int
    image_build: int
    isolation: str

    def to_dict(self) -> dict[str, object]:
        return {
            "starts": self.starts,
            "rule": self.rule,
            "source": self.source,
            "host_build": self.host_build,
            "image_build": self.image_build,
            "isolation": self.isolation,
        }


def build_info(build: int) -> Build | None:
    """The :data:`BUILDS` entry for ``build``, if it is a known release."""
    return next((b for b in BUILDS if b.build == build), None)


def build_title(build: int) -> str:
    info = build_info(build)
    return f"{info.title} ({build})" if info else f"build {build}"


_VERSION = re.compile(r"^10\.0[.\s](\d{5})")


def parse_build(text: str) -> int:
    """A build number from what a learner or an engine writes.

    Accepts ``20348``, ``10.0.20348.1787``, ``10.0 20348 (…)``, and the names in
    :data:`BUILDS` (``ltsc2022``, ``ws2019``, ``win11-23h2``, ``1809``, …).

    Raises:
        ValueError: the text names no build.
    """
    word = text.strip().lower()
    for build in BUILDS:
        if word in build.names:
            return build.build
    match = _VERSION.match(word)
    if match:
        return int(match.group(1))
    if word.isdigit() and len(word) == 5:
        return int(word)
    raise ValueError(f"“{text}” is not a Windows build number or a release name wintut knows")


def is_client(build: int) -> bool | None:
    """True when only client SKUs (Windows 10/11) use ``build``; None when unknown or shared."""
    info = build_info(build)
    if info is not None:
        return info.client
    return True if build >= WINDOWS_11_FIRST and build != 26100 else None


def decide(
    host_build: int, image_build: int, isolation: str, *, host_client: bool | None = None
) -> Decision:
    """Does a container from an image of ``image_build`` start on a host of ``host_build``?

    Args:
        host_build: the host's Windows build (``10.0 20348 (…)`` -> 20348).
        image_build: the build the image is based on (its ``OsVersion``, or its tag's build).
        isolation: ``process`` or ``hyperv``.
        host_client: True for Windows 10/11 hosts, False for Windows Server; default: read from
            :data:`BUILDS` (builds both share count as Server).

    Raises:
        ValueError: ``isolation`` is neither ``process`` nor ``hyperv``.
    """
    isolation = isolation.strip().lower().replace("hyper-v", "hyperv")
    if isolation not in ISOLATIONS:
        raise ValueError(f"isolation must be process or hyperv, not “{isolation}”")
    client = is_client(host_build) if host_client is None else host_client

    def result(starts: bool, rule: str, source: str) -> Decision:
        return Decision(starts, rule, source, host_build, image_build, isolation)

    if image_build > host_build:
        return result(
            False,
            f"The image ({build_title(image_build)}) is newer than the host "
            f"({build_title(host_build)}): no isolation mode runs a newer Windows on an older "
            "one; the engine refuses it already at pull.",
            f"{NEWER_IMAGE}; {VERSION_COMPAT} (Windows 10 host: Windows Server 2022 ❌/❌)",
        )
    if isolation == "hyperv":
        return result(
            True,
            "Hyper-V isolation gives the container its own kernel matching the image, so an "
            "image as old as or older than the host starts: “running with Hyper-V isolation "
            "provides the container with a set of matching Kernel binaries and does not depend "
            "on the version of the host.”",
            VERSION_COMPAT,
        )
    if client and host_build < PROCESS_ON_CLIENT_FIRST:
        return result(
            False,
            f"{build_title(host_build)} is a Windows client older than 1809 (17763): “Windows "
            "client operating systems earlier than version 1809 can only run Hyper-V "
            "containers”.",
            f"{HYPERV_DOC}; MicrosoftDocs/Virtualization-Documentation#981 (2019-02-05)",
        )
    if image_build == host_build:
        return result(
            True,
            "Process isolation shares the host's kernel, and host and image have the same build "
            f"({host_build}).",
            VERSION_COMPAT,
        )
    if image_build == WS2022 and host_build >= WINDOWS_11_FIRST:
        return result(
            True,
            "The one exception to the build rule: “Starting with Windows 11 and Windows Server "
            "2022 we are enabling the ability to run process-isolated WS2022 containers on "
            "Windows 11 hosts” (newer hosts, Windows Server 2025 too, list WS2022 ✅ for "
            "process isolation).",
            VERSION_COMPAT,
        )
    return result(
        False,
        f"Process isolation shares the host's kernel, and the builds differ (host {host_build}, "
        f"image {image_build}): “Windows Server containers are blocked from starting when the "
        "build number between the container host and the container image are different.” "
        "Hyper-V isolation would start it.",
        VERSION_COMPAT,
    )


def tags_for(repository: str) -> tuple[tuple[str, int], ...]:
    """Known ``(tag, build)`` pairs of ``nanoserver`` or ``servercore``."""
    return TAGS[repository]


def tag_for_host(
    host_build: int, repository: str = "nanoserver", isolation: str = "process"
) -> str:
    """The newest tag of ``repository`` that starts on ``host_build`` with ``isolation``.

    Raises:
        ValueError: no published tag starts there (a host older than every tag, say).
    """
    fitting = [
        tag for tag, build in tags_for(repository) if decide(host_build, build, isolation).starts
    ]
    if not fitting:
        raise ValueError(
            f"no {repository} tag starts on {build_title(host_build)} with {isolation} isolation"
        )
    return fitting[-1]


def image_for_host(
    host_build: int, repository: str = "nanoserver", isolation: str = "process"
) -> str:
    """``mcr.microsoft.com/windows/nanoserver:TAG`` for the host (see :func:`tag_for_host`);
    on a 2016 host, where no MCR Nano Server fits, 2016's Docker Hub image (:data:`HUB_2016`).

    Raises:
        ValueError: no image of ``repository`` starts there.
    """
    try:
        return f"{REPOSITORIES[repository]}:{tag_for_host(host_build, repository, isolation)}"
    except ValueError:
        hub = HUB_2016.get(repository)
        if hub and decide(host_build, hub[1], isolation).starts:
            return hub[0]
        raise


def image_of_build(build: int, repository: str = "nanoserver") -> str | None:
    """The image of ``repository`` built on ``build`` (an MCR tag, or 2016's Hub image)."""
    tag = next((tag for tag, b in tags_for(repository) if b == build), None)
    if tag is not None:
        return f"{REPOSITORIES[repository]}:{tag}"
    hub = HUB_2016.get(repository)
    return hub[0] if hub and hub[1] == build else None


def build_of_image(ref: str) -> int | None:
    """The build behind an image :func:`image_of_build` or :func:`image_for_host` names."""
    for image, build in HUB_2016.values():
        if ref == image:
            return build
    return build_of_tag(ref.rsplit(":", 1)[-1]) if ":" in ref else None


def build_of_tag(tag: str) -> int | None:
    """The build behind a base-image tag (``ltsc2022`` -> 20348, ``1809`` -> 17763,
    ``windowsservercore-ltsc2022`` -> 20348), or ``None``."""
    known = {name: build for pairs in TAGS.values() for name, build in pairs}
    for part in (tag, *tag.split("-")):  # 1809-KB4493509, windowsservercore-ltsc2022
        if part in known:
            return known[part]
        try:
            return parse_build(part)
        except ValueError:
            continue
    return None


# Microsoft's host tables, cell by cell: host -> image -> (Hyper-V starts, process starts).
# Copied from version-compatibility.md (engine-facts.md section 5). Windows 11's 2025 cell holds
# from 24H2 (26100) on (footnote 1); a 23H2 host (22631) gets ❌ for it. Used by the unit tests.
TABLES: dict[str, tuple[int, dict[int, tuple[bool, bool]]]] = {
    "Windows Server 2025": (
        26100,
        {26100: (True, True), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows Server 2022": (
        20348,
        {20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows 11 24H2": (
        26100,
        {26100: (True, True), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows 11 23H2 (2025 image: before footnote 1's 24H2)": (
        22631,
        {26100: (False, False), 20348: (True, True), 17763: (True, False), 14393: (True, False)},
    ),
    "Windows 10 22H2": (
        19045,
        {20348: (False, False), 17763: (True, False), 14393: (True, False)},
    ),
}
