"""What the offline lab runs and holds, and how `wintut lab status` says it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from wintut.i18n import N_, _
from wintut.lab import state as st

FOUND_BY = {
    "state file": N_("state file"),
    "engine mirror": N_("engine mirror"),
    "default port": N_("default port"),
}
"""How :mod:`wintut.lab.probe` found the lab, in words (``WINTUT_LAB_REGISTRY`` stays as is)."""


@dataclass
class LabStatus:
    """What the lab runs and holds."""

    running: bool
    registry: str
    """``HOST:PORT`` a local client uses (127.0.0.1 when the lab listens on all interfaces)."""
    index: str
    registry_up: bool = False
    index_up: bool = False
    listen: str = st.DEFAULT_HOST
    mode: str | None = None
    """``binary`` (docker-registry) or ``container`` (registry:2), ``None`` when down or not
    started from this ``WINTUT_HOME``."""
    home: str = ""
    found_by: str = ""
    """How the running lab was found (``state file``, ``engine mirror``, ``default port``…)."""
    pids: dict[str, int] = field(default_factory=dict)
    repositories: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        lines = [
            _("✔ The wintut lab is running.")
            if self.running
            else _("✖ The wintut lab is not running.")
        ]
        up = {True: _("✔ answers"), False: _("✖ not answering")}
        lines.append(
            _("  registry  {address}{state}").format(
                address=f"{self.registry:<20}", state=up[self.registry_up]
            )
            + (f" ({self.mode})" if self.mode else "")
        )
        lines.append(
            _("  index     {address}{state}").format(
                address=f"{self.index:<20}", state=up[self.index_up]
            )
        )
        if self.found_by:
            how = _(FOUND_BY[self.found_by]) if self.found_by in FOUND_BY else self.found_by
            lines.append(_("  found by  {how}").format(how=how))
        lines.append(_("  files     {folder}").format(folder=self.home))
        if self.repositories:
            lines.append(_("  holds (stand-ins are labelled org.wintut.stand-in=true):"))
            for repo, tags in sorted(self.repositories.items()):
                lines.append(f"    {repo}: {', '.join(tags)}")
        return "\n".join(lines)
