"""Evidence and "Next:" lines read as words, not as Python values or literal backticks."""

from __future__ import annotations

import html

from wintut.plain import code_spans, evidence_value
from wintut.results import CheckResult, Outcome


def test_lists_and_dicts_read_as_words():
    assert evidence_value(["linux/amd64", "linux/arm64/v8"]) == "linux/amd64, linux/arm64/v8"
    assert evidence_value([]) == "none"
    assert evidence_value({"os": "windows", "builds": [14393, 17763]}) == (
        "os: windows; builds: 14393, 17763"
    )
    assert evidence_value(20348) == "20348"


def test_code_spans_stay_escaped():
    text = code_spans(html.escape("Run `docker search <b>x</b>` now"))
    assert text == "Run <code>docker search &lt;b&gt;x&lt;/b&gt;</code> now"


def test_a_result_shows_words_in_text_and_html():
    result = CheckResult(
        "iis-failure",
        Outcome.PASS,
        "Refused.",
        evidence={"platforms": ["windows/amd64 10.0.17763"], "entries for this engine": []},
        fix="Run `docker pull x`.",
    )
    assert "platforms: windows/amd64 10.0.17763\n" in str(result) + "\n"
    assert "entries for this engine: none" in str(result)
    assert "['" not in str(result)
    page = result._repr_html_()
    assert "Next: Run <code>docker pull x</code>." in page
    assert "`" not in page and "[&#x27;" not in page


def test_an_old_engine_api_is_one_line_not_invalidversion():
    from wintut.course_looks import problem_line
    from wintut.errors import EngineError, Problem

    old = EngineError(
        Problem(
            "engine-refused",
            "The engine refused the request.",
            "Read the details.",
            "InvalidVersion: inspect_distribution is not available for version < 1.30",
        )
    )
    line = problem_line(old)
    assert "InvalidVersion" not in line and "\n" not in line
    assert "older than 1.30" in line


def test_the_daemons_words_replace_the_request_url():
    from wintut.course_looks import problem_line
    from wintut.errors import EngineError, Problem

    class Cause(Exception):
        explanation = "not recorded on this simulated host: search microsoft"

    error = EngineError(
        Problem(
            "not-recorded", "No recording.", "Try another host.", "404 Client Error for http://x"
        )
    )
    error.__cause__ = Cause()
    line = problem_line(error)
    assert "http://" not in line
    assert line.endswith("engine said: not recorded on this simulated host: search microsoft")
