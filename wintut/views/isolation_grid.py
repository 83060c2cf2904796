"""The isolation step as a grid: one row per case, each marked "runs" or "fails" with a toggle.

It decides nothing: the marks go to ``check`` as the step's text answer (``fails runs …``), the
same answer ``wintut check isolation --answer`` takes, and the result renders itself with each
case's rule. There is no "Do it for me": a prediction is the learner's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wintut.i18n import N_, _
from wintut.results import CheckResult
from wintut.views.common import View, badge_html, esc

MARKS = ("runs", "fails")
MARK_LABELS = {"runs": N_("runs"), "fails": N_("fails")}
"""What each mark's toggle says; its value (the answer's word) stays ``runs`` / ``fails``."""


class IsolationGridView:
    """Args:
    cases: one line per case (host, image, isolation), in the step's order.
    check: called with the marks as text; returns the step's result (the session's check).
    mark: ``simulated: PROFILE`` when the course runs on a simulated host.
    """

    def __init__(
        self, cases: list[str], check: Callable[[str], CheckResult], mark: str = ""
    ) -> None:
        import ipywidgets as w

        self.cases = cases
        self._check = check
        self.mark = mark
        self.result: CheckResult | None = None
        self.toggles = [
            w.ToggleButtons(
                options=[(_(MARK_LABELS[m]), m) for m in MARKS],
                value=None,
                description=_("Case {number}").format(number=n),
            )
            for n in range(1, len(cases) + 1)
        ]
        rows: list[Any] = []
        for case, toggle in zip(cases, self.toggles, strict=True):
            rows += [w.HTML(f"<b>{esc(toggle.description)}</b>: {esc(case)}"), toggle]
        self.button = w.Button(description=_("Check my grid"), icon="check")
        self.button.on_click(lambda _button: self.check())
        self.panel = w.HTML("")
        title = w.HTML(
            "<b>"
            + esc(_("Does each container start?"))
            + "</b> "
            + esc(_("Mark every case, then press Check my grid."))
            + badge_html(mark)
        )
        self.widget = w.VBox([title, *rows, self.button, self.panel])
        self.view = View(self.widget, self.text)

    def marks(self) -> str:
        """The marks as the step's answer (an unmarked case is left out, so it cannot pass)."""
        return " ".join(str(t.value) for t in self.toggles if t.value is not None)

    def check(self) -> CheckResult:
        self.button.disabled = True
        try:
            self.result = self._check(self.marks())
        finally:
            self.button.disabled = False
        self.panel.value = self.result._repr_html_()
        return self.result

    def answer(self, *marks: str) -> CheckResult:
        """Text fallback: ``grid.answer("fails", "runs", …)``, one mark per case."""
        for toggle, value in zip(self.toggles, marks, strict=False):
            toggle.value = value if value in MARKS else None
        return self.check()

    def text(self) -> str:
        lines = [_("Does each container start? (no widgets? grid.answer('runs', 'fails', …))")]
        if self.mark:
            lines.append(f"[{self.mark}]")
        lines += [f"  {n}. {case}" for n, case in enumerate(self.cases, 1)]
        if self.result is not None:
            lines.append(str(self.result))
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.view._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return self.text()
