"""How fast does the doctor answer when the engine is absent or silent, and how fast is import?

Run by hand (not a test): ``.venv/bin/python benchmarks/bench_engine.py``.
Goals (issue 2): absent engine < 0.3 s; silent endpoint < 3 s; ``import wintut`` < 0.3 s.
Each figure is the median of several runs of a fresh ``wintut doctor`` process, so it includes
interpreter start-up, exactly what a learner waits for.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time

RUNS = 5


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, timeout=60)
    return time.perf_counter() - started, done.returncode


def median_of(command: list[str], extra_env: dict[str, str]) -> tuple[float, set[int]]:
    env = {**os.environ, **extra_env}
    results = [timed(command, env) for _ in range(RUNS)]
    return statistics.median(t for t, _ in results), {code for _, code in results}


def main() -> None:
    doctor = [sys.executable, "-m", "wintut", "doctor", "--json"]
    absent, codes = median_of(doctor, {"DOCKER_HOST": "unix:///nonexistent.sock"})
    print(f"doctor, absent engine: {absent:.3f} s  exit {codes}  goal < 0.3 s")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        port = silent.getsockname()[1]
        hung, codes = median_of(doctor, {"DOCKER_HOST": f"tcp://127.0.0.1:{port}"})
    print(f"doctor, silent endpoint: {hung:.3f} s  exit {codes}  goal < 3 s")
    live, codes = median_of(doctor, {})
    print(f"doctor, engine this machine resolves to:         {live:.3f} s  exit {codes}")
    bare, _ = median_of([sys.executable, "-c", "pass"], {})
    imported, _ = median_of([sys.executable, "-c", "import wintut"], {})
    print(
        f"import wintut: {imported - bare:.3f} s over bare python ({imported:.3f} s)  goal < 0.3 s"
    )
    start = time.perf_counter()
    import wintut  # noqa: F401

    print(f"import wintut in this process: {time.perf_counter() - start:.4f} s")


if __name__ == "__main__":
    main()
