"""The learner's working folder: a copy of the course notebooks that never loses their edits.

``wintut open`` copies the notebooks that ship with wintut into a folder the learner owns. A small
manifest there (``.wintut-course.json``) records, per notebook, the hash of the course version
last copied. On the next copy, each notebook is one of:

- missing: copied;
- the course's version already: left alone;
- unedited (still the hash last copied) while the course has a newer one: updated;
- edited by the learner, and the course has not changed it: left alone (their edits stay);
- edited by the learner, and the course has a newer one: the learner's copy is renamed beside
  it (``NAME.mine-YYYYMMDD-HHMMSS.ipynb``) and the newer version takes the name. Nothing is lost.

A notebook the manifest does not know (the folder predates it, or the manifest was deleted)
counts as edited when it differs from the course: the safe side. Paths are pathlib throughout
and every write goes through a temporary file and ``os.replace``, on Windows as elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path, PurePosixPath

from wintut import __version__
from wintut.assets import CourseFile, course_notebooks
from wintut.errors import WintutError
from wintut.i18n import FIRST_NOTEBOOK as FIRST_NOTEBOOK  # where `wintut open` starts
from wintut.i18n import N_, _

MANIFEST = ".wintut-course.json"


class WorkspaceError(WintutError):
    """The working folder cannot be used; the message says why and what to do."""


class Action(str, Enum):
    """What happened to one notebook."""

    COPIED = "copied"
    CURRENT = "current"
    UPDATED = "updated"
    YOURS = "yours"
    KEPT_BESIDE = "kept-beside"


@dataclass(frozen=True)
class FileResult:
    """One notebook of the course and what the copy did with it."""

    path: PurePosixPath
    """Where it is, relative to the working folder."""
    action: Action
    kept_as: PurePosixPath | None = None
    """With ``KEPT_BESIDE``: the new name of the learner's own copy."""


@dataclass(frozen=True)
class CopyReport:
    """The outcome of one :func:`copy_course`."""

    folder: Path
    files: tuple[FileResult, ...]

    def count(self, action: Action) -> int:
        return sum(1 for f in self.files if f.action is action)

    def lines(self) -> list[str]:
        """What to tell the learner: one summary line, then one line per notebook kept beside."""
        parts = [
            _(label).format(count=self.count(action))
            for action, label in COUNTED.items()
            if self.count(action)
        ]
        # Translators: between the parts of a list (Chinese uses a full-width comma)
        separator = _(", ")
        out = [
            _("Course in {folder}: {counts}.").format(
                folder=self.folder, counts=separator.join(parts)
            )
        ]
        for f in self.files:
            if f.action is Action.KEPT_BESIDE:
                out.append(
                    _(
                        "  {path}: the course has a newer version; your edited copy is kept as "
                        "{kept}."
                    ).format(path=f.path, kept=f.kept_as)
                )
        return out


COUNTED = {
    Action.COPIED: N_("{count} copied"),
    Action.UPDATED: N_("{count} updated to the course's newer version"),
    Action.YOURS: N_("{count} with your edits, left as they are"),
    Action.CURRENT: N_("{count} already current"),
    Action.KEPT_BESIDE: N_("{count} newer in the course (your copy kept beside)"),
}
"""How each action is counted in the summary line (no plural forms: “3 copied”, “1 copied”)."""


def default_folder() -> Path:
    """``wintut-course`` in the current folder."""
    return Path.cwd() / "wintut-course"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """Hash of the course version last copied, per notebook (empty when missing or unreadable)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if isinstance(v, str)}


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # a plain open (not mkstemp) so the file gets the learner's usual permissions
    temp = target.with_name(f".{target.name}.wintut-tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def beside_name(target: Path, now: datetime) -> Path:
    """A free name next to ``target`` for the learner's own copy."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    base = target.name[: -len(target.suffix)] if target.suffix else target.name
    candidate = target.with_name(f"{base}.mine-{stamp}{target.suffix}")
    number = 2
    while candidate.exists():
        candidate = target.with_name(f"{base}.mine-{stamp}-{number}{target.suffix}")
        number += 1
    return candidate


def _place(
    folder: Path, rel: PurePosixPath, data: bytes, recorded: str | None, now: datetime
) -> FileResult:
    target = folder.joinpath(*rel.parts)
    course_hash = digest(data)
    if not target.exists():
        _write_atomically(target, data)
        return FileResult(rel, Action.COPIED)
    if not target.is_file():
        raise WorkspaceError(
            _(
                "{target} is not a file, so the course notebook cannot go there. "
                "Move it away, or give `wintut open` another folder."
            ).format(target=target)
        )
    theirs = digest(target.read_bytes())
    if theirs == course_hash:
        return FileResult(rel, Action.CURRENT)
    if theirs == recorded:  # unedited since the last copy, and the course has changed it
        _write_atomically(target, data)
        return FileResult(rel, Action.UPDATED)
    if recorded == course_hash:  # edited, and the course has not changed it since
        return FileResult(rel, Action.YOURS)
    kept = beside_name(target, now)
    os.replace(target, kept)  # the learner's copy first, so a failed write below loses nothing
    _write_atomically(target, data)
    return FileResult(rel, Action.KEPT_BESIDE, PurePosixPath(*rel.parts[:-1], kept.name))


def copy_course(
    folder: Path,
    notebooks: Iterable[CourseFile] | None = None,
    now: datetime | None = None,
) -> CopyReport:
    """Copy the course notebooks into ``folder`` without ever overwriting the learner's edits.

    Args:
        folder: the working folder (made if missing).
        notebooks: the course files; default: the ones that ship with this wintut.
        now: the time used in the names of kept copies (tests fix it).

    Returns:
        What happened to each notebook.

    Raises:
        WorkspaceError: the folder cannot be made or written.
    """
    folder = folder.expanduser().resolve()
    when = now or datetime.now()
    try:
        if folder.exists() and not folder.is_dir():
            raise WorkspaceError(
                _("{folder} is a file, not a folder. Give `wintut open` a folder.").format(
                    folder=folder
                )
            )
        folder.mkdir(parents=True, exist_ok=True)
        recorded = read_manifest(folder)
        results = []
        hashes: dict[str, str] = {}
        for rel, source in notebooks if notebooks is not None else course_notebooks():
            data = source.read_bytes()
            results.append(_place(folder, rel, data, recorded.get(str(rel)), when))
            hashes[str(rel)] = digest(data)
        manifest = {"wintut": __version__, "files": hashes}
        _write_atomically(folder / MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WorkspaceError(
            _(
                "Cannot write the course into {folder}: {reason}. "
                "Choose a folder you can write to: `wintut open PATH`."
            ).format(folder=folder, reason=reason)
        ) from exc
    return CopyReport(folder, tuple(results))
