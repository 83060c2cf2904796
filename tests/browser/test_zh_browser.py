"""The Chinese edition in a real JupyterLab and Chromium (issue 14): 00 and 02 in Chinese.

The kernels run in ``notebooks/zh-CN/``, so the course picks Chinese by itself (no WINTUT_LANG),
on a simulated host (``WINTUT_SIMULATE``: the same answers on every machine, no engine needed).
The test reads what a learner reads: the doctor's report, the engine step's pass, and the
find-kernel step's "not yet" after a wrong paste, with its hint. Each must be Chinese, use the
glossary's labels, and leave no English beyond what may stay (tests/zh_text.py). Screenshots
go to docs/images/ with WINTUT_SCREENSHOTS=1 (else to the test's temporary folder), so a
reviewer can see the characters render (Debian's fonts-noto-cjk; .ci/run installs it).
With the JupyterLab language pack installed (``pip install "wintut[zh]"``), JupyterLab's own
menus are checked in Chinese too.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re

import pytest

from tests.browser.conftest import NO_ENGINE
from tests.browser.jupyter import (
    REPO,
    ZH_LABELS,
    ZH_NOTEBOOKS,
    button,
    open_notebook,
    result_of,
    run_all,
    serve,
    shut_kernels,
    step_panel,
    tracebacks,
    wait_for_result,
    watch_work,
    work_done,
)
from tests.conftest import unavailable
from tests.zh_text import english_runs, has_chinese
from wintut import glossary

pytestmark = pytest.mark.browser

PROFILE = "docker-desktop-wsl2"
"""Today's default Windows host: the engine step passes there, and find-kernel can be wrong."""
IMAGES = REPO / "docs" / "images"
SHOOT = os.environ.get("WINTUT_SCREENSHOTS") == "1"
TERMS = glossary.by_english(glossary.load("zh-CN"))
CHECK = TERMS["check (the button)"].choices[0]
RECHECK = TERMS["Re-check"].choices[0]
PASSED, _SOLVED, NOT_YET = ZH_LABELS[:3]
WRONG_KERNEL = "Linux box 1.0-not-this-kernel"


def zh(name: str) -> str:
    assert f"zh-CN/{name}" in ZH_NOTEBOOKS, name
    return f"zh-CN/{name}"


@pytest.fixture(scope="module")
def course_zh(labs):
    url, _ = labs(
        "zh-simulated",
        DOCKER_HOST=NO_ENGINE,
        WINTUT_SIMULATE=PROFILE,
        WINTUT_LAB_REGISTRY="none",
        WINTUT_LANG="",  # unset: the edition's folder chooses
    )
    return url


@pytest.fixture
def folder(tmp_path):
    return IMAGES if SHOOT else tmp_path


PROSE = """(el) => {
    // what the learner reads as sentences: code, commands and closed folds taken out
    const copy = el.cloneNode(true);
    copy.querySelectorAll('code, pre, kbd, samp').forEach(e => e.replaceWith(' '));
    copy.querySelectorAll('details:not([open])').forEach(fold => [...fold.childNodes]
        .filter(node => node.nodeName !== 'SUMMARY').forEach(node => node.remove()));
    copy.querySelectorAll('td, th, li, p, div, summary, br, button').forEach(e => e.append(' '));
    return copy.textContent;
}"""


def assert_chinese(locator, what: str) -> None:
    """The widget reads in Chinese, with no English left beyond what may stay."""
    text = locator.inner_text()
    assert has_chinese(text), f"{what} is not in Chinese:\n{text[:800]}"
    leaks = english_runs(locator.evaluate(PROSE))
    assert not leaks, f"English left in {what}: {leaks}\n{text[:800]}"


def test_00_in_chinese_the_doctor_and_the_engine_step(page, course_zh, folder):
    open_notebook(page, course_zh, zh("00-before-you-start"))
    try:
        run_all(page)
        assert not tracebacks(page), tracebacks(page)
        doctor = (
            page.locator(".jp-OutputArea-output")
            .filter(has=page.locator("table th"))
            .filter(has=button(page, RECHECK))
            .first
        )
        doctor.wait_for(timeout=60_000)
        report = doctor.inner_text()
        doctor.screenshot(path=str(folder / "zh-CN-doctor.png"))  # before the asserts: kept
        assert PROFILE in report  # the simulated host says it is one, in either language
        assert_chinese(doctor, "the doctor's report")

        panel = step_panel(page, "engine")
        panel.scroll_into_view_if_needed()
        check = watch_work(panel, CHECK)
        button(panel, CHECK).first.click()
        result = work_done(panel, check)
        panel.screenshot(path=str(folder / "zh-CN-step-passed.png"))
        assert PASSED in result, result
        assert_chinese(result_of(panel), "the engine step's result")
        assert not tracebacks(page), tracebacks(page)
    finally:
        shut_kernels(course_zh)


def test_02_in_chinese_a_wrong_kernel_is_not_yet_with_a_chinese_hint(page, course_zh, folder):
    open_notebook(page, course_zh, zh("02-whose-kernel"))
    try:
        run_all(page)
        assert not tracebacks(page), tracebacks(page)
        panel = step_panel(page, "find-kernel")
        panel.scroll_into_view_if_needed()
        before = result_of(panel).inner_text()
        panel.locator(".widget-textarea textarea").first.fill(WRONG_KERNEL)
        button(panel, CHECK).first.click()
        result = wait_for_result(panel, before, labels=ZH_LABELS)
        panel.screenshot(path=str(folder / "zh-CN-step-not-yet.png"))
        assert NOT_YET in result, result
        assert "1.0-not-this-kernel" in result  # the learner's own paste, quoted back
        assert_chinese(result_of(panel), "the find-kernel result")

        hint = panel.locator("button.widget-button").filter(has_text=re.compile(r"^\s*提示"))
        hint.first.click()
        panel.locator(".wintut-hint").first.wait_for(timeout=10_000)
        assert_chinese(panel.locator(".wintut-hint").first, "the first hint")
        panel.screenshot(path=str(folder / "zh-CN-step-not-yet-hint.png"))
        assert not tracebacks(page), tracebacks(page)
    finally:
        shut_kernels(course_zh)


def test_jupyterlab_itself_in_chinese_with_the_language_pack(page, tmp_path, folder):
    if importlib.util.find_spec("jupyterlab_language_pack_zh_CN") is None:
        unavailable('the JupyterLab language pack is not installed (pip install "wintut[zh]")')
    locale = {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    env = {"WINTUT_HOME": str(tmp_path / "home"), "DOCKER_HOST": NO_ENGINE}
    env |= {"WINTUT_SIMULATE": PROFILE, "WINTUT_LAB_REGISTRY": "none", "WINTUT_LANG": ""}
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(serve(tmp_path, env, overrides=locale))
        page.goto(url + f"lab/tree/notebooks/{zh('00-before-you-start')}.ipynb?reset")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        menus = page.locator(".lm-MenuBar-itemLabel")
        menus.first.wait_for(timeout=30_000)
        labels = menus.all_inner_texts()
        # JL-zh: File, Edit, Run, Kernel, Settings
        for label in ("文件", "编辑", "运行", "内核", "设置"):
            assert label in labels, labels
        page.screenshot(path=str(folder / "zh-CN-jupyterlab.png"))
        shut_kernels(url)
