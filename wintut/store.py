"""The learner's progress: for each step and each engine it was checked on, the best outcome
and the latest attempt, kept across kernel restarts.

One JSON file, ``progress.json``, in the learner's data folder (:func:`wintut.paths.home`).
Several kernels and the CLI may record at once, so every change is read-modify-write under an
exclusive lock (:mod:`wintut.locking`) and written atomically (a temporary file, then
``os.replace``). Results from the learner's own engine (``real``) and from each simulated host
(``simulated:PROFILE``) are kept apart; a later "could not check" never erases a pass.

Reading never breaks a command: a UTF-8 BOM or a UTF-16 file (Notepad's "Unicode") is read as
what it is; a file that cannot be read at all is set aside as ``progress.json.corrupt-STAMP``
(kept, never deleted) and a fresh one started; a bad record is skipped and the rest kept. Each
of these is said once (:meth:`Store.notices`).

Format 1 files (one latest entry per step, no source) are migrated on first write: their
entries become the source ``earlier``, shown as "recorded by an earlier wintut".

Beside the steps the file keeps the learner's own answers that are not steps (``kept``):
a prediction's pick (``predict:NAME``, :class:`Pick`) and a knowledge check's score
(``quiz:NAME``, :class:`Score`), per source too, under the same lock and robustness rules.
They never count towards "done" (:attr:`StepRecord.done`).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from wintut import paths
from wintut.errors import WintutError
from wintut.i18n import _, ngettext
from wintut.kept import Kept, Pick, Score, kept_of
from wintut.locking import LOCK_TIMEOUT, locked
from wintut.results import CheckResult, Outcome

FILENAME = "progress.json"
FORMAT = 2
REAL = "real"
EARLIER = "earlier"
"""The source of entries migrated from a format 1 file (which did not record one)."""

RANK = {
    Outcome.ERROR: 0,
    Outcome.NOT_ATTEMPTED: 1,
    Outcome.FAIL: 2,
    Outcome.NOT_APPLICABLE: 3,
    Outcome.PASS: 4,
}
"""Which outcome is better, for keeping the best; a pass by the learner beats a solved one."""


class StoreError(WintutError):
    """Progress could not be saved (unwritable folder, a lock held too long)."""


def source_of(simulated: str | None) -> str:
    """``real``, or ``simulated:PROFILE`` for a simulated host."""
    return f"simulated:{simulated}" if simulated else REAL


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Entry:
    """One recorded outcome."""

    outcome: Outcome
    reason: str
    at: str
    solved: bool = False
    """wintut did the step ("Do it for me"); the learner did not."""

    @property
    def rank(self) -> tuple[int, int]:
        return RANK[self.outcome], 0 if self.solved else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "reason": self.reason,
            "at": self.at,
            "solved": self.solved,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Entry:
        """Raises ValueError for a record that is not one."""
        if not isinstance(data, dict):
            raise ValueError("a record is not an object")
        return cls(
            Outcome(data.get("outcome")),
            str(data.get("reason") or ""),
            str(data.get("at") or ""),
            bool(data.get("solved")),
        )


@dataclass(frozen=True)
class StepRecord:
    """What is known of one step on one source."""

    best: Entry
    latest: Entry
    attempts: int = 1

    @property
    def done(self) -> bool:
        """The one definition of done: passed (by the learner or for them), or not applicable."""
        return self.best.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "best": self.best.to_dict(),
            "latest": self.latest.to_dict(),
            "attempts": self.attempts,
        }

    @classmethod
    def from_dict(cls, data: Any) -> StepRecord:
        if not isinstance(data, dict):
            raise ValueError("a step record is not an object")
        latest = Entry.from_dict(data.get("latest"))
        best = Entry.from_dict(data["best"]) if data.get("best") else latest
        return cls(best, latest, int(data.get("attempts") or 1))


def _decode(raw: bytes) -> str:
    """Bytes to text by their byte-order mark (UTF-8, UTF-16); else strict UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


