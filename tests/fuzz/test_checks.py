"""Fuzz every step's check over the one fake of the Engine API (tests/engine_fake.py) with
random answers, the way a learner's answer reaches it: through ``answers.clean`` (as
:meth:`wintut.session.Session.check` does) into :func:`wintut.steps.run_check`.

A check may pass, fail or say it could not check; it may never raise, never echo a control
sequence or a whole huge paste, and its HTML shows every payload escaped.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.engine_fake import FakeEngineAPI
from tests.fuzz import payloads
from tests.fuzz.html_check import assert_only_markup_of_ours
from wintut.answers import ECHO_CHARS, MAX_CHARS, clean
from wintut.results import CheckResult, Outcome
from wintut.steps import STEP_IDS, run_check

pytestmark = pytest.mark.fuzz

ENGINES = ("test-linux", "docker-desktop-wsl2", "windows-server-2022", "windows-server-2025")


@functools.cache
def engine(name: str):
    """One fake per kind of host for the whole run: a fresh one per example would measure
    profile loading, not checks. A seeded ubuntu run gives run-ubuntu something to count."""
    fake = FakeEngineAPI.linux() if name == "test-linux" else FakeEngineAPI(name)
    return fake.engine(simulated=None if name == "test-linux" else name)


@given(st.sampled_from(STEP_IDS), st.sampled_from(ENGINES), payloads.answer)
def test_every_check_answers_any_paste_in_words(step_id, host, answer):
    result = run_check(step_id, clean(answer), engine(host), since=0.0)
    assert isinstance(result, CheckResult) and result.step == step_id
    assert isinstance(result.outcome, Outcome) and result.reason
    text = str(result)
    assert "\x1b" not in text and "\x00" not in text, "a control sequence was echoed"
    # the answer is quoted, never echoed whole: a 5 MB paste must not come back
    assert len(text) < MAX_CHARS + 20 * ECHO_CHARS + 5_000, len(text)
    assert_only_markup_of_ours(result._repr_html_())
    result.to_json()  # the CLI's --json
