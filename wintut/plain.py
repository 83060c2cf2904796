"""Check results in words: evidence values and "Next:" lines as a learner reads them.

Evidence holds lists and dicts (the platforms an image offers, the Microsoft images found);
shown raw they read as Python (``['linux/amd64']``). Fixes are written with `code` in backticks;
in HTML those become ``<code>`` spans instead of literal backticks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from wintut.i18n import _

_CODE = re.compile(r"`([^`\n]+)`")


def evidence_value(value: Any) -> str:
    """``['a', 'b']`` -> ``a, b``; ``{'k': 1}`` -> ``k: 1``; an empty list -> ``none``."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {evidence_value(v)}" for k, v in value.items()) or _("none")
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(evidence_value(v) for v in value) or _("none")
    return str(value)


def code_spans(escaped_html: str) -> str:
    """Turn `x` into ``<code>x</code>`` in text that is ALREADY HTML-escaped (so it stays safe)."""
    return _CODE.sub(r"<code>\1</code>", escaped_html)
