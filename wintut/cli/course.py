"""Course subcommands: `wintut steps`, `wintut check`, `wintut solve`, `wintut progress`.

`check` and `solve` go through the course session (:meth:`wintut.session.Session.check`), the
same code the notebooks' widgets call, and so record to the same progress store.
Exit codes of `check` and `solve`: 0 pass, 1 fail or not attempted, 2 error, 3 not applicable.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wintut.cli.args import add_host, add_json, engine_from, notices, pad, say, session
from wintut.i18n import _


def register(subparsers: Any) -> None:
    steps = subparsers.add_parser("steps", help=_("list the course's steps and your progress"))
    add_json(steps, _("print the list as JSON"))
    steps.set_defaults(func=run_steps)

    check = subparsers.add_parser("check", help=_("check one step against your engine"))
    check.add_argument("step", metavar="STEP", help=_("a step id (see `wintut steps`)"))
    check.add_argument("--answer", metavar="TEXT", help=_("your answer, for steps that ask one"))
    add_json(check)
    add_host(check)
    check.set_defaults(func=run_check)

    solve = subparsers.add_parser("solve", help=_("do a step for you, then check it"))
    solve.add_argument("step", metavar="STEP", help=_("a step id (see `wintut steps`)"))
    add_json(solve)
    add_host(solve)
    solve.set_defaults(func=run_solve)

    progress = subparsers.add_parser("progress", help=_("show (or reset) your course progress"))
    add_json(progress, _("print progress as JSON"))
    progress.add_argument("--reset", action="store_true", help=_("forget every step's outcome"))
    progress.set_defaults(func=run_progress)


def _unknown_step(step: str) -> int:
    from wintut.steps import STEP_IDS

    say(
        _("✖ No step “{step}”. Steps: {steps}").format(step=step, steps=", ".join(STEP_IDS)),
        err=True,
    )
    return 2


def _on_engine(args: argparse.Namespace) -> Any:
    """The session, pointed at ``--host`` for this command when given."""
    current = session()
    current.point_at(engine_from(args))
    return current


def run_steps(args: argparse.Namespace) -> int:
    from wintut.steps import all_steps
    from wintut.store import source_of

    current = session()
    source = source_of(current.engine().simulated)
    store = current.store  # one instance: what reading it found wrong is said below
    recorded = store.steps()
    rows = []
    for step in all_steps():
        record = recorded.get(step.id, {}).get(source)
        rows.append(
            {
                "id": step.id,
                "title": _(step.title),
                "notebook": step.notebook,
                "answer_prompt": step.answer_prompt and _(step.answer_prompt),
                "outcome": record.best.outcome.value if record else None,
                "solved": record.best.solved if record else False,
            }
        )
        if not args.json:
            mark = f"{record.best.outcome.icon} {_(record.best.outcome.label)}" if record else ""
            if record and record.best.solved:
                mark += _(" (solved for you)")
            title = pad(_(step.title), 32)
            mark = mark or _("· not checked")
            say(f"{step.id:<17} {step.notebook:<22} {title} {mark}")
    if args.json:
        say(json.dumps(rows, indent=2, ensure_ascii=False))
    notices(store)
    return 0


def _print(result: Any, as_json: bool, current: Any) -> int:
    profile = current.engine().simulated
    if profile and not as_json:  # never presented as the learner's own engine
        say(
            _(
                "⚠ simulated: {profile} (recorded outputs of that kind of machine, not your engine)"
            ).format(profile=profile)
        )
    say(result.to_json() if as_json else result)
    notices(current)
    return int(result.outcome.exit_code)


def run_check(args: argparse.Namespace) -> int:
    from wintut.steps import STEP_IDS

    if args.step not in STEP_IDS:
        return _unknown_step(args.step)
    current = _on_engine(args)
    return _print(current.check(args.step, args.answer), args.json, current)


def run_solve(args: argparse.Namespace) -> int:
    from wintut.steps import STEP_IDS

    if args.step not in STEP_IDS:
        return _unknown_step(args.step)
    last = [""]

    def show(progress: Any) -> None:
        # Long pulls: one line per status change, on stderr (stdout stays the result).
        line = str(progress)
        if line != last[0]:
            last[0] = line
            print(f"  {line}", file=sys.stderr)

    current = _on_engine(args)
    return _print(current.solve(args.step, show), args.json, current)


def run_progress(args: argparse.Namespace) -> int:
    from wintut.course import progress_lines, quiz_lines
    from wintut.steps import STEP_IDS
    from wintut.store import StoreError, source_of
    from wintut.views.progress import progress_text

    current = session()
    store = current.store
    if args.reset:
        try:
            store.reset()
        except StoreError as exc:
            say(f"✖ {exc}", err=True)
            return 1
        say(json.dumps({"reset": True}) if args.json else _("✔ Progress reset."))
        return 0
    if args.json:
        source = source_of(current.engine().simulated)
        recorded = store.steps()
        steps = {step_id: _entry(recorded.get(step_id, {}), source) for step_id in STEP_IDS}
        say(json.dumps({"path": str(store.path), "source": source, "steps": steps}, indent=2))
        notices(store)
        return 0
    store.steps()  # read here first, so what it finds wrong is said (once) below
    lines, done, total = progress_lines(current)
    simulated = current.engine().simulated
    mark = _("simulated: {profile}").format(profile=simulated) if simulated else ""
    say(progress_text(lines, done, total, mark, quiz_lines(current)))
    say(f"  ({store.path})")
    notices(store)
    return 0


def _entry(sources: dict[str, Any], source: str) -> dict[str, Any] | None:
    """A step's progress as JSON: the best on the engine in use (the keys of earlier
    versions), its latest attempt, and what every other engine gave."""
    record = sources.get(source)
    others = {name: r.to_dict() for name, r in sources.items() if name != source}
    if record is None:
        return {"outcome": None, "sources": others} if others else None
    return {
        **record.best.to_dict(),
        "attempts": record.attempts,
        "done": record.done,
        "latest": record.latest.to_dict(),
        "sources": others,
    }
