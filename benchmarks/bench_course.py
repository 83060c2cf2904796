"""The whole course under nbval in ONE pytest run: on the real engine + lab, then per profile.

Run by hand (never a timed test), with this machine's engine and the offline lab up:

    .venv/bin/python benchmarks/bench_course.py [--runs N]

Each figure is the wall time of one ``pytest --nbval-lax --nbval-current-env notebooks/``
process (its start-up included), with a fresh WINTUT_HOME: first on the engine the course finds
(``WINTUT_SIMULATE=none``, the lab named through WINTUT_LAB_REGISTRY), then once per simulated
profile (``WINTUT_SIMULATE=PROFILE``), printed side by side. Goal: at most 10 s each.
(bench_notebooks.py times each notebook in its own process instead.)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile

from bench_notebooks import REPO, timed, verdict


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    runs = parser.parse_args().runs
    from wintut.lab import active_registry
    from wintut.replay.profiles import list_profiles

    notebooks = sorted((REPO / "notebooks").glob("*.ipynb"))
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    registry = active_registry() or "none"
    cases = [("real engine + lab" if registry != "none" else "real engine, no lab", "none")]
    cases += [(profile, profile) for profile in list_profiles()]
    worst = 0
    for label, simulate in cases:
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as home:
                env = {
                    **os.environ,
                    "WINTUT_HOME": home,
                    "WINTUT_SIMULATE": simulate,
                    "WINTUT_LAB_REGISTRY": registry,
                }
                seconds, code = timed(notebooks, env)
            times.append(seconds)
            worst = max(worst, code)
        print(f"{label:<38}{statistics.median(times):6.1f} s  {verdict(code)}  (goal <= 10 s)")
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
