"""Errors and learner-facing problems.

Every failure a learner can meet is a :class:`Problem`: a stable ``code``, a one-sentence
``message`` saying what happened, a one-line ``fix``, and the raw ``detail`` kept for the curious.

Exception tree::

    WintutError
    ├── EngineError        the engine could not be reached or refused a call (carries a Problem)
    │   └── PullError      a pull failed, in the HTTP status or inside the progress stream
    └── LabError           the offline lab could not start, stop or seed
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from wintut.i18n import _

NOT_RECORDED = "not recorded on this simulated host"
"""How a simulated host (``wintut simulate``) answers what its profile did not record."""
NOT_RECORDED_HEADER = "X-Wintut-Not-Recorded"
"""The header (value ``1``) a simulated host sets on its 404 for what was not recorded."""


@dataclass(frozen=True)
class Problem:
    """Something that stops (or may stop) the learner, with what to do about it."""

    code: str
    """Stable identifier, e.g. ``engine-not-running``; tests and the docs rely on it."""
    message: str
    """What happened, in one sentence."""
    fix: str
    """What to do next, in one line."""
    detail: str = ""
    """The raw error text, for the curious (never the first thing shown)."""
    blocking: bool = True
    """False for warnings: the course can go on, but something may look odd."""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        return _("{message}\n  Fix: {fix}").format(message=self.message, fix=self.fix)


class WintutError(Exception):
    """Root of every error wintut raises on purpose."""


class EngineError(WintutError):
    """The Docker engine could not be reached, or refused what we asked."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class PullError(EngineError):
    """A pull failed. ``problem.detail`` holds the daemon's own words."""

    @property
    def daemon_message(self) -> str:
        return self.problem.detail


class LabError(WintutError):
    """The offline lab could not do what was asked; the message says what to do."""
