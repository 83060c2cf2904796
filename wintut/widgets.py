"""Thin ipywidgets views. They show data the steps and the doctor return; they decide nothing.

Every view is an object whose plain-text form is the full report, so a front end that cannot
render widgets (nbval, a terminal, GitHub's preview) still shows the learner everything.
Everything from the engine or the learner is escaped before it reaches the page.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Mapping
from typing import Any

from wintut.engine import Engine, current_engine
from wintut.errors import EngineError
from wintut.markdown import render as render_markdown
from wintut.plain import code_spans, evidence_value
from wintut.results import CheckResult, Outcome
from wintut.steps.base import Step


def esc(value: object) -> str:
    """HTML-escape anything for the page."""
    return html.escape(str(value), quote=True)


class View:
    """A widget with a plain-text fallback: Jupyter shows the widget, everything else the text."""

    def __init__(self, widget: Any, text: Any) -> None:
        self.widget = widget
        self._text = text  # a callable, so the text follows re-checks

    def __str__(self) -> str:
        return str(self._text())

    def __repr__(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = str(self)
        return bundle


def _doctor_html(report: Any) -> str:
    data = report.to_dict()
    engine = data["engine"]
    rows = [
        (
            "Engine",
            esc(engine["endpoint"]) + f" <small>(from {esc(engine['endpoint_source'])})</small>",
        ),
        ("Reachable", "✔ yes" if engine["reachable"] else "✖ no"),
    ]
    if engine["reachable"]:
        rows += [
            ("Server version", esc(engine["server_version"])),
            ("OS type", esc(engine["os_type"])),
            ("Kernel", f"<code>{esc(engine['kernel'])}</code>"),
        ]
    simulated = data.get("simulated")
    if simulated:
        sources = "".join(
            f"<tr><td><code>{esc(path)}</code></td><td>{esc(source)}</td></tr>"
            for path, source in simulated["sources"].items()
        )
        rows.append(
            (
                "Simulated host",
                f"{esc(simulated['title'])}: recorded outputs, not a real engine"
                f"<details><summary>Sources</summary><table>{sources}</table>"
                f"All of them: <code>{esc(simulated['all_sources'])}</code></details>",
            )
        )
    host = data["host"]
    if host.get("kind"):
        rows += [
            ("Host kind", f"<code>{esc(host['kind'])}</code> — {esc(host['title'])}"),
            ("Kernel comes from", esc(host["explanation"])),
        ]
    versions = data["python"]["versions"]
    rows.append(
        (
            "Python side",
            ", ".join(f"{esc(k)} {esc(v or 'missing')}" for k, v in versions.items())
            + f"; widget extension {esc(data['python']['widget_extension'] or 'not found')}",
        )
    )
    table = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    verdict = (
        "<p><b>✔ Ready for the course.</b></p>"
        if report.ready
        else "<p><b>✖ Not ready yet.</b> Fix the first problem below, then press Re-check.</p>"
    )
    problems = "".join(
        f"<li>{'✖' if p['blocking'] else '⚠'} <b>{esc(p['message'])}</b><br>"
        f"Fix: {esc(p['fix'])}"
        + (
            f"<details><summary>Details</summary><pre>{esc(p['detail'])}</pre></details>"
            if p["detail"]
            else ""
        )
        + "</li>"
        for p in data["problems"]
    )
    badge = _badge_html(f"simulated: {simulated['profile']}") if simulated else ""
    return (
        badge + verdict + f"<table>{table}</table>" + (f"<ul>{problems}</ul>" if problems else "")
    )


def simulation_choices() -> list[tuple[str, str]]:
    """``(label, profile id)`` of every recorded host, for the doctor's offer."""
    from wintut.replay.profiles import list_profiles, read_raw

    return [(f"{pid}: {read_raw(pid).get('title', '')}", pid) for pid in list_profiles()]


