"""The course's steps (:mod:`.registry` lists them, in order). Each step module reads the engine
it is given and returns a :class:`wintut.results.CheckResult`; none knows widgets, the session,
the doctor or simulated hosts."""

from __future__ import annotations

from wintut.steps.registry import STEP_IDS, STEPS, all_steps, get, run_check, run_solve

__all__ = ["STEPS", "STEP_IDS", "all_steps", "get", "run_check", "run_solve"]
