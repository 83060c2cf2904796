"""What the notebooks call: a step's widget, the course progress, the predictions and knowledge
checks (:mod:`wintut.course_answers`), small read-only looks at the engine, and the closing
self-test (:mod:`wintut.selftest`).

Arrows go one way: notebooks -> this module -> :mod:`wintut.session` (which engine, which
learner) and :mod:`wintut.views` -> :mod:`wintut.steps` -> :mod:`wintut.engine`. Nothing here
decides an outcome; the steps do.
"""

from __future__ import annotations

from typing import Any

from wintut import session as sessions
from wintut.assets import asset_path
from wintut.course_answers import isolation_grid as isolation_grid  # re-exported for notebooks
from wintut.course_answers import predict as predict
from wintut.course_answers import predicted as predicted
from wintut.course_answers import quiz as quiz
from wintut.engine import Engine
from wintut.hosts import Host, detect
from wintut.selftest import Text
from wintut.selftest import run as _selftest


def _engine(engine: Engine | None) -> Engine:
    return engine or sessions.current().start_course()


def _mark(engine: Engine | None = None) -> str:
    profile = _engine(engine).simulated
    return f"simulated: {profile}" if profile else ""


def detect_host(engine: Engine | None = None) -> Host | None:
    """The kind of host the engine is (``None`` when the engine does not answer)."""
    from wintut.paths import client_os

    status = _engine(engine).status()
    if not status.reachable:
        return None
    return detect(status.info, status.version, client_os=client_os())


def step(step_id: str) -> Any:
    """The widget for one step (plain text where widgets cannot render).

    Check and "Do it for me" go through the session (:meth:`wintut.session.Session.check`),
    the same code as ``wintut check`` and ``wintut solve``; both record the learner's progress.
    """
    from wintut import steps
    from wintut.views.step import StepView

    session = sessions.current()
    session.start_course()
    the_step = steps.get(step_id)
    notices = session.notices() + _switch_offer(session)
    return StepView(
        the_step,
        check=lambda answer: session.check(step_id, answer),
        solve=lambda progress: session.solve(step_id, progress),
        mark=_mark(),
        notices=notices + session.notices(),
    )


def _switch_offer(session: sessions.Session) -> list[str]:
    if session.own_engine_answers_now():
        return [
            "ⓘ Your own Docker engine answers now. To use it instead of the simulated host, "
            "run wintut.simulate(None) (or `wintut simulate --use none` in a terminal)."
        ]
    return []


def progress() -> Any:
    """The course progress bar and table (text where widgets cannot render)."""
    from wintut.views.progress import progress_view

    session = sessions.current()
    lines, done, total = progress_lines(session)
    return progress_view(lines, done, total, _mark(), checks=quiz_lines(session))


def progress_lines(session: sessions.Session) -> tuple[list[Any], int, int]:
    """The progress table's lines (each step on each engine it was checked on), and how many
    steps are done on the engine the course uses now."""
    from wintut import steps
    from wintut.results import SOLVED_LABEL, Outcome
    from wintut.store import EARLIER, REAL, source_of
    from wintut.views.progress import Line

    current = source_of(session.engine().simulated)
    recorded = session.store.steps()
    lines, done = [], 0
    for the_step in steps.all_steps():
        sources = recorded.get(the_step.id, {})
        if current not in sources:
            lines.append(
                Line(
                    the_step.id,
                    the_step.title,
                    Outcome.NOT_ATTEMPTED.icon,
                    "Not checked yet",
                    _where(current),
                )
            )
        for source in sorted(sources, key=lambda s: (s != current, s != REAL, s == EARLIER, s)):
            record = sources[source]
            best = record.best
            label = (
                SOLVED_LABEL if best.solved and best.outcome is Outcome.PASS else best.outcome.label
            )
            latest = (
                ""
                if record.latest == best
                else f"{record.latest.outcome.label}, {record.latest.at}"
            )
            lines.append(
                Line(the_step.id, the_step.title, best.outcome.icon, label, _where(source), latest)
            )
            done += int(source == current and record.done)
    return lines, done, len(steps.STEP_IDS)


