"""What the lab's Windows-only stand-ins claim to be, and where each value comes from.

Every value is copied from shared/reference/engine-facts.md (which cites its public source);
where a value combines sources it is marked ``derived``. The images themselves are stand-ins:
their layers are placeholders and cannot run anywhere. They exist so a Linux engine answers a
pull exactly as it answers the real images.
"""

from __future__ import annotations

from dataclasses import dataclass

STAND_IN_LABEL = "org.wintut.stand-in"
DESCRIPTION_LABEL = "org.wintut.description"
SOURCE_LABEL = "org.wintut.source"


@dataclass(frozen=True)
class WindowsBuild:
    """One Windows Server long-term release as a container image platform."""

    ltsc: str
    """``ltsc2022``."""
    os_version: str
    """The manifest list's ``os.version``: ``10.0.BUILD.REVISION``."""
    source: str
    """Where the build and the revision come from."""


# Build numbers: engine-facts.md section 5 table (base-image-lifecycle.md). Revisions are copied
# from the published manifests cited in section 4; they belong to those images at that date, so
# pairing them with these stand-ins is derived (the real MCR images move on every month).
BUILDS: tuple[WindowsBuild, ...] = (
    WindowsBuild(
        "ltsc2016",
        "10.0.14393.2791",
        "build 14393: base-image-lifecycle.md; revision .2791: the IIS manifest list quoted in "
        "microsoft/iis-docker#147 (2019-02-19) [revision derived for this stand-in]",
    ),
    WindowsBuild(
        "ltsc2019",
        "10.0.17763.316",
        "build 17763: base-image-lifecycle.md; revision .316: the IIS manifest list quoted in "
        "microsoft/iis-docker#147 (2019-02-19) [revision derived for this stand-in]",
    ),
    WindowsBuild(
        "ltsc2022",
        "10.0.20348.5622",
        "build 20348: base-image-lifecycle.md; revision .5622: docker-library/repo-info "
        "repos/hello-world/remote/latest.md @11dd8d4cffac [revision derived for this stand-in]",
    ),
    WindowsBuild(
        "ltsc2025",
        "10.0.26100.33438",
        "build 26100: base-image-lifecycle.md; revision .33438: docker-library/repo-info "
        "repos/hello-world/remote/latest.md @11dd8d4cffac [revision derived for this stand-in]",
    ),
)
BY_LTSC = {b.ltsc: b for b in BUILDS}


@dataclass(frozen=True)
class WindowsRepo:
    """A Windows-only repository in the lab: each tag is a manifest list of windows/amd64 only."""

    repo: str
    """Path as on MCR (the lab serves it at ``127.0.0.1:5380/<repo>``)."""
    tags: dict[str, tuple[str, ...]]
    """tag -> the ltsc releases its manifest list names."""
    title: str
    source: str


# Tags as Microsoft publishes them. IIS: microsoft/iis-docker README.md @58dfbf7f816a lists
# `windowsservercore-ltsc2016/2019/2022/2025` and, under Windows Server 2025, "`latest`".
# Base images: no `latest` since 2019-04-16 (version-compatibility.md). Nano Server has no
# Server 2016 image on MCR; its 2019 image is `1809` and, since 2023, also `ltsc2019`
# (windows-2026-facts.md section 2) (engine-facts.md 4: `nanoserver:1809`,
# `nanoserver:ltsc2022`; docker-library repo-info: ltsc2025).
WINDOWS_REPOS: tuple[WindowsRepo, ...] = (
    WindowsRepo(
        "windows/servercore/iis",
        {
            "windowsservercore-ltsc2016": ("ltsc2016",),
            "windowsservercore-ltsc2019": ("ltsc2019",),
            "windowsservercore-ltsc2022": ("ltsc2022",),
            "windowsservercore-ltsc2025": ("ltsc2025",),
            "latest": ("ltsc2025",),
        },
        "IIS on Windows Server Core",
        "tags: microsoft/iis-docker README.md @58dfbf7f816a (engine-facts.md section 4)",
    ),
    WindowsRepo(
        "windows/servercore",
        {
            "ltsc2016": ("ltsc2016",),
            "ltsc2019": ("ltsc2019",),
            "ltsc2022": ("ltsc2022",),
            "ltsc2025": ("ltsc2025",),
        },
        "Windows Server Core base image",
        "tags: version-compatibility.md (`servercore:ltsc2019`), iis-docker Dockerfiles "
        "(`FROM mcr.microsoft.com/windows/servercore:ltsc2025`); no `latest` since 2019-04-16",
    ),
    WindowsRepo(
        "windows/nanoserver",
        {
            "1809": ("ltsc2019",),
            "ltsc2019": ("ltsc2019",),
            "ltsc2022": ("ltsc2022",),
            "ltsc2025": ("ltsc2025",),
        },
        "Nano Server base image",
        "tags: Microsoft docs (`nanoserver:1809`, `nanoserver:ltsc2022`), docker-library "
        "repo-info (ltsc2025); no `latest` since 2019-04-16, no Server 2016 image on MCR",
    ),
)

# The 2016 Docker Hub image the blog post tried to run (`docker run -it microsoft/iis cmd`):
# one manifest, no list; its config says "os": "windows" (2016 quick start:
# `microsoft/iis   latest … 7.907 GB`, engine-facts.md section 4).
HUB_WINDOWS = (("microsoft/iis", "latest", "ltsc2016", "IIS, as on Docker Hub in 2016"),)

UBUNTU_REPO = "library/ubuntu"
UBUNTU_TAG = "latest"


def labels(title: str, source: str) -> dict[str, str]:
    """The labels every stand-in carries."""
    return {
        STAND_IN_LABEL: "true",
        DESCRIPTION_LABEL: f"wintut lab stand-in for {title}: not the real image",
        SOURCE_LABEL: source,
    }
