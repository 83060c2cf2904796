"""Text columns that line up in Chinese too (a CJK character takes two terminal cells), and
parts appended to a line, and sentences joined, with the spacing each language wants.

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


def sentences(*parts: str) -> str:
    """Whole sentences, each already translated, joined as the language joins them: a space
    after English punctuation, none after Chinese full-width punctuation."""
    text = ""
    for part in filter(None, parts):
        joined = not text or text[-1] in FULL_WIDTH_ENDS or (text[-1] == "”" and _cjk(part[0]))
        text += part if joined else " " + part
    return text


FULL_WIDTH_ENDS = "。！？；：，）"


def _cjk(char: str) -> bool:
    return (
        "\u4e00" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"
    )
