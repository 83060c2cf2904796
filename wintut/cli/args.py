"""What the subcommands share: the ``--json`` and ``--host`` options, the engine they name,
and printing that survives a closed pipe (``wintut steps | head``)."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import Any

from wintut import i18n
from wintut.i18n import _


def add_json(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    """``--json``; ``help_text`` says what is printed (default: the result)."""
    parser.add_argument(
        "--json", action="store_true", help=help_text or _("print the result as JSON")
    )


def add_host(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", metavar="URL", help=_("engine address (default: the course session's engine)")
    )


def language_name(value: str) -> str:
    """``--lang``'s value, as gettext names it (``zh-CN`` → ``zh_CN``)."""
    lang = i18n.normalise(value)
    if lang is None:
        raise argparse.ArgumentTypeError(
            _("unknown language “{value}”: use en or zh-CN").format(value=value)
        )
    return lang


def session() -> Any:
    """The learner's course session (engine choice, progress, language)."""
    from wintut.session import current

    return current()


def engine_from(args: argparse.Namespace) -> Any:
    """The engine ``--host`` names, else the course session's."""
    if getattr(args, "host", None):
        from wintut.engine import Engine

        return Engine(args.host)
    return session().engine()


def say(text: object = "", *, err: bool = False) -> None:
    """Print a line, replacing what the terminal cannot encode (never a UnicodeEncodeError)."""
    stream = sys.stderr if err else sys.stdout
    line = f"{text}\n"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(line.encode(encoding, "replace").decode(encoding, "replace"))


def notices(session_or_store: Any) -> None:
    """The session's one-time notices, on stderr (stdout stays the result)."""
    for line in session_or_store.notices():
        say(line, err=True)


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` left-aligned in ``columns`` terminal columns (``:<N`` counts characters)."""
    return text + " " * max(0, columns - width(text))
