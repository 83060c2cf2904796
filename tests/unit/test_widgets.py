"""Widgets tested through their state and ``.click()``, with a tiny step and a fake engine."""

from __future__ import annotations

import threading

import pytest

from tests.engine_fake import FakeEngineAPI, linux_engine
from wintut.errors import EngineError, Problem
from wintut.images import PullProgress
from wintut.results import CheckResult, Outcome
from wintut.steps.base import Step
from wintut.views.progress import Line, progress_text, progress_view
from wintut.views.quiz import QuizView
from wintut.views.step import StepView

pytest.importorskip("ipywidgets")


class Echo(Step):
    """Passes when the answer is 'yes'; its reason repeats the answer (to test escaping)."""

    id = "echo"
    title = "Say <yes>"
    notebook = "99-test"
    answer_prompt = "Type yes"

    def __init__(self) -> None:
        self.gate: threading.Event | None = None
        self.solved = 0

    def check(self, engine=None, answer=None):
        if self.gate is not None:
            self.gate.wait(5)
        if answer == "yes":
            return self.result(Outcome.PASS, "You said yes.", evidence={"answer": answer})
        return self.result(
            Outcome.FAIL, f"You said {answer!s}.", evidence={"answer": answer}, fix="Say yes."
        )

    def solve(self, engine=None, progress=None):
        self.solved += 1
        pull = PullProgress("ubuntu")
        if progress:
            progress(pull)  # no totals yet: indeterminate
            pull.update(
                {"id": "l1", "status": "Downloading", "progressDetail": {"current": 5, "total": 10}}
            )
            progress(pull)
        return self.check(engine, "yes")

    def hints(self):
        return ["Nudge <script>alert(1)</script>", "More `specific`", "Type **yes**"]


class Plain(Echo):
    id = "plain"
    answer_prompt = None


def make(step=None, engine=None, **kwargs):
    step = step or Echo()
    engine = engine or linux_engine()
    kwargs.setdefault("check", lambda answer: step.check(engine, answer))
    kwargs.setdefault("solve", lambda progress: step.solve(engine, progress=progress))
    return StepView(step, **kwargs)


def test_check_shows_icon_and_words_and_records_evidence():
    view = make()
    view.answer.value = "yes"
    view.check_button.click()
    view.join()
    assert view.result.outcome is Outcome.PASS
    assert "✔ Passed" in view.result_panel.value
    assert "<details>" in view.result_panel.value  # evidence one click away
    assert not view.check_button.disabled
    assert "✔ echo: Passed: You said yes." in repr(view)


def test_buttons_are_disabled_while_the_worker_runs():
    step = Echo()
    step.gate = threading.Event()
    view = make(step)
    view.check_button.click()
    assert view.busy
    assert view.check_button.disabled and view.solve_button.disabled
    assert view.bar.layout.visibility == "visible"
    view.check_button.click()  # ignored while busy: no second thread
    step.gate.set()
    view.join()
    assert not view.check_button.disabled and not view.solve_button.disabled
    assert view.bar.layout.visibility == "hidden"


def test_learner_text_and_engine_text_are_escaped():
    view = make()
    view.answer.value = "<img src=x onerror=alert(1)>"
    view.check_button.click()
    view.join()
    assert "<img" not in view.result_panel.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.result_panel.value
    assert "Say &lt;yes&gt;" in view.header.value


def test_hints_come_one_tier_at_a_time_and_never_as_raw_html():
    view = make()
    assert view.hint_button.description == "Hint 1 of 3"
    assert view.hint_panel.value == ""
    view.hint_button.click()
    assert "Hint 1" in view.hint_panel.value and "Hint 2" not in view.hint_panel.value
    assert "<script>" not in view.hint_panel.value
    view.hint_button.click()
    view.hint_button.click()
    assert "<strong>yes</strong>" in view.hint_panel.value
    assert view.hint_button.disabled and view.hint_button.description == "No more hints"
    assert "Hint 3: Type **yes**" in view.text()


def test_solve_feeds_the_progress_bar_then_shows_the_result():
    step = Echo()
    view = make(step)
    seen = []
    original = view.on_progress

    def spy(progress):
        original(progress)
        seen.append((view.bar.bar_style, view.bar.value, view.status_text))

    view.on_progress = spy
    view.solve_button.click()
    view.join()
    assert step.solved == 1
    assert seen[0][0] == "info" and "…" in seen[0][2]  # no totals: indeterminate, words
    assert seen[1][1] == pytest.approx(0.5) and "50%" in seen[1][2]
    assert view.result.outcome is Outcome.PASS


