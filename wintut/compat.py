"""Which Windows container images start on which Windows hosts: Microsoft's rules, as data.

A Windows container shares (process isolation) or brings (Hyper-V isolation) a Windows kernel,
so whether it starts depends on the host's build, the image's build and the isolation mode.
:func:`decide` applies Microsoft's published rules; :data:`TABLES` copies Microsoft's published
tables cell by cell, so the unit tests can hold :func:`decide` to every row.

The builds, tags and tables are data, in :mod:`wintut.compat_data`.

Sources (quoted in shared/reference/engine-facts.md, sections 3.3, 3.4 and 5, and in
windows-2026-facts.md, sections 1, 2 and 9):

- ``MicrosoftDocs/Virtualization-Documentation …/deploy-containers/version-compatibility.md``
  (ms.date 01/23/2025; commit b9fb379, 2025-09-17): the host tables, footnote 1 (Windows 11
  24H2 onwards for WS2025 images), the NOTE that calls WS2022 process isolation on Windows 11
  "preview", and the rules.
- ``…/manage-containers/hyperv-container.md``: default isolation per host, process isolation on
  Windows 10 from build 17763.
- microsoft/Windows-Containers#155 (2021-09-01): an image newer than the host is refused.
- ``…/base-image-lifecycle.md`` and the issues cited in :data:`BUILDS` for build numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wintut.compat_data import (
    BUILDS,
    HUB_2016,
    REPOSITORIES,
    TABLES,
    TAGS,
    WINDOWS_10_END,
    Build,
)
from wintut.i18n import _

__all__ = [
    "BUILDS",
    "HUB_2016",
    "REPOSITORIES",
    "TABLES",
    "TAGS",
    "WINDOWS_10_END",
    "Build",
    "Decision",
    "build_info",
    "build_title",
    "decide",
    "image_for_host",
    "parse_build",
    "tag_for_host",
]

# Shown to learners as a check's source, so they name public pages, not the team's notes.
VERSION_COMPAT = (
    "Microsoft, Windows container version compatibility (ms.date 01/23/2025): "
    "https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/"
    "version-compatibility"
)
HYPERV_DOC = (
    "Microsoft, Isolation modes: https://learn.microsoft.com/en-us/virtualization/"
    "windowscontainers/manage-containers/hyperv-container"
)
NEWER_IMAGE = (
    "microsoft/Windows-Containers#155 (2021-09-01): “a Windows version 10.0.20348-based image is "
    "incompatible with a 10.0.19043 host”: https://github.com/microsoft/Windows-Containers/"
    "issues/155"
)

ISOLATIONS = ("process", "hyperv")


WINDOWS_11_FIRST = 22000
"""Windows 11's first build (21H2); the WS2022-on-Windows-11 exception starts here."""
WS2022 = 20348
WS2025 = 26100
"""Windows Server 2025's build, shared by Windows 11 24H2 (footnote 1's "24H2 onwards")."""
PREVIEW_NOTE = (
    "Microsoft's version-compatibility page, NOTE: “Process isolation on Windows client is "
    "available in preview for Windows 11 with Windows Server 2022 images - with build number "
    "mismatch.”"
)
FOOTNOTE_1 = (
    "Microsoft's version-compatibility page, footnote 1: “Supported from Windows 11 24H2 (Build "
    "2600) onwards.” (sic: 26100)"
)
PROCESS_ON_CLIENT_FIRST = 17763
"""Windows 10 1809: the first client build allowed process isolation (hyperv-container.md)."""


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
    preview: bool = False
    """Microsoft calls this case preview (WS2022 images, process isolation, Windows 11)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "starts": self.starts,
            "rule": self.rule,
            "source": self.source,
            "host_build": self.host_build,
            "image_build": self.image_build,
            "isolation": self.isolation,
            "preview": self.preview,
        }


def build_info(build: int) -> Build | None:
    """The :data:`BUILDS` entry for ``build``, if it is a known release."""
    return next((b for b in BUILDS if b.build == build), None)


def build_title(build: int) -> str:
    info = build_info(build)
    return f"{info.title} ({build})" if info else _("build {build}").format(build=build)


def support_note(build: int) -> str:
    """A sentence when the release is past its end of support (Windows 10), else ``""``."""
    info = build_info(build)
    return _(info.support_note) if info and info.support_note else ""


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
    raise ValueError(
        _("“{text}” is not a Windows build number or a release name wintut knows").format(text=text)
    )


def is_client(build: int) -> bool | None:
    """True when only client SKUs (Windows 10/11) use ``build``; None when unknown or shared."""
    info = build_info(build)
    if info is not None:
        return info.client
    return True if build >= WINDOWS_11_FIRST and build != WS2025 else None


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
        raise ValueError(
            _("isolation must be process or hyperv, not “{isolation}”").format(isolation=isolation)
        )
    client = is_client(host_build) if host_client is None else host_client

    def result(starts: bool, rule: str, source: str, preview: bool = False) -> Decision:
        ended = support_note(host_build)  # a Windows 10 host is offered: say it has ended
        # Translators: a rule, then the sentence saying the host's Windows is out of support
        rule = _("{rule} {ended}").format(rule=rule, ended=ended) if ended else rule
        return Decision(starts, rule, source, host_build, image_build, isolation, preview)

    if image_build > host_build:
        return result(
            False,
            _(
                "The image ({image}) is newer than the host ({host}): no isolation mode runs a "
                "newer Windows on an older one; the engine refuses it already at pull."
            ).format(image=build_title(image_build), host=build_title(host_build)),
            f"{NEWER_IMAGE}; {VERSION_COMPAT} (Windows 10 host: Windows Server 2022 ❌/❌)",
        )
    if isolation == "hyperv":
        return result(
            True,
            _(
                "Hyper-V isolation gives the container its own kernel matching the image, so an "
                "image as old as or older than the host starts: “running with Hyper-V isolation "
                "provides the container with a set of matching Kernel binaries and does not "
                "depend on the version of the host.”"
            ),
            VERSION_COMPAT,
        )
    if client and host_build < PROCESS_ON_CLIENT_FIRST:
        return result(
            False,
            _(
                "{host} is a Windows client older than 1809 (17763): “Windows client operating "
                "systems earlier than version 1809 can only run Hyper-V containers”."
            ).format(host=build_title(host_build)),
            f"{HYPERV_DOC}; MicrosoftDocs/Virtualization-Documentation#981 (2019-02-05)",
        )
    if client and host_build < WINDOWS_11_FIRST:
        return result(
            False,
            _(
                "{host} is Windows 10: Microsoft's Windows 10 table marks process isolation ❌ "
                "for every image, since “Windows 10 version 1809 and Windows Server 2019 had the "
                "same build number at GA moment. Since then, they received independent updates "
                "resulting in build number mismatch.”"
            ).format(host=build_title(host_build)),
            f"{VERSION_COMPAT} (Windows 10 tab and its NOTE, since 2023-03-16)",
        )
    if image_build == host_build:
        return result(
            True,
            _(
                "Process isolation shares the host's kernel, and host and image have the same "
                "build ({build})."
            ).format(build=host_build),
            VERSION_COMPAT,
        )
    if image_build == WS2025 and client and host_build > WS2025:
        return result(
            True,
            _(
                "Windows 11 runs Windows Server 2025 images with process isolation “from Windows "
                "11 24H2 onwards” (footnote 1); derived: 25H2 is on 24H2's servicing line. A field "
                "report disagrees (microsoft/hcsshim#2566, 25H2 + servercore:ltsc2025: “The "
                "container image contains a layer with an unrecognized format”)."
            ),
            f"{FOOTNOTE_1}; {VERSION_COMPAT}",
        )
    if image_build == WS2022 and host_build >= WINDOWS_11_FIRST:
        if client:
            return result(
                True,
                _(
                    "The Windows 11 exception to the build rule: “Starting with Windows 11 and "
                    "Windows Server 2022 we are enabling the ability to run process-isolated "
                    "WS2022 containers on Windows 11 hosts”. Microsoft still calls it preview: "
                    "“Process isolation on Windows client is available in preview for Windows 11 "
                    "with Windows Server 2022 images”."
                ),
                f"{VERSION_COMPAT}; {PREVIEW_NOTE}",
                preview=True,
            )
        return result(
            True,
            _(
                "Microsoft's Windows Server 2025 table marks WS2022 images ✅ for process "
                "isolation (on Windows 11 24H2, same build, the NOTE calls it preview). The doc's "
                "own sentence “With the exception of WS2022 + Windows 11, Windows Server "
                "containers are blocked …” was not updated when that row was added (derived)."
            ),
            f"{VERSION_COMPAT} (Windows Server 2025 host table); {PREVIEW_NOTE}",
        )
    return result(
        False,
        _(
            "Process isolation shares the host's kernel, and the builds differ (host {host}, "
            "image {image}): “Windows Server containers are blocked from starting when the build "
            "number between the container host and the container image are different.” Hyper-V "
            "isolation would start it."
        ).format(host=host_build, image=image_build),
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
            _("no {repository} tag starts on {host} with {isolation} isolation").format(
                repository=repository, host=build_title(host_build), isolation=isolation
            )
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
