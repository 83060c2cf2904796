"""The room: learners × steps, worked out from the stored results (data only, no HTML).

A learner is *stuck* on a step when that step's latest result is not a pass and the run of
non-passing results it ends began more than ``stuck_minutes`` ago. Stuck learners come first
(longest stuck first), then the others by name. The page, the CSV and ``wintut class status``
all render this one :class:`Room`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from wintut.classroom.options import DEFAULT_STUCK_MINUTES
from wintut.i18n import _
from wintut.results import Outcome


@dataclass(frozen=True)
class Cell:
    """The latest result of one learner on one step."""

    outcome: Outcome
    reason: str
    at: datetime
    source: str
    solved: bool
    not_passing_since: datetime | None = None

    @property
    def simulated(self) -> bool:
        return self.source.startswith("simulated:")

    @property
    def words(self) -> str:
        """Icon and words, never colour alone (``✔ Passed (simulated)``), in the service's words."""
        icon, label = self.outcome.icon, self.outcome.label
        if self.solved and self.simulated:
            return _("{icon} {label}, done for them (simulated)").format(icon=icon, label=label)
        if self.solved:
            return _("{icon} {label}, done for them (real)").format(icon=icon, label=label)
        if self.simulated:
            return _("{icon} {label} (simulated)").format(icon=icon, label=label)
        return _("{icon} {label} (real)").format(icon=icon, label=label)


@dataclass(frozen=True)
class Learner:
    name: str
    cells: dict[str, Cell]
    last_at: datetime | None
    stuck_step: str | None = None
    stuck_since: datetime | None = None

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.cells.values()})

    def stuck_minutes(self, now: datetime) -> float | None:
        if self.stuck_since is None:
            return None
        return (now - self.stuck_since).total_seconds() / 60


@dataclass(frozen=True)
class Room:
    steps: tuple[str, ...]
    learners: list[Learner]
    now: datetime
    stuck_minutes: float
    results: int = field(default=0)

    def minutes_since_last(self, learner: Learner) -> float | None:
        if learner.last_at is None:
            return None
        return max(0.0, (self.now - learner.last_at).total_seconds() / 60)


def _outcome(value: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        return Outcome.ERROR


def build_room(
    rows: Iterable[dict[str, Any]],
    steps: Sequence[str],
    *,
    now: datetime | None = None,
    stuck_minutes: float = DEFAULT_STUCK_MINUTES,
    roster: Iterable[str] = (),
) -> Room:
    """The room from stored rows (``user``, ``step``, ``outcome``, ``reason``, ``at``, …).

    ``roster`` adds learners who have sent nothing yet, so the teacher sees them too.
    """
    now = now or datetime.now(timezone.utc)
    cells: dict[str, dict[str, Cell]] = {name: {} for name in roster}
    count = 0
    for row in sorted(rows, key=lambda r: r["at"]):
        count += 1
        mine = cells.setdefault(row["user"], {})
        outcome = _outcome(row["outcome"])
        previous = mine.get(row["step"])
        since = None
        if outcome is not Outcome.PASS:
            since = previous.not_passing_since if previous and previous.not_passing_since else None
            since = since or row["at"]
        mine[row["step"]] = Cell(
            outcome, row.get("reason") or "", row["at"], row["source"], bool(row["solved"]), since
        )
    learners = []
    limit = stuck_minutes * 60
    for name, mine in cells.items():
        last = max((c.at for c in mine.values()), default=None)
        stuck = [
            (c.not_passing_since, step)
            for step, c in mine.items()
            if c.not_passing_since is not None
            and (now - c.not_passing_since).total_seconds() > limit
        ]
        since, step = min(stuck) if stuck else (None, None)
        learners.append(Learner(name, mine, last, step, since))
    extra = sorted({s for mine in cells.values() for s in mine} - set(steps))
    learners.sort(key=lambda item: (item.stuck_since is None, item.stuck_since or now, item.name))
    return Room(tuple(steps) + tuple(extra), learners, now, stuck_minutes, count)


def ago(minutes: float | None) -> str:
    """``3 min ago``, ``just now``, ``never``."""
    if minutes is None:
        return _("never")
    if minutes < 1:
        return _("just now")
    if minutes < 90:
        return _("{minutes} min ago").format(minutes=f"{minutes:.0f}")
    return _("{hours} h ago").format(hours=f"{minutes / 60:.1f}")
