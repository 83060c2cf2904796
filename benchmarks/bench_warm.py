"""Checks in a warm kernel, against the docker CLI on the same engine, measured side by side.

Run by hand (never a timed test), with this machine's engine and the offline lab up:

    WINTUT_HOME=/tmp/bench-home .venv/bin/python benchmarks/bench_warm.py [--runs N]

"Warm kernel": one Python process that has imported wintut and asked the engine once, as a
notebook's kernel has after its first cell. Each round times, back to back, the ``find-kernel``
check (through :func:`wintut.steps.run_check`, as a widget's Check does) and
``docker run --rm IMAGE uname -r`` through the docker CLI, on the same engine and image. The
ratio is of the two medians (goal: at most 0.5). Then every other check, median of N (goal: at
most 50 ms, except where the check must start a container).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import time

ANSWERS = {
    "search-microsoft": "127.0.0.1:5381/microsoft",
    "isolation": "ltsc2022 1809 process no",
}
STARTS_A_CONTAINER = {"run-ubuntu": False, "find-kernel": False}
"""Steps whose check may start a container (find-kernel only until the engine's kernel is
known: steps/find_kernel.py keeps it in ``engine.facts``)."""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    from wintut import images
    from wintut.engine import Engine
    from wintut.steps import STEP_IDS, run_check

    docker = shutil.which("docker")
    if docker is None:
        print("no docker CLI on PATH")
        return 2
    engine = Engine()
    status = engine.status()
    if not status.reachable:
        print("no engine answers:", status.problems[0].message)
        return 2
    image = images.resolve("ubuntu", engine=engine)
    if engine.inspect_image(image) is None:
        images.pull("ubuntu", engine)
    uname = subprocess.run(
        [docker, "run", "--rm", image, "uname", "-a"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"engine {status.version.get('Version')} at {engine.endpoint.url}; image {image}")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")

    def check(step: str, answer: str | None) -> float:
        started = time.perf_counter()
        result = run_check(step, answer, engine)
        elapsed = time.perf_counter() - started
        if step == "find-kernel":
            assert result.passed, str(result)
        return elapsed

    def cli() -> float:
        started = time.perf_counter()
        subprocess.run(
            [docker, "run", "--rm", image, "uname", "-r"], capture_output=True, check=True
        )
        return time.perf_counter() - started

    check("find-kernel", uname)  # warm: the first check learns the kernel, once per engine
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(check("find-kernel", uname))
        theirs.append(cli())
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"\nfind-kernel check (warm) vs `docker run --rm {image} uname -r`, {runs} rounds:")
    print(f"  wintut check  median {_ms(a)}  (min {_ms(min(ours))}, max {_ms(max(ours))})")
    print(f"  docker CLI    median {_ms(b)}  (min {_ms(min(theirs))}, max {_ms(max(theirs))})")
    print(f"  ratio {a / b:.3f}x  (goal <= 0.5x)")

    print(f"\nevery check, warm, median of {runs} (goal <= 50 ms unless it starts a container):")
    for step in STEP_IDS:
        answer = uname if step == "find-kernel" else ANSWERS.get(step)
        check(step, answer)
        times = [check(step, answer) for _ in range(runs)]
        outcome = run_check(step, answer, engine).outcome.value
        median = statistics.median(times)
        verdict = "ok" if median <= 0.050 else "over 50 ms"
        print(
            f"  {step:<18} {_ms(median):>10}  p90 {_ms(sorted(times)[int(0.9 * runs)])}"
            f"  ({outcome}; {verdict})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
