"""What a learner types, made safe to check, echo and store.

Terminal control sequences (ANSI CSI/OSC escapes and other C0/C1 controls but tab and newline)
are removed, undecodable bytes (a non-UTF-8 ``--answer``) become U+FFFD, and the text is capped:
a 5 MB paste is checked on its first :data:`MAX_CHARS` characters, never echoed whole.
"""

from __future__ import annotations

import re

from wintut.i18n import ngettext

MAX_CHARS = 20_000
"""More than any command output a step asks for (``uname -a`` is one line)."""
ECHO_CHARS = 200
"""How much of an answer a result may quote back."""

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean(text: str | None) -> str | None:
    """The answer without control sequences, undecodable bytes as U+FFFD, capped."""
    if text is None:
        return None
    text = _SURROGATES.sub("\ufffd", str(text)[: MAX_CHARS * 2])
    text = _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))
    return text[:MAX_CHARS]


def quote(text: str) -> str:
    """A short quotation of an answer for a result's words."""
    if len(text) <= ECHO_CHARS:
        return text
    return text[:ECHO_CHARS] + ngettext(
        "… ({n} characters)", "… ({n} characters)", len(text)
    ).format(n=len(text))
