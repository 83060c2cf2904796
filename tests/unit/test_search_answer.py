"""The search step's answer box takes the whole command as typed, or just its term."""

from __future__ import annotations

import pytest

from tests.unit.test_steps_linux import search_engine
from wintut.results import Outcome
from wintut.steps import get
from wintut.steps.search_microsoft import search_term


@pytest.mark.parametrize(
    ("typed", "term"),
    [
        ("microsoft", "microsoft"),
        ("  microsoft \n", "microsoft"),
        ("docker search microsoft", "microsoft"),
        ("$ docker search microsoft", "microsoft"),
        ("`docker search microsoft`", "microsoft"),
        ("docker image search microsoft", "microsoft"),
        ("docker.exe search --limit 5 microsoft", "microsoft"),
        ("docker search --no-trunc --filter stars=3 microsoft", "microsoft"),
        ("docker search 127.0.0.1:5381/microsoft", "127.0.0.1:5381/microsoft"),
        ('docker search "microsoft"', "microsoft"),
        ("docker search", ""),
        ("docker search --limit 5", ""),
        ('docker search "microsoft', "microsoft"),  # unclosed quote: plain words
    ],
)
def test_search_term_from_what_was_typed(typed, term):
    assert search_term(typed) == term


def test_a_sentence_with_search_in_it_is_taken_as_it_is():
    assert search_term("I did search microsoft") == "I did search microsoft"


def test_check_accepts_the_whole_command():
    result = get("search-microsoft").check(search_engine(), "docker search microsoft")
    assert result.outcome is Outcome.PASS
    assert result.evidence["term"] == "microsoft"


def test_a_command_without_a_term_is_not_attempted():
    result = get("search-microsoft").check(search_engine(), "docker search")
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "paste the command" in (result.fix or "")
