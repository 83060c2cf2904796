"""Wall time of the course notebooks under nbval, run by hand (not a timed test).

    .venv/bin/python benchmarks/bench_notebooks.py [notebooks/…ipynb …]
    .venv/bin/python benchmarks/bench_notebooks.py --simulate all|PROFILE [--runs N]

Without ``--simulate``, each notebook runs in its own ``pytest --nbval-lax --nbval-current-env``
process against the engine the course finds, as CI runs them (kernel start included); the goal
for the whole course is under 60 s.

With ``--simulate``, the whole course runs in one such process per simulated host, the kernel
pointed at it through ``WINTUT_SIMULATE`` (as ``tests/integration/test_simulate_notebooks.py``
does); the goal is under 20 s per profile. With ``--runs N`` it reports the median of N.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
PYTEST += ["--nbval-lax", "--nbval-current-env"]


def timed(paths: list[Path], env: dict[str, str] | None = None) -> tuple[float, int]:
    started = time.monotonic()
    run = subprocess.run(
        [*PYTEST, *map(str, paths)], cwd=REPO, capture_output=True, text=True, env=env
    )
    return time.monotonic() - started, run.returncode


def verdict(code: int) -> str:
    return "ok" if code == 0 else f"FAILED (exit {code})"


def per_notebook(notebooks: list[Path]) -> int:
    total = 0.0
    worst = 0
    for notebook in notebooks:
        seconds, code = timed([notebook])
        total += seconds
        worst = max(worst, code)
        print(f"{notebook.name:<36}{seconds:6.1f} s  {verdict(code)}")
    print(f"{'whole course':<36}{total:6.1f} s  (goal: under 60 s)")
    return worst


def per_profile(profiles: list[str], notebooks: list[Path], runs: int) -> int:
    worst = 0
    for profile in profiles:
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as home:
                env = {**os.environ, "WINTUT_SIMULATE": profile, "WINTUT_HOME": home}
                seconds, code = timed(notebooks, env)
            times.append(seconds)
            worst = max(worst, code)
        shown = " / ".join(f"{t:.1f}" for t in times)
        print(
            f"{profile:<36}{statistics.median(times):6.1f} s  ({shown})  {verdict(worst)}"
            "  (goal: under 20 s)"
        )
    return worst


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--simulate", metavar="PROFILE", help="a profile id, or all")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((REPO / "notebooks").glob("*.ipynb"))
    if not args.simulate:
        return per_notebook(notebooks)
    from wintut.replay import PROFILE_IDS

    profiles = list(PROFILE_IDS) if args.simulate == "all" else [args.simulate]
    return per_profile(profiles, notebooks, args.runs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
