"""The service's command-line options and data folder (no JupyterHub or SQLAlchemy import, so
``wintut --help`` works without the ``class`` extra)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from wintut.i18n import _

DEFAULT_STUCK_MINUTES = 10.0


def data_folder(value: str | None) -> Path:
    if value:
        return Path(value)
    from wintut.paths import home

    return home() / "class-service"


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=os.environ.get("WINTUT_CLASS_DB"), help=_("SQLAlchemy URL"))
    parser.add_argument(
        "--data", default=os.environ.get("WINTUT_CLASS_DATA"), help=_("folder for class.sqlite")
    )
    parser.add_argument(
        "--stuck-minutes",
        type=float,
        default=float(os.environ.get("WINTUT_CLASS_STUCK_MINUTES", DEFAULT_STUCK_MINUTES)),
        help=_("a step not passing for longer than this marks the learner stuck"),
    )
    parser.add_argument(
        "--refresh",
        type=int,
        default=int(os.environ.get("WINTUT_CLASS_REFRESH", "10")),
        help=_("the room view reloads itself this often, in seconds"),
    )
