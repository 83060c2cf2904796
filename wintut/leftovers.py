"""wintut's own containers left behind when the engine died under them, and their removal.

When dockerd is killed while a step's container exists, ``Engine.run``'s ``finally`` cannot
remove it, and after the restart it is listed as "Created" or "Exited (255)". The checks never
count it (it is labelled ``wintut=1``), so removing it is tidiness, not the guard against a false
pass; the session does it once per process, after a check that reached the engine.
"""

from __future__ import annotations

import time

from wintut.engine import LABEL, STEP_LABEL, Engine
from wintut.errors import EngineError
from wintut.i18n import ngettext

GRACE_SECONDS = 5.0
"""A stopped wintut container younger than this may be another kernel's run between its create
and start (or its exit and removal): it is left alone."""
_STOPPED = ("created", "exited", "dead")


def remove_leftovers(engine: Engine) -> list[str]:
    """Remove the stopped containers of wintut's steps; returns their names.

    Never touched: running (or paused, restarting) wintut containers, which may be another
    kernel's run; the lab's service containers (no ``wintut.step``); containers younger than
    :data:`GRACE_SECONDS`. Removal is never forced, so one that starts meanwhile is kept.

    Raises:
        EngineError: the container list could not be read.
    """
    removed: list[str] = []
    for container in engine.containers(all=True, filters={"label": f"{LABEL}=1"}):
        labels = container.get("Labels") or {}
        state = str(container.get("State") or "").lower()
        created = float(container.get("Created") or 0)
        if (
            not isinstance(labels, dict)
            or STEP_LABEL not in labels
            or state not in _STOPPED
            or created > time.time() - GRACE_SECONDS
        ):
            continue
        name = str((container.get("Names") or [""])[0]).lstrip("/")
        if engine.remove_stopped(str(container.get("Id") or name)):
            removed.append(name or str(container.get("Id"))[:12])
    return removed


def clean_once(engine: Engine) -> tuple[bool, str | None]:
    """Remove the leftovers; returns (done, the one line to tell the learner or ``None``).

    ``done`` is False when the engine could not be asked: the next contact tries again.
    """
    try:
        removed = remove_leftovers(engine)
    except EngineError:
        return False, None
    if not removed:
        return True, None
    return True, ngettext(
        "⚠ wintut removed {n} container(s) of its own that were left on the engine when it "
        "stopped under them ({names}); they never count as your runs.",
        "⚠ wintut removed {n} container(s) of its own that were left on the engine when it "
        "stopped under them ({names}); they never count as your runs.",
        len(removed),
    ).format(n=len(removed), names=", ".join(removed))
