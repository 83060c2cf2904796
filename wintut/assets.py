"""Where the course's files live: ``assets/`` at the top of the repository.

wintut runs from a clone (``make lab``, or ``pip install -e .``), so the assets are found next to
the package; ``WINTUT_ASSETS`` points elsewhere if needed.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("WINTUT_ASSETS") or Path(__file__).resolve().parent.parent / "assets")


def asset_path(*parts: str) -> Path:
    """Path of a file under ``assets/`` (it may not exist; callers decide)."""
    return ROOT.joinpath(*parts)