def quiz_lines(session: sessions.Session) -> list[Any]:
    """Every kept knowledge-check score (not steps: they never count as done), the current
    engine's first."""
    from wintut.store import source_of
    from wintut.views.progress import QuizLine

    current = source_of(session.engine().simulated)
    found = []
    for name, sources in sorted(session.store.scores().items()):
        for source in sorted(sources, key=lambda s: (s != current, s)):
            score = sources[source]
            found.append(QuizLine(name, score.right, score.total, score.best, _where(source)))
    return found


def _where(source: str) -> str:
    from wintut.store import EARLIER, REAL

    if source == REAL:
        return "your engine"
    if source == EARLIER:
        return "recorded by an earlier wintut"
    return f"⚠ {source.replace(':', ': ', 1)}"


def diagram(name: str = "layers") -> Any:
    """An SVG diagram from ``assets/diagrams/`` for display in a notebook."""
    from IPython.display import SVG

    return SVG(data=asset_path("diagrams", f"{name}.svg").read_text(encoding="utf-8"))


def host_diagram(engine: Engine | None = None) -> Any:
    """The layers under a container on the learner's own host, its kernel highlighted
    (:mod:`wintut.diagram`); one line of words when there is nothing to draw."""
    from IPython.display import SVG

    from wintut.diagram import host_svg

    engine = _engine(engine)
    host = detect_host(engine)
    if host is None:
        problem = engine.status().problems[0]
        return Text(f"⚠ {problem.message} {problem.fix} (The general picture above still holds.)")
    svg = host_svg(host, _mark(engine))
    if svg is None:
        return Text(
            f"– wintut cannot draw {host.title}: the general picture above shows the kinds."
        )
    return SVG(data=svg)


def selftest(step_ids: list[str]) -> Text:
    """The notebooks' closing cell: the course testing itself (see :mod:`wintut.selftest`)."""
    return _selftest(step_ids, sessions.current())


# --------------------------------------------------------------------------------------------
# Small read-only looks at the engine, for the notebooks' "what just happened" cells.
# Each prints one line of words instead of a traceback when the engine says no.


def iis_image(engine: Engine | None = None) -> str:
    """The IIS image notebook 04 pulls on this engine: today's MCR image, or on an engine from
    before MCR (the simulated 2016 host) the seed's ``microsoft/iis``."""
    from wintut.errors import EngineError
    from wintut.steps.iis_failure import IMAGE, image_for

    try:
        return image_for(_engine(engine))
    except EngineError:
        return IMAGE  # no engine: the step's check says so; name today's image meanwhile


def command(template: str, *refs: str) -> Text:
    """A command for the learner to type, with image references resolved for this setup.

    ``command("docker run -it --rm {} bash", "ubuntu")`` gives the real command, or the offline
    lab's equivalent while the lab is active.
    """
    from wintut.images import resolve

    engine = _engine(None)  # a simulated host keeps the real names: resolve asks which engine
    line = template.format(*(resolve(ref, engine=engine) for ref in refs))
    if engine.simulated:
        line += (
            f"\n# simulated host {engine.simulated}: in a new terminal, first point docker at it:"
            f"\n#   export DOCKER_HOST={engine.endpoint.url}"
            f'    (PowerShell: $env:DOCKER_HOST="{engine.endpoint.url}")'
        )
    return Text(line)


def _problem_line(exc: Exception) -> str:
    """One line of words for anything a look at the engine can meet (never a traceback)."""
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
    return f"⚠ wintut could not read that from the engine ({type(exc).__name__}: {exc})."


def kernel_report(engine: Engine | None = None) -> Text:
    """Where this engine's kernel comes from: what ``/info`` says, and the host kind."""
    engine = _engine(engine)
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
        if engine.simulated:
            lines.append(f"[simulated: {engine.simulated}]")
        text = "\n".join(lines)
    return Text(text)


def image_summary(ref: str, engine: Engine | None = None) -> Text:
    """What the engine holds for ``ref``: id, size, layers, platform (or that it has none)."""
    from wintut.images import resolve, stand_in_note

    engine = _engine(engine)
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

    engine = _engine(engine)
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

    return target(term, _engine(engine))


def search_command(term: str) -> Text:
    """The ``docker search`` command for the learner to type here (the lab's index if active)."""
    return Text(f"docker search {search_target(term)}")


def search_table(term: str, engine: Engine | None = None, limit: int = 25) -> Text:
    """``docker search TERM`` through the engine, as a text table."""
    engine = _engine(engine)
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
