"""The `wintut` command: one package, a module per group of subcommands.

Each module registers its subcommands (``COMMAND_MODULES``), so this file stays a list. Every
subcommand calls the same code the notebooks' widgets call (through the course session).

Exit codes: 0 success / ready, 1 not ready or failed, 2 bad usage; `wintut check` adds 3
(not applicable); 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from wintut import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "wintut.cli.engine",
    "wintut.cli.lab",
    "wintut.cli.course",
    "wintut.cli.simulate",
    "wintut.cli.open",
    "wintut.cli.classroom",
)
"""Modules with a ``register(subparsers)`` function; each sets ``func`` on its parsers."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wintut",
        description="How Docker really works on Windows: a hands-on course, checked live.",
    )
    parser.add_argument("--version", action="version", version=f"wintut {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`wintut steps | head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
