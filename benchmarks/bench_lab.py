"""How long the offline lab takes to come up (run by hand).

    .venv/bin/python benchmarks/bench_lab.py

- cold: `wintut lab up` in an empty WINTUT_HOME: start the registry and the index, build the
  stand-ins offline and push them all (goal: under 60 s);
- warm: `wintut lab up` again after `lab down`, the registry's storage kept (goal: under 5 s).

Each run is the real command in a fresh process, on free ports in a private WINTUT_HOME, so the
shared lab on 5380/5381 is not touched.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wintut(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wintut", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"wintut {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def main() -> int:
    cold, warm = [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory(prefix="wintut-bench-") as home:
            env = {**os.environ, "WINTUT_HOME": home}
            up = [
                "lab",
                "up",
                "--registry-port",
                str(free_port()),
                "--index-port",
                str(free_port()),
            ]
            try:
                cold.append(wintut(env, *up))
                wintut(env, "lab", "down")
                warm.append(wintut(env, *up))
            finally:
                wintut(env, "lab", "down")
    print(
        f"lab up, cold (build + push every stand-in): median {statistics.median(cold):.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in cold)}; goal < 60 s)"
    )
    print(
        f"lab up, warm (storage kept):                median {statistics.median(warm):.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in warm)}; goal < 5 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
