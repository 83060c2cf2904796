"""Step ``run-ubuntu``: the seed's ``docker run -it ubuntu bash``, done by the learner.

The check does not ask the learner: it looks for a container from ``ubuntu`` in the engine's
container list (exited ones too) and in its ``start``/``die`` events, so a run with ``--rm``,
gone from the list, still counts.
"""

from __future__ import annotations

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Step
from wintut.steps.common import RECENT_SECONDS, os_type, recent_runs, repository_of

IMAGE = "ubuntu"


def is_ubuntu(ref: str) -> bool:
    """``ubuntu``, ``ubuntu:22.04``, ``docker.io/library/ubuntu``, the lab's copy: all ubuntu."""
    return bool(ref) and repository_of(ref) in ("ubuntu", repository_of(images.resolve(IMAGE)))


class RunUbuntu(Step):
    id = "run-ubuntu"
    title = "Run an Ubuntu container"
    notebook = "01-run-ubuntu"

    def check(self, engine: Engine | None = None, answer: str | None = None) -> CheckResult:
        engine = self.engine(engine)
        try:
            if os_type(engine) == "windows":
                return self.result(
                    Outcome.NOT_APPLICABLE,
                    "This engine runs Windows containers, and an ubuntu container cannot run "
                    'on it (“image operating system "linux" cannot be used on this platform”, '
                    "moby/moby#27423).",
                    evidence={"os type": "windows"},
                    fix="Switch Docker Desktop back to Linux containers to do this step.",
                )
            runs = recent_runs(engine, is_ubuntu, self.id)
        except EngineError as exc:
            return self.engine_error(exc)
        if not runs:
            return self.result(
                Outcome.NOT_ATTEMPTED,
                f"No container from ubuntu ran on this engine in the last "
                f"{RECENT_SECONDS // 3600} hours (container list and engine events checked).",
                evidence={"looked at": "containers (with exited ones) and start/die events"},
                fix="In a terminal, run `docker run -it ubuntu bash`, then type `exit`.",
            )
        latest = runs[0]
        return self.result(
            Outcome.PASS,
            f"A container from {latest.image} ran: {latest.name}.",
            evidence={
                "latest run": latest.describe(),
                "ubuntu runs found": len(runs),
                "recent runs": [run.describe() for run in runs[:5]],
            },
        )

    def solve(
        self, engine: Engine | None = None, progress: ProgressCallback | None = None
    ) -> CheckResult:
        engine = self.engine(engine)
        try:
            if os_type(engine) == "windows":
                return self.check(engine)  # not applicable: say why, pull nothing
            pulled = images.pull(IMAGE, engine, on_progress=progress)
            engine.run(pulled.ref, ["uname", "-a"], step=self.id)
        except EngineError as exc:
            return self.engine_error(exc)
        return self.check(engine)

    def cleanup(self, engine: Engine | None = None) -> None:
        """Remove any container this step's solve or check left (runs remove their own)."""
        self.engine(engine).cleanup(step=self.id)
