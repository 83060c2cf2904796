"""A real JupyterLab for the browser suite, and what a learner does in it.

:func:`serve` starts JupyterLab on 127.0.0.1 (token off, its own settings, a copy of the
notebooks, ``windowingMode: none`` so every cell stays in the DOM) with the environment a test
gives its kernels. The page helpers wait on kernel state and on text, never on fixed sleeps.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from wintut import glossary

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb"))
ZH_NOTEBOOKS = [f"zh-CN/{name}" for name in NOTEBOOKS]
"""The Chinese edition, by the names :func:`open_notebook` takes (notebooks/zh-CN/…)."""
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LABELS = ("Passed", "Solved for you", "Not yet", "Could not check", "Not attempted")
LABELS += ("Does not apply here",)
"""Every result label a step panel can show (wintut.results)."""
ZH_LABELS = tuple(glossary.by_english(glossary.load("zh-CN"))[label].choices[0] for label in LABELS)
"""The same labels in the Chinese edition, as the glossary (术语表) gives them."""
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'


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


@contextlib.contextmanager
def serve(
    base: Path, env: dict[str, str], overrides: dict[str, dict[str, str]] | None = None
) -> Iterator[str]:
    """JupyterLab on loopback over a copy of the notebooks (both editions); yields its URL.
    ``env`` is added to the server's (so the kernels') environment: WINTUT_HOME, DOCKER_HOST,
    the lab… ``overrides`` are added to its overrides.json (JupyterLab's own language, say)."""
    root = base / "root"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    settings = base / "settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(
        json.dumps(
            {
                "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
                "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"},
                **(overrides or {}),
            }
        )
    )
    for name in ("user-settings", "workspaces", "jupyter-config"):
        (base / name).mkdir()
    full = dict(
        os.environ,
        WINTUT_ASSETS=str(REPO / "assets"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_CONFIG_DIR=str(base / "jupyter-config"),
    )
    full.pop("WINTUT_SELFTEST", None)  # a learner's run, never the course's self-test
    full.update(env)
    port = _free_port()
    log = base / "lab.log"
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
            env=full,
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


def shut_kernels(url: str) -> None:
    """End every kernel of the server (a notebook's kernel outlives its closed tab)."""
    with urllib.request.urlopen(url + "api/kernels", timeout=10) as answer:
        kernels = json.load(answer)
    for kernel in kernels:
        request = urllib.request.Request(url + f"api/kernels/{kernel['id']}", method="DELETE")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=10).close()


def open_notebook(page, url: str, name: str) -> None:
    """Open ``notebooks/NAME.ipynb`` and wait until its kernel is idle."""
    # ?reset: a fresh workspace, not the last tabs (a closed notebook whose kernel is gone)
    page.goto(url + f"lab/tree/notebooks/{name}.ipynb?reset")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    # clicking Run All before the kernel is idle is silently lost
    page.get_by_text("Python 3 (ipykernel) | Idle").first.wait_for(timeout=90_000)


def run_all(page, timeout_ms: float = 180_000) -> None:
    """Run All Cells from the menu, then wait until every code cell has run (or one failed,
    which stops Run All)."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        """(stderr) => {
            // a collapsed cell (the hidden self-test) shows an empty prompt
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent.trim()).filter(t => t !== '');
            const idle = document.body.innerText.includes('Python 3 (ipykernel) | Idle');
            const done = prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
            return (done && idle) || document.querySelector(stderr) !== null;
        }""",
        arg=STDERR,
        timeout=timeout_ms,
    )


def tracebacks(page) -> list[str]:
    """What learner-visible outputs show of an error: stderr and error outputs, tracebacks."""
    found = page.locator(STDERR).all_inner_texts()
    outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
    found += [text for text in outputs if "Traceback (most recent call last)" in text]
    return found


def step_panel(page, step_id: str):
    """The output of the ``wintut.step(step_id)`` cell, in either edition (the panel's title
    names the step id, which stays English)."""
    import re

    code = page.locator(".widget-html code", has_text=re.compile(rf"^{re.escape(step_id)}$"))
    return page.locator(".jp-OutputArea-output").filter(has=code).first


def step_panels(page):
    """The output of every ``wintut.step(...)`` cell."""
    return page.locator(".jp-OutputArea-output").filter(
        has=page.locator(".widget-html", has_text="Step:")
    )


def button(panel, text: str):
    """A panel's button by its own words (the icon's glyph is part of the accessible name)."""
    import re

    return panel.locator("button.widget-button").filter(has_text=re.compile(rf"^\s*{text}\s*$"))


def result_of(panel):
    """The panel's lasting aria-live result region."""
    return panel.locator(".wintut-live[aria-live='polite'][role='status']").first


def watch_work(panel, check: str = "Check"):
    """Start watching the panel's Check button: the panel disables it while a check or a
    "Do it for me" runs. Press, then :func:`work_done` waits for disabled-then-enabled (the
    result may well read the same as before, so its text cannot tell)."""
    handle = button(panel, check).first.element_handle()
    handle.evaluate(
        """(el) => {
            el.__wintutSeenBusy = false;
            const seen = () => { if (el.disabled) el.__wintutSeenBusy = true; };
            new MutationObserver(seen).observe(el, { attributes: true });
        }"""
    )
    return handle


def work_done(panel, check, timeout_ms: float = 300_000) -> str:
    """Wait for the work :func:`watch_work` saw start to end; return the result's text."""
    panel.page.wait_for_function(
        "(el) => el.__wintutSeenBusy && !el.disabled", arg=check, timeout=timeout_ms
    )
    return result_of(panel).inner_text()


def wait_for_result(
    panel, before: str, timeout_ms: float = 120_000, labels: tuple[str, ...] = LABELS
) -> str:
    """Wait until the result region shows a result other than ``before`` (one of ``labels``:
    :data:`ZH_LABELS` in the Chinese edition); return its text."""
    region = result_of(panel)
    handle = region.element_handle()
    panel.page.wait_for_function(
        """([el, before, labels]) => {
            const text = el.textContent;
            return text !== before && labels.some(l => text.includes(l));
        }""",
        arg=[handle, before, list(labels)],
        timeout=timeout_ms,
    )
    return region.inner_text()
