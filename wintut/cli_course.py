"""Course subcommands: `wintut steps`, `wintut check`, `wintut solve`, `wintut progress`.

`check` and `solve` call :func:`wintut.steps.run_check` / :func:`wintut.steps.run_solve`, the
same code the notebooks' widgets call, and so record to the same progress store.
Exit codes of `check` and `solve`: 0 pass, 1 fail or not attempted, 2 error, 3 not applicable.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    steps = subparsers.add_parser("steps", help="list the course's steps and your progress")
    steps.add_argument("--json", action="store_true", help="print the list as JSON")
    steps.set_defaults(func=run_steps)

    check = subparsers.add_parser("check", help="check one step against your engine")
    check.add_argument("step", metavar="STEP", help="a step id (see `wintut steps`)")
    check.add_argument("--answer", metavar="TEXT", help="your answer, for steps that ask one")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument("--host", metavar="URL", help="engine address (default: resolved)")
    check.set_defaults(func=run_check)

    solve = subparsers.add_parser("solve", help="do a step for you, then check it")
    solve.add_argument("step", metavar="STEP", help="a step id (see `wintut steps`)")
    solve.add_argument("--json", action="store_true", help="print the result as JSON")
    solve.add_argument("--host", metavar="URL", help="engine address (default: resolved)")
    solve.set_defaults(func=run_solve)

    progress = subparsers.add_parser("progress", help="show (or reset) your course progress")
    progress.add_argument("--json", action="store_true", help="print progress as JSON")
    progress.add_argument("--reset", action="store_true", help="forget every step's outcome")
    progress.set_defaults(func=run_progress)


def _engine(args: argparse.Namespace) -> Any:
    from wintut.engine import Engine, get_engine

    return Engine(args.host) if args.host else get_engine()


def _unknown_step(step: str) -> int:
    from wintut.steps import STEP_IDS

    print(f"✖ No step “{step}”. Steps: {', '.join(STEP_IDS)}", file=sys.stderr)
    return 2


def run_steps(args: argparse.Namespace) -> int:
    from wintut.progress import Progress
    from wintut.steps import all_steps

    summary = Progress().summary()
    rows = [
        {
            "id": step.id,
            "title": step.title,
            "notebook": step.notebook,
            "answer_prompt": step.answer_prompt,
            "outcome": summary[step.id].value if step.id in summary else None,
        }
        for step in all_steps()
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for step, row in zip(all_steps(), rows, strict=True):
        outcome = summary.get(step.id)
        mark = f"{outcome.icon} {outcome.label}" if outcome else "· not checked"
        print(f"{row['id']:<17} {row['notebook']:<22} {row['title']:<32} {mark}")
    return 0


def _print(result: Any, as_json: bool) -> int:
    print(result.to_json() if as_json else result)
    return int(result.outcome.exit_code)


def run_check(args: argparse.Namespace) -> int:
    from wintut.steps import STEP_IDS, run_check

    if args.step not in STEP_IDS:
        return _unknown_step(args.step)
    return _print(run_check(args.step, args.answer, _engine(args)), args.json)


def run_solve(args: argparse.Namespace) -> int:
    from wintut.steps import STEP_IDS, run_solve

    if args.step not in STEP_IDS:
        return _unknown_step(args.step)
    last = [""]

    def show(progress: Any) -> None:
        # Long pulls: one line per status change, on stderr (stdout stays the result).
        line = str(progress)
        if line != last[0]:
            last[0] = line
            print(f"  {line}", file=sys.stderr)

    return _print(run_solve(args.step, _engine(args), progress=show), args.json)


def run_progress(args: argparse.Namespace) -> int:
    from wintut.progress import Progress
    from wintut.results import Outcome
    from wintut.steps import STEP_IDS

    store = Progress()
    if args.reset:
        store.reset()
        print(json.dumps({"reset": True}) if args.json else "✔ Progress reset.")
        return 0
    steps = store.load()["steps"]
    if args.json:
        print(
            json.dumps(
                {"path": str(store.path), "steps": {s: steps.get(s) for s in STEP_IDS}},
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    passed = sum(1 for s in STEP_IDS if (steps.get(s) or {}).get("outcome") == "pass")
    print(f"Course progress: {passed}/{len(STEP_IDS)} steps passed ({store.path})")
    for step_id in STEP_IDS:
        entry = steps.get(step_id)
        if not entry:
            print(f"  · {step_id}: not checked")
            continue
        outcome = Outcome(entry["outcome"])
        print(f"  {outcome.icon} {step_id}: {outcome.label} ({entry['at']}): {entry['reason']}")
    return 0
