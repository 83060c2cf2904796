"""The faults table (issue 12): each test fills its row from what it measured and saw, and the
suite writes ``tests/FAULTS.md`` from those rows at its end (never by hand).

The file is written only when every scenario below has a passed or failed row, so running one
test by hand never leaves a partial table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS = {
    "stopped": ("engine stopped before a check", "< 1 s, clear fix"),
    "crash": (
        "engine SIGKILLed with wintut's container created; restarted",
        "next check is not a false pass; leftovers cleaned",
    ),
    "frozen-pull": ("engine frozen mid-pull", "stalled message ≤ 35 s"),
    "silent": ("endpoint accepts, never answers", "≤ 3 s"),
    "half": ("answers /version, hangs elsewhere", "≤ 10 s per check"),
    "http500": ("HTTP 500 everywhere (Docker Desktop starting)", "< 1 s"),
    "odd-json": ("odd JSON from the engine", "no traceback"),
    "permission": (
        "socket permission denied (non-root user)",
        "< 1 s, advice fits the socket's group",
    ),
    "ctrl-c": ("Ctrl-C mid-pull and mid-run", "exit 130, nothing left"),
    "progress-files": (
        "corrupt, UTF-16, BOM, unknown-outcome progress files",
        "no traceback, nothing valid lost",
    ),
    "writers": ("20 concurrent writers × 4 rounds; 60 SIGKILLs mid-write", "0 lost, 0 corrupt"),
    "hostile": (
        "hostile answers (shell, HTML, ANSI, NUL, non-UTF-8, 5 MB)",
        "no crash, no execution, escaped",
    ),
    "lab-down": ("lab registry down mid-course", "clear message, offered `wintut lab up`"),
}

FAULTS_MD = Path(__file__).resolve().parents[1] / "FAULTS.md"


@dataclass
class Row:
    """One test's line in the table."""

    scenario: str
    test: str
    measured: list[str] = field(default_factory=list)
    seen: str = ""
    result: str = ""

    def took(self, what: str, seconds: float) -> None:
        self.measured.append(f"{what} {seconds:.2f} s")

    def counted(self, what: str) -> None:
        self.measured.append(what)


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.started = time.monotonic()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.monotonic() - self.started


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())[:300]


def write(rows: list[Row], when: str, machine: str) -> list[str]:
    """Write FAULTS.md when every scenario has a passed or failed row; returns the scenarios
    that have none (then nothing is written)."""
    decided = {row.scenario for row in rows if row.result in ("pass", "FAIL")}
    missing = [key for key in SCENARIOS if key not in decided]
    if missing:
        return missing
    lines = [
        "# Faults: what the learner sees when things break",
        "",
        "Written by the faults suite (`pytest -m faults tests/faults`, run by `make test`) from",
        "its own measurements at the end of its last full run; do not edit by hand.",
        f"Run: {when}, {machine}.",
        "",
        "| scenario | bound | test | measured | what the learner sees | result |",
        "|---|---|---|---|---|---|",
    ]
    for key, (scenario, bound) in SCENARIOS.items():
        for row in sorted((r for r in rows if r.scenario == key), key=lambda r: r.test):
            lines.append(
                f"| {_cell(scenario)} | {_cell(bound)} | `{row.test}` | "
                f"{_cell('; '.join(row.measured))} | {_cell(row.seen)} | {row.result} |"
            )
    FAULTS_MD.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return []
