"""wintut: how Docker really works on Windows, checked live against your own engine.

Importing wintut is cheap: docker-py and ipywidgets load only when first needed.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0.dev0"

__all__ = ["__version__", "doctor", "simulate"]


def doctor(engine: Any = None) -> Any:
    """Show the readiness report: a widget in Jupyter, plain text elsewhere."""
    from wintut.widgets import doctor_view

    return doctor_view(engine)


def simulate(profile: str | None = "docker-desktop-wsl2", *, port: int = 0) -> Any:
    """Use a simulated (recorded) Docker host, or go back to the real one with ``None``.

    It serves the profile on 127.0.0.1 in the background, points the course's engine at it and
    sets ``DOCKER_HOST`` so ``!docker`` cells reach it too. ``wintut simulate --list`` lists the
    profiles. Returns the running host (``None`` after ``simulate(None)``).
    """
    from wintut.replay.control import simulate as _simulate

    return _simulate(profile, port)
