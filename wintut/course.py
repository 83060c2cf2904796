"""What the notebooks call: a step's widget, the course progress, the quiz, and the closing
self-test that asserts the outcomes expected on the detected kind of host.

Arrows go one way: notebooks -> this module and :mod:`wintut.widgets` -> :mod:`wintut.steps`
-> :mod:`wintut.engine`. Nothing here decides an outcome; the steps do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wintut.assets import asset_path
from wintut.engine import Engine, get_engine
from wintut.hosts import Host, detect
from wintut.results import CheckResult, Outcome


class Text(str):
    """Text that Jupyter shows as itself (not as a quoted string) when it ends a cell."""

    def __repr__(self) -> str:
        return str(self)


def detect_host(engine: Engine | None = None) -> Host | None:
    """The kind of host the engine is (``None`` when the engine does not answer)."""
    from wintut.readiness import client_os

    engine = engine or get_engine()
    status = engine.status()
    if not status.reachable:
        return None
    return detect(status.info, status.version, client_os=client_os())


# --------------------------------------------------------------------------------------------
# Widgets for the notebooks


def step(step_id: str, engine: Engine | None = None) -> Any:
    """The widget for one step (plain text where widgets cannot render).

    Checks and solves go through :func:`wintut.steps.run_check` and :func:`~wintut.steps.run_solve`,
    the same code as ``wintut check`` and ``wintut solve``; both record the learner's progress.
    """
    from wintut import steps
    from wintut.widgets import StepView

    engine = engine or get_engine()
    return StepView(
        steps.get(step_id),
        engine,
        check=lambda answer: steps.run_check(step_id, answer, engine),
        solve=lambda progress: steps.run_solve(step_id, engine, progress),
    )


def outcomes() -> dict[str, str | None]:
    """The learner's recorded outcome for every step, in course order (``None``: not yet)."""
    from wintut import steps
    from wintut.progress import Progress

    recorded = Progress().summary()
    return {
        step_id: recorded[step_id].value if step_id in recorded else None
        for step_id in steps.STEP_IDS
    }


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

        expected = expected_outcomes(
            host.kind if host else "unknown",
            str(host.raw.get("OSType")) if host else None,
            simulated=engine.simulated,
        )
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


def assert_expected(step_ids: Iterable[str], engine: Engine | None = None, **kwargs: Any) -> Text:
    """The notebooks' closing cell: the outcomes on this host are the ones it should give.

    Returns the table as text (shown as the cell's output); on a mismatch prints it first.

    Raises:
        AssertionError: a step's outcome differs from the one expected for this host kind;
            the message names each such step, what it gave, why, and what to do.
    """
    engine = engine or get_engine()
    status = engine.status()
    if not status.reachable:
        problem = status.problems[0]
        raise AssertionError(
            f"No Docker engine answered, so this notebook cannot check itself: {problem.message} "
            f"Fix: {problem.fix}"
        )
    host, rows = expected_table(step_ids, engine, **kwargs)
    text = table_text(host, rows, engine)
    wrong = [row for row in rows if not row.ok]
    if wrong:
        kind = host.kind if host else "unknown"
        details = "; ".join(
            f"{row.step}: expected {row.expected.value if row.expected else '?'} on {kind}, "
            f"got {row.result.outcome.value} ({row.result.reason})"
            + (f" Next: {row.result.fix}" if row.result.fix else "")
            for row in wrong
        )
        print(text)  # the whole table first, then the error naming the steps
        raise AssertionError(f"{len(wrong)} step(s) did not give the expected outcome: {details}")
    return Text(text)


# --------------------------------------------------------------------------------------------
# Small read-only looks at the engine, for the notebooks' "what just happened" cells.
# Each prints one line of words instead of a traceback when the engine says no.


def iis_image(engine: Engine | None = None) -> str:
    """The IIS image notebook 04 pulls on this engine: today's MCR image, or on an engine from
    before MCR (the simulated 2016 host) the seed's ``microsoft/iis``."""
    from wintut.errors import EngineError
    from wintut.steps.iis_failure import IMAGE, image_for

    try:
        return image_for(engine or get_engine())
    except EngineError:
        return IMAGE  # no engine: the step's check says so; name today's image meanwhile


def command(template: str, *refs: str) -> Text:
    """A command for the learner to type, with image references resolved for this setup.

    ``command("docker run -it --rm {} bash", "ubuntu")`` gives the real command, or the offline
    lab's equivalent while the lab is active.
    """
    from wintut.images import resolve

    engine = get_engine()  # a simulated host keeps the real names: resolve asks which engine
    return Text(template.format(*(resolve(ref, engine=engine) for ref in refs)))


