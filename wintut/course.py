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
from wintut.columns import after, sentences
from wintut.course_answers import isolation_grid as isolation_grid  # re-exported for notebooks
from wintut.course_answers import predict as predict
from wintut.course_answers import predicted as predicted
from wintut.course_answers import quiz as quiz
from wintut.course_looks import command as command
from wintut.course_looks import detect_host as detect_host
from wintut.course_looks import engine_for as _engine
from wintut.course_looks import host_command as host_command
from wintut.course_looks import host_dockerfile as host_dockerfile
from wintut.course_looks import host_image as host_image
from wintut.course_looks import host_processes as host_processes
from wintut.course_looks import iis_image as iis_image
from wintut.course_looks import image_summary as image_summary
from wintut.course_looks import kernel_report as kernel_report
from wintut.course_looks import mark_for as _mark
from wintut.course_looks import search_command as search_command
from wintut.course_looks import search_table as search_table
from wintut.course_looks import search_target as search_target
from wintut.course_looks import show_platforms as show_platforms
from wintut.engine import Engine
from wintut.i18n import ENGLISH, _, language
from wintut.selftest import Text
from wintut.selftest import run as _selftest


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
    notices = session.notices()
    offer = session.own_engine_answers_now()  # never switched silently: offered
    if offer:
        notices.append(
            _(
                "ⓘ Your own Docker engine answers now; the course still uses the simulated host. "
                "Press “Use my own engine” to switch (or `wintut simulate --use none`)."
            )
        )
    return StepView(
        the_step,
        check=lambda answer: session.check(step_id, answer),
        solve=lambda progress: session.solve(step_id, progress),
        mark=_mark(),
        notices=notices,
        switch_back=(lambda: session.use(None)) if offer else None,
    )


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
    from wintut.results import Outcome
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
                    _(the_step.title),
                    Outcome.NOT_ATTEMPTED.icon,
                    _("Not checked yet"),
                    _where(current),
                )
            )
        for source in sorted(sources, key=lambda s: (s != current, s != REAL, s == EARLIER, s)):
            record = sources[source]
            best = record.best
            label = _label(best)
            latest = (
                ""
                if record.latest == best
                else f"{_label(record.latest)}, {_when(record.latest.at)}"
            )
            lines.append(
                Line(
                    the_step.id, _(the_step.title), best.outcome.icon, label, _where(source), latest
                )
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


def _label(entry: Any) -> str:
    from wintut.results import SOLVED_LABEL, Outcome

    return (
        _(SOLVED_LABEL) if entry.solved and entry.outcome is Outcome.PASS else entry.outcome.label
    )


def _when(at: str) -> str:
    """``2026-12-01T08:54:26+00:00`` -> ``2026-12-01 08:54 UTC`` (as stored, when not that)."""
    return f"{at[:10]} {at[11:16]} UTC" if len(at) >= 16 and at[10] == "T" else at


def _where(source: str) -> str:
    from wintut.store import EARLIER, REAL

    if source == REAL:
        return _("your engine")
    if source == EARLIER:
        return _("recorded by an earlier wintut")
    kind, _colon, profile = source.partition(":")
    if kind == "simulated" and profile:
        return "⚠ " + _("simulated: {profile}").format(profile=profile)
    return f"⚠ {source.replace(':', ': ', 1)}"


def diagram(name: str = "layers") -> Any:
    """An SVG diagram from ``assets/diagrams/`` for display in a notebook: its translation in
    ``assets/diagrams/LANG/`` when the learner's language has one."""
    from IPython.display import SVG

    return SVG(data=diagram_path(name).read_text(encoding="utf-8"))


def diagram_path(name: str, lang: str | None = None) -> Any:
    """The diagram ``name`` in ``lang`` (the learner's language by default), else English."""
    lang = lang or language()
    translated = asset_path("diagrams", lang, f"{name}.svg")
    if lang != ENGLISH and translated.is_file():
        return translated
    return asset_path("diagrams", f"{name}.svg")


def host_diagram(engine: Engine | None = None) -> Any:
    """The layers under a container on the learner's own host, its kernel highlighted
    (:mod:`wintut.diagram`); one line of words when there is nothing to draw."""
    from IPython.display import SVG

    from wintut.diagram import host_svg

    engine = _engine(engine)
    host = detect_host(engine)
    if host is None:
        problem = engine.status().problems[0]
        still = after(_("(The general picture above still holds.)"))
        return Text("⚠ " + sentences(problem.message, problem.fix) + still)
    svg = host_svg(host, _mark(engine))
    if svg is None:
        return Text(
            _("– wintut cannot draw {host}: the general picture above shows the kinds.").format(
                host=host.title
            )
        )
    return SVG(data=svg)


def selftest(step_ids: list[str]) -> Text:
    """The notebooks' closing cell: the course testing itself (see :mod:`wintut.selftest`)."""
    return _selftest(step_ids, sessions.current())
