"""One real browser: JupyterLab renders the course's widgets and a check passes from the page.

It starts JupyterLab on loopback (token off, a temporary root holding a copy of the notebooks,
``windowingMode: none`` so every cell stays in the DOM), opens ``02-whose-kernel`` in Debian's
Chromium through Playwright, runs all cells, pastes a true ``uname -a`` into the answer box,
clicks Check, and reads the pass from the page. Waits are on kernel state and widget text,
never fixed sleeps. A screenshot goes to ``$TMPDIR/wintut-browser-02.png``.

The true ``uname -a`` comes from a container the test runs itself through wintut's Engine, the
same engine the notebook's kernel uses.

A second test picks a prediction in the same notebook, keeps it from the page, re-runs the
cell that shows it beside what the engine showed, and reads "✔ As you predicted." (screenshots
``wintut-browser-prediction.png`` and ``wintut-browser-predict.png`` beside the first).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import unavailable

pytestmark = [pytest.mark.browser, pytest.mark.docker]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOT = Path(tempfile.gettempdir()) / "wintut-browser-02.png"


@pytest.fixture(scope="module")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        yield p


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_server(url: str, process: subprocess.Popen, log: Path, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "api/status", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling a starting server, not waiting on the UI
    pytest.fail(f"JupyterLab did not answer in {limit} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    settings = tmp_path_factory.mktemp("lab-settings")
    (settings / "overrides.json").write_text(
        json.dumps(
            {
                "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
                "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"},
            }
        )
    )
    port = _free_port()
    from wintut.lab import active_registry

    # The kernel gets a private WINTUT_HOME, where no lab state lives: name the lab, if one is up.
    lab_registry = active_registry()
    env = dict(
        os.environ,
        WINTUT_ASSETS=str(REPO / "assets"),
        WINTUT_HOME=str(tmp_path_factory.mktemp("wintut-home")),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path_factory.mktemp("user-settings")),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path_factory.mktemp("workspaces")),
        JUPYTER_CONFIG_DIR=str(tmp_path_factory.mktemp("jupyter-config")),
    )
    if lab_registry:
        env["WINTUT_LAB_REGISTRY"] = lab_registry
    log = root / "lab.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                "--IdentityProvider.token=",
                "--ServerApp.password=",
                "--ServerApp.allow_root=True",  # CI containers run as root
                f"--ServerApp.root_dir={root}",
                f"--LabApp.app_settings_dir={settings}",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for_server(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def true_uname(real_engine) -> str:
    """``uname -a`` as a container on this engine really prints it."""
    from wintut.images import pull, resolve

    image = resolve("ubuntu")
    if real_engine.inspect_image(image) is None:
        pull("ubuntu", real_engine)
    result = real_engine.run(image, ["uname", "-a"], step="browser-test", timeout=60)
    line = result.output.strip().splitlines()[0]
    assert result.exit_code == 0 and line.startswith("Linux"), result.output
    return line


def _run_all_finished(page, timeout_ms: float) -> None:
    """Wait until the last code cell has run, or a cell failed (Run All stops there)."""
    page.wait_for_function(
        """() => {
            // the closing self-test cell has its input hidden, and with it its input prompt:
            // read the last code cell's input and output prompts together
            const cells = [...document.querySelectorAll('.jp-CodeCell')];
            const last = cells[cells.length - 1];
            const prompts = last === undefined ? [] : [
                ...last.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt')
            ];
            const ran = prompts.some(p => /\\[\\d+\\]/.test(p.textContent));
            const stderr = '[data-mime-type="application/vnd.jupyter.stderr"]';
            const failed = document.querySelector(stderr);
            return failed !== null || ran;
        }""",
        timeout=timeout_ms,
    )
    errors = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    assert not errors, "a notebook cell failed in the browser:\n" + "\n".join(errors)


def test_find_kernel_passes_from_the_page(playwright_api, lab, real_engine):
    uname = true_uname(real_engine)
    browser = playwright_api.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(lab + "lab/tree/notebooks/02-whose-kernel.ipynb")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        # the kernel is started and idle (clicking Run All earlier is silently lost)
        page.get_by_text("Python 3 (ipykernel) | Idle").first.wait_for(timeout=90_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        _run_all_finished(page, 180_000)

        panel = page.locator(".jupyter-widgets").filter(has_text="Step:")
        panel.first.wait_for(timeout=30_000)
        box = page.locator(".widget-textarea textarea").first
        box.fill(uname)
        # the icon's glyph is part of the accessible name, so match the button's own text
        check = page.locator("button.widget-button").filter(has_text=re.compile(r"^\s*Check\s*$"))
        check.first.click()
        passed = page.locator(".widget-html").filter(has_text="✔ Passed")
        passed.first.wait_for(timeout=90_000)
        text = passed.first.inner_text()
        passed.first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        assert "Passed" in text
        assert "Details (what the check read)" in text  # evidence one click away, rendered
    finally:
        browser.close()


def test_a_prediction_is_kept_from_the_page_and_shown_after_the_step(playwright_api, lab):
    browser = playwright_api.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(lab + "lab/tree/notebooks/02-whose-kernel.ipynb")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").first.wait_for(timeout=90_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        # only the cells up to the finding matter here (the closing self-test is another test's)
        widget = page.locator(".jupyter-widgets").filter(has_text="Predict first.")
        widget.first.wait_for(timeout=180_000)
        # this engine is Docker Engine on Linux: the host's own kernel is the right answer
        widget.first.get_by_text("My computer's own Linux kernel", exact=False).click()
        keep = page.locator("button.widget-button").filter(has_text="Keep my prediction")
        keep.first.click()
        page.locator(".widget-html").filter(has_text="✔ Kept:").first.wait_for(timeout=30_000)
        widget.first.screenshot(path=str(SCREENSHOT.with_name("wintut-browser-prediction.png")))

        cell = page.locator(".jp-CodeCell").filter(has_text='predicted("whose-kernel")').first
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        shown = cell.locator(".jp-OutputArea-output").filter(has_text="You predicted:")
        shown.first.wait_for(timeout=60_000)
        text = shown.first.inner_text()
        page.screenshot(path=str(SCREENSHOT.with_name("wintut-browser-predict.png")))
        assert "My computer's own Linux kernel" in text and "✔ As you predicted." in text
    finally:
        browser.close()
