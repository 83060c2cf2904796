"""What the subcommands share: the ``--json`` and ``--host`` options, the engine they name,
and printing that survives a closed pipe (``wintut steps | head``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_json(parser: argparse.ArgumentParser, what: str = "the result") -> None:
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def add_host(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", metavar="URL", help="engine address (default: the course session's engine)"
    )


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
