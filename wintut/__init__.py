"""wintut: how Docker really works on Windows, checked live against your own engine.

Importing wintut is cheap: docker-py and ipywidgets load only when first needed.
"""

from __future__ import annotations

import importlib
from typing import Any

try:  # the version lives in pyproject.toml only
    from importlib.metadata import version as _version

    __version__ = _version("wintut")
except Exception:  # pragma: no cover - not installed (a bare source tree)
    __version__ = "unknown"

__all__ = ["__version__", "course", "doctor", "simulate", "step"]


def doctor() -> Any:
    """Show the readiness report: a widget in Jupyter, plain text elsewhere.

    When no engine answers, the widget offers a simulated host (:func:`simulate`), and on a
    simulated host the way back.
    """
    from wintut.i18n import _
    from wintut.replay.profiles import list_profiles, read_raw
    from wintut.session import current
    from wintut.views.doctor import doctor_view

    session = current()
    choices = [(f"{pid}: {_(read_raw(pid).get('title', ''))}", pid) for pid in list_profiles()]
    session.start_course()  # no engine here: the simulated host of this kind of machine
    return doctor_view(session.diagnose, choices, on_simulate=simulate, notices=session.notices)


def step(step_id: str) -> Any:
    """The widget for one course step, e.g. ``wintut.step("run-ubuntu")``."""
    from wintut.course import step as course_step

    return course_step(step_id)


def __getattr__(name: str) -> Any:
    # ``wintut.course`` without importing it (and ipywidgets) at ``import wintut``
    if name == "course":
        return importlib.import_module("wintut.course")
    raise AttributeError(f"module 'wintut' has no attribute {name!r}")


def simulate(profile: str | None = "docker-desktop-wsl2") -> Any:
    """Follow the course on a simulated (recorded) Docker host, or go back to your own engine
    with ``None``. The choice holds for every notebook and ``wintut check`` until you change it;
    ``!docker`` cells in this kernel reach the simulated host too. ``wintut simulate --list``
    lists the profiles. Returns the engine now in use.
    """
    from wintut.session import current

    return current().use(profile)
