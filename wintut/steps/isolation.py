"""Step ``isolation``: predict, for a small grid of cases, whether a Windows container starts.

Each row of :data:`GRID` is a host, an image and an isolation mode. The learner marks each row
``runs`` or ``fails``, in order (``yes``/``no`` work too)::

    fails runs runs fails

:func:`wintut.compat.decide` judges every row by Microsoft's rules, and the result gives each
row's rule and source, so a wrong mark teaches its own case. On a Windows engine whose build is a
row's host build, the check also tries that row live (``--isolation``) with the nanoserver
image of the row's build, if the engine already has it; the live run decides that row.

The example in :data:`FORMAT` is deliberately not the answer, and the old single prediction
(``ltsc2022 ltsc2019 process no``) is not a grid, so pasting either does not pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wintut import compat, images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _, pgettext
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Shown, Step, Window, expect, sentences
from wintut.steps.common import host_of


@dataclass(frozen=True)
class Case:
    """One row of the grid: does an image of ``image_build`` start on ``host_build``?"""

    host_build: int
    image_build: int
    isolation: str

    def __str__(self) -> str:
        return _("host {host}, image {image}, --isolation={isolation}").format(
            host=compat.build_title(self.host_build),
            image=compat.build_title(self.image_build),
            isolation=self.isolation,
        )


GRID = (
    Case(compat.parse_build("ltsc2022"), compat.parse_build("ltsc2019"), "process"),
    Case(compat.parse_build("ltsc2022"), compat.parse_build("ltsc2019"), "hyperv"),
    Case(compat.parse_build("win11-23h2"), compat.parse_build("ltsc2022"), "process"),
    Case(compat.parse_build("ltsc2019"), compat.parse_build("ltsc2022"), "hyperv"),
)
"""Four cases, each a different rule: builds differ (process), Hyper-V brings its own kernel,
the Windows 11 exception (preview), an image newer than the host."""

EXAMPLE = "runs fails runs fails"
"""The example the prompt shows: the form of an answer, not the answer (a test holds it wrong)."""
FORMAT = N_("one mark per case, in order, runs or fails (e.g. `{example}`; not the answer)")
"""How to write the marks (translated where shown, with :data:`EXAMPLE`)."""
_RUNS = {"runs", "run", "yes", "y", "starts", "start", "true", "✔", "能", "能启动", "可以", "是"}
_FAILS = {"fails", "fail", "no", "n", "refused", "false", "✖", "不能", "不能启动", "失败", "否"}
"""Chinese marks count too (能 / 不能): a Chinese learner may answer in Chinese."""
_NOT_RUN = re.compile(r"(does\s*n[o']t|doesn't|won't|will\s+not)\s+(run|start)", re.IGNORECASE)
_NUMBER = re.compile(r"^\(?\d+[.):]?$|^\d+[.):]")


def grid_markdown() -> str:
    """The grid as a markdown table, for the step's prompt."""
    rows = [
        f"| {n} | {compat.build_title(c.host_build)} | {compat.build_title(c.image_build)} | "
        f"`{c.isolation}` |"
        for n, c in enumerate(GRID, 1)
    ]
    header = _("| # | host | image | isolation |")
    return "\n".join([header, "|---|---|---|---|", *rows])


def format_help() -> str:
    """:data:`FORMAT` in the learner's language."""
    return _(FORMAT).format(example=EXAMPLE)


def parse_marks(text: str) -> list[bool]:
    """Read one ``runs``/``fails`` mark per case (row numbers like ``1.`` are skipped).

    Raises:
        ValueError: with what is wrong, in words a learner can act on.
    """
    words = [w for w in re.split(r"[\s,;|，、；]+", _NOT_RUN.sub("fails", text.strip())) if w]
    marks: list[bool] = []
    for word in words:
        word = _NUMBER.sub("", word).lower()
        if not word:
            continue
        if word in _RUNS:
            marks.append(True)
        elif word in _FAILS:
            marks.append(False)
        else:
            raise ValueError(_("each mark is runs or fails, not “{word}”").format(word=word))
    if len(marks) != len(GRID):
        raise ValueError(
            _("the grid has {cases} cases and you marked {marks}").format(
                cases=len(GRID), marks=len(marks)
            )
        )
    return marks


