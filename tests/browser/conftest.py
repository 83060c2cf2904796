"""Fixtures of the browser suite: Playwright with Debian's Chromium, and JupyterLab servers."""

from __future__ import annotations

import contextlib
import os

import pytest

from tests.browser.jupyter import ARGS, CHROMIUM, serve
from tests.conftest import unavailable

NO_ENGINE = "unix:///nonexistent/wintut-browser-no-engine.sock"
"""A socket that does not exist: no engine answers."""


@pytest.fixture(scope="package")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def chromium(playwright_api):
    browser = playwright_api.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def labs(tmp_path_factory):
    """Start JupyterLab servers by name, each with its own WINTUT_HOME and kernel environment;
    each starts once per module and stops at its end. Call ``labs(name, **env)`` -> (url, home)."""
    started: dict[str, tuple[str, str]] = {}
    with contextlib.ExitStack() as stack:

        def start(name: str, **env: str) -> tuple[str, str]:
            if name not in started:
                base = tmp_path_factory.mktemp(f"lab-{name}")
                home = str(base / "wintut-home")
                url = stack.enter_context(serve(base, {"WINTUT_HOME": home, **env}))
                started[name] = (url, home)
            return started[name]

        yield start


def lab_registry() -> str:
    """The lab registry to name to kernels whose WINTUT_HOME holds no lab state, or ``none``."""
    from wintut.lab import active_registry

    return active_registry() or "none"
