"""Every notebook in a real JupyterLab on this machine's engine and lab, as a learner uses it.

For each notebook: Run All, then in every step panel press Hint, Check and "Do it for me" and
wait for the words each one brings (never a fixed sleep). The keyboard alone reaches every
button (Tab), and Enter and Space press them. Results arrive in a lasting aria-live region.
Screenshots of a pass, a "not yet" with its hint, the doctor and the progress view go to
docs/images/ when WINTUT_SCREENSHOTS=1 (they are committed; a normal run leaves them alone).
"""

from __future__ import annotations

import os
import re

import pytest

from tests.browser.conftest import lab_registry
from tests.browser.jupyter import (
    LABELS,
    NOTEBOOKS,
    REPO,
    button,
    open_notebook,
    result_of,
    run_all,
    shut_kernels,
    step_panels,
    tracebacks,
    wait_for_result,
    watch_work,
    work_done,
)

pytestmark = [pytest.mark.browser, pytest.mark.docker]

IMAGES = REPO / "docs" / "images"
SHOOT = os.environ.get("WINTUT_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def course(labs, real_engine):
    url, _ = labs("course", WINTUT_LAB_REGISTRY=lab_registry())
    return url


def _focused_text(page) -> str:
    return page.evaluate("() => (document.activeElement && document.activeElement.innerText) || ''")


def _tab_to(page, wanted: str, limit: int = 40) -> None:
    """Press Tab until the focused element says ``wanted`` (the keyboard alone gets there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused_text(page).strip() == wanted:
            return
    pytest.fail(f"Tab never reached the button “{wanted}”")


def _shoot(locator, name: str) -> None:
    if SHOOT:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(IMAGES / name))


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_each_step_answers_check_hint_and_do_it_for_me(page, course, notebook):
    open_notebook(page, course, notebook)
    try:
        run_all(page)
        assert not tracebacks(page), tracebacks(page)
        panels = step_panels(page)
        for index in range(panels.count()):
            panel = panels.nth(index)
            panel.scroll_into_view_if_needed()
            region = result_of(panel)
            assert "Not checked yet" in region.inner_text()  # Run All did no step for them

            # keyboard: Tab from the panel's title reaches each button; Enter gives a hint
            panel.locator(".widget-html", has_text="Step:").first.click()
            hint = panel.locator("button.widget-button").filter(has_text=re.compile("Hint|hints"))
            hints_before = panel.locator(".wintut-hint").count()
            if hint.first.is_enabled():
                _tab_to(page, hint.first.inner_text().strip())
                page.keyboard.press("Enter")
                panel.locator(".wintut-hint").nth(hints_before).wait_for(timeout=10_000)

            # Space on Check gives a result
            panel.locator(".widget-html", has_text="Step:").first.click()
            _tab_to(page, "Check")
            page.keyboard.press("Space")
            checked = wait_for_result(panel, "○ Not checked yet.")
            assert any(label in checked for label in LABELS)
            assert "Solved for you" not in checked

            solve = button(panel, "Do it for me")
            if solve.count():
                panel.locator(".widget-html", has_text="Step:").first.click()
                _tab_to(page, "Do it for me")
                check = watch_work(panel)
                page.keyboard.press("Enter")
                solved = work_done(panel, check)
                assert any(label in solved for label in LABELS)
                assert "✔ Passed" not in solved, "a pass after Do it for me must say so"
        assert not tracebacks(page), tracebacks(page)
    finally:
        shut_kernels(course)


def _output_with(page, text: str):
    return page.locator(".jp-OutputArea-output").filter(has_text=text).first


def test_screenshots_of_a_pass_a_not_yet_the_doctor_and_progress(page, course, tmp_path):
    """The README's pictures, from a real run: with WINTUT_SCREENSHOTS=1 into docs/images/."""
    folder = IMAGES if SHOOT else tmp_path
    open_notebook(page, course, "00-before-you-start")
    try:
        run_all(page)
        doctor = _output_with(page, "Python side")
        doctor.screenshot(path=str(folder / "doctor.png"))
        panel = step_panels(page).first
        check = watch_work(panel)
        button(panel, "Check").first.click()
        assert "✔ Passed" in work_done(panel, check)
        panel.screenshot(path=str(folder / "step-passed.png"))
    finally:
        shut_kernels(course)
    open_notebook(page, course, "02-whose-kernel")
    try:
        run_all(page)
        panel = step_panels(page).first
        panel.locator(".widget-textarea textarea").first.fill("Linux box 1.0-not-this-kernel")
        check = watch_work(panel)
        button(panel, "Check").first.click()
        assert "✖ Not yet" in work_done(panel, check)
        panel.locator("button.widget-button").filter(has_text="Hint 1").first.click()
        panel.locator(".wintut-hint").first.wait_for(timeout=10_000)
        panel.screenshot(path=str(folder / "step-not-yet-hint.png"))
    finally:
        shut_kernels(course)
    open_notebook(page, course, "06-what-is-a-container")
    try:
        run_all(page)
        progress = _output_with(page, "Course progress")
        text = progress.inner_text()
        assert "Passed" in text and "Not yet" in text  # what this test did, nothing else
        progress.screenshot(path=str(folder / "progress.png"))
    finally:
        shut_kernels(course)


def test_the_quiz_is_a_radio_group_the_arrow_keys_move(page, course):
    open_notebook(page, course, "06-what-is-a-container")
    try:
        run_all(page)
        groups = page.locator("[role='radiogroup']")
        assert groups.count() >= 2
        first = groups.first
        radios = first.locator("input[type='radio']")
        names = {radios.nth(i).get_attribute("name") for i in range(radios.count())}
        assert len(names) == 1  # one group: Tab enters once, arrows move inside
        radios.first.focus()
        page.keyboard.press("Space")
        assert radios.first.is_checked()
        page.keyboard.press("ArrowDown")
        assert radios.nth(1).is_checked() and not radios.first.is_checked()
        page.keyboard.press("Tab")  # leaves the group for the next one, not the next option
        focused = page.evaluate("() => document.activeElement.name")
        assert focused != radios.first.get_attribute("name")
        feedback = page.locator(".wintut-live[aria-live='polite']").last
        page.locator("button.widget-button", has_text="Check my answers").first.click()
        page.wait_for_function(
            "(el) => el.textContent.includes('right.')", arg=feedback.element_handle()
        )
        first_answer = feedback.locator("li").first.inner_text()
        assert "Not answered" not in first_answer  # the arrow key's pick reached Python
    finally:
        shut_kernels(course)