class Isolation(Step):
    id = "isolation"
    title = Shown(N_("Process or Hyper-V isolation?"))
    notebook = "05-windows-containers"
    expected = expect(linux=Outcome.PASS, windows=Outcome.PASS)
    can_solve = False
    """A prediction is the learner's to make; the self-test still uses :meth:`solve`."""
    answer_prompt = Shown(
        lambda: (
            _(
                "Does each container start? Mark every case **runs** or **fails**, in order "
                "(`{example}` shows the form; it is not the answer)."
            ).format(example=EXAMPLE)
            + "\n\n"
            + grid_markdown()
        )
    )

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        if not (answer or "").strip():
            return self.result(
                Outcome.NOT_ATTEMPTED,
                _("No marks yet."),
                fix=_("Mark the {cases} cases: {how}.").format(cases=len(GRID), how=format_help()),
            )
        try:
            marks = parse_marks(answer or "")
        except ValueError as exc:
            return self.result(
                Outcome.FAIL,
                _("wintut cannot read those marks: {why}.").format(why=exc),
                evidence={"you wrote": answer},
                fix=_("Write {how}.").format(how=format_help()),
            )
        try:
            truths, evidence = self._truths(engine)
        except EngineError as exc:
            return self.engine_error(exc)
        wrong = []
        for number, (mark, truth) in enumerate(zip(marks, truths, strict=True), 1):
            verdict = "✔" if mark == truth else "✖"
            said = (
                _("{verdict} you marked runs; {case}")
                if mark
                else _("{verdict} you marked fails; {case}")
            )
            evidence[f"case {number}"] = said.format(
                verdict=verdict, case=evidence[f"case {number}"]
            )
            if mark != truth:
                wrong.append(str(number))
        if not wrong:
            return self.result(
                Outcome.PASS,
                _(
                    "All {cases} cases right: with process isolation the container shares the "
                    "host's kernel, with Hyper-V it brings its own."
                ).format(cases=len(GRID)),
                evidence=evidence,
            )
        return self.result(
            Outcome.FAIL,
            # Translators: {wrong} lists case numbers, joined by the "case numbers" ", " (、)
            _(
                "{right} of {cases} right; not case {wrong} (each case's rule is in the details)."
            ).format(
                right=len(GRID) - len(wrong),
                cases=len(GRID),
                wrong=pgettext("case numbers", ", ").join(wrong),
            ),
            evidence=evidence,
            fix=_("Read the rule of each case marked ✖, then mark the grid again."),
        )

    def _truths(self, engine: Engine) -> tuple[list[bool], dict[str, Any]]:
        """Whether each case starts (the live run where tried, else the rules), with why."""
        evidence: dict[str, Any] = {"source": compat.VERSION_COMPAT}
        truths = []
        for number, case in enumerate(GRID, 1):
            decision = compat.decide(case.host_build, case.image_build, case.isolation)
            live, how = self._live(engine, case)
            truth = decision.starts if live is None else live
            said = _("{case}: it starts.") if truth else _("{case}: it does not start.")
            line = sentences(
                said.format(case=case),
                decision.rule,
                _("Live: {how}.").format(how=how) if how else "",
                _("This engine disagrees with the published rules; the live run decides.")
                if live is not None and live != decision.starts
                else "",
            )
            evidence[f"case {number}"] = line
            truths.append(truth)
        return truths, evidence

    def _live(self, engine: Engine, case: Case) -> tuple[bool | None, str]:
        """Try ``case`` on this engine when it can be tried: (outcome or ``None``, in words)."""
        if not engine.is_windows(refresh=True):
            return None, ""
        if host_of(engine).windows_build != case.host_build:
            return None, ""
        image = compat.image_of_build(case.image_build)
        if image is None:
            return None, _("not tried: no nanoserver image of build {build}").format(
                build=case.image_build
            )
        ref = images.resolve(image, engine=engine)
        if engine.inspect_image(ref) is None:
            return None, _("not tried: pull {ref} first").format(ref=ref)
        try:
            run = engine.run(ref, ["cmd", "/c", "ver"], step=self.id, isolation=case.isolation)
        except EngineError as exc:
            return False, _("refused: {words}").format(
                words=exc.problem.detail or exc.problem.message
            )
        output = run.output.strip() or _("exit code {code}").format(code=run.exit_code)
        return True, _("started ({ref}, --isolation={isolation}): {output}").format(
            ref=ref, isolation=case.isolation, output=output
        )

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        """For maintainers (the self-test): answer the grid from compat (and any live run)."""
        try:
            truths, _evidence = self._truths(engine)
        except EngineError as exc:
            return self.engine_error(exc)
        return self.check(engine, answer=" ".join("runs" if t else "fails" for t in truths))