def doctor_view(
    engine: Engine | None = None, on_simulate: Callable[[str | None], Any] | None = None
) -> Any:
    """The doctor's report as a widget with a Re-check button (plain text where no widgets).

    With ``on_simulate`` (``wintut.simulate``), a report that finds no engine also offers a
    simulated host to follow the course on, and one on a simulated host offers the way back.
    """
    from wintut.readiness import diagnose

    state = {"report": diagnose(engine)}
    try:
        import ipywidgets as w
    except ImportError:
        return state["report"]
    body = w.HTML(_doctor_html(state["report"]))
    button = w.Button(description="Re-check", icon="refresh", tooltip="Run the checks again")
    choice = w.Dropdown(options=simulation_choices(), layout=w.Layout(width="auto"))
    use = w.Button(
        description="Follow the course on this simulated host",
        icon="play",
        layout=w.Layout(width="max-content"),
    )
    back = w.Button(
        description="Back to my own engine", icon="undo", layout=w.Layout(width="max-content")
    )
    offer = w.VBox([])

    def show(report: Any) -> None:
        body.value = _doctor_html(report)
        if on_simulate is None:
            return
        if report.simulated:
            offer.children = (back,)
        elif any(p.code == "simulated-host-available" for p in report.problems):
            offer.children = (w.HTML("<b>No engine here?</b> Pick a recorded host:"), choice, use)
        else:
            offer.children = ()

    def recheck(_: Any = None) -> None:
        button.disabled = True
        try:
            state["report"] = diagnose(engine)
            show(state["report"])
        finally:
            button.disabled = False

    def switch(profile: str | None) -> None:
        assert on_simulate is not None
        use.disabled = back.disabled = True
        try:
            on_simulate(profile)
        finally:
            use.disabled = back.disabled = False
        recheck()

    button.on_click(recheck)
    use.on_click(lambda _: switch(choice.value))
    back.on_click(lambda _: switch(None))
    show(state["report"])
    return View(w.VBox([body, button, offer]), lambda: state["report"])


# --------------------------------------------------------------------------------------------
# Marks shared by every view


def simulated_mark(engine: Engine | None) -> str:
    """``simulated: PROFILE`` when the engine is a recorded host, else an empty string."""
    profile = getattr(engine, "simulated", None) if engine is not None else None
    return f"simulated: {profile}" if profile else ""


def _badge_html(mark: str) -> str:
    if not mark:
        return ""
    # A visible text badge (not only a colour): the learner must never mistake a recording
    # for their own engine.
    return (
        "<span class='wintut-simulated' style='border:1px solid #888;padding:0 4px;"
        f"margin-left:6px;font-size:90%'>⚠ {esc(mark)}</span>"
    )


def result_html(result: CheckResult) -> str:
    """A check result as escaped HTML: icon and words first, evidence one click away."""
    outcome = result.outcome
    parts = [
        f"<div class='wintut-result wintut-{esc(outcome.value)}'>"
        f"<b>{esc(outcome.icon)} {esc(outcome.label)}</b>: {esc(result.reason)}</div>"
    ]
    if result.fix:
        parts.append(f"<div>Next: {code_spans(esc(result.fix))}</div>")
    details = [f"{esc(k)}: {esc(evidence_value(v))}" for k, v in result.evidence.items()]
    if result.problem is not None and result.problem.detail:
        details.append(f"engine said: {esc(result.problem.detail)}")
    if details:
        parts.append(
            "<details><summary>Details (what the check read)</summary>"
            f"<pre style='white-space:pre-wrap'>{chr(10).join(details)}</pre></details>"
        )
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# One step: check, hints, solve


Checker = Callable[[str | None], CheckResult]
Solver = Callable[[Callable[[Any], None]], CheckResult]


