"""The course in a real browser: click to result, and ``wintut open`` to notebook 00 rendered.

Run by hand (never a timed test), with this machine's engine up:

    WINTUT_HOME=/tmp/bench-home .venv/bin/python benchmarks/bench_browser.py [--runs N]

1. Click to result, no pull: JupyterLab (started here on 127.0.0.1) with notebook 00 run;
   the ``engine`` step's Check is clicked N times; each figure is from the click until the
   panel's Check button is enabled again with the result shown (goal: median at most 300 ms).
2. ``wintut open DIR --no-browser --port P`` into a new folder, then Chromium loads notebook
   00; each figure is from starting the command until the notebook's first cell is rendered
   in the page (goal: at most 5 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.jupyter import (  # the suite's own helpers, same waits
    ARGS,
    CHROMIUM,
    button,
    open_notebook,
    run_all,
    serve,
    step_panels,
    watch_work,
    work_done,
)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def click_to_result(browser, runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env = {"WINTUT_HOME": str(base / "home"), "WINTUT_LAB_REGISTRY": "none"}
        with serve(base, env) as url:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            open_notebook(page, url, "00-before-you-start")
            run_all(page)
            panel = step_panels(page).first
            times = []
            for _ in range(runs + 1):
                check = watch_work(panel)
                started = time.perf_counter()
                button(panel, "Check").first.click()
                work_done(panel, check)
                times.append(time.perf_counter() - started)
            page.close()
    return times[1:]  # the first click also warms the kernel's engine


def open_to_rendered(browser, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            port = _free_port()
            env = dict(os.environ, WINTUT_HOME=str(Path(tmp) / "home"))
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "wintut", "open", str(Path(tmp) / "course"),
                 "--no-browser", "--port", str(port)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            try:
                assert process.stdout is not None
                address = ""
                for line in process.stdout:  # JupyterLab prints its address with the token
                    if f"http://127.0.0.1:{port}/" in line and "token=" in line:
                        address = line[line.index("http://") :].split()[0]
                        break
                while True:  # the address is printed just before the port listens
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=1).close()
                        break
                    except OSError:
                        time.sleep(0.02)  # polling a starting server
                page = browser.new_page()
                page.goto(address)  # lands on notebook 00 (wintut open sets default_url)
                page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
                times.append(time.perf_counter() - started)
                page.close()
            finally:
                process.terminate()
                process.wait(15)
    return times


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        clicks = click_to_result(browser, runs)
        median = _ms(statistics.median(clicks))
        print(f"click Check (engine) to result, {runs} clicks: median {median}, "
              f"min {_ms(min(clicks))}, max {_ms(max(clicks))} (goal <= 300 ms)")  # fmt: skip
        opens = open_to_rendered(browser, max(3, runs // 3))
        print(f"wintut open to notebook 00 rendered, {len(opens)} runs: median "
              f"{statistics.median(opens):.2f} s, min {min(opens):.2f} s, max {max(opens):.2f} s"
              " (goal <= 5 s)")  # fmt: skip
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
