"""The learner's progress: the latest outcome of each step, kept across kernel restarts.

One JSON file, ``progress.json``, in the user's data folder (``platformdirs.user_data_dir
("wintut")``; ``WINTUT_HOME`` overrides the folder). Several kernels (one per notebook) and the CLI
may record at once, so every change is read-modify-write under an exclusive lock on a separate
lock file (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows), and written atomically (a
temporary file in the same folder, then ``os.replace``), so a reader never sees half a file.
A file that cannot be read as progress is renamed ``progress.json.corrupt-TIMESTAMP`` with a
warning, and a fresh one is started: losing a learner's ticks is bad, losing the course is worse.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from wintut.results import CheckResult, Outcome

FILENAME = "progress.json"
FORMAT = 1
LOCK_TIMEOUT = 10.0


class CorruptProgressWarning(UserWarning):
    """The progress file could not be read; it was set aside and a fresh one started."""


def home() -> Path:
    """The folder progress lives in: ``WINTUT_HOME``, else the platform's user data folder."""
    override = os.environ.get("WINTUT_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("wintut", appauthor=False))


@contextlib.contextmanager
def _locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + timeout
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{path} stayed locked for {timeout:.0f} s") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _empty() -> dict[str, Any]:
    return {"format": FORMAT, "steps": {}}


class Progress:
    """The progress store.

    Args:
        folder: where ``progress.json`` lives; default :func:`home`.
    """

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else home()
        self.path = self.folder / FILENAME
        self.lock_path = self.folder / (FILENAME + ".lock")

    # -- reading and writing (callers hold the lock) -----------------------------------------

    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return _empty()
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("steps"), dict):
                raise ValueError("not a wintut progress file")
            if not all(isinstance(v, dict) for v in data["steps"].values()):
                raise ValueError("a step entry is not an object")
            return data
        except ValueError as exc:
            return self._set_aside(exc)

    def _set_aside(self, exc: Exception) -> dict[str, Any]:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{FILENAME}.corrupt-{stamp}")
        os.replace(self.path, aside)
        warnings.warn(
            f"Your progress file could not be read ({exc}); it was kept as {aside.name} and a "
            "fresh one started.",
            CorruptProgressWarning,
            stacklevel=4,
        )
        return _empty()

    def _write(self, data: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, ensure_ascii=False, default=str)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def load(self) -> dict[str, Any]:
        """The whole store, as stored."""
        with _locked(self.lock_path):
            return self._read()

    # -- public API ----------------------------------------------------------------------------

    def record(self, result: CheckResult) -> dict[str, Any]:
        """Keep ``result`` as its step's latest outcome; returns the step's entry."""
        with _locked(self.lock_path):
            data = self._read()
            previous = data["steps"].get(result.step) or {}
            passed_at = previous.get("first_passed")
            if result.passed and not passed_at:
                passed_at = _now()
            entry = {
                "outcome": result.outcome.value,
                "reason": result.reason,
                "at": _now(),
                "attempts": int(previous.get("attempts") or 0) + 1,
                "first_passed": passed_at,
            }
            data["steps"][result.step] = entry
            self._write(data)
            return entry

    def get(self, step_id: str) -> dict[str, Any] | None:
        """The latest entry of ``step_id`` (``outcome``, ``reason``, ``at``, ``attempts``)."""
        entry = self.load()["steps"].get(step_id)
        return dict(entry) if entry else None

    def summary(self) -> dict[str, Outcome]:
        """Each recorded step's latest outcome."""
        summary: dict[str, Outcome] = {}
        for step_id, entry in self.load()["steps"].items():
            try:
                summary[step_id] = Outcome(entry.get("outcome"))
            except ValueError:
                continue  # written by a newer wintut: not ours to judge
        return summary

    def reset(self) -> None:
        """Forget every step."""
        with _locked(self.lock_path):
            self._write(_empty())
