"""wintut: how Docker really works on Windows, checked live against your own engine.

Importing wintut is cheap: docker-py and ipywidgets load only when first needed.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0.dev0"

__all__ = ["__version__", "doctor"]


def doctor(engine: Any = None) -> Any:
    """Show the readiness report: a widget in Jupyter, plain text elsewhere."""
    from wintut.widgets import doctor_view

    return doctor_view(engine)
