"""Step ``see-isolation``: run a long-lived process with each isolation and look at the host.

Microsoft's walkthrough (hyperv-container.md, windows-2026-facts.md section 3) runs ``ping
localhost -t`` twice. Process-isolated, ``docker top`` gives PID 3964 and the host's
``get-process -Name ping`` lists the same PID: "It is the same process visible from both
container and host." With ``--isolation=hyperv`` ``docker top`` gives 1732, the host has no
ping at all, and ``vmwp`` is there instead, "the running virtual machine that is encapsulating
the running container". That is the post's "every container is a VM", seen rather than quoted.

The check reads what the learner ran: each of their containers' isolation as the engine reports
it (``docker inspect -f '{{.HostConfig.Isolation}}'``), what ``docker top`` lists in the running
ones, and, where it can be read, the host's process list. It starts nothing itself.
"""

from __future__ import annotations

import time
from typing import Any

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Shown, Step, Window, expect, isolation_label
from wintut.steps.hands_on import WRONG_OS, WindowsHost, learner_containers, name_of, windows_host

COMMAND = ["ping", "-t", "localhost"]
"""The walkthrough's long-lived process (its 2016 form; today's doc: ``ping localhost -t``).
Nano Server has ``ping`` (public scripts run ``docker run -d mcr.microsoft.com/windows/
nanoserver:ltsc2022 ping -t localhost``; unattributed public files, weaker)."""
WORKER = "vmwp"
"""The Hyper-V worker process that hosts a utility VM (hyperv-container.md)."""


def command_for(image: str, isolation: str) -> str:
    return f"docker run -d --isolation={isolation} {image} ping -t localhost"


