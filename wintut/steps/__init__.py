"""The course's steps, in order, and the one function that checks and records.

The widget and ``wintut check`` both call :func:`run_check` (and :func:`run_solve`), so a
learner, an instructor and CI share one code path.
"""

from __future__ import annotations

import warnings
from importlib import import_module

from wintut.engine import Engine
from wintut.results import CheckResult
from wintut.steps.base import ProgressCallback, Step

STEP_IDS: tuple[str, ...] = (
    "engine",
    "run-ubuntu",
    "find-kernel",
    "search-microsoft",
    "iis-failure",
    "windows-engine",
    "nanoserver",
    "isolation",
)

_CLASSES = {
    "engine": ("wintut.steps.engine", "EngineStep"),
    "run-ubuntu": ("wintut.steps.run_ubuntu", "RunUbuntu"),
    "find-kernel": ("wintut.steps.find_kernel", "FindKernel"),
    "search-microsoft": ("wintut.steps.search_microsoft", "SearchMicrosoft"),
    "iis-failure": ("wintut.steps.iis_failure", "IisFailure"),
    "windows-engine": ("wintut.steps.windows_engine", "WindowsEngine"),
    "nanoserver": ("wintut.steps.nanoserver", "Nanoserver"),
    "isolation": ("wintut.steps.isolation", "Isolation"),
}


def get(step_id: str) -> Step:
    """The step with this id.

    Raises:
        KeyError: no such step (the message lists the ids).
    """
    if step_id not in _CLASSES:
        raise KeyError(f"no step “{step_id}”; steps are: {', '.join(STEP_IDS)}")
    module, name = _CLASSES[step_id]
    step: Step = getattr(import_module(module), name)()
    return step


def all_steps() -> list[Step]:
    """Every step, in course order."""
    return [get(step_id) for step_id in STEP_IDS]


def _record(result: CheckResult, engine: Engine | None = None, solved: bool = False) -> None:
    from wintut.classroom.record import record_of
    from wintut.classroom.sender import send_result
    from wintut.progress import Progress

    try:
        Progress().record(result)
    except (OSError, TimeoutError) as exc:
        # The check itself worked: say that progress could not be kept, and go on.
        warnings.warn(f"wintut could not save your progress: {exc}", stacklevel=3)
    send_result(record_of(result, engine, solved))  # in a JupyterHub class only; never blocks


def run_check(
    step_id: str, answer: str | None = None, engine: Engine | None = None, *, record: bool = True
) -> CheckResult:
    """Check a step against the engine and record the outcome in the progress store."""
    result = get(step_id).check(engine, answer=answer)
    if record:
        _record(result, engine)
    return result


def run_solve(
    step_id: str,
    engine: Engine | None = None,
    progress: ProgressCallback | None = None,
    *,
    record: bool = True,
) -> CheckResult:
    """Do a step for the learner, then record the check that follows."""
    result = get(step_id).solve(engine, progress=progress)
    if record:
        _record(result, engine, solved=True)
    return result
