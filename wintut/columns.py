"""Text columns that line up in Chinese too (a CJK character takes two terminal cells), and
parts appended to a line with the spacing each language wants.

``f"{label:<20}"`` pads by characters, so a column of Chinese labels runs twice as wide as its
English twin. :func:`pad` pads by display cells (East Asian Wide and Fullwidth count two); for
text without such characters it gives exactly what ``str.ljust`` gives.
"""

from __future__ import annotations

import unicodedata


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: object, width: int) -> str:
    """``text`` followed by spaces up to ``width`` cells (never cut)."""
    shown = str(text)
    return shown + " " * max(0, width - cells(shown))


FULL_WIDTH_OPENERS = "（【“‘《「"


def after(text: str) -> str:
    """``text`` to append to a line: after a space in English, straight on where the
    translation opens with full-width punctuation (Chinese puts no space before “（”)."""
    return text if text[:1] in FULL_WIDTH_OPENERS else " " + text
