"""What the notebooks call: a step's widget, the course progress, the quiz, and the closing
self-test that asserts the outcomes expected on the detected kind of host.

Arrows go one way: notebooks -> this module and :mod:`wintut.widgets` -> :mod:`wintut.steps`
-> :mod:`wintut.engine`. Nothing here decides an outcome; the steps do.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wintut.assets import asset_path
from wintut.engine import Engine, get_engine
from wintut.hosts import Host, detect
from wintut.results import CheckResult, Outcome


def detect_host(engine: Engine | None = None) -> Host | None:
    """The kind of host the engine is (``None`` when the engine does not answer)."""
    from wintut.doctor import client_os

    engine = engine or get_engine()
    status = engine.status()
    if not status.reachable:
        return None
    return detect(status.info, status.version, client_os=client_os())


# --------------------------------------------------------------------------------------------
# Widgets for the notebooks


def step(step_id: str, engine: Engine | None = None) -> Any:
    """The widget for one step (plain text where widgets cannot render).

    Checks go through :func:`wintut.steps.run_check`, the same code as ``wintut check``, which
    also records the learner's progress.
    """
    from wintut import steps
    from wintut.widgets import StepView

    engine = engine or get_engine()
    the_step = steps.get(step_id)

    def solve(progress: Callable[[Any], None]) -> CheckResult:
        result = the_step.solve(engine, progress=progress)
        _record(result)
        return result

    return StepView(
        the_step,
        engine,
        check=lambda answer: steps.run_check(step_id, answer, engine),
        solve=solve,
    )


def _record(result: CheckResult) -> None:
    from wintut.progress import Progress

    Progress().record(result)


def outcomes() -> dict[str, str | None]:
    """The learner's recorded outcome for every step, in course order (``None``: not yet)."""
    from wintut import steps
    from wintut.progress import Progress

    store = Progress()
    found: dict[str, str | None] = {}
    for step_id in steps.STEP_IDS:
        entry = store.get(step_id)
        outcome = getattr(entry, "outcome", entry)
        if isinstance(outcome, Mapping):
            outcome = outcome.get("outcome")
        found[step_id] = Outcome(outcome).value if outcome else None
    return found


def progress(engine: Engine | None = None) -> Any:
    """The course progress bar and table (text where widgets cannot render)."""
    from wintut import steps
    from wintut.widgets import progress_view

    titles = {s.id: s.title for s in steps.all_steps()}
    return progress_view(outcomes(), titles, engine or get_engine())


def quiz(name: str = "what-is-a-container") -> Any:
    """The quiz from ``assets/quiz/NAME.json`` as a widget (answers checked in Python)."""
    from wintut.widgets import QuizView

    questions = json.loads(asset_path("quiz", f"{name}.json").read_text(encoding="utf-8"))
    return QuizView(questions)


def diagram(name: str = "layers") -> Any:
    """An SVG diagram from ``assets/diagrams/`` for display in a notebook."""
    from IPython.display import SVG

    return SVG(filename=str(asset_path("diagrams", f"{name}.svg")))


# --------------------------------------------------------------------------------------------
# The closing self-test


@dataclass(frozen=True)
class Row:
    """One line of the self-test table."""

    step: str
    expected: Outcome | None
    result: CheckResult

    @property
    def ok(self) -> bool:
        return self.expected is None or self.result.outcome is self.expected


def expected_table(
    step_ids: Iterable[str],
    engine: Engine | None = None,
    *,
    expected: Mapping[str, Outcome | str] | None = None,
    steps_api: Any = None,
) -> tuple[Host | None, list[Row]]:
    """Check each step as the course would, doing it first when a check alone disagrees.

    For each step: check it; if the outcome differs from what this host kind should give, do
    the step ("do it for me") and take that outcome. Progress is not recorded here: this is
    the course testing itself, not the learner's work.

    Args:
        step_ids: the steps of this notebook.
        engine: the engine (default: the course's).
        expected: step id -> outcome; default ``expected_outcomes(host kind)``.
        steps_api: the module with ``get(step_id)`` (a seam for tests).
    """
    engine = engine or get_engine()
    if steps_api is None:
        from wintut import steps as steps_api
    host = detect_host(engine)
    if expected is None:
        from wintut.steps.expected import expected_outcomes

        expected = expected_outcomes(host.kind if host else "unknown")
    rows = []
    for step_id in step_ids:
        want = Outcome(expected[step_id]) if step_id in expected else None
        the_step = steps_api.get(step_id)
        result = the_step.check(engine, None)
        if want is not None and result.outcome is not want:
            result = the_step.solve(engine, progress=None)
        rows.append(Row(step_id, want, result))
    return host, rows


def table_text(host: Host | None, rows: list[Row], engine: Engine | None = None) -> str:
    """The self-test as a text table."""
    mark = getattr(engine, "simulated", None)
    title = f"{host.kind} ({host.title})" if host else "no engine answered"
    lines = [f"Host: {title}" + (f"   [simulated: {mark}]" if mark else "")]
    lines.append(f"  {'':2}{'step':<18}{'expected':<16}{'got':<16}reason")
    for row in rows:
        expected = row.expected.value if row.expected else "(no expectation)"
        icon = "✔" if row.ok else "✖"
        lines.append(
            f"  {icon} {row.step:<18}{expected:<16}{row.result.outcome.value:<16}"
            f"{row.result.reason}"
        )
    return "\n".join(lines)


def assert_expected(step_ids: Iterable[str], engine: Engine | None = None, **kwargs: Any) -> str:
    """The notebooks' closing cell: the outcomes on this host are the ones it should give.

    Prints a table (and returns its text).

    Raises:
        AssertionError: a step's outcome differs from the one expected for this host kind;
            the message names each such step, what it gave, why, and what to do.
    """
    engine = engine or get_engine()
    host, rows = expected_table(step_ids, engine, **kwargs)
    text = table_text(host, rows, engine)
    print(text)
    wrong = [row for row in rows if not row.ok]
    if wrong:
        kind = host.kind if host else "unknown"
        details = "; ".join(
            f"{row.step}: expected {row.expected.value if row.expected else '?'} on {kind}, "
            f"got {row.result.outcome.value} ({row.result.reason})"
            + (f" Next: {row.result.fix}" if row.result.fix else "")
            for row in wrong
        )
        raise AssertionError(f"{len(wrong)} step(s) did not give the expected outcome: {details}")
    return text