class StepView:
    """The widget for one course step.

    A Check button (with an answer box when the step asks for one), hints revealed one tier at
    a time, a "Do it for me" button, a progress bar for long work, and a result panel whose
    icon and words say the outcome (never colour alone). Check and solve run in a worker thread
    with the buttons disabled; the thread touches widgets only by setting traits
    (shared/reference/dependency-pitfalls.md 2.3).

    Args:
        step: the step to show.
        engine: the engine it checks (shown as simulated when it is).
        check: called with the answer text; defaults to ``step.check``.
        solve: called with a progress callback; defaults to ``step.solve``.
    """

    def __init__(
        self,
        step: Step,
        engine: Engine | None = None,
        *,
        check: Checker | None = None,
        solve: Solver | None = None,
    ) -> None:
        import ipywidgets as w

        self.step = step
        self.engine = engine
        self._check = check or (lambda answer: step.check(engine, answer))
        self._solve = solve or (lambda progress: step.solve(engine, progress=progress))
        self.result: CheckResult | None = None
        self.hint_texts = step.hints()
        self.hints_shown = 0
        self.status_text = ""
        self._thread: threading.Thread | None = None

        self.mark = simulated_mark(engine)
        self.header = w.HTML(f"<b>Step: {esc(step.title)}</b> <code>{esc(step.id)}</code>")
        self.header.value += _badge_html(self.mark)
        self.answer = (
            w.Textarea(
                placeholder=step.answer_prompt,
                description="Answer",
                layout=w.Layout(width="98%", height="4em"),
            )
            if step.answer_prompt
            else None
        )
        # prompts may use `code`; rendered like the hints, with raw HTML off
        self.prompt = w.HTML(render_markdown(step.answer_prompt) if step.answer_prompt else "")
        self.check_button = w.Button(
            description="Check", icon="check", tooltip="Ask your engine whether this step is done"
        )
        self.hint_button = w.Button(icon="lightbulb-o", tooltip="Show the next hint")
        self.solve_button = w.Button(
            description="Do it for me", icon="magic", tooltip="wintut does the step, then checks"
        )
        self.bar = w.FloatProgress(
            value=0.0, min=0.0, max=1.0, description="", layout=w.Layout(visibility="hidden")
        )
        self.status = w.HTML("")
        self.result_panel = w.HTML(f"{Outcome.NOT_ATTEMPTED.icon} Not checked yet.")
        self.hint_panel = w.HTML("")
        self._update_hint_button()

        self.check_button.on_click(lambda _: self._start(self._do_check))
        self.solve_button.on_click(lambda _: self._start(self._do_solve))
        self.hint_button.on_click(lambda _: self.next_hint())

        children: list[Any] = [self.header]
        if self.answer is not None:
            children += [self.prompt, self.answer]
        children += [
            w.HBox([self.check_button, self.hint_button, self.solve_button]),
            w.HBox([self.bar, self.status]),
            self.result_panel,
            self.hint_panel,
        ]
        self.widget = w.VBox(children)
        self.view = View(self.widget, self.text)

    # -- the plain-text twin ------------------------------------------------------------------

    def text(self) -> str:
        lines = [f"Step: {self.step.title} ({self.step.id})"]
        if self.mark:
            lines.append(f"[{self.mark}]")
        if self.step.answer_prompt:
            lines.append(f"Answer: {self.step.answer_prompt}")
        lines.append(str(self.result) if self.result else "○ Not checked yet.")
        if self.status_text:
            lines.append(self.status_text)
        for number, hint in enumerate(self.hint_texts[: self.hints_shown], 1):
            lines.append(f"Hint {number}: {hint.strip()}")
        lines.append(
            f"(No widgets here? Use `wintut check {self.step.id}`, `wintut solve {self.step.id}`.)"
        )
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.view._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return self.text()

    # -- hints --------------------------------------------------------------------------------

    def _update_hint_button(self) -> None:
        total = len(self.hint_texts)
        if self.hints_shown >= total:
            self.hint_button.description = "No more hints" if total else "No hints"
            self.hint_button.disabled = True
        else:
            self.hint_button.description = f"Hint {self.hints_shown + 1} of {total}"

    def next_hint(self) -> None:
        """Reveal the next hint tier (nudge, more specific, near-solution)."""
        if self.hints_shown >= len(self.hint_texts):
            return
        self.hints_shown += 1
        blocks = [
            f"<div class='wintut-hint'><b>Hint {n}</b>{render_markdown(text)}</div>"
            for n, text in enumerate(self.hint_texts[: self.hints_shown], 1)
        ]
        self.hint_panel.value = "".join(blocks)
        self._update_hint_button()

    # -- work in a thread ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.check_button.disabled = busy
        self.solve_button.disabled = busy
        self.bar.layout.visibility = "visible" if busy else "hidden"
        self.bar.bar_style = "info"
        self.bar.value = 0.0
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self.status_text = text
        self.status.value = esc(text)

    def _start(self, work: Callable[[], CheckResult]) -> None:
        if self.busy:
            return
        self._set_busy(True, "Working…")
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], CheckResult]) -> None:
        try:
            result = work()
        except EngineError as exc:
            result = self.step.engine_error(exc)
        except Exception as exc:  # a bug must still reach the learner as words, not silence
            result = CheckResult(
                self.step.id,
                Outcome.ERROR,
                "wintut hit an unexpected error while checking (a bug: please report it).",
                evidence={"error": f"{type(exc).__name__}: {exc}"},
                fix="Re-run the cell; if it happens again, run `wintut doctor`.",
            )
        self.show(result)
        self._set_busy(False)

    def join(self, timeout: float = 60.0) -> None:
        """Wait for the running check or solve (tests and scripts)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _do_check(self) -> CheckResult:
        self._set_status("Checking your engine…")
        answer = self.answer.value if self.answer is not None else None
        return self._check(answer)

    def _do_solve(self) -> CheckResult:
        self._set_status("Doing it for you…")
        return self._solve(self.on_progress)

    def on_progress(self, progress: Any) -> None:
        """Progress callback for solve: a :class:`wintut.images.PullProgress` or a string."""
        fraction = getattr(progress, "fraction", None)
        if fraction is None:
            # No byte totals (containerd store, Podman): an indeterminate bar, and words.
            self.bar.bar_style = "info"
            self.bar.value = 1.0
        else:
            self.bar.bar_style = ""
            self.bar.value = float(fraction)
        self._set_status(f"Working: {progress}")

    def show(self, result: CheckResult) -> None:
        """Show a result in the panel (trait sets only: safe from the worker thread)."""
        self.result = result
        self.result_panel.value = result_html(result)


# --------------------------------------------------------------------------------------------
# Course progress


def progress_text(outcomes: Mapping[str, str | None], titles: Mapping[str, str]) -> str:
    """The course progress as a text table: one line per step, icon and words."""
    done = sum(1 for o in outcomes.values() if o in ("pass", "not-applicable"))
    lines = [f"Course progress: {done} of {len(outcomes)} steps done"]
    for step_id, outcome in outcomes.items():
        state = Outcome(outcome) if outcome else Outcome.NOT_ATTEMPTED
        lines.append(f"  {state.icon} {step_id:<18} {state.label:<20} {titles.get(step_id, '')}")
    return "\n".join(lines)


def progress_view(
    outcomes: Mapping[str, str | None], titles: Mapping[str, str], engine: Engine | None = None
) -> View:
    """A course progress bar over the learner's recorded outcomes, with a text twin.

    A step counts as done when it passed or does not apply on this host.
    """
    import ipywidgets as w

    total = len(outcomes)
    done = sum(1 for o in outcomes.values() if o in ("pass", "not-applicable"))
    bar = w.IntProgress(value=done, min=0, max=max(total, 1), description=f"{done}/{total} steps")
    pad = "style='padding:0 0.6em'"
    rows = "".join(
        f"<tr><td>{esc((Outcome(o) if o else Outcome.NOT_ATTEMPTED).icon)}</td>"
        f"<td {pad}><code>{esc(step_id)}</code></td>"
        f"<td {pad}>{esc((Outcome(o) if o else Outcome.NOT_ATTEMPTED).label)}</td>"
        f"<td {pad}>{esc(titles.get(step_id, ''))}</td></tr>"
        for step_id, o in outcomes.items()
    )
    body = w.HTML(
        f"<b>Course progress</b>{_badge_html(simulated_mark(engine))}<table>{rows}</table>"
    )
    return View(w.VBox([bar, body]), lambda: progress_text(outcomes, titles))


# --------------------------------------------------------------------------------------------
# Quiz


class QuizView:
    """A short multiple-choice quiz; answers are checked in Python, not in the page.

    Args:
        questions: dicts with ``question``, ``options`` (list of str), ``answer`` (index of the
            right option) and ``why`` (the explanation shown after checking).
    """

    def __init__(self, questions: list[dict[str, Any]]) -> None:
        import ipywidgets as w

        self.questions = questions
        self.choices = [
            w.RadioButtons(options=list(q["options"]), value=None, layout=w.Layout(width="auto"))
            for q in questions
        ]
        self.button = w.Button(
            description="Check my answers", icon="check", layout=w.Layout(width="max-content")
        )
        self.feedback = w.HTML("")
        self.score: int | None = None
        self.button.on_click(lambda _: self.check())
        items: list[Any] = []
        for number, (q, choice) in enumerate(zip(questions, self.choices, strict=True), 1):
            # questions may use `code`; rendered with raw HTML off, like the hints
            items += [w.HTML(render_markdown(f"**{number}.** {q['question']}")), choice]
        self.mark = simulated_mark(current_engine())
        badge = [w.HTML(_badge_html(self.mark))] if self.mark else []
        self.widget = w.VBox([*badge, *items, self.button, self.feedback])
        self.view = View(self.widget, self.text)

    def grade(self, picks: list[int | None]) -> list[bool]:
        """Which picks (option indexes, ``None`` for unanswered) are right."""
        return [pick == q["answer"] for q, pick in zip(self.questions, picks, strict=False)]

    def answer(self, *picks: int) -> str:
        """Text fallback: answer with option numbers (1-based), get the feedback as text."""
        graded = self.grade([p - 1 for p in picks])
        return self._feedback_text(graded, [p - 1 for p in picks])

    def check(self) -> list[bool]:
        picks = [
            list(q["options"]).index(c.value) if c.value is not None else None
            for q, c in zip(self.questions, self.choices, strict=True)
        ]
        graded = self.grade(picks)
        self.score = sum(graded)
        items = []
        for q, right, pick in zip(self.questions, graded, picks, strict=True):
            if pick is None:
                verdict = f"{Outcome.NOT_ATTEMPTED.icon} Not answered"
            else:
                verdict = "✔ Right" if right else "✖ Not quite"
            items.append(f"<li><b>{esc(verdict)}</b>: {esc(q['why'])}</li>")
        self.feedback.value = (
            f"<p><b>{self.score} of {len(self.questions)} right.</b></p><ol>{''.join(items)}</ol>"
        )
        return graded

    def _feedback_text(self, graded: list[bool], picks: list[int]) -> str:
        lines = [f"{sum(graded)} of {len(self.questions)} right."]
        for number, (q, right) in enumerate(zip(self.questions, graded, strict=False), 1):
            lines.append(f"  {number}. {'✔ Right' if right else '✖ Not quite'}: {q['why']}")
        return "\n".join(lines)

    def text(self) -> str:
        lines = ["Quiz (no widgets? answer with quiz.answer(2, 1, 3, …), option numbers)"]
        if self.mark:
            lines.append(f"[{self.mark}]")
        for number, q in enumerate(self.questions, 1):
            lines.append(f"{number}. {q['question']}")
            lines += [f"   {i}) {option}" for i, option in enumerate(q["options"], 1)]
        if self.score is not None:
            lines.append(f"Score: {self.score} of {len(self.questions)}")
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.view._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return self.text()
