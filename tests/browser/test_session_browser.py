"""The course session in the browser: issue 9 (a simulated host picked in 00 holds in 01, 02 and
05) and issue 11 (with no engine, 00 opens on the embedded simulated host for this OS).

Both run with DOCKER_HOST at a socket that does not exist and a fresh WINTUT_HOME, in a real
JupyterLab, and read only what the page shows.
"""

from __future__ import annotations

import sys

import pytest

from tests.browser.conftest import NO_ENGINE
from tests.browser.jupyter import (
    open_notebook,
    run_all,
    shut_kernels,
    step_panels,
    tracebacks,
)

pytestmark = pytest.mark.browser

EMBEDDED = {"linux": "docker-engine-linux", "darwin": "docker-desktop-mac"}.get(
    sys.platform, "docker-desktop-wsl2"
)
PICKED = "windows-server-2022"
"""A host far from the embedded default, so seeing it proves the pick travelled."""


def _doctor(page):
    return (
        page.locator(".jp-OutputArea-output")
        .filter(has_text="Engine")
        .filter(has_text="Python side")
    )


def test_no_engine_opens_00_on_the_embedded_simulated_host(page, labs):
    url, _ = labs("fresh-no-engine", DOCKER_HOST=NO_ENGINE, WINTUT_LAB_REGISTRY="none")
    open_notebook(page, url, "00-before-you-start")
    try:
        run_all(page)
        assert not tracebacks(page), tracebacks(page)
        first = page.locator(".jp-OutputArea-output").filter(has_text="simulated").first
        first.wait_for(timeout=30_000)
        doctor = _doctor(page).first
        assert f"⚠ simulated: {EMBEDDED}" in doctor.inner_text()
        assert "recorded outputs, not a real engine" in doctor.inner_text()
        # it is the first panel of the notebook: nothing above it shows another engine
        outputs = page.locator(".jp-OutputArea-output")
        first_widget = outputs.filter(has=page.locator(".jupyter-widgets")).first
        assert f"simulated: {EMBEDDED}" in first_widget.inner_text()
        for index in range(step_panels(page).count()):
            assert f"⚠ simulated: {EMBEDDED}" in step_panels(page).nth(index).inner_text()
    finally:
        shut_kernels(url)


def test_a_host_picked_in_00_holds_in_01_02_and_05(page, labs):
    url, _ = labs("pick-no-engine", DOCKER_HOST=NO_ENGINE, WINTUT_LAB_REGISTRY="none")
    open_notebook(page, url, "00-before-you-start")
    try:
        run_all(page)
        doctor = _doctor(page).first
        # on the embedded default the doctor offers the way back; there, the recorded hosts
        back = doctor.locator("button.widget-button", has_text="Back to my own engine")
        if back.count():
            back.first.click()
        select = doctor.locator(".widget-dropdown select").first
        select.wait_for(timeout=60_000)
        option = select.locator("option", has_text=f"{PICKED}:").first
        select.select_option(label=option.inner_text())
        doctor.locator("button.widget-button", has_text="Follow the course").first.click()
        doctor.get_by_text(f"⚠ simulated: {PICKED}").first.wait_for(timeout=60_000)
    finally:
        shut_kernels(url)
    for notebook in ("01-run-ubuntu", "02-whose-kernel", "05-windows-containers"):
        open_notebook(page, url, notebook)
        try:
            run_all(page)
            assert not tracebacks(page), (notebook, tracebacks(page))
            panels = step_panels(page)
            assert panels.count() >= 1, notebook
            for index in range(panels.count()):
                shown = panels.nth(index).inner_text()
                assert f"⚠ simulated: {PICKED}" in shown, (notebook, shown[:500])
        finally:
            shut_kernels(url)
