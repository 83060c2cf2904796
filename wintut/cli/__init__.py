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

from wintut import __version__, i18n
from wintut.cli.args import language_name
from wintut.cli.parser import Parser
from wintut.i18n import _

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
    """The whole command line, in the language in use (choose it first: :func:`main` does)."""
    parser = Parser(
        prog="wintut",
        description=_("How Docker really works on Windows: a hands-on course, checked live."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"wintut {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--lang",
        dest="ui_lang",
        metavar="LANG",
        type=language_name,
        help=_(
            "the language of this command's output: en or zh-CN (default: the course "
            "session's; `wintut open --lang` saves it)"
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(subparsers)
    return parser


def choose_language(argv: Sequence[str]) -> str:
    """Set the language before anything is printed, help included: ``--lang`` (anywhere on
    the line, so `wintut open --lang zh-CN --help` is Chinese too), else the course session's
    (``WINTUT_LANG``, the saved choice, the system's)."""
    from wintut.errors import WintutError
    from wintut.session import current

    try:
        i18n.set_language(current().lang)  # also when this process made its session earlier
    except (OSError, WintutError):
        i18n.set_language(i18n.choose(os.environ))  # an unusable data folder: no saved choice
    asked = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    asked.add_argument("--lang")
    try:
        found, _rest = asked.parse_known_args(list(argv))
    except argparse.ArgumentError:  # `--lang` without a value: the real parser says so
        return i18n.language()
    if found.lang and i18n.normalise(found.lang):
        i18n.set_language(found.lang)
    return i18n.language()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    choose_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`wintut steps | head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
