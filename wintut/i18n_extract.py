"""Babel extractors for learner-facing words kept in data files rather than code (babel.cfg).

The English stays where it is (one place for each fact); the catalog holds its translation, and
the code calls ``_()`` on the value where it shows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any


def profile_titles(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, None, str, list[str]]]:
    """A simulated host's ``title`` (assets/profiles/*.json); files without one give nothing."""
    try:
        data = json.loads(fileobj.read().decode("utf-8"))
    except ValueError:
        return
    title = data.get("title") if isinstance(data, dict) else None
    if isinstance(title, str) and title:
        yield 1, None, title, ["Translators: the title of a simulated (recorded) Docker host."]