class Store:
    """The progress store.

    Args:
        folder: where ``progress.json`` lives; default :func:`wintut.paths.home`.
        lock_timeout: how long to wait for another writer before giving up.
    """

    def __init__(
        self, folder: Path | str | None = None, lock_timeout: float = LOCK_TIMEOUT
    ) -> None:
        self.lock_timeout = lock_timeout
        self.folder = Path(folder) if folder is not None else paths.home()
        self.path = self.folder / FILENAME
        self.lock_path = self.folder / (FILENAME + ".lock")
        self._notices: list[str] = []

    def notices(self) -> list[str]:
        """What reading found wrong (each said once), then forgotten."""
        found, self._notices = self._notices, []
        return found

    # -- reading (callers hold the lock, or accept a racing writer's previous file) ----------

    def _read(self) -> dict[str, dict[str, StepRecord]]:
        return self._load()[0]

    def _load(self) -> tuple[dict[str, dict[str, StepRecord]], Kept]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}, {}
        except OSError as exc:
            self._notices.append(
                _("⚠ Your progress file could not be read ({why}).").format(why=exc.strerror)
            )
            return {}, {}
        try:
            data = json.loads(_decode(raw))
            if not isinstance(data, dict) or not isinstance(data.get("steps"), dict):
                raise ValueError("not a wintut progress file")
        except (ValueError, UnicodeDecodeError) as exc:
            return self._set_aside(exc), {}
        steps: dict[str, dict[str, StepRecord]] = {}
        skipped = 0
        for step_id, value in data["steps"].items():
            if data.get("format", 1) == 1:
                value = {EARLIER: {"latest": value}}
            if not isinstance(value, dict):
                skipped += 1
                continue
            for source, record in value.items():
                try:
                    steps.setdefault(str(step_id), {})[str(source)] = StepRecord.from_dict(record)
                except (ValueError, KeyError, TypeError):
                    skipped += 1
        kept, bad = kept_of(data.get("kept"))
        skipped += bad
        if skipped:
            self._notices.append(
                ngettext(
                    "⚠ {n} record(s) in your progress file could not be read and were skipped; "
                    "the rest is kept.",
                    "⚠ {n} record(s) in your progress file could not be read and were skipped; "
                    "the rest is kept.",
                    skipped,
                ).format(n=skipped)
            )
        return steps, kept

    def _set_aside(self, exc: Exception) -> dict[str, dict[str, StepRecord]]:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{FILENAME}.corrupt-{stamp}")
        try:
            os.replace(self.path, aside)
            said = _(
                "⚠ Your progress file could not be read ({error}); it was kept as {name} and a "
                "fresh one started."
            )
        except OSError:
            said = _(
                "⚠ Your progress file could not be read ({error}); it was left as it is and a "
                "fresh one started."
            )
        self._notices.append(said.format(error=type(exc).__name__, name=aside.name))
        return {}

    def _write(self, steps: dict[str, dict[str, StepRecord]], kept: Kept | None = None) -> None:
        data = {
            "format": FORMAT,
            "steps": {
                step: {source: record.to_dict() for source, record in sources.items()}
                for step, sources in steps.items()
            },
            "kept": {
                key: {source: record.to_dict() for source, record in sources.items()}
                for key, sources in (kept or {}).items()
            },
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return locked(self.lock_path, self.lock_timeout)

    # -- public API ---------------------------------------------------------------------------

    def steps(self) -> dict[str, dict[str, StepRecord]]:
        """Every step's records, by source. Never raises (problems become notices)."""
        try:
            with self._locked():
                return self._read()
        except (OSError, TimeoutError) as exc:
            self._notices.append(_("⚠ Your progress could not be read: {exc}").format(exc=exc))
            return self._read()

    def record(self, result: CheckResult, source: str = REAL) -> StepRecord:
        """Keep ``result`` as its step's latest attempt on ``source`` (and as its best, when it
        is better). Returns the step's record.

        Raises:
            StoreError: the progress folder cannot be written, or stayed locked.
        """
        entry = Entry(result.outcome, result.reason, _now(), result.solved)
        try:
            with self._locked():
                steps, kept = self._load()
                previous = steps.get(result.step, {}).get(source)
                if previous is None:
                    record = StepRecord(entry, entry, 1)
                else:
                    best = entry if entry.rank >= previous.best.rank else previous.best
                    record = StepRecord(best, entry, previous.attempts + 1)
                steps.setdefault(result.step, {})[source] = record
                self._write(steps, kept)
                return record
        except (OSError, TimeoutError) as exc:
            raise StoreError(
                _(
                    "wintut could not save your progress in {folder}: {exc}. Check that the "
                    "folder is writable (or set WINTUT_HOME to one that is)."
                ).format(folder=self.folder, exc=exc)
            ) from exc

    def get(self, step_id: str, source: str = REAL) -> StepRecord | None:
        """The record of ``step_id`` on ``source``, if any."""
        return self.steps().get(step_id, {}).get(source)

    # -- the learner's answers that are not steps (predictions, knowledge checks) -------------

    def kept(self) -> Kept:
        """Every pick and score, by key and source. Never raises (problems become notices)."""
        try:
            with self._locked():
                return self._load()[1]
        except (OSError, TimeoutError) as exc:
            self._notices.append(_("⚠ Your progress could not be read: {exc}").format(exc=exc))
            return self._load()[1]

    def keep_pick(self, name: str, choice: str, source: str = REAL) -> Pick:
        """Keep the learner's prediction ``choice`` for ``name`` (a new pick replaces the old).

        Raises:
            StoreError: as :meth:`record`.
        """
        pick = Pick(choice, _now())
        self._keep(f"predict:{name}", source, lambda _old: pick)
        return pick

    def pick(self, name: str, source: str = REAL) -> Pick | None:
        found = self.kept().get(f"predict:{name}", {}).get(source)
        return found if isinstance(found, Pick) else None

    def keep_score(self, name: str, right: int, total: int, source: str = REAL) -> Score:
        """Keep a knowledge check's score as the latest, and as the best when it is better.

        Raises:
            StoreError: as :meth:`record`; ValueError for a score out of range.
        """
        if not 0 <= right <= total:
            raise ValueError(f"score {right} of {total} is out of range")

        def update(old: Any) -> Score:
            if not isinstance(old, Score) or old.total != total:
                return Score(right, total, right, _now())
            return Score(right, total, max(right, old.best), _now(), old.attempts + 1)

        found = self._keep(f"quiz:{name}", source, update)
        assert isinstance(found, Score)
        return found

    def scores(self, source: str | None = None) -> dict[str, dict[str, Score]]:
        """Knowledge-check scores by quiz name and source (only ``source``'s, when given)."""
        found: dict[str, dict[str, Score]] = {}
        for key, sources in self.kept().items():
            kind, _colon, name = key.partition(":")
            for where, record in sources.items():
                if kind == "quiz" and isinstance(record, Score) and source in (None, where):
                    found.setdefault(name, {})[where] = record
        return found

    def _keep(self, key: str, source: str, update: Any) -> Any:
        try:
            with self._locked():
                steps, kept = self._load()
                record = update(kept.get(key, {}).get(source))
                kept.setdefault(key, {})[source] = record
                self._write(steps, kept)
                return record
        except (OSError, TimeoutError) as exc:
            raise StoreError(
                _(
                    "wintut could not save your answer in {folder}: {exc}. Check that the "
                    "folder is writable (or set WINTUT_HOME to one that is)."
                ).format(folder=self.folder, exc=exc)
            ) from exc

    def reset(self) -> None:
        """Forget every step, pick and score."""
        try:
            with self._locked():
                self._write({})
        except (OSError, TimeoutError) as exc:
            raise StoreError(
                _("wintut could not reset your progress in {folder}: {exc}").format(
                    folder=self.folder, exc=exc
                )
            ) from exc
