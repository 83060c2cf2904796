"""What the notebooks call for the learner's answers that are not steps: a prediction before a
step (kept, then shown again beside what the engine showed) and a knowledge check (its score
kept). Both are kept per engine in the progress store (:mod:`wintut.kept`) and never make a
step done.

Their words come from ``assets/predictions/NAME.json`` and ``assets/quiz/NAME.json``, which
hold the structure (option ids, the answer key). A translated edition adds only the words, in
``assets/predictions/zh_CN/NAME.json`` and ``assets/quiz/zh_CN/NAME.json`` (a sub-folder, like the
hints' tiers), laid over the English in the learner's language (:func:`translated`).
"""

from __future__ import annotations

import json
from typing import Any

from wintut import session as sessions
from wintut.assets import asset_path
from wintut.errors import EngineError
from wintut.i18n import ENGLISH, _, language
from wintut.selftest import Text
from wintut.store import StoreError, source_of
from wintut.views.common import esc
from wintut.views.quiz import QuizView


def _read(kind: str, name: str, lang: str | None = None) -> Any:
    """The asset ``kind/NAME.json`` (English), or its words in ``lang`` (``None`` if none)."""
    parts = (kind, f"{name}.json") if lang is None else (kind, lang, f"{name}.json")
    found = asset_path(*parts)
    if lang is not None and not found.is_file():
        return None
    return json.loads(found.read_text(encoding="utf-8"))


def translated(kind: str, name: str, lang: str | None = None) -> Any:
    """A prediction (``kind`` ``predictions``) or knowledge check (``quiz``) in ``lang`` (the
    learner's language by default): the English file's structure and answer key, with the
    translated file's words laid over it. English, where no translation exists."""
    data = _read(kind, name)
    lang = lang or language()
    words = None if lang == ENGLISH else _read(kind, name, lang)
    if words is None:
        return data
    if kind == "quiz":
        return [
            {**q, "question": w["question"], "options": list(w["options"]), "why": w["why"]}
            for q, w in zip(data, words, strict=True)
        ]
    texts = {o["id"]: o["text"] for o in words["options"]}
    options = [{**o, "text": texts[o["id"]]} for o in data["options"]]
    return {**data, "question": words["question"], "options": options}


def _question(name: str) -> dict[str, Any]:
    data = translated("predictions", name)
    assert isinstance(data, dict)
    return {**data, "name": name}


def _source(session: sessions.Session) -> str:
    return source_of(session.engine().simulated)


def _mark(session: sessions.Session) -> str:
    profile = session.engine().simulated
    return _("simulated: {profile}").format(profile=profile) if profile else ""


def predict(name: str) -> Any:
    """The prediction ``assets/predictions/NAME.json`` as a widget; the pick is kept."""
    from wintut.views.prediction import PredictionView

    session = sessions.current()
    session.start_course()
    source = _source(session)
    question = _question(name)

    def keep(choice: str) -> str:
        try:
            session.store.keep_pick(name, choice, source)
        except StoreError as exc:
            return f"⚠ {exc}"
        text = next(o["text"] for o in question["options"] if o["id"] == choice)
        return _(
            "✔ Kept: “{text}”. After the step, wintut shows it beside what your engine shows."
        ).format(text=text)

    pick = session.store.pick(name, source)
    return PredictionView(question, keep, pick.choice if pick else None, _mark(session))


def predicted(name: str) -> Text:
    """The learner's kept prediction beside what their engine showed (read now, changed not)."""
    from wintut.findings import FINDINGS

    session = sessions.current()
    engine = session.start_course()
    question = _question(name)
    texts = {o["id"]: o["text"] for o in question["options"]}
    pick = session.store.pick(name, _source(session))
    lines = [
        _("You predicted: {text}").format(text=texts.get(pick.choice, pick.choice))
        if pick
        else _("○ You kept no prediction above (pick one and press Keep my prediction).")
    ]
    try:
        finding = FINDINGS[name](engine)
    except EngineError as exc:
        lines.append(
            _("⚠ Your engine could not be read: {message} {fix}").format(
                message=exc.problem.message, fix=exc.problem.fix
            )
        )
        return Text("\n".join(lines))
    lines.append(_("Your engine showed: {shown}").format(shown=finding.shown))
    if finding.option is None:
        lines.append(_("– None of the answers can be matched to that here."))
    else:
        lines.append(
            _("That is the answer “{text}” (wintut's reading, derived).").format(
                text=texts[finding.option]
            )
        )
        if pick:
            lines.append(
                _("✔ As you predicted.")
                if pick.choice == finding.option
                else _("✖ Not what you predicted: the sections below say why.")
            )
    if engine.simulated:
        lines.append(f"[{_mark(session)}]")
    return Text("\n".join(lines))


def isolation_grid() -> Any:
    """The ``isolation`` step as a grid of toggles; Check goes through the session (recorded),
    like the step widget's answer box."""
    from wintut.steps.isolation import GRID
    from wintut.views.isolation_grid import IsolationGridView

    session = sessions.current()
    session.start_course()
    return IsolationGridView(
        [str(case) for case in GRID],
        check=lambda marks: session.check("isolation", marks),
        mark=_mark(session),
    )


class KeptQuiz(QuizView):
    """A knowledge check whose score is kept in the progress store after each Check."""

    def __init__(self, name: str, questions: list[dict[str, Any]], mark: str = "") -> None:
        super().__init__(questions, mark)
        self.name = name
        self.kept_note = ""

    def _keep(self, right: int) -> None:
        session = sessions.current()
        try:
            score = session.store.keep_score(
                self.name, right, len(self.questions), _source(session)
            )
        except StoreError as exc:
            self.kept_note = f"⚠ {exc}"
        else:
            self.kept_note = _("Kept in your progress (best so far: {best} of {total}).").format(
                best=score.best, total=score.total
            )

    def check(self) -> list[bool]:
        graded = super().check()
        self._keep(sum(graded))
        self.feedback.value += f"<p role='status'>{esc(self.kept_note)}</p>"
        return graded

    def answer(self, *picks: int) -> str:
        text = super().answer(*picks)
        self._keep(sum(self.grade([p - 1 for p in picks])))
        return f"{text}\n{self.kept_note}"


def quiz(name: str = "what-is-a-container") -> KeptQuiz:
    """The knowledge check ``assets/quiz/NAME.json``; its score is kept per engine."""
    session = sessions.current()
    session.start_course()
    return KeptQuiz(name, translated("quiz", name), _mark(session))
