"""Timestamps as the Engine API writes them."""

from __future__ import annotations

import re
from datetime import datetime

_RFC3339 = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)")


def parse_timestamp(text: str) -> float | None:
    """RFC 3339 as the engine writes it (``2026-11-27T21:24:44.089770072Z``), or ``None``.

    Python before 3.11 reads neither the ``Z`` nor nanoseconds, so both are trimmed first.
    """
    match = _RFC3339.fullmatch(text.strip()) if isinstance(text, str) else None
    if not match:
        return None
    head, fraction, zone = match.groups()
    micro = (fraction or ".0")[:7]
    try:
        moment = datetime.fromisoformat(f"{head}{micro}{'+00:00' if zone == 'Z' else zone}")
    except ValueError:
        return None
    return moment.timestamp()
