"""Outcomes of a step check: data first, shown by widgets and the CLI alike.

A :class:`CheckResult` renders itself, as otter-grader's results do: its text form is what the
CLI prints and what nbval compares; ``_repr_html_`` is the same, escaped, for Jupyter.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from wintut.errors import Problem
from wintut.i18n import N_, _
from wintut.plain import code_spans, evidence_value


class Outcome(str, Enum):
    """What a check concluded."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    NOT_ATTEMPTED = "not-attempted"
    NOT_APPLICABLE = "not-applicable"

    @property
    def icon(self) -> str:
        return ICONS[self]

    @property
    def label(self) -> str:
        """The outcome in the learner's language (the code, :attr:`value`, stays English)."""
        return _(LABELS[self])

    @property
    def exit_code(self) -> int:
        """`wintut check` exit codes: 0 pass, 1 fail/not-attempted, 2 error, 3 not-applicable."""
        return EXIT_CODES[self]


ICONS = {
    Outcome.PASS: "✔",
    Outcome.FAIL: "✖",
    Outcome.ERROR: "⚠",
    Outcome.NOT_ATTEMPTED: "○",
    Outcome.NOT_APPLICABLE: "–",
}
LABELS = {
    Outcome.PASS: N_("Passed"),
    Outcome.FAIL: N_("Not yet"),
    Outcome.ERROR: N_("Could not check"),
    Outcome.NOT_ATTEMPTED: N_("Not attempted"),
    Outcome.NOT_APPLICABLE: N_("Does not apply here"),
}
EXIT_CODES = {
    Outcome.PASS: 0,
    Outcome.FAIL: 1,
    Outcome.NOT_ATTEMPTED: 1,
    Outcome.ERROR: 2,
    Outcome.NOT_APPLICABLE: 3,
}


@dataclass(frozen=True)
class CheckResult:
    """The result of one check."""

    step: str
    """The step id (``run-ubuntu``, …)."""
    outcome: Outcome
    reason: str
    """One specific sentence: why this outcome."""
    evidence: dict[str, Any] = field(default_factory=dict)
    """What the check read from the engine (and the learner's answer, if any)."""
    fix: str = ""
    """What to do next, when the outcome is not a pass."""
    problem: Problem | None = None
    """The engine problem behind an ``error`` outcome."""
    solved: bool = False
    """wintut did the step for the learner ("Do it for me"); a pass then is not theirs."""

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASS

    @property
    def label(self) -> str:
        """``Passed``, ``Solved for you``, ``Not yet``, …"""
        return _(SOLVED_LABEL) if self.solved and self.passed else self.outcome.label

    def details(self) -> list[str]:
        """What the check read, one line per item (the engine's words last), each cut at
        :data:`DETAIL_CHARS`: an engine error that quotes a huge paste must not echo it whole."""
        lines = [f"{key}: {evidence_value(value)}" for key, value in self.evidence.items()]
        if self.problem is not None and self.problem.detail:
            lines.append(_("engine said: {words}").format(words=self.problem.detail))
        return [_cut(line) for line in lines]

    def _repr_html_(self) -> str:
        """Icon and words first (never colour alone), the details one click away; escaped."""
        esc = html.escape
        said = _("{label}: {reason}").format(
            label=f"<b>{esc(self.outcome.icon)} {esc(self.label)}</b>", reason=esc(self.reason)
        )
        kind = esc(self.outcome.value)
        parts = [f"<div class='wintut-result wintut-{kind}' role='status'>{said}</div>"]
        if self.fix:
            next_line = _("Next: {fix}").format(fix=code_spans(esc(self.fix)))
            parts.append(f"<div>{next_line}</div>")
        details = self.details()
        details_title = _("Details (what the check read)")
        if details:
            parts.append(
                f"<details><summary>{esc(details_title)}</summary>"
                f"<pre style='white-space:pre-wrap'>{esc(chr(10).join(details))}</pre></details>"
            )
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "evidence": self.evidence,
            "fix": self.fix,
            "problem": self.problem.to_dict() if self.problem else None,
            "solved": self.solved,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def __str__(self) -> str:
        lines = [
            _("{icon} {step}: {label}: {reason}").format(
                icon=self.outcome.icon, step=self.step, label=self.label, reason=self.reason
            )
        ]
        if self.fix:
            lines.append("  " + _("Next: {fix}").format(fix=self.fix))
        lines += [f"  {line}" for line in self.details()]
        return "\n".join(lines)


SOLVED_LABEL = N_("Solved for you")

DETAIL_CHARS = 2_000
"""The longest line of details shown (an engine's error about a long answer quotes it)."""


def _cut(line: str) -> str:
    if len(line) <= DETAIL_CHARS:
        return line
    more = len(line) - DETAIL_CHARS
    return line[:DETAIL_CHARS] + _("… ({count} more characters not shown)").format(count=more)
