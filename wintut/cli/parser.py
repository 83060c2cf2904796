"""argparse in the learner's language: the help's own words (``usage:``, the section titles,
``-h``) and the ``error:`` line go through wintut's catalog.

argparse translates its words with the standard library's default gettext domain, which wintut
does not own, so the few it shows in every help are marked here and swapped in by a formatter.
The details of argparse's own error messages ("the following arguments are required: …") stay
English. Each subparser is made by ``type(parent)``, so every ``wintut X --help`` gets this too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from wintut.i18n import N_, _

USAGE = N_("usage: ")
SECTIONS = frozenset({N_("positional arguments"), N_("options"), N_("optional arguments")})
"""argparse's own section titles (``optional arguments`` before Python 3.10)."""


class Formatter(argparse.HelpFormatter):
    """argparse's help, with its fixed words in the learner's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _(USAGE) if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(_(heading) if heading in SECTIONS else heading)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and usage errors speak the learner's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # argparse's -h has untranslated help: ours is added below
        super().__init__(*args, **kwargs)
        if add_help:  # where argparse puts its own -h, with its words translated
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}\n").format(prog=self.prog, message=message))
