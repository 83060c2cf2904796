"""The course's steps, registered once, in course order, and the code path every check takes.

Adding a step: write its module (a :class:`~wintut.steps.base.Step` subclass with its id,
title, notebook, expected outcomes and check/solve), add it to :data:`STEPS` here, add its hints
(``assets/hints/<id>/1.md``, ``2.md``, ``3.md``: a test wants three; the same in Chinese in
``assets/hints/<id>/zh_CN/``) and its cell in the
notebook. The code reads steps from here only; a few other places name them on purpose and
must be told: the notebook's (and 06's) closing ``selftest([...])`` cell, ``FIXED_IDS`` in
tests/unit/test_course.py, the Windows jobs of .github/workflows/ci.yml for Windows steps (and
tests/unit/test_workflow.py), and the README's list of steps.
"""

from __future__ import annotations

from collections.abc import Callable

from wintut.engine import Engine
from wintut.i18n import _
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Step, Window
from wintut.steps.build_image import BuildImage
from wintut.steps.engine import EngineStep
from wintut.steps.find_kernel import FindKernel
from wintut.steps.iis_failure import IisFailure
from wintut.steps.iis_works import IisWorks
from wintut.steps.isolation import Isolation
from wintut.steps.nanoserver import Nanoserver
from wintut.steps.run_ubuntu import RunUbuntu
from wintut.steps.search_microsoft import SearchMicrosoft
from wintut.steps.see_isolation import SeeIsolation
from wintut.steps.windows_engine import WindowsEngine

STEPS: tuple[type[Step], ...] = (
    EngineStep,
    RunUbuntu,
    FindKernel,
    SearchMicrosoft,
    IisFailure,
    WindowsEngine,
    Nanoserver,
    Isolation,
    SeeIsolation,
    IisWorks,
    BuildImage,
)
"""The one ordered list of the course's steps."""

STEP_IDS: tuple[str, ...] = tuple(step.id for step in STEPS)
_BY_ID = {step.id: step for step in STEPS}

Recorder = Callable[[CheckResult], None]


def get(step_id: str) -> Step:
    """The step with this id.

    Raises:
        KeyError: no such step (the message lists the ids).
    """
    if step_id not in _BY_ID:
        raise KeyError(
            _("no step “{step}”; steps are: {steps}").format(
                step=step_id, steps=", ".join(STEP_IDS)
            )
        )
    return _BY_ID[step_id]()


def all_steps() -> list[Step]:
    """Every step, in course order."""
    return [step() for step in STEPS]


def run_check(
    step_id: str,
    answer: str | None,
    engine: Engine,
    *,
    since: float = 0.0,
    record: Recorder | None = None,
) -> CheckResult:
    """Check a step against ``engine``, counting only history from ``since``; then record it."""
    result = get(step_id).check(engine, answer=answer, window=Window.recent(since))
    if record is not None:
        record(result)
    return result


def run_solve(
    step_id: str,
    engine: Engine,
    progress: ProgressCallback | None = None,
    *,
    record: Recorder | None = None,
) -> CheckResult:
    """Do a step for the learner ("Do it for me"), then record the check that follows."""
    step = get(step_id)
    if not step.can_solve:
        result = step.result(
            Outcome.NOT_ATTEMPTED,
            _("This one is a prediction: it is yours to make, so wintut will not make it for you."),
            fix=_("Use the hints, then type your answer and press Check."),
        )
    else:
        result = step.solve(engine, progress=progress)
    if record is not None:
        record(result)
    return result
