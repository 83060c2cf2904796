"""How long does each `wintut check STEP` take against this machine's engine (and lab)?

Run by hand (not a test): ``.venv/bin/python benchmarks/bench_steps.py``. Each figure is the
median of several fresh ``wintut check`` processes (interpreter start-up included, as a learner
waits for it), with a private WINTUT_HOME. Start the lab first (`wintut lab up`) for the steps
that pull or search.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 3
ANSWERS = {
    "search-microsoft": "127.0.0.1:5381/microsoft",
    "isolation": "fails runs runs fails",
}


def main() -> None:
    from wintut.steps import STEP_IDS

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "WINTUT_HOME": home, "WINTUT_LAB_REGISTRY": "127.0.0.1:5380"}
        for step in STEP_IDS:
            command = [sys.executable, "-m", "wintut", "check", step]
            if step in ANSWERS:
                command += ["--answer", ANSWERS[step]]
            times, codes = [], set()
            for _ in range(RUNS):
                started = time.perf_counter()
                done = subprocess.run(command, env=env, capture_output=True, timeout=300)
                times.append(time.perf_counter() - started)
                codes.add(done.returncode)
            print(f"check {step:<17} {statistics.median(times):6.3f} s  exit {sorted(codes)}")


if __name__ == "__main__":
    main()
