"""Step ``engine``: an engine answers, and we know what it is."""

from __future__ import annotations

from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.results import CheckResult, Outcome
from wintut.steps.base import Shown, Step, Window, expect, os_label
from wintut.steps.common import host_of


class EngineStep(Step):
    id = "engine"
    title = Shown(N_("Reach your Docker engine"))
    notebook = "00-before-you-start"
    expected = expect(linux=Outcome.PASS, windows=Outcome.PASS)

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        status = engine.status()
        if not status.reachable:
            problem = status.problems[0]
            return self.result(
                Outcome.ERROR,
                problem.message,
                evidence={"endpoint": str(status.endpoint)},
                fix=problem.fix,
                problem=problem,
            )
        try:
            host = host_of(engine)
        except EngineError as exc:
            return self.engine_error(exc)
        evidence = {
            "endpoint": str(status.endpoint),
            "host kind": f"{host.kind} ({host.title})",
            "os type": status.os_type,
            "server version": status.server_version,
            "kernel": status.kernel,
            "answered in": f"{status.seconds:.2f} s",
        }
        if engine.simulated:
            evidence["simulated"] = engine.simulated
        return self.result(
            Outcome.PASS,
            _("A {os_type} engine answers ({host}, version {version}).").format(
                os_type=os_label(status.os_type), host=host.title, version=status.server_version
            ),
            evidence=evidence,
        )