def _problem_line(exc: Exception) -> str:
    from wintut.errors import EngineError

    if isinstance(exc, EngineError):
        if "not available for version" in exc.problem.detail:  # docker-py's InvalidVersion
            return (
                "– This engine's API is older than 1.30, which added /distribution, so it cannot "
                "list an image's platforms (engines from 2017 on can)."
            )
        line = f"⚠ {exc.problem.message} {exc.problem.fix}"
        # the daemon's own words (docker-py's APIError.explanation), not the request's URL
        words = getattr(exc.__cause__, "explanation", None) or exc.problem.detail
        if words:
            line += f"\n  engine said: {words}"
        return line
    raise exc


def kernel_report(engine: Engine | None = None) -> Text:
    """Where this engine's kernel comes from: what ``/info`` says, and the host kind."""
    engine = engine or get_engine()
    status = engine.status()
    if not status.reachable:
        problem = status.problems[0]
        text = f"⚠ {problem.message} {problem.fix}"
    else:
        host = detect_host(engine)
        lines = [
            f"Engine OSType:          {status.os_type}",
            f"Engine OperatingSystem: {status.info.get('OperatingSystem')}",
            f"Engine KernelVersion:   {status.kernel}",
        ]
        if host is not None:
            lines += [f"Host kind:              {host.kind} ({host.title})", host.explanation]
        if getattr(engine, "simulated", None):
            lines.append(f"[simulated: {engine.simulated}]")
        text = "\n".join(lines)
    return Text(text)


def image_summary(ref: str, engine: Engine | None = None) -> Text:
    """What the engine holds for ``ref``: id, size, layers, platform (or that it has none)."""
    from wintut.images import resolve, stand_in_note

    engine = engine or get_engine()
    target = resolve(ref, engine=engine)
    try:
        image = engine.inspect_image(target)
    except Exception as exc:
        text = _problem_line(exc)
    else:
        if image is None:
            text = f"○ The engine has no image {target} yet (run the command above first)."
        else:
            layers = (image.get("RootFS") or {}).get("Layers") or []
            lines = [
                f"Image:    {target}",
                f"Id:       {str(image.get('Id', ''))[:19]}…",
                f"Platform: {image.get('Os')}/{image.get('Architecture')}",
                f"Size:     {int(image.get('Size') or 0) / 1e6:.1f} MB",
                f"Layers:   {len(layers)}",
            ]
            note = stand_in_note(image)
            if note:
                lines.append(f"⚠ Lab stand-in: {note}")
            text = "\n".join(lines)
    return Text(text)


def show_platforms(ref: str, engine: Engine | None = None) -> Text:
    """The platforms ``ref`` is published for, as the registry says (its manifest list)."""
    from wintut.images import platform_string, platforms, resolve

    engine = engine or get_engine()
    target = resolve(ref, engine=engine)
    try:
        found = platforms(target, engine)
    except Exception as exc:
        text = _problem_line(exc)
    else:
        lines = [f"{target} is published for {len(found)} platform(s):"]
        lines += [f"  {platform_string(p)}" for p in found]
        if target != ref:
            lines.append(
                f"⚠ Offline lab stand-in for {ref}: Windows-only entries with placeholder layers, "
                "recorded from public sources, not read from the real registry today."
            )
        text = "\n".join(lines)
    return Text(text)


def search_target(term: str, engine: Engine | None = None) -> str:
    """The search term to give the engine here (see :func:`wintut.steps.common.search_target`)."""
    from wintut.steps.common import search_target as target

    return target(term, engine or get_engine())


def search_command(term: str) -> Text:
    """The ``docker search`` command for the learner to type here (the lab's index if active)."""
    return Text(f"docker search {search_target(term)}")


def search_table(term: str, engine: Engine | None = None, limit: int = 25) -> Text:
    """``docker search TERM`` through the engine, as a text table."""
    engine = engine or get_engine()
    target = search_target(term, engine)
    try:
        results = engine.search(target, limit=limit)
    except Exception as exc:
        text = _problem_line(exc)
    else:
        lines = [f"docker search {target}"]
        if target != term:
            lines.append("⚠ Offline lab index: a recording of the 2016 listing, not Docker Hub.")
        lines.append(f"{'NAME':<46}{'STARS':>6}  OFFICIAL  DESCRIPTION")
        for r in results:
            official = "[OK]" if r.get("is_official") else ""
            lines.append(
                f"{r.get('name', '')!s:<46}{r.get('star_count', 0)!s:>6}  {official:<8}  "
                f"{str(r.get('description') or '')[:60]}"
            )
        text = "\n".join(lines)
    return Text(text)
