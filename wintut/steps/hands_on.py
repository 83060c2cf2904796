"""What the hands-on Windows steps (see-isolation, iis-works, build-image) share: the host's
build and default isolation, the base image that suits it (always from :mod:`wintut.compat`,
never a hard-coded tag), and which containers and images are the learner's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wintut import compat
from wintut.engine import LABEL, STEP_LABEL, Engine
from wintut.i18n import N_, _
from wintut.steps.base import Window
from wintut.steps.common import host_of
from wintut.steps.nanoserver import default_isolation

WRONG_OS = (
    N_(
        "This engine runs Linux containers, and this step is about Windows containers (their "
        "isolation, their images)."
    ),
    N_(
        "Switch to Windows containers first (step windows-engine), on Windows 10/11 Pro or "
        "Enterprise or Windows Server; Windows 10 reached end of support in October 2025."
    ),
)
"""The reason and fix every hands-on step gives on a Linux engine."""


@dataclass(frozen=True)
class WindowsHost:
    """A Windows engine's host as the hands-on steps need it."""

    build: int | None
    isolation: str
    """The daemon's default isolation (``process`` on Server, ``hyperv`` on client)."""
    client: bool
    kind: str
    title: str

    def image(self, repository: str = "nanoserver", isolation: str | None = None) -> str:
        """The base image that starts here with ``isolation`` (default: the host's), from
        :func:`wintut.compat.image_for_host`.

        Raises:
            ValueError: no published tag starts on this host with that isolation.
        """
        if self.build is None:
            raise ValueError(_("the engine did not report a Windows build"))
        return compat.image_for_host(self.build, repository, isolation or self.isolation)

    def can_process(self) -> bool:
        """Whether any published nanoserver image starts here with process isolation."""
        if self.build is None:
            return False
        builds = {build for _tag, build in compat.tags_for("nanoserver")}
        builds |= {build for _image, build in compat.HUB_2016.values()}  # 2016's Docker Hub image
        return any(
            compat.decide(self.build, build, "process", host_client=self.client).starts
            for build in builds
        )

    def evidence(self) -> dict[str, Any]:
        return {
            "host kind": f"{self.kind} ({self.title})",
            "host build": self.build,
            "default isolation": self.isolation,
        }


def windows_host(engine: Engine) -> WindowsHost:
    host = host_of(engine)
    client = host.kind == "windows-client-containers"
    isolation = default_isolation(engine.info(), client)
    return WindowsHost(host.windows_build, isolation, client, host.kind, host.title)


def counts(labels: Any, step_id: str, window: Window) -> bool:
    """The learner's (not labelled by wintut), or wintut's own for this step when ``window.own``
    says so (the check right after "Do it for me")."""
    labels = labels if isinstance(labels, dict) else {}
    if labels.get(LABEL) != "1":
        return True
    return window.own and labels.get(STEP_LABEL) == step_id


def learner_containers(engine: Engine, step_id: str, window: Window) -> list[dict[str, Any]]:
    """Containers (running or not) created inside ``window`` that count for ``step_id``,
    running ones first, newest first."""
    found = [
        c
        for c in engine.containers(all=True)
        if counts(c.get("Labels"), step_id, window) and float(c.get("Created") or 0) >= window.since
    ]
    return sorted(
        found, key=lambda c: (str(c.get("State")) != "running", -float(c.get("Created") or 0))
    )


def name_of(container: dict[str, Any]) -> str:
    names = container.get("Names") or [str(container.get("Id", ""))[:12]]
    return str(names[0]).lstrip("/")
