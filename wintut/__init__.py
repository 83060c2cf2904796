"""wintut: how Docker really works on Windows, checked live against your own engine.

Importing wintut is cheap: docker-py and ipywidgets load only when first needed.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0.dev0"

__all__ = ["__version__", "course", "doctor", "step"]


def doctor(engine: Any = None) -> Any:
    """Show the readiness report: a widget in Jupyter, plain text elsewhere."""
    from wintut.widgets import doctor_view

    return doctor_view(engine)


def step(step_id: str, engine: Any = None) -> Any:
    """The widget for one course step, e.g. ``wintut.step("run-ubuntu")``."""
    from wintut.course import step as course_step

    return course_step(step_id, engine)


def __getattr__(name: str) -> Any:
    # ``wintut.course`` without importing it (and ipywidgets) at ``import wintut``
    if name == "course":
        return importlib.import_module("wintut.course")
    raise AttributeError(f"module 'wintut' has no attribute {name!r}")
