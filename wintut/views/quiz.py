"""A short multiple-choice quiz, checked in Python (not in the page)."""

from __future__ import annotations

from typing import Any

from wintut.markdown import render as render_markdown
from wintut.results import Outcome
from wintut.views.common import View, badge_html, esc


class QuizView:
    """A short multiple-choice quiz; answers are checked in Python, not in the page.

    Args:
        questions: dicts with ``question``, ``options`` (list of str), ``answer`` (index of the
            right option) and ``why`` (the explanation shown after checking).
    """

    def __init__(self, questions: list[dict[str, Any]], mark: str = "") -> None:
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
        self.mark = mark
        badge = [w.HTML(badge_html(self.mark))] if self.mark else []
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
