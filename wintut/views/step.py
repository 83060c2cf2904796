"""The widget for one course step: Check, tiered hints, "Do it for me", progress, result."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from wintut.errors import EngineError
from wintut.i18n import _
from wintut.markdown import render as render_markdown
from wintut.results import CheckResult, Outcome
from wintut.steps.base import Step
from wintut.views.common import View, badge_html, esc, live_html, notices_html

Checker = Callable[[str | None], CheckResult]
Solver = Callable[[Callable[[Any], bool | None]], CheckResult]


class StepView:
    """The widget for one course step.

    A Check button (with an answer box when the step asks for one), hints revealed one tier at
    a time, a "Do it for me" button, a progress bar for long work, and a result panel whose
    icon and words say the outcome (never colour alone). Check and solve run in a worker thread
    with the buttons disabled; the thread touches widgets only by setting traits
    (shared/reference/dependency-pitfalls.md 2.3).

    Args:
        step: the step to show (its title, prompt, hints; nothing is asked of the engine here).
        check: called with the answer text (the session's check: recorded, windowed).
        solve: called with a progress callback (the session's "Do it for me").
        mark: ``simulated: PROFILE`` when the course runs on a simulated host.
        notices: one-time lines to show above the step (the embedded simulated host, …).
        switch_back: when given, a "Use my own engine" button calls it (the learner's own
            engine answers again while the course runs on a simulated host).
    """

    def __init__(
        self,
        step: Step,
        *,
        check: Checker,
        solve: Solver,
        mark: str = "",
        notices: list[str] | None = None,
        switch_back: Callable[[], Any] | None = None,
    ) -> None:
        import ipywidgets as w

        self.step = step
        self._check = check
        self._solve = solve
        self.notices = list(notices or [])
        self.result: CheckResult | None = None
        self.hint_texts = step.hints()
        self.hints_shown = 0
        self.status_text = ""
        self._thread: threading.Thread | None = None

        self.mark = mark
        # the step's title and prompt are N_-marked by the step: translated here, when shown
        self.title = _(step.title)
        self.answer_prompt = _(step.answer_prompt) if step.answer_prompt else ""
        self.header = w.HTML(
            notices_html(self.notices) + self._title_html() + badge_html(self.mark)
        )
        self.answer = (
            w.Textarea(
                # the prompt's first paragraph only: a prompt may hold a table (isolation)
                placeholder=self.answer_prompt.split("\n\n", 1)[0].replace("`", ""),
                description=_("Answer"),
                layout=w.Layout(width="98%", height="4em"),
            )
            if self.answer_prompt
            else None
        )
        # prompts may use `code`; rendered like the hints, with raw HTML off
        self.prompt = w.HTML(render_markdown(self.answer_prompt) if self.answer_prompt else "")
        self.check_button = w.Button(
            description=_("Check"),
            icon="check",
            tooltip=_("Ask your engine whether this step is done"),
        )
        self.hint_button = w.Button(icon="lightbulb-o", tooltip=_("Show the next hint"))
        self.solve_button = w.Button(
            description=_("Do it for me"),
            icon="magic",
            tooltip=_("wintut does the step, then checks"),
        )
        self.cancel_button = w.Button(
            description=_("Cancel"),
            icon="stop",
            tooltip=_("Stop waiting for this pull"),
            layout=w.Layout(display="none"),
        )
        self._cancel = threading.Event()
        self.bar = w.FloatProgress(
            value=0.0, min=0.0, max=1.0, description="", layout=w.Layout(visibility="hidden")
        )
        self.status = w.HTML("")
        # results are announced: the panel is a lasting aria-live region
        self.result_panel = live_html(esc(self._not_checked()))
        self.hint_panel = w.HTML("")
        self._update_hint_button()

        self.check_button.on_click(lambda _button: self._start(self._do_check))
        self.solve_button.on_click(lambda _button: self._start(self._do_solve))
        self.hint_button.on_click(lambda _button: self.next_hint())
        self.cancel_button.on_click(lambda _button: self.cancel())

        children: list[Any] = [self.header]
        self.switch_button = None
        if switch_back is not None:
            self.switch_button = w.Button(
                description=_("Use my own engine"),
                icon="undo",
                tooltip=_("Switch the course back from the simulated host to your Docker engine"),
                layout=w.Layout(width="max-content"),
            )

            def switch(_button: Any) -> None:
                assert self.switch_button is not None
                self.switch_button.disabled = True
                switch_back()
                self.mark = ""
                self.header.value = (
                    self._title_html()
                    + "<div role='status'>"
                    + esc(_("✔ The course now uses your own engine."))
                    + "</div>"
                )

            self.switch_button.on_click(switch)
            children.append(self.switch_button)
        if self.answer is not None:
            children += [self.prompt, self.answer]
        children += [
            w.HBox(
                [self.check_button, self.hint_button]
                + ([self.solve_button] if step.can_solve else [])
            ),
            w.HBox([self.bar, self.status, self.cancel_button]),
            self.result_panel,
            self.hint_panel,
        ]
        self.widget = w.VBox(children)
        self.view = View(self.widget, self.text)

    def _title_html(self) -> str:
        title = _("Step: {title}").format(title=self.title)
        return f"<b>{esc(title)}</b> <code>{esc(self.step.id)}</code>"

    @staticmethod
    def _not_checked() -> str:
        return _("{icon} Not checked yet.").format(icon=Outcome.NOT_ATTEMPTED.icon)

    # -- the plain-text twin ------------------------------------------------------------------

    def text(self) -> str:
        title = _("Step: {title} ({step})").format(title=self.title, step=self.step.id)
        lines = [*self.notices, title]
        if self.mark:
            lines.append(f"[{self.mark}]")
        if self.answer_prompt:
            lines.append(_("Answer: {prompt}").format(prompt=self.answer_prompt))
        lines.append(str(self.result) if self.result else self._not_checked())
        if self.status_text:
            lines.append(self.status_text)
        for number, hint in enumerate(self.hint_texts[: self.hints_shown], 1):
            lines.append(_("Hint {number}: {hint}").format(number=number, hint=hint.strip()))
        lines.append(
            _("(No widgets here? Use `wintut check {step}`, `wintut solve {step}`.)").format(
                step=self.step.id
            )
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
            self.hint_button.description = _("No more hints") if total else _("No hints")
            self.hint_button.disabled = True
        else:
            self.hint_button.description = _("Hint {number} of {total}").format(
                number=self.hints_shown + 1, total=total
            )

    def next_hint(self) -> None:
        """Reveal the next hint tier (nudge, more specific, near-solution)."""
        if self.hints_shown >= len(self.hint_texts):
            return
        self.hints_shown += 1
        heading = _("Hint {number}")
        blocks = [
            f"<div class='wintut-hint'><b>{esc(heading.format(number=n))}</b>"
            f"{render_markdown(text)}</div>"
            for n, text in enumerate(self.hint_texts[: self.hints_shown], 1)
        ]
        self.hint_panel.value = "".join(blocks)
        self._update_hint_button()

    # -- work in a thread ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._cancel.clear()
        self.cancel_button.layout.display = "none"
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
        self._set_busy(True, _("Working…"))
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
                _("wintut hit an unexpected error while checking (a bug: please report it)."),
                evidence={"error": f"{type(exc).__name__}: {exc}"},
                fix=_("Re-run the cell; if it happens again, run `wintut doctor`."),
            )
        self.show(result)
        self._set_busy(False)

    def join(self, timeout: float = 60.0) -> None:
        """Wait for the running check or solve (tests and scripts)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _do_check(self) -> CheckResult:
        self._set_status(_("Checking your engine…"))
        answer = self.answer.value if self.answer is not None else None
        return self._check(answer)

    def _do_solve(self) -> CheckResult:
        self._set_status(_("Doing it for you…"))
        return self._solve(self.on_progress)

    def cancel(self) -> None:
        """The Cancel button: the running pull stops at its next report (within a second)."""
        self._cancel.set()
        self.cancel_button.disabled = True
        self._set_status(_("Cancelling…"))

    def on_progress(self, progress: Any) -> bool:
        """Progress callback for solve: a :class:`wintut.images.PullProgress` or a string.

        A stalled pull shows its one-line reason and a Cancel button; returns ``False`` once
        Cancel was pressed (the pull then stops)."""
        if self._cancel.is_set():
            return False
        if getattr(progress, "state", "") == "stalled":
            self.bar.bar_style = "warning"
            self.cancel_button.disabled = False
            self.cancel_button.layout.display = ""
            self._set_status(f"⚠ {progress.reason}")
            return True
        fraction = getattr(progress, "fraction", None)
        if fraction is None:
            # No byte totals (containerd store, Podman): an indeterminate bar, and words.
            self.bar.bar_style = "info"
            self.bar.value = 1.0
        else:
            self.bar.bar_style = ""
            self.bar.value = float(fraction)
        self._set_status(_("Working: {progress}").format(progress=progress))
        return True

    def show(self, result: CheckResult) -> None:
        """Show a result in the panel (trait sets only: safe from the worker thread)."""
        self.result = result
        self.result_panel.value = result._repr_html_()
