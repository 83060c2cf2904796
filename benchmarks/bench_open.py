"""How long `wintut open` takes until JupyterLab answers (run by hand; goal: at most 5 s).

    .venv/bin/python benchmarks/bench_open.py [--runs N]

Each run starts the real command in a fresh process with a new, empty working folder (so the
course is copied too), on a free 127.0.0.1 port with a known token, and times it until
``GET /api/contents`` answers 200; then it stops it (SIGTERM to wintut, which stops JupyterLab).
Two installs are timed: this environment (the editable install of the clone) and the built wheel
in a clean venv outside the repository (tests/wheelhouse.py; building it is not timed).
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.wheelhouse import (  # noqa: E402 - the repository root is put on the path just above
    borrowed_jupyter_env,
    build_wheel,
    install_into_clean_venv,
    venv_script,
)

GOAL = 5.0
GIVE_UP = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(port: int, token: str) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/contents", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def one_run(command: list[str], tmp: Path) -> float:
    port, token = free_port(), secrets.token_hex(16)
    env = borrowed_jupyter_env(tmp)
    env.update(JUPYTER_TOKEN=token, WINTUT_HOME=str(tmp / "home"))
    argv = [*command, "open", str(tmp / "course"), "--no-browser", "--port", str(port)]
    log = (tmp / "open.log").open("w")
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while not answers(port, token):
            if process.poll() is not None or time.perf_counter() - started > GIVE_UP:
                raise SystemExit(f"wintut open did not serve:\n{(tmp / 'open.log').read_text()}")
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def measure(label: str, command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="wintut-bench-open-") as tmp:
            times.append(one_run(command, Path(tmp)))
    print(
        f"{label:<44} median {statistics.median(times):5.2f} s   "
        f"min {min(times):5.2f}   max {max(times):5.2f}   ({runs} runs)"
    )
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.2f})"
    )
    results = measure(
        "this environment (python -m wintut open)", [sys.executable, "-m", "wintut"], args.runs
    )
    with tempfile.TemporaryDirectory(prefix="wintut-bench-wheel-") as tmp:
        venv = Path(tmp) / "venv"
        install_into_clean_venv(build_wheel(Path(tmp)), venv, borrow_dependencies=True)
        results += measure(
            "the wheel in a clean venv (wintut open)", [str(venv_script(venv, "wintut"))], args.runs
        )
    worst = max(results)
    print(f"goal: at most {GOAL:.0f} s to JupyterLab answering; worst run {worst:.2f} s")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
