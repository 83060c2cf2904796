"""The notebooks' closing self-test: the course testing itself, for maintainers (nbval).

It never does a step in the learner's engine for them and never records progress. With
``WINTUT_SELFTEST=solve`` (the test suite sets it) it does each step on a scratch engine — a
fresh private simulated host of the same profile, or on a real engine wintut's own labelled
runs, which never count for the learner — and compares each outcome with what the step
declares for this kind of engine. Otherwise (a learner pressing Run All) it says in one line
what it is and does nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from wintut.columns import pad
from wintut.i18n import _
from wintut.results import CheckResult, Outcome
from wintut.session import Session
from wintut.steps import get


class Text(str):
    """Text that Jupyter shows as itself (not as a quoted string) when it ends a cell."""

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Row:
    """One line of the self-test table."""

    step: str
    expected: Outcome
    result: CheckResult

    @property
    def ok(self) -> bool:
        return self.result.outcome is self.expected


def rows(step_ids: Iterable[str], session: Session) -> tuple[str, list[Row]]:
    """Solve each step on a scratch engine; returns the host's description and the rows."""
    with session.scratch_engine() as engine:
        status = engine.status()
        if not status.reachable:
            fix = _("Fix: {fix}").format(fix=status.problems[0].fix)
            raise LookupError(f"{status.problems[0].message} {fix}")
        os_type = str(status.os_type or "linux")
        recorded = session.recorded(engine)
        found = []
        for step_id in step_ids:
            step = get(step_id)
            result = step.solve(engine)
            found.append(Row(step_id, step.expected_on(os_type, recorded), result))
            step.cleanup(engine)
    simulated = _("simulated: {profile}").format(profile=engine.simulated)
    mark = f"   [{simulated}]" if engine.simulated else ""
    where = _("{os_type} engine at {url}").format(os_type=os_type, url=status.endpoint.url)
    return where + mark, found


def table_text(host: str, found: list[Row]) -> str:
    lines = [_("Self-test on a scratch {host}").format(host=host)]
    step, expected, got, reason = _("step"), _("expected"), _("got"), _("reason")
    lines.append(f"  {'':2}{pad(step, 18)}{pad(expected, 16)}{pad(got, 16)}{reason}")
    for row in found:
        lines.append(
            f"  {'✔' if row.ok else '✖'} {row.step:<18}{row.expected.value:<16}"
            f"{row.result.outcome.value:<16}{row.result.reason}"
        )
        if not row.ok and row.result.problem is not None and row.result.problem.detail:
            said = _("engine said: {words}").format(words=row.result.problem.detail)
            lines.append(f"      {said}")
    return "\n".join(lines)


def run(step_ids: Iterable[str], session: Session) -> Text:
    """The notebooks' closing cell.

    Raises:
        AssertionError: under ``WINTUT_SELFTEST=solve`` only, when a step's outcome differs
            from the one it declares for this kind of engine (one line per step).
    """
    if os.environ.get("WINTUT_SELFTEST") != "solve":
        return Text(
            _(
                "ⓘ This cell is the course testing itself (maintainers run it with "
                "WINTUT_SELFTEST=solve); it changes nothing of yours."
            )
        )
    try:
        host, found = rows(step_ids, session)
    except LookupError as exc:
        raise AssertionError(f"No engine to test this notebook on: {exc}") from None
    text = table_text(host, found)
    wrong = [row for row in found if not row.ok]
    if wrong:
        raise AssertionError(
            text
            + "\n"
            + "; ".join(
                f"{r.step}: expected {r.expected.value}, got {r.result.outcome.value}"
                for r in wrong
            )
        )
    return Text(text)
