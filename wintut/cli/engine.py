"""Subcommands about the engine itself: `wintut doctor`, `wintut cleanup`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from wintut.cli.args import engine_from, notices, say, session
from wintut.i18n import _, ngettext


def register(subparsers: Any) -> None:
    doctor = subparsers.add_parser(
        "doctor", help=_("check Python, the widget extension and the Docker engine")
    )
    doctor.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    doctor.add_argument("--host", metavar="URL", help=_("engine address (default: resolved)"))
    doctor.set_defaults(func=run_doctor)

    cleanup = subparsers.add_parser("cleanup", help=_("remove every container wintut made"))
    cleanup.add_argument("--json", action="store_true", help=_("print what was removed as JSON"))
    cleanup.add_argument("--host", metavar="URL", help=_("engine address (default: resolved)"))
    cleanup.set_defaults(func=run_cleanup)


def run_doctor(args: argparse.Namespace) -> int:
    current = session()
    report = current.diagnose(engine_from(args))
    say(report.to_json() if args.json else report)
    notices(current)
    return int(report.exit_code)


def run_cleanup(args: argparse.Namespace) -> int:
    from wintut.errors import EngineError

    try:
        removed = engine_from(args).cleanup()
    except EngineError as exc:
        if args.json:
            print(json.dumps({"removed": [], "problem": exc.problem.to_dict()}))
        else:
            print(f"✖ {exc.problem}")
        return 1
    if args.json:
        print(json.dumps({"removed": removed}))
    elif removed:
        print(
            ngettext(
                "✔ Removed {count} wintut container(s): {names}",
                "✔ Removed {count} wintut container(s): {names}",
                len(removed),
            ).format(count=len(removed), names=", ".join(removed))
        )
    else:
        print(_("✔ Nothing to clean up: no wintut containers."))
    return 0