def test_engine_errors_and_bugs_reach_the_learner_as_words():
    problem = Problem("engine-not-running", "No Docker engine answers.", "Start Docker Desktop.")

    def broken(answer):
        raise EngineError(problem)

    view = make(check=broken)
    view.check_button.click()
    view.join()
    assert view.result.outcome is Outcome.ERROR
    assert "Start Docker Desktop." in view.result_panel.value

    def buggy(answer):
        raise KeyError("oops")

    view = make(check=buggy)
    view.check_button.click()
    view.join()
    assert view.result.outcome is Outcome.ERROR
    assert "KeyError" in view.result_panel.value


def test_no_answer_box_when_the_step_needs_none():
    view = make(Plain())
    assert view.answer is None
    view.check_button.click()
    view.join()
    assert view.result.outcome is Outcome.FAIL
    assert "Next: Say yes." in view.result_panel.value


def test_simulated_engine_is_marked_on_the_widget_and_in_text():
    view = make(mark="simulated: docker-desktop-wsl2")
    assert "simulated: docker-desktop-wsl2" in view.header.value
    assert "[simulated: docker-desktop-wsl2]" in view.text()
    real = make()
    assert "simulated" not in real.header.value


def test_mimebundle_has_the_widget_and_the_text_twin():
    view = make()
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("Step: Say <yes> (echo)")


def test_course_progress_shows_icons_words_and_where_each_result_came_from():
    lines = [
        Line("engine", "Engine", "✔", "Passed", "your engine"),
        Line("run-ubuntu", "Run", "✔", "Solved for you", "your engine", "Not yet, 2026-12-01"),
        Line("windows-engine", "Win", "✔", "Passed", "⚠ simulated: windows-server-2022"),
        Line("nanoserver", "Nano", "○", "Not checked yet", "your engine"),
    ]
    view = progress_view(lines, 2, 8)
    bar = view.widget.children[0]
    assert (bar.value, bar.max) == (2, 8)
    text = str(view)
    assert text.splitlines()[0] == "Course progress: 2 of 8 steps done"
    assert "Solved for you" in text and "(latest: Not yet, 2026-12-01)" in text
    assert "⚠ simulated: windows-server-2022" in view.widget.children[1].value
    assert progress_text([], 0, 0) == "Course progress: 0 of 0 steps done"


def test_a_prediction_has_no_do_it_for_me():
    class Prediction(Echo):
        can_solve = False

    view = make(Prediction())
    assert view.solve_button not in view.widget.children[3].children
    other = make()
    assert other.solve_button in other.widget.children[3].children


QUESTIONS = [
    {"question": "1+1?", "options": ["1", "2"], "answer": 1, "why": "Arithmetic."},
    {"question": "<b>bold</b>?", "options": ["a", "b"], "answer": 0, "why": "Because."},
]


def test_quiz_is_graded_in_python_and_escaped():
    quiz = QuizView(QUESTIONS)
    quiz.choices[0].value = "2"
    quiz.button.click()
    assert quiz.score == 1
    assert "1 of 2 right." in quiz.feedback.value
    assert "Not answered" in quiz.feedback.value
    assert "&lt;b&gt;bold&lt;/b&gt;" in quiz.widget.children[2].value
    assert quiz.answer(2, 1).startswith("2 of 2 right.")
    assert "   2) 2" in quiz.text()


def test_check_result_text_is_what_the_panel_says():
    result = CheckResult("echo", Outcome.NOT_APPLICABLE, "Linux engine.")
    view = make()
    view.show(result)
    assert "– Does not apply here" in view.result_panel.value


def test_answer_prompt_markdown_is_rendered_safely():
    class Prompted(Echo):
        answer_prompt = "Paste what `uname -a` printed <script>x</script>"

    view = make(Prompted())
    assert "<code>uname -a</code>" in view.prompt.value
    assert "<script>" not in view.prompt.value


def test_quiz_and_doctor_carry_the_simulated_mark_too(wintut_home):
    from wintut.session import current
    from wintut.views.doctor import doctor_view

    engine = FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022")
    quiz = QuizView(QUESTIONS, "simulated: windows-server-2022")
    assert "⚠ simulated: windows-server-2022" in quiz.widget.children[0].value
    assert "[simulated: windows-server-2022]" in quiz.text()
    page = doctor_view(lambda: current().diagnose(engine), []).widget.children[0].value
    assert "⚠ simulated: windows-server-2022" in page
    assert "<summary>Sources</summary>" in page and "/info/KernelVersion" in page
    assert "simulated" not in QuizView(QUESTIONS).text()
