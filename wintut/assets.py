"""Where the course's files live: the one module that knows.

The course ships inside the package. ``assets/`` and ``notebooks/`` stay at the top of the
repository and pyproject.toml maps them to the data-only packages ``wintut._assets`` and
``wintut._notebooks``, so a built wheel carries them and an editable install reads the files of
the clone itself. Everything is read through :mod:`importlib.resources`, which also works when
wintut is imported from a zip: callers get a ``Traversable`` (``/``, ``joinpath``, ``iterdir``,
``read_text``, ``read_bytes``), never assume a real folder, and never glob.

``WINTUT_ASSETS`` points at another assets folder (a test's copy, say).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path, PurePosixPath

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # deprecated from 3.12 on, so only where importlib.resources.abc does not exist yet
    from importlib.abc import Traversable

__all__ = ["Traversable", "asset_path", "course_notebooks", "files_in", "notebooks_root", "stem"]

ASSETS_PACKAGE = "wintut._assets"
NOTEBOOKS_PACKAGE = "wintut._notebooks"

ROOT: Traversable = (
    Path(os.environ["WINTUT_ASSETS"]) if os.environ.get("WINTUT_ASSETS") else files(ASSETS_PACKAGE)
)
"""The assets folder (tests may point it elsewhere)."""


def asset_path(*parts: str) -> Traversable:
    """A file or folder under the assets (it may not exist: callers decide)."""
    found = ROOT
    for part in parts:  # one part at a time: Traversable.joinpath takes one on Python 3.10
        found = found.joinpath(part)
    return found


def notebooks_root() -> Traversable:
    """The folder of course notebooks that ships with this install."""
    return files(NOTEBOOKS_PACKAGE)


def files_in(folder: Traversable, suffix: str) -> list[Traversable]:
    """The files directly in ``folder`` whose names end with ``suffix`` (none if it is missing)."""
    if not folder.is_dir():
        return []
    return sorted(
        (item for item in folder.iterdir() if item.is_file() and item.name.endswith(suffix)),
        key=lambda item: item.name,
    )


def stem(item: Traversable) -> str:
    """A resource's name without its last suffix (Traversable has ``name`` but no ``stem``)."""
    return PurePosixPath(item.name).stem


CourseFile = tuple[PurePosixPath, Traversable]
"""A course file's path relative to the course folder, and the file itself."""


def course_notebooks() -> Iterator[CourseFile]:
    """Every notebook of the course (sub-folders too), with its path relative to the course."""

    def walk(
        folder: Traversable, prefix: PurePosixPath
    ) -> Iterator[tuple[PurePosixPath, Traversable]]:
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            if item.name.startswith((".", "_")):  # checkpoints, __init__.py, __pycache__
                continue
            if item.is_dir():
                yield from walk(item, prefix / item.name)
            elif item.name.endswith(".ipynb"):
                yield prefix / item.name, item

    yield from walk(notebooks_root(), PurePosixPath())
