"""Markdown to HTML for hints and course text, with raw HTML switched off.

markdown-it-py's default preset passes raw HTML through (``<script>`` included), so we use the
``js-default`` preset: html off, and its link validator already refuses ``javascript:``,
``vbscript:``, ``file:`` and ``data:`` links (shared/reference/dependency-pitfalls.md, section 4).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("js-default", {"html": False, "linkify": False})


def render(text: str) -> str:
    """Render markdown to HTML that is safe to put on the page.

    Args:
        text: markdown, possibly containing raw HTML (it is shown as text, not interpreted).

    Returns:
        HTML without any raw HTML from ``text`` and without script links.
    """
    return str(_parser().render(text))
