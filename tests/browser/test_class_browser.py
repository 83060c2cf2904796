"""The room view in a real browser: Debian's Chromium through Playwright, against a real hub.

A ``wintut class demo`` hub (dummy logins; SimpleLocalProcessSpawner, so demo learners share
the test's uid; no learner server is needed here) gets results from three learners, sent with
each learner's own hub token to the real service. The teacher logs in through the hub's form,
opens the service (the OAuth dance), and sees icons and words, the simulated mark, the stuck
learner first and the time since each last result; a new result appears without anyone
pressing anything (the page reloads itself); the CSV downloads. A learner who opens the page
gets 403. The screenshot goes to ``$TMPDIR/wintut-class-room.png`` (INSTRUCTOR.md shows one).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import unavailable
from tests.integration.classhub import need_class_parts

pytestmark = [pytest.mark.browser, getattr(pytest.mark, "class"), pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SCREENSHOT = Path(tempfile.gettempdir()) / "wintut-class-room.png"
REFRESH = 2


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    need_class_parts()
    from wintut.classroom.demo import Demo

    hub = Demo(tmp_path_factory.mktemp("class-browser"), learners=3, refresh=REFRESH)
    try:
        hub.start()
        yield hub
    finally:
        hub.stop()


def _send(demo, token, step, outcome, minutes_ago=0.0, source="simulated:docker-desktop-wsl2"):
    at = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    record = {
        "step": step,
        "outcome": outcome,
        "reason": f"{step}: {outcome}",
        "at": at.isoformat(timespec="seconds"),
        "source": source,
        "solved": False,
    }
    status, answer = demo.http("POST", demo.service_url + "api/results", record, token=token)
    assert status == 201, (status, answer)


def _log_in(browser, demo, name):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(demo.url + "hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", "any-password")
    page.click("#login_submit")
    page.wait_for_url("**/hub/**")
    return context, page


def test_the_teacher_sees_the_room_refresh_itself_and_exports_csv(browser, demo):
    ann, bob, cat = demo.learner_names
    tokens = {name: demo.token_for(name) for name in demo.learner_names}
    _send(demo, tokens[ann], "engine", "pass", minutes_ago=30)
    _send(demo, tokens[ann], "run-ubuntu", "pass", minutes_ago=3)
    _send(demo, tokens[bob], "engine", "fail", minutes_ago=25, source="real")
    _send(demo, tokens[bob], "engine", "error", minutes_ago=12, source="real")
    _send(demo, tokens[cat], "engine", "pass", minutes_ago=1)
    context, page = _log_in(browser, demo, "teacher")
    try:
        page.goto(demo.service_url)
        rows = page.locator("#room tbody tr")
        assert rows.first.get_attribute("data-learner") == bob  # stuck first
        assert "stuck on engine for 25 min" in rows.first.inner_text()
        assert "⚠ Could not check (real)" in rows.first.inner_text()
        ann_row = page.locator(f'tr[data-learner="{ann}"]')
        assert "✔ Passed (simulated)" in ann_row.inner_text()
        assert "3 min ago" in ann_row.inner_text()
        page.screenshot(path=str(SCREENSHOT), full_page=True)

        # Nobody touches the page: the next result shows up on its own.
        _send(demo, tokens[cat], "find-kernel", "fail")
        cat_row = page.locator(f'tr[data-learner="{cat}"]')
        cat_row.filter(has_text="✖ Not yet (simulated)").wait_for(timeout=REFRESH * 5 * 1000)

        with page.expect_download() as download:
            page.click("text=Download CSV")
        csv_text = Path(download.value.path()).read_text(encoding="utf-8")
        assert csv_text.splitlines()[1].startswith(f"{bob},engine,error,")
        assert f"{cat},find-kernel,fail," in csv_text
    finally:
        context.close()
    keep = os.environ.get("WINTUT_CLASS_SCREENSHOT")
    if keep:  # to refresh the picture in INSTRUCTOR.md
        shutil.copy(SCREENSHOT, keep)


def test_a_learner_who_opens_the_room_view_gets_403(browser, demo):
    context, page = _log_in(browser, demo, demo.learner_names[0])
    try:
        answer = page.goto(demo.service_url)
        assert answer is not None and answer.status == 403
        assert "instructors' group only" in page.inner_text("body")
    finally:
        context.close()
