"""The learner's answers that are not steps, as kept in the progress file's ``kept`` section:
a prediction's pick (``predict:NAME``) and a knowledge check's score (``quiz:NAME``).

They are read record by record like the steps (:mod:`wintut.store`): a bad one is skipped and
counted, never fatal. Neither counts towards a step being done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Pick:
    """The option a learner chose for a prediction, before the step (``predict:NAME``)."""

    choice: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        return {"choice": self.choice, "at": self.at}

    @classmethod
    def from_dict(cls, data: Any) -> Pick:
        if not isinstance(data, dict) or not isinstance(data.get("choice"), str):
            raise ValueError("a pick is not an object with a choice")
        return cls(data["choice"], str(data.get("at") or ""))


@dataclass(frozen=True)
class Score:
    """A knowledge check's latest and best score (``quiz:NAME``)."""

    right: int
    total: int
    best: int
    at: str
    attempts: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "right": self.right,
            "total": self.total,
            "best": self.best,
            "at": self.at,
            "attempts": self.attempts,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Score:
        if not isinstance(data, dict):
            raise ValueError("a score is not an object")
        right, total = int(data["right"]), int(data["total"])
        best = int(data.get("best", right))
        if not 0 <= right <= total or not 0 <= best <= total:
            raise ValueError("a score out of range")
        return cls(right, total, best, str(data.get("at") or ""), int(data.get("attempts") or 1))


KEPT_KINDS: dict[str, Any] = {"predict": Pick, "quiz": Score}
"""What a ``kept`` key's prefix says its records are."""

Kept = dict[str, dict[str, Any]]
"""``predict:NAME`` / ``quiz:NAME`` -> source -> :class:`Pick` or :class:`Score`."""


def kept_of(value: Any) -> tuple[Kept, int]:
    """The ``kept`` section read record by record: (what could be read, how many could not)."""
    kept: Kept = {}
    bad = 0
    if not isinstance(value, dict):
        return kept, 0 if value is None else 1
    for key, sources in value.items():
        kind = KEPT_KINDS.get(str(key).partition(":")[0])
        if kind is None or not isinstance(sources, dict):
            bad += 1
            continue
        for source, record in sources.items():
            try:
                kept.setdefault(str(key), {})[str(source)] = kind.from_dict(record)
            except (ValueError, KeyError, TypeError):
                bad += 1
    return kept, bad
