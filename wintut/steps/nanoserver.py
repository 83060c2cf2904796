"""Step ``nanoserver``: ``cmd /c ver`` in a nanoserver container whose build suits the host.

Which tag suits comes from :mod:`wintut.compat` (the host's build, its default isolation,
Microsoft's rules); Windows base images have no ``latest`` tag since 2019-04-16 (engine-facts.md
section 4). The check finds the learner's run in the engine's containers and events, reads the
image's build (``OsVersion``) and says which compatibility rule let it start.
"""

from __future__ import annotations

import time
from typing import Any

from wintut import compat, images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.refs import repository_of, tag_of
from wintut.results import CheckResult, Outcome
from wintut.steps.base import (
    ProgressCallback,
    Shown,
    Step,
    Window,
    expect,
    is_windows,
    isolation_label,
)
from wintut.steps.common import host_of, recent_runs

COMMAND = ["cmd", "/c", "ver"]


def is_nanoserver(ref: str) -> bool:
    return repository_of(ref).endswith("nanoserver")


def default_isolation(info: dict[str, Any], client: bool) -> str:
    """The daemon's default isolation (``Isolation`` in /info; hyperv on client SKUs, process on
    Server when absent: moby daemon_windows.go setDefaultIsolation, engine-facts.md 1(c))."""
    value = str(info.get("Isolation") or "").lower()
    if value in compat.ISOLATIONS:
        return value
    return "hyperv" if client else "process"


class Nanoserver(Step):
    id = "nanoserver"
    title = Shown(N_("Run nanoserver"))
    notebook = "05-windows-containers"
    expected = expect(linux=Outcome.NOT_APPLICABLE, windows=Outcome.PASS)
    runs_on = "windows"
    wrong_os = (
        N_(
            "This engine runs Linux containers: nanoserver is a Windows image, and a Linux engine "
            "refuses it (“no matching manifest for linux/amd64 in the manifest list entries”)."
        ),
        N_("Switch to Windows containers first (step windows-engine)."),
    )

    def _windows_host(self, engine: Engine) -> tuple[int | None, str, dict[str, Any]]:
        host = host_of(engine)
        info = engine.info()
        isolation = default_isolation(info, host.kind == "windows-client-containers")
        return host.windows_build, isolation, {"host kind": f"{host.kind} ({host.title})"}

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        window = window or Window.recent()
        try:
            wrong = self.os_guard(engine, {"host kind": host_of(engine).kind})
            if wrong is not None:
                return wrong
            build, isolation, evidence = self._windows_host(engine)
            runs = recent_runs(engine, is_nanoserver, self.id, window)
        except EngineError as exc:
            return self.engine_error(exc)
        evidence["host build"] = build
        evidence["default isolation"] = isolation
        suggestion = self._suggest(build, isolation)
        if not runs:
            return self.result(
                Outcome.NOT_ATTEMPTED,
                _("No nanoserver container ran on this engine since {since}.").format(
                    since=window.describe()
                ),
                evidence=evidence,
                fix=_("Run `docker run --rm {image} cmd /c ver`.").format(image=suggestion),
            )
        good = [r for r in runs if r.exit_code in (0, None)]
        run = (good or runs)[0]
        evidence["run"] = run.describe()
        if run.command:
            evidence["command"] = run.command
        try:
            image_build = self._image_build(engine, run.image)
        except EngineError as exc:
            return self.engine_error(exc)
        evidence["image build"] = image_build
        if build and image_build:
            decision = compat.decide(build, image_build, isolation)
            evidence["compatibility"] = f"{decision.rule} ({decision.source})"
        if not good:
            return self.result(
                Outcome.FAIL,
                _("{name} from {image} exited with code {code}.").format(
                    name=run.name, image=run.image, code=run.exit_code
                ),
                evidence=evidence,
                fix=_(
                    "Run `docker run --rm {image} cmd /c ver` and read the Windows version."
                ).format(image=suggestion),
            )
        return self.result(
            Outcome.PASS,
            _("{image} ran on this build {build} host ({isolation} by default).").format(
                image=run.image, build=build, isolation=isolation_label(isolation)
            ),
            evidence=evidence,
        )

    def _image_build(self, engine: Engine, ref: str) -> int | None:
        attrs = engine.inspect_image(ref)
        version = str((attrs or {}).get("OsVersion") or "")
        if version:
            try:
                return compat.parse_build(version)
            except ValueError:
                pass
        return compat.build_of_tag(tag_of(ref))

    def _suggest(self, build: int | None, isolation: str) -> str:
        if build is None:
            return "mcr.microsoft.com/windows/nanoserver:ltsc2022"
        try:
            return compat.image_for_host(build, "nanoserver", isolation)
        except ValueError:
            return "mcr.microsoft.com/windows/nanoserver:ltsc2019"

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        started = time.time() - 1.0
        try:
            if not is_windows(engine):
                return self.check(engine)
            build, isolation, _evidence = self._windows_host(engine)
            ref = images.local_or_pull(
                self._suggest(build, isolation), engine, on_progress=progress
            )
            engine.run(ref, COMMAND, step=self.id, timeout=300)
        except EngineError as exc:
            return self.engine_error(exc)
        return self.solved(self.check(engine, window=Window(started, own=True)))
