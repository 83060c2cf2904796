"""A short multiple-choice quiz, checked in Python (not in the page).

Each question is a native radio group (``role="radiogroup"``, one ``name`` per question), so
Tab enters it once and the arrow keys move the choice, as in any web form. ipywidgets'
RadioButtons cannot do that: its inputs share no ``name``, so each is a group of its own. The
group is a tiny anywidget whose page code only builds inputs with ``textContent`` labels.
"""

from __future__ import annotations

import functools
from typing import Any

from wintut.i18n import _
from wintut.markdown import render as render_markdown
from wintut.results import Outcome
from wintut.views.common import View, badge_html, esc, live_html


class QuizView:
    """A short multiple-choice quiz; answers are checked in Python, not in the page.

    Args:
        questions: dicts with ``question``, ``options`` (list of str), ``answer`` (index of the
            right option) and ``why`` (the explanation shown after checking).
    """

    def __init__(self, questions: list[dict[str, Any]], mark: str = "") -> None:
        import ipywidgets as w

        self.questions = questions
        group = radio_group_class()
        self.choices = [
            group(options=[str(o) for o in q["options"]], label=str(q["question"]))
            for q in questions
        ]
        self.button = w.Button(
            description=_("Check my answers"), icon="check", layout=w.Layout(width="max-content")
        )
        self.feedback = live_html("")  # announced when the answers are checked
        self.score: int | None = None
        self.button.on_click(lambda _button: self.check())
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
            _index(list(q["options"]), c.value)
            for q, c in zip(self.questions, self.choices, strict=True)
        ]
        graded = self.grade(picks)
        self.score = sum(graded)
        items = []
        for q, right, pick in zip(self.questions, graded, picks, strict=True):
            if pick is None:
                verdict = _("{icon} Not answered").format(icon=Outcome.NOT_ATTEMPTED.icon)
            else:
                verdict = _verdict(right)
            said = _("{verdict}: {why}").format(verdict=f"<b>{esc(verdict)}</b>", why=esc(q["why"]))
            items.append(f"<li>{said}</li>")
        score = _score(self.score, len(self.questions))
        self.feedback.value = f"<p><b>{esc(score)}</b></p><ol>{''.join(items)}</ol>"
        return graded

    def _feedback_text(self, graded: list[bool], picks: list[int]) -> str:
        lines = [_score(sum(graded), len(self.questions))]
        for number, (q, right) in enumerate(zip(self.questions, graded, strict=False), 1):
            said = _("{verdict}: {why}").format(verdict=_verdict(right), why=q["why"])
            lines.append(f"  {number}. {said}")
        return "\n".join(lines)

    def text(self) -> str:
        lines = [_("Quiz (no widgets? answer with quiz.answer(2, 1, 3, …), option numbers)")]
        if self.mark:
            lines.append(f"[{self.mark}]")
        for number, q in enumerate(self.questions, 1):
            lines.append(f"{number}. {q['question']}")
            lines += [f"   {i}) {option}" for i, option in enumerate(q["options"], 1)]
        if self.score is not None:
            lines.append(
                _("Score: {right} of {total}").format(right=self.score, total=len(self.questions))
            )
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.view._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return self.text()


def _verdict(right: bool) -> str:
    return _("✔ Right") if right else _("✖ Not quite")


def _score(right: int, total: int) -> str:
    return _("{right} of {total} right.").format(right=right, total=total)


def _index(options: list[Any], value: Any) -> int | None:
    """The option picked, or ``None``: unanswered, or a value the page made up."""
    return next((i for i, option in enumerate(options) if str(option) == value), None)


_RADIO_GROUP_ESM = """
let groups = 0;
function render({ model, el }) {
  const group = document.createElement("div");
  group.setAttribute("role", "radiogroup");
  group.className = "wintut-radio-group";
  const name = "wintut-quiz-" + (++groups) + "-" + Math.random().toString(36).slice(2);
  const draw = () => {
    group.replaceChildren();
    group.setAttribute("aria-label", model.get("label"));
    for (const option of model.get("options")) {
      const label = document.createElement("label");
      label.style.display = "block";
      const input = document.createElement("input");
      input.type = "radio";
      // the arrow keys are the group's, not JupyterLab's (which would select the next cell);
      // on the input itself: JupyterLab's selector (`… :focus`) matches the focused element
      input.setAttribute("data-lm-suppress-shortcuts", "true");
      input.name = name;
      input.value = option;
      input.checked = model.get("value") === option;
      input.addEventListener("change", () => {
        if (input.checked) { model.set("value", option); model.save_changes(); }
      });
      label.append(input, document.createTextNode(" " + option));
      group.append(label);
    }
  };
  const pick = () => {
    for (const input of group.querySelectorAll("input")) {
      input.checked = input.value === model.get("value");
    }
  };
  model.on("change:options", draw);
  model.on("change:label", draw);
  model.on("change:value", pick);
  draw();
  el.append(group);
}
export default { render };
"""
"""Labels go in as text nodes, never as HTML: quiz text is course text, but the rule holds."""


@functools.cache
def radio_group_class() -> type:
    """The radio-group widget class (made on first use: importing wintut loads no widgets)."""
    import anywidget
    import traitlets

    class RadioGroup(anywidget.AnyWidget):
        """One question's options as a native radio group; ``value`` is the picked option."""

        _esm = _RADIO_GROUP_ESM
        options = traitlets.List(traitlets.Unicode()).tag(sync=True)
        label = traitlets.Unicode("").tag(sync=True)
        value = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    return RadioGroup
