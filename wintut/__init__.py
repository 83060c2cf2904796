"""wintut: how Docker really works on Windows, checked live against your own engine.

Importing wintut is cheap: docker-py and ipywidgets load only when first needed.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0.dev0"

__all__ = ["__version__", "course", "doctor", "simulate", "step"]


def doctor(engine: Any = None) -> Any:
    """Show the readiness report: a widget in Jupyter, plain text elsewhere.

    When no engine answers, the widget offers a simulated host (:func:`simulate`).
    """
    from wintut.widgets import doctor_view

    return doctor_view(engine, on_simulate=simulate)


def step(step_id: str, engine: Any = None) -> Any:
    """The widget for one course step, e.g. ``wintut.step("run-ubuntu")``."""
    from wintut.course import step as course_step

    return course_step(step_id, engine)


def __getattr__(name: str) -> Any:
    # ``wintut.course`` without importing it (and ipywidgets) at ``import wintut``
    if name == "course":
        return importlib.import_module("wintut.course")
    raise AttributeError(f"module 'wintut' has no attribute {name!r}")


def simulate(profile: str | None = "docker-desktop-wsl2", *, port: int = 0) -> Any:
    """Use a simulated (recorded) Docker host, or go back to the real one with ``None``.

    It serves the profile on 127.0.0.1 in the background, points the course's engine at it and
    sets ``DOCKER_HOST`` so ``!docker`` cells reach it too. ``wintut simulate --list`` lists the
    profiles. Returns the running host (``None`` after ``simulate(None)``).
    """
    from wintut.replay.control import simulate as _simulate

    return _simulate(profile, port)
