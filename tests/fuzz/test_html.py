"""Fuzz the HTML the learner sees: CheckResult._repr_html_, every view, hints' markdown.

Whatever the payload (script, attributes, ANSI, NUL, surrogates, huge pastes), the page gets only
markup wintut writes, and the payload's words come out as text a reader sees.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import payloads
from tests.fuzz.html_check import assert_only_markup_of_ours
from wintut.errors import Problem
from wintut.markdown import render as render_markdown
from wintut.results import CheckResult, Outcome
from wintut.steps import all_steps
from wintut.views.common import badge_html, notices_html
from wintut.views.doctor import doctor_html
from wintut.views.progress import Line, progress_view
from wintut.views.quiz import QuizView
from wintut.views.step import StepView

pytestmark = pytest.mark.fuzz

text = payloads.text
problems = st.builds(Problem, text, text, text, text, st.booleans())
results = st.builds(
    CheckResult,
    st.sampled_from([s.id for s in all_steps()]) | text,
    st.sampled_from(Outcome),
    text,
    st.dictionaries(text, payloads.json_value, max_size=4),
    text,
    st.none() | problems,
    st.booleans(),
)


def _visible(page: str) -> str:
    return " ".join(assert_only_markup_of_ours(page).split())


def _words(value: str) -> str:
    """What a reader sees of ``value``: HTML collapses white space (and `x` loses its ticks)."""
    return " ".join(value.split())


@given(results)
def test_a_result_shows_every_payload_as_text(result):
    page = result._repr_html_()
    seen = _visible(page)
    assert _words(result.reason) in seen
    assert result.label in seen and result.outcome.icon in seen
    str(result), result.to_json()


@given(st.one_of(text, st.just("")))
def test_the_simulated_badge_and_notices_are_escaped(mark):
    assert _words(mark) in _visible(badge_html(mark))
    assert _words(mark) in _visible(notices_html([mark, mark]))


@functools.cache
def _step_view(index: int) -> StepView:
    """One view per step for the whole run: building widgets costs 20 ms, and the header's
    mark and notices are the badge and notices above (each example shows a new result)."""
    step = all_steps()[index]
    hostile = payloads.HOSTILE[0] + payloads.HOSTILE[1]
    view = StepView(step, check=lambda a: None, solve=lambda p: None, mark=hostile,
                    notices=[hostile])  # fmt: skip
    assert _words(hostile) in _visible(view.header.value)
    return view


@given(st.integers(0, len(all_steps()) - 1), text, results)
def test_the_step_view_shows_results_and_hints_escaped(index, status, result):
    view = _step_view(index)
    view.show(result)
    assert _words(result.reason) in _visible(view.result_panel.value)
    view._set_status(status)  # a progress line quotes the engine
    assert _words(status) in _visible(view.status.value)
    view.next_hint()
    assert_only_markup_of_ours(view.hint_panel.value)
    view.text()


lines = st.builds(Line, text, text, text, text, text, text)


@given(st.lists(lines, max_size=6), st.integers(-5, 20), st.integers(-5, 20), text)
def test_the_progress_view_escapes_every_line(rows, done, total, mark):
    view = progress_view(rows, done, total, mark)
    body = view.widget.children[1].value
    seen = _visible(body)
    for row in rows:
        assert _words(row.step) in seen and _words(row.title) in seen
    str(view)


def _report(data, ready, simulated):
    return SimpleNamespace(to_dict=lambda: data, ready=ready, simulated=simulated)


reports = st.builds(
    lambda endpoint, source, reachable, version, kernel, sim, kind, problems, ready: _report(
        {
            "engine": {
                "endpoint": endpoint,
                "endpoint_source": source,
                "reachable": reachable,
                "server_version": version,
                "os_type": version,
                "kernel": kernel,
            },
            "simulated": sim,
            "host": {"kind": kind, "title": kernel, "explanation": endpoint},
            "python": {"versions": {"docker": version, kernel: None}, "widget_extension": kind},
            "problems": [p.to_dict() for p in problems],
        },
        ready,
        bool(sim),
    ),
    text,
    text,
    st.booleans(),
    text,
    text,
    st.none()
    | st.builds(
        lambda profile, title, sources, everything: {
            "profile": profile,
            "title": title,
            "sources": sources,
            "all_sources": everything,
        },
        text,
        text,
        st.dictionaries(text, text, max_size=3),
        text,
    ),
    text,
    st.lists(problems, max_size=3),
    st.booleans(),
)


@given(reports)
def test_the_doctor_escapes_every_field(report):
    data = report.to_dict()
    seen = _visible(doctor_html(report))
    assert _words(data["engine"]["endpoint"]) in seen
    for problem in data["problems"]:
        assert _words(problem["message"]) in seen


questions = st.lists(
    st.builds(
        lambda question, options, pick, why: {
            "question": question,
            "options": list(dict.fromkeys(options)),
            "answer": pick % len(dict.fromkeys(options)),
            "why": why,
        },
        text,
        st.lists(text, min_size=1, max_size=4),
        st.integers(0, 3),
        text,
    ),
    min_size=1,
    max_size=3,
)


@given(questions, st.data())
def test_the_quiz_escapes_questions_and_feedback(qs, data):
    quiz = QuizView(qs)
    for question, choice in zip(qs, quiz.choices, strict=True):
        choice.value = data.draw(st.none() | st.sampled_from(question["options"]))
    quiz.check()
    seen = _visible(quiz.feedback.value)
    for question in qs:
        assert _words(question["why"]) in seen
    quiz.text()


@given(text)
def test_markdown_keeps_raw_html_out(source):
    """Markdown renders the course's own text (prompts, hints, quiz), never a learner's paste,
    so no huge paste here: markdown-it reads about 30 µs a character of ``[[[…``, linearly."""
    assert_only_markup_of_ours(render_markdown(source))
