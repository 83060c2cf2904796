"""A prediction: the learner picks one answer before a step, and wintut keeps the pick.

The view shows the question and its options as a radio group and a "Keep my prediction"
button; it decides nothing. ``keep`` (the course's) stores the pick and returns the line to
show. Without widgets, ``view.choose(N)`` does the same with an option number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wintut.i18n import _
from wintut.markdown import render as render_markdown
from wintut.views.common import View, badge_html, esc

Keeper = Callable[[str], str]
"""Stores an option id; returns the words to show (kept, or why it could not be)."""


class PredictionView:
    """One prediction question.

    Args:
        question: ``question`` (markdown, raw HTML off), ``options``: dicts with ``id`` and
            ``text``, and optionally ``name`` (for the text fallback's call).
        keep: called with the chosen option's id.
        kept: the id chosen earlier, if any (shown selected).
        mark: ``simulated: PROFILE`` when the course runs on a simulated host.
    """

    def __init__(
        self, question: dict[str, Any], keep: Keeper, kept: str | None = None, mark: str = ""
    ) -> None:
        import ipywidgets as w

        self.question = question
        self.options: list[dict[str, str]] = list(question["options"])
        self._keep = keep
        self.mark = mark
        texts = [o["text"] for o in self.options]
        earlier = self.text_of(kept)
        self.choice = w.RadioButtons(options=texts, value=earlier, layout=w.Layout(width="auto"))
        self.button = w.Button(
            description=_("Keep my prediction"), icon="lock", layout=w.Layout(width="max-content")
        )
        earlier_words = _("Your earlier prediction:")
        self.feedback = w.HTML(
            f"<p role='status'>{esc(earlier_words)} <b>{esc(earlier)}</b></p>" if earlier else ""
        )
        self.message = f"{earlier_words} {earlier}" if earlier else ""
        self.button.on_click(lambda _button: self.keep_selected())
        predict_first = _("**Predict first.**")
        title = w.HTML(render_markdown(f"{predict_first} {question['question']}"))
        badge = [w.HTML(badge_html(mark))] if mark else []
        self.widget = w.VBox([*badge, title, self.choice, self.button, self.feedback])
        self.view = View(self.widget, self.text)

    def text_of(self, option_id: str | None) -> str | None:
        return next((o["text"] for o in self.options if o["id"] == option_id), None)

    def keep_selected(self) -> str:
        """Keep the option selected in the radio group."""
        if self.choice.value is None:
            self.message = _("○ Pick one answer first, then press Keep my prediction.")
        else:
            texts = [o["text"] for o in self.options]
            self.message = self._keep(self.options[texts.index(self.choice.value)]["id"])
        self.feedback.value = f"<p role='status'>{esc(self.message)}</p>"
        return self.message

    def choose(self, number: int) -> str:
        """Text fallback: keep option ``number`` (1-based)."""
        if not 1 <= number <= len(self.options):
            return _("○ Choose a number from 1 to {count}.").format(count=len(self.options))
        self.choice.value = self.options[number - 1]["text"]
        return self.keep_selected()

    def text(self) -> str:
        lines = [_("Predict first: {question}").format(question=self.question["question"])]
        if self.mark:
            lines.append(f"[{self.mark}]")
        lines += [f"   {i}) {o['text']}" for i, o in enumerate(self.options, 1)]
        name = self.question.get("name")
        if name:
            call = f'wintut.course.predict("{name}").choose(N)'
            line = _("(no widgets? keep your pick with {call}, an option number)")
        else:
            call = "choose(N)"
            line = _("(no widgets? keep your pick with this prediction.{call}, an option number)")
        lines.append(line.format(call=call))
        if self.message:
            lines.append(self.message)
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.view._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return self.text()
