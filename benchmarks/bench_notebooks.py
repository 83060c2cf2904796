"""Wall time of each course notebook under nbval, run by hand (not a timed test).

    .venv/bin/python benchmarks/bench_notebooks.py [notebooks/…ipynb …]

Each notebook runs in its own ``pytest --nbval-lax --nbval-current-env`` process, as CI runs
them (kernel start included). The goal for the whole course is under 60 s.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
PYTEST += ["--nbval-lax", "--nbval-current-env"]


def main(paths: list[str]) -> int:
    notebooks = [Path(p) for p in paths] or sorted((REPO / "notebooks").glob("*.ipynb"))
    total = 0.0
    worst = 0
    for notebook in notebooks:
        started = time.monotonic()
        run = subprocess.run(
            [*PYTEST, str(notebook)],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        total += seconds
        worst = max(worst, run.returncode)
        verdict = "ok" if run.returncode == 0 else f"FAILED (exit {run.returncode})"
        print(f"{notebook.name:<32}{seconds:6.1f} s  {verdict}")
    print(f"{'whole course':<32}{total:6.1f} s  (goal: under 60 s)")
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
