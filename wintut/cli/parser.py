"""argparse in the learner's language: the help's own words (``usage:``, the section titles,
``-h``) and the ``error:`` line go through wintut's catalog.

argparse translates its words with the standard library's default gettext domain, which wintut
does not own, so the few it shows in every help are marked here and swapped in by a formatter.
argparse's usual usage errors ("the following arguments are required: …", an invalid choice)
are recognised and said again in the learner's language; any other stays argparse's English.
Each subparser is made by ``type(parent)``, so every ``wintut X --help`` gets this too.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from wintut import i18n
from wintut.cli.args import width
from wintut.i18n import N_, _

USAGE = N_("usage: ")
SECTIONS = frozenset({N_("positional arguments"), N_("options"), N_("optional arguments")})
"""argparse's own section titles (``optional arguments`` before Python 3.10)."""
_TOKENS = re.compile(r"`[^`]*`|\s+|[^\s\u2e80-\uffef]+|.")
"""A `code span` (never broken), a run of spaces, a word, or one wide character."""
_NO_LINE_START = frozenset("，。、：；！？）”》")
ARGPARSE_ERRORS = (
    (
        re.compile(r"the following arguments are required: (?P<names>.+)"),
        N_("the following arguments are required: {names}"),
    ),
    (re.compile(r"unrecognized arguments: (?P<words>.+)"), N_("unrecognized arguments: {words}")),
    (
        re.compile(
            r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)"
        ),
        N_("argument {name}: invalid choice: {value} (choose from {choices})"),
    ),
    (
        re.compile(r"argument (?P<name>\S+): invalid (?P<type>\w+) value: (?P<value>.+)"),
        N_("argument {name}: invalid {type} value: {value}"),
    ),
    (
        re.compile(r"argument (?P<name>\S+): expected one argument"),
        N_("argument {name}: expected one argument"),
    ),
    (re.compile(r"argument (?P<name>\S+): (?P<message>.+)"), N_("argument {name}: {message}")),
)
"""argparse's own usage errors (Python 3.10-3.13 wording), and the same in the catalog."""


def usage_error(message: str) -> str:
    """argparse's ``message`` in the learner's language, when it is one we know."""
    if i18n.language() == i18n.ENGLISH:
        return message
    for pattern, msgid in ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found:
            return _(msgid).format(**found.groupdict())
    return message


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` terminal columns (Chinese needs no spaces to
    break at; a full-width comma or closing bracket never starts a line)."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if token.isspace():
            line += "" if not line else " "
        elif not line or width(line + token) <= columns or token in _NO_LINE_START:
            line += token
        else:
            lines.append(line.rstrip())
            line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines


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

    # argparse wraps by characters; a Chinese character takes two columns, and a sentence
    # has no spaces to break at. English goes through argparse's own wrapping, unchanged.
    def _split_lines(self, text: str, width: int) -> list[str]:
        if not _wide(text):
            return super()._split_lines(text, width)
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not _wide(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


def _wide(text: str) -> bool:
    return any(width(c) == 2 for c in text)


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
        said = usage_error(message)
        self.exit(2, _("{prog}: error: {message}\n").format(prog=self.prog, message=said))
