"""What every course step is: check, solve, cleanup, tiered hints, and the outcome it should give
on each kind of engine. Nothing about widgets, the session or simulated hosts.

A step reads the engine it is given (a :class:`wintut.engine.Engine`) and returns a
:class:`wintut.results.CheckResult`; it never trusts the learner's word alone.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, ClassVar

from wintut import i18n
from wintut.assets import asset_path, files_in, stem
from wintut.columns import sentences as sentences  # the steps join sentences with it
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import _
from wintut.results import CheckResult, Outcome

ProgressCallback = Callable[[Any], None]
"""Receives :class:`wintut.images.PullProgress` (or a plain status string) during long work."""

RECENT_SECONDS = 24 * 3600
"""The longest a check looks back in the engine's history (dockerd keeps events in memory)."""


@dataclass(frozen=True)
class Window:
    """Which part of the engine's history a check may count."""

    since: float
    """Unix time: runs before this do not count (the learner started the course then)."""
    own: bool = False
    """Count wintut's own runs too: only the check that follows "Do it for me" does."""

    @classmethod
    def recent(cls, since: float = 0.0) -> Window:
        """From ``since``, but never more than :data:`RECENT_SECONDS` back."""
        return cls(max(since, time.time() - RECENT_SECONDS))

    def describe(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(self.since))


class Shown:
    """A class attribute the learner reads (a step's title, its answer box's prompt), given in
    their language each time it is read: classes are made at import, before the session has
    chosen the language. ``text`` is an ``N_()``-marked message, or a function that builds the
    text from translated parts (the isolation grid)."""

    def __init__(self, text: str | Callable[[], str]) -> None:
        self.text = text

    def __get__(self, instance: object, owner: type | None = None) -> str:
        return self.text() if callable(self.text) else _(self.text)


def os_label(os_type: str | None) -> str:
    """An engine's ``OSType`` as a learner reads it: ``linux`` in English text, Linux in
    Chinese."""
    value = str(os_type or "").lower()
    if value == "linux":
        # Translators: an engine's OSType, inside a sentence ("a linux engine"): Linux
        return _("linux")
    if value == "windows":
        # Translators: an engine's OSType, inside a sentence ("a windows engine"): Windows
        return _("windows")
    return str(os_type or "?")


def isolation_label(isolation: str) -> str:
    """``process`` → process isolation (进程隔离), ``hyperv`` → Hyper-V isolation (Hyper-V 隔离)."""
    if isolation == "process":
        return _("process isolation")
    if isolation == "hyperv":
        return _("hyperv isolation")
    return _("{isolation} isolation").format(isolation=isolation)


def expect(*, linux: Outcome, windows: Outcome) -> Mapping[str, Outcome]:
    """A step's expected outcomes after solve, on a Linux and on a Windows engine."""
    return MappingProxyType({"linux": linux, "windows": windows})


def is_windows(engine: Engine) -> bool:
    """True when the engine runs Windows containers, read fresh (Docker Desktop may have been
    switched since the last look)."""
    return engine.is_windows(refresh=True)


class Step(ABC):
    """One step of the course."""

    id: ClassVar[str]
    title: ClassVar[Shown]
    """The step's name, in the learner's language when read (``Shown(N_("…"))``)."""
    notebook: ClassVar[str]
    answer_prompt: ClassVar[Shown | None] = None
    """When set, the widget shows an answer box with this label and passes its text to check."""
    expected: ClassVar[Mapping[str, Outcome]]
    """The outcome after :meth:`solve` on a ``linux`` and on a ``windows`` engine (the
    notebooks' self-test compares against it)."""
    runs_on: ClassVar[str | None] = None
    """``linux`` or ``windows`` when the step only makes sense on that kind of engine."""
    wrong_os: ClassVar[tuple[str, str]] = ("", "")
    """Reason and fix given (as not-applicable) on the other kind of engine (``N_()``-marked:
    translated when given)."""
    can_solve: ClassVar[bool] = True
    """False for a prediction: it is the learner's to make, so no "Do it for me"."""

    @abstractmethod
    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        """Read the engine (and the answer, if any) and decide."""

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        """Do the step for the learner ("do it for me"), then check it; marked ``solved``."""
        return self.solved(self.check(engine))

    def cleanup(self, engine: Engine) -> None:
        """Remove the containers this step's solve or check left (wintut's runs remove their
        own; this catches what an interrupt left behind)."""
        engine.cleanup(step=self.id)

    def expected_on(self, os_type: str, recorded: Mapping[str, Any] | None = None) -> Outcome:
        """The outcome :meth:`solve` should give on an engine of ``os_type``.

        Args:
            os_type: the engine's ``OSType`` (``linux`` or ``windows``).
            recorded: on a simulated host, what it recorded (``search_terms``, …).
        """
        return self.expected["windows" if os_type == "windows" else "linux"]

    def hints(self) -> list[str]:
        """Hint tiers as markdown, from ``assets/hints/<id>/1.md``, ``2.md``, …; in Chinese
        from ``assets/hints/<id>/zh_CN/1.md``, …, each tier falling back to its English file."""
        folder = asset_path("hints", self.id)
        files = sorted(
            files_in(folder, ".md"),
            key=lambda p: (
                not stem(p).isdigit(),
                int(stem(p)) if stem(p).isdigit() else 0,
                stem(p),
            ),
        )
        lang = i18n.language()
        translated = folder.joinpath(lang) if lang != i18n.ENGLISH else None
        tiers = []
        for english in files:
            shown = translated.joinpath(english.name) if translated is not None else english
            tiers.append((shown if shown.is_file() else english).read_text(encoding="utf-8"))
        return tiers

    # helpers for subclasses

    def os_guard(
        self, engine: Engine, evidence: dict[str, Any] | None = None
    ) -> CheckResult | None:
        """Not-applicable, with the step's reason, on the kind of engine it does not run on."""
        if self.runs_on is None or (self.runs_on == "windows") == is_windows(engine):
            return None
        reason, fix = self.wrong_os
        other = "linux" if self.runs_on == "windows" else "windows"
        return self.result(
            Outcome.NOT_APPLICABLE,
            _(reason),
            evidence={"os type": other, **(evidence or {})},
            fix=_(fix),
        )

    def solved(self, result: CheckResult) -> CheckResult:
        """``result`` marked as the outcome of "Do it for me" (a pass then is wintut's)."""
        return replace(result, solved=result.outcome is Outcome.PASS)

    def result(self, outcome: Outcome, reason: str, **kwargs: Any) -> CheckResult:
        return CheckResult(self.id, outcome, reason, **kwargs)

    def engine_error(self, exc: EngineError) -> CheckResult:
        return CheckResult(
            self.id,
            Outcome.ERROR,
            exc.problem.message,
            fix=exc.problem.fix,
            problem=exc.problem,
        )
