"""The `wintut` command.

Each feature registers its subcommands from its own small module (``COMMAND_MODULES``), so this
file stays a list. Every subcommand calls the same code the notebooks' widgets call.

Exit codes: 0 success / ready, 1 not ready or failed, 2 bad usage; `wintut check` adds 3
(not applicable).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from wintut import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "wintut.cli_engine",
    "wintut.cli_lab",
    "wintut.cli_course",
    "wintut.cli_simulate",
    "wintut.cli_class",
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
