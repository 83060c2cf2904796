"""Hostile answers, through the session (what the widgets call) on the private dockerd and
through the real CLI: shell, HTML, ANSI, NUL, non-UTF-8 and a 5 MB paste never crash a check,
are never executed, and come back escaped (HTML) and stripped (terminal controls), capped."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.helpers import no_traceback
from wintut.results import Outcome
from wintut.session import Session

PWNED = Path("/tmp/wf-hostile-pwned")
PAYLOADS = {
    "shell": f"$(touch {PWNED}) `touch {PWNED}`; touch {PWNED} | sh -c 'touch {PWNED}'",
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "ansi": "\x1b[2J\x1b[31mLinux\x1b[0m \x1b]0;owned\x07 5.15",
    "nul": "Linux a\x00b 6.1.0 \x00",
    "non-utf-8": "Linux \udcff\udcfe 6.1",  # what Python makes of undecodable argv bytes
    "5 MB": "Linux " + "A" * (5 * 1024 * 1024),
}


@pytest.fixture(autouse=True)
def nothing_ran():
    PWNED.unlink(missing_ok=True)
    yield
    assert not PWNED.exists(), "an answer was executed"


@pytest.mark.fault("hostile")
@pytest.mark.parametrize("name", list(PAYLOADS))
@pytest.mark.parametrize("step", ["find-kernel", "isolation"])
def test_a_hostile_answer_is_checked_not_run_and_shown_escaped(dockerd, learner, row, name, step):
    session = Session(env={"WINTUT_SIMULATE": "none", "DOCKER_HOST": dockerd.url})
    result = session.check(step, PAYLOADS[name])
    assert result.outcome is not Outcome.PASS
    text, shown = str(result), result._repr_html_()
    for raw in ("<script", "<img", "\x1b", "\x00"):
        assert raw not in shown  # the HTML the notebook renders
    assert "\x1b" not in text and "\x00" not in text  # the terminal's text
    assert html.escape("<script>") in shown or "script" not in shown  # echoed only escaped
    assert len(text) < 50_000 and len(shown) < 100_000, "an answer is echoed capped"
    assert dockerd.wintut_containers() == []
    row.counted(f"{step}: {result.outcome.value}, text {len(text)} chars, HTML {len(shown)}")
    row.seen = " ".join(text.split())[:160]


@pytest.mark.fault("hostile")
def test_non_utf_8_bytes_on_the_command_line_give_one_line(dockerd, learner, row):
    argv = [sys.executable.encode(), b"-m", b"wintut", b"check", b"find-kernel", b"--answer"]
    done = subprocess.run(
        [*argv, b"Linux \xff\xfe\x1b[31m <b>x</b> $(touch " + bytes(PWNED) + b")"],
        capture_output=True,
        env={**learner, "LC_ALL": "C.UTF-8"},
        timeout=60,
        check=False,
    )
    out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    no_traceback(out, err)
    assert "\x1b" not in out
    assert done.returncode in (1, 2)
    assert os.path.exists(PWNED) is False
    row.seen = out.splitlines()[0][:200]