class SeeIsolation(Step):
    id = "see-isolation"
    title = Shown(N_("See the isolation"))
    notebook = "05-windows-containers"
    expected = expect(linux=Outcome.NOT_APPLICABLE, windows=Outcome.PASS)
    runs_on = "windows"
    wrong_os = WRONG_OS

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        window = window or Window.recent()
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            host = windows_host(engine)
            refused: list[str] = []
            seen = self._seen(engine, window, refused)
            listed, listed_from = engine.host_processes() if seen else (None, "")
        except EngineError as exc:
            return self.engine_error(exc)
        evidence: dict[str, Any] = host.evidence()
        if engine.simulated:
            evidence["simulated"] = engine.simulated
        by_isolation: dict[str, list[str]] = {"process": [], "hyperv": []}
        for name, isolation, pids in seen:
            evidence[f"{name}: isolation (docker inspect)"] = isolation or _("(empty)")
            if pids is not None:
                evidence[f"{name}: docker top"] = ", ".join(pids) or _("no processes")
            if isolation in by_isolation:
                by_isolation[isolation].append(self._finding(name, isolation, pids, listed))
        if refused:
            evidence["did not start"] = refused
        evidence["host process list"] = listed_from or _("not read")
        if listed is not None:
            workers = [
                str(p["pid"])
                for p in listed
                if str(p.get("name")).lower().removesuffix(".exe") == WORKER
            ]
            evidence[f"{WORKER} on the host"] = ", ".join(workers) or _("none")
        return self._verdict(host, by_isolation, evidence, window)

    def _seen(
        self, engine: Engine, window: Window, refused: list[str]
    ) -> list[tuple[str, str, list[str] | None]]:
        """``(name, isolation, PIDs docker top lists or None when stopped)`` per container
        that really started; the ones the engine refused go to ``refused``, with its words."""
        seen = []
        for summary in learner_containers(engine, self.id, window):
            attrs = engine.inspect_container(str(summary.get("Id")))
            if attrs is None:
                continue  # removed since the list was read
            isolation = str((attrs.get("HostConfig") or {}).get("Isolation") or "").lower()
            state = attrs.get("State") or {}
            if state.get("Error") or str(state.get("StartedAt") or "0001").startswith("0001"):
                words = str(state.get("Error") or _("it never started"))
                refused.append(f"{name_of(summary)} ({isolation}): {words}")
                continue
            pids = None
            if state.get("Running"):
                top = engine.top(str(summary.get("Id")))
                titles = [str(t).upper() for t in top.get("Titles") or []]
                column = titles.index("PID") if "PID" in titles else 1
                pids = [str(row[column]) for row in top.get("Processes") or [] if len(row) > column]
            seen.append((name_of(summary), isolation, pids))
        return seen

    @staticmethod
    def _finding(
        name: str, isolation: str, pids: list[str] | None, listed: list[dict[str, Any]] | None
    ) -> str:
        if pids is None:
            return _(
                "{name} ({isolation}, stopped: start a long-lived one to see its processes)"
            ).format(name=name, isolation=isolation)
        if listed is None:
            return _("{name} ({isolation}, PIDs {pids} inside)").format(
                name=name, isolation=isolation, pids=", ".join(pids)
            )
        on_host = {str(p.get("pid")) for p in listed}
        shared = [pid for pid in pids if pid in on_host]
        if shared:
            return _("{name}: PID {pids} is on the host's own process list too").format(
                name=name, pids=", ".join(shared)
            )
        return _("{name}: PID {pids} is not on the host's process list").format(
            name=name, pids=", ".join(pids) or "?"
        )

    def _verdict(
        self,
        host: WindowsHost,
        found: dict[str, list[str]],
        evidence: dict[str, Any],
        window: Window,
    ) -> CheckResult:
        can_process = host.can_process()
        try:
            image = host.image("nanoserver", "process" if can_process else "hyperv")
        except ValueError:
            image = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
        todo = [i for i in ("process", "hyperv") if not found[i]]
        if not can_process and "process" in todo:
            todo.remove("process")
            evidence["process isolation"] = _(
                "not possible on this host: no published image starts here with it "
                "(Microsoft's compatibility rules, wintut.compat)"
            )
        evidence["containers seen"] = [*found["process"], *found["hyperv"]] or _("nothing yet")
        if not found["process"] and not found["hyperv"]:
            commands = [command_for(image, i) for i in todo]
            return self.result(
                Outcome.NOT_ATTEMPTED,
                _("You have not run a container on this engine since {since}.").format(
                    since=window.describe()
                ),
                evidence=evidence,
                fix=(
                    _(
                        "Run `{first}` and `{second}`, then `docker top` each and look for ping "
                        "on the host."
                    )
                    if len(commands) == 2
                    else _("Run `{first}`, then `docker top` each and look for ping on the host.")
                ).format(first=commands[0], second=commands[-1]),
            )
        if todo:
            done = "process" if found["process"] else "hyperv"
            fix = _("Run `{command}`.").format(command=command_for(image, todo[0]))
            if todo[0] == "hyperv" and "did not start" in evidence:
                fix = _(
                    "Run `{command}`. If the engine refuses it again, this host cannot start "
                    "utility VMs: Hyper-V isolation needs the Hyper-V feature (in a VM, nested "
                    "virtualization; derived)."
                ).format(command=command_for(image, todo[0]))
            return self.result(
                Outcome.NOT_ATTEMPTED,
                _(
                    "Half way: you ran a container with {done}; now run one with the other "
                    "({other}) and compare."
                ).format(done=isolation_label(done), other=todo[0]),
                evidence=evidence,
                fix=fix,
            )
        hyperv = _("Hyper-V isolation: {container}; a {worker} worker hosts its utility VM").format(
            container=found["hyperv"][0], worker=WORKER
        )
        if found["process"]:
            return self.result(
                Outcome.PASS,
                _(
                    "As the engine reports them: process isolation: {container} (the host's "
                    "kernel runs it); {hyperv}."
                ).format(container=found["process"][0], hyperv=hyperv),
                evidence=evidence,
            )
        return self.result(
            Outcome.PASS,
            _("As the engine reports them: {hyperv}.").format(hyperv=hyperv),
            evidence=evidence,
        )

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        started = time.time() - 1.0
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            host = windows_host(engine)
            kinds = ["process", "hyperv"] if host.can_process() else ["hyperv"]
            try:
                for isolation in kinds:
                    ref = images.local_or_pull(
                        host.image("nanoserver", isolation), engine, on_progress=progress
                    )
                    engine.start_detached(ref, COMMAND, step=self.id, isolation=isolation)
                return self.solved(self.check(engine, window=Window(started, own=True)))
            finally:
                engine.cleanup(step=self.id)  # they run until stopped: never leave them
        except EngineError as exc:
            return self.engine_error(exc)
        except ValueError as exc:
            return self.result(Outcome.ERROR, _("No image fits this host: {why}.").format(why=exc))
