"""One real browser: JupyterLab renders the course's widgets and a check passes from the page.

It starts JupyterLab on loopback (tests/browser/jupyter.py: token off, a temporary root holding
a copy of the notebooks, ``windowingMode: none`` so every cell stays in the DOM), opens
``02-whose-kernel`` in Debian's Chromium through Playwright, runs all cells, pastes a true
``uname -a`` into the answer box,
clicks Check, and reads the pass from the page. Waits are on kernel state and widget text,
never fixed sleeps. A screenshot goes to ``$TMPDIR/wintut-browser-02.png``.

The true ``uname -a`` comes from a container the test runs itself through wintut's Engine, the
same engine the notebook's kernel uses.

A second test picks a prediction in the same notebook, keeps it from the page, re-runs the
cell that shows it beside what the engine showed, and reads "✔ As you predicted." (screenshots
``wintut-browser-prediction.png`` and ``wintut-browser-predict.png`` beside the first).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import lab_registry
from tests.browser.jupyter import open_notebook, run_all, shut_kernels, tracebacks

pytestmark = [pytest.mark.browser, pytest.mark.docker]

SCREENSHOT = Path(tempfile.gettempdir()) / "wintut-browser-02.png"


@pytest.fixture(scope="module")
def lab(labs):
    # The kernel gets a private WINTUT_HOME, where no lab state lives: name the lab, if one is up.
    url, _ = labs("find-kernel", WINTUT_LAB_REGISTRY=lab_registry())
    return url


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


def test_find_kernel_passes_from_the_page(page, lab, real_engine):
    uname = true_uname(real_engine)
    open_notebook(page, lab, "02-whose-kernel")
    try:
        run_all(page)
        assert not tracebacks(page), "a notebook cell failed in the browser:\n" + "\n".join(
            tracebacks(page)
        )
        panel = page.locator(".jupyter-widgets").filter(has_text="Step:")
        panel.first.wait_for(timeout=30_000)
        box = page.locator(".widget-textarea textarea").first
        box.fill(uname)
        # the icon's glyph is part of the accessible name, so match the button's own text
        check = page.locator("button.widget-button").filter(has_text=re.compile(r"^\s*Check\s*$"))
        check.first.click()
        passed = page.locator(".wintut-live").filter(has_text="✔ Passed")
        passed.first.wait_for(timeout=90_000)
        text = passed.first.inner_text()
        passed.first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        assert "Passed" in text
        assert "Details (what the check read)" in text  # evidence one click away, rendered
    finally:
        shut_kernels(lab)
