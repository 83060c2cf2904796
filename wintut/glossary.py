"""The glossary (术语表) of a translated edition, read from ``assets/glossary/<edition>.md``.

The file is a markdown table, English | 中文 | Keep English? | Avoid | Source, that the
notebooks and the catalog follow (tests/unit/test_glossary.py checks both against it). This
module only reads it: one :class:`Term` per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wintut.assets import asset_path

COLUMNS = ("English", "中文", "Keep English?", "Avoid", "Source")
SOURCES = ("MS-Learn", "MS-zh", "DP", "JL-zh", "SEED", "ours")
"""The short names of the sources the glossary cites (defined in its "Sources" section)."""

_GLOSS = re.compile(r"（[^）]*）|\([^)]*\)")


class GlossaryError(ValueError):
    """The glossary file is not the table this module reads."""


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    keep_english: str
    avoid: tuple[str, ...]
    """Variants never to write (``~`` ones are in :attr:`avoid_in_context` instead)."""
    avoid_in_context: tuple[str, ...]
    """Variants wrong only as the translation of this term (标记 for a tag)."""
    source: str

    @property
    def choices(self) -> tuple[str, ...]:
        """The accepted Chinese forms, glosses dropped: ``镜像层 / 层`` → (镜像层, 层)."""
        forms = (_GLOSS.sub("", part).strip() for part in self.chinese.split(" / "))
        return tuple(form for form in forms if form)

    @property
    def sources(self) -> tuple[str, ...]:
        """The known sources this row cites."""
        return tuple(s for s in SOURCES if re.search(rf"(?<![\w-]){re.escape(s)}\b", self.source))


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse(text: str) -> list[Term]:
    """The rows of the first table whose header is :data:`COLUMNS`.

    Raises:
        GlossaryError: no such table, or a row with the wrong number of cells.
    """
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if tuple(_cells(line)) == COLUMNS)
    except StopIteration:
        raise GlossaryError(f"no table with the columns {' | '.join(COLUMNS)}") from None
    terms = []
    for number, line in enumerate(lines[start + 2 :], start + 3):
        if not line.startswith("|"):
            break
        cells = _cells(line)
        if len(cells) != len(COLUMNS):
            raise GlossaryError(f"line {number}: {len(cells)} cells, expected {len(COLUMNS)}")
        english, chinese, keep, avoid, source = cells
        variants = [v.strip() for v in avoid.split(";") if v.strip()]
        terms.append(
            Term(
                english=english,
                chinese=chinese,
                keep_english=keep,
                avoid=tuple(v for v in variants if not v.startswith("~")),
                avoid_in_context=tuple(v[1:].strip() for v in variants if v.startswith("~")),
                source=source,
            )
        )
    return terms


def load(edition: str = "zh-CN") -> list[Term]:
    """The edition's glossary, as shipped in the package's assets."""
    return parse(asset_path("glossary", f"{edition}.md").read_text(encoding="utf-8"))


def by_english(terms: list[Term]) -> dict[str, Term]:
    return {term.english: term for term in terms}


SEED_POST = ("seed", "2016-windows-docker.zh-CN.txt")
"""The 2016 post the course follows (the glossary's SEED), verbatim, under a ``#`` header."""


def seed_post() -> str:
    """The post's own text, without the header that says where it comes from."""
    text = asset_path(*SEED_POST).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)
