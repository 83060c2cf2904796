"""Step ``run-ubuntu``: the seed's ``docker run -it ubuntu bash``, done by the learner.

The check does not ask the learner: it looks for a container from ``ubuntu`` in the engine's
container list (exited ones too) and in its ``start``/``die`` events, so a run with ``--rm``,
gone from the list, still counts. Only runs since the learner started the course count, and
only the learner's: wintut's own runs (labelled ``wintut=1``) count only for "Do it for me".
"""

from __future__ import annotations

import time

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.refs import repository_of
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Shown, Step, Window, expect, is_windows
from wintut.steps.common import Runs, own_run, recent_runs

IMAGE = "ubuntu"


def is_ubuntu(ref: str) -> bool:
    """``ubuntu``, ``ubuntu:22.04``, ``docker.io/library/ubuntu``, the lab's copy: all ubuntu."""
    return bool(ref) and repository_of(ref) == "ubuntu"


class RunUbuntu(Step):
    id = "run-ubuntu"
    title = Shown(N_("Run an Ubuntu container"))
    notebook = "01-run-ubuntu"
    expected = expect(linux=Outcome.PASS, windows=Outcome.NOT_APPLICABLE)
    runs_on = "linux"
    wrong_os = (
        N_(
            "This engine runs Windows containers, and an ubuntu container cannot run on it "
            '(“image operating system "linux" cannot be used on this platform”, moby/moby#27423).'
        ),
        N_("Switch Docker Desktop back to Linux containers to do this step."),
    )

    def check(
        self,
        engine: Engine,
        answer: str | None = None,
        window: Window | None = None,
        runs: Runs | None = None,
    ) -> CheckResult:
        window = window or Window.recent()
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            if runs is None:
                runs = recent_runs(engine, is_ubuntu, self.id, window)
        except EngineError as exc:
            return self.engine_error(exc)
        if not runs:
            return self.result(
                Outcome.NOT_ATTEMPTED,
                _(
                    "No container from ubuntu ran on this engine since {since} ({looked_at})."
                ).format(since=window.describe(), looked_at=runs.source),
                evidence={"looked at": runs.source, "since": window.describe()},
                fix=_("In a terminal, run `docker run -it ubuntu bash`, then type `exit`.")
                if runs.events_work
                else _(
                    "In a terminal, run `docker run -it ubuntu bash` (without --rm: this "
                    "engine's events do not report runs), then type `exit`."
                ),
            )
        latest = runs[0]
        return self.result(
            Outcome.PASS,
            _("A container from {image} ran: {name}.").format(image=latest.image, name=latest.name),
            evidence={
                "latest run": latest.describe(),
                "ubuntu runs found": len(runs),
                "since": window.describe(),
                "recent runs": [run.describe() for run in runs[:5]],
            },
        )

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        started = time.time() - 1.0
        try:
            if is_windows(engine):
                return self.check(engine)  # not applicable: say why, pull nothing
            ref = images.local_or_pull(IMAGE, engine, on_progress=progress)
            run = engine.run(ref, ["uname", "-a"], step=self.id)
            runs = recent_runs(engine, is_ubuntu, self.id, Window(started, own=True))
        except EngineError as exc:
            return self.engine_error(exc)
        if not runs and not runs.events_work:  # Podman: only wintut saw its removed container
            runs = Runs([own_run(run, self.id, ref, started + 1.0)])
        return self.solved(self.check(engine, window=Window(started, own=True), runs=runs))
