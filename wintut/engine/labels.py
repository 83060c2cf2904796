"""The labels every container wintut makes carries: ``wintut=1``, and the step it was for."""

from __future__ import annotations

LABEL = "wintut"
"""Every container wintut creates carries ``wintut=1``."""
STEP_LABEL = "wintut.step"
"""The step a container was made for (``run-ubuntu``, …)."""
