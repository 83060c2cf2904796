"""The room as plain text: the terminal grid of ``wintut class status`` and the CSV export."""

from __future__ import annotations

import csv
import io

from wintut.classroom.grid import Room, ago
from wintut.i18n import _
from wintut.results import Outcome


def legend() -> str:
    """The grid's key, built when shown: the labels are in the language chosen by then."""
    return "  ".join([*(f"{o.icon} {o.label}" for o in Outcome), _("· simulated"), _("! stuck")])


def _mark(room: Room, name: str, step: str) -> str:
    learner = next(item for item in room.learners if item.name == name)
    cell = learner.cells.get(step)
    if cell is None:
        return " "
    return cell.outcome.icon + ("·" if cell.simulated else "")


def text_grid(room: Room) -> str:
    """Learners × steps with icons, a legend, stuck learners first."""
    if not room.learners:
        return _("No learner has sent a result yet.")
    width = max(8, *(len(item.name) for item in room.learners)) + 2
    numbers = [str(i + 1) for i in range(len(room.steps))]
    lines = ["  ".join(f"{n}={s}" for n, s in zip(numbers, room.steps, strict=True))]
    lines.append(" " * (width + 2) + " ".join(f"{n:<3}" for n in numbers) + " " + _("last result"))
    for learner in room.learners:
        stuck = "!" if learner.stuck_step else " "
        marks = " ".join(f"{_mark(room, learner.name, s):<3}" for s in room.steps)
        when = ago(room.minutes_since_last(learner))
        line = f"{stuck} {learner.name:<{width}}{marks} {when}"
        if learner.stuck_step:
            minutes = learner.stuck_minutes(room.now) or 0
            line += _("; stuck on {step} for {minutes} min").format(
                step=learner.stuck_step, minutes=f"{minutes:.0f}"
            )
        lines.append(line)
    lines.append(legend())
    return "\n".join(lines)


CSV_COLUMNS = ["learner", "step", "outcome", "words", "source", "solved", "at", "reason"]


def _safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheets: learner text must not.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(room: Room) -> str:
    """One line per learner and step with a result; stuck learners first, like the page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "stuck_on"])
    for learner in room.learners:
        for step in room.steps:
            cell = learner.cells.get(step)
            if cell is None:
                continue
            writer.writerow(
                [
                    _safe(learner.name),
                    step,
                    cell.outcome.value,
                    cell.words,
                    cell.source,
                    "yes" if cell.solved else "no",
                    cell.at.isoformat(timespec="seconds"),
                    _safe(cell.reason),
                    learner.stuck_step or "",
                ]
            )
    return out.getvalue()
