"""What every course step is: check, solve, cleanup and tiered hints. Nothing about widgets.

A step reads the real engine (through :class:`wintut.engine.Engine`) and returns a
:class:`wintut.results.CheckResult`; it never trusts the learner's word alone.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from wintut.assets import asset_path, files_in, stem
from wintut.engine import Engine, get_engine
from wintut.errors import EngineError
from wintut.results import CheckResult, Outcome

ProgressCallback = Callable[[Any], None]
"""Receives :class:`wintut.images.PullProgress` (or a plain status string) during long work."""


class Step(ABC):
    """One step of the course."""

    id: ClassVar[str]
    title: ClassVar[str]
    notebook: ClassVar[str]
    answer_prompt: ClassVar[str | None] = None
    """When set, the widget shows an answer box with this label and passes its text to check."""

    @abstractmethod
    def check(self, engine: Engine | None = None, answer: str | None = None) -> CheckResult:
        """Read the engine (and the answer, if any) and decide."""

    def solve(
        self, engine: Engine | None = None, progress: ProgressCallback | None = None
    ) -> CheckResult:
        """Do the step for the learner ("do it for me"), then check it."""
        return self.check(engine)

    def cleanup(self, engine: Engine | None = None) -> None:  # noqa: B027 - optional hook
        """Remove what :meth:`solve` left behind (wintut containers are removed anyway)."""

    def hints(self) -> list[str]:
        """Hint tiers as markdown, from ``assets/hints/<id>/1.md``, ``2.md``, …"""
        folder = asset_path("hints", self.id)
        files = sorted(
            files_in(folder, ".md"),
            key=lambda p: (
                not stem(p).isdigit(),
                int(stem(p)) if stem(p).isdigit() else 0,
                stem(p),
            ),
        )
        return [p.read_text(encoding="utf-8") for p in files]

    # helpers for subclasses

    def engine(self, engine: Engine | None) -> Engine:
        return engine or get_engine()

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
