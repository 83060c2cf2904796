"""Step ``iis-works``: notebook 04's IIS image, on a Windows engine, with the tag the host needs.

04's pull failed on a Linux engine. Here the same image (``mcr.microsoft.com/windows/servercore/
iis``) runs, tagged for the host's build: ``windowsservercore-`` plus the Server Core tag
:func:`wintut.compat.image_for_host` gives (microsoft/iis-docker README @58dfbf7f816a lists
``windowsservercore-ltsc2016`` to ``-ltsc2025``). A hard-coded ``ltsc2022`` fails on Windows 10
with ``no matching manifest for windows/amd64 10.0.19045`` (issue 10). Engines from before MCR
(the 2016 hosts) get 2016's ``microsoft/iis``.

The check reads the learner's running IIS container and its published port (``docker run -d
-p 8080:80 …``), then fetches the page: over 127.0.0.1 on a real engine, from the recording of
IIS's default page on a simulated host (and says so).
"""

from __future__ import annotations

import socket
import time
from typing import Any

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.refs import repository_of
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Shown, Step, Window, expect
from wintut.steps.hands_on import WRONG_OS, WindowsHost, learner_containers, name_of, windows_host
from wintut.steps.iis_failure import FIRST_MCR_ENGINE, IMAGE, IMAGE_2016

TITLE = "IIS Windows Server"
"""The title of IIS's default page (iisstart.htm; see assets/profiles/_workloads.json)."""
PAGE_WAIT = 90.0
"""Seconds "Do it for me" waits for IIS to answer (it starts w3svc first)."""


def iis_image_for(host: WindowsHost, engine_version: str) -> str:
    """The IIS image this host runs: 2016's ``microsoft/iis`` on an engine from before MCR,
    else ``IMAGE:windowsservercore-TAG`` with the Server Core tag that suits the host."""
    try:
        if int(engine_version.split(".", 1)[0]) < FIRST_MCR_ENGINE:
            return IMAGE_2016
    except ValueError:
        pass
    servercore = host.image("servercore")
    return f"{IMAGE}:windowsservercore-{servercore.rsplit(':', 1)[1]}"


def is_iis(ref: str) -> bool:
    repository = repository_of(ref)
    return repository == repository_of(IMAGE) or repository.endswith("microsoft/iis")


def published_port(attrs: dict[str, Any]) -> int | None:
    """The host port container port 80 is published on, or ``None``."""
    ports = (attrs.get("NetworkSettings") or {}).get("Ports") or {}
    if not ports:
        ports = (attrs.get("HostConfig") or {}).get("PortBindings") or {}
    for binding in ports.get("80/tcp") or []:
        try:
            return int(binding.get("HostPort"))
        except (TypeError, ValueError):
            continue
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class IisWorks(Step):
    id = "iis-works"
    title = Shown(N_("IIS that works"))
    notebook = "05-windows-containers"
    expected = expect(linux=Outcome.NOT_APPLICABLE, windows=Outcome.PASS)
    runs_on = "windows"
    wrong_os = WRONG_OS

    def image(self, engine: Engine) -> str:
        """The image to run here (raises ValueError when no tag fits the host)."""
        return iis_image_for(windows_host(engine), str(engine.version().get("Version") or ""))

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        window = window or Window.recent()
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            host = windows_host(engine)
            evidence: dict[str, Any] = host.evidence()
            try:
                image = self.image(engine)
            except ValueError as exc:
                image = IMAGE
                evidence["image for this host"] = _("none fits: {why}").format(why=exc)
            else:
                evidence["image for this host"] = image
            if engine.simulated:
                evidence["simulated"] = engine.simulated
            candidates = [
                c
                for c in learner_containers(engine, self.id, window)
                if is_iis(str(c.get("Image") or ""))
            ]
            running = [c for c in candidates if str(c.get("State")) == "running"]
            fix = _(
                "Run `docker run -d -p 8080:80 {image}`, wait a few seconds, then check."
            ).format(image=image)
            if not running:
                seen = ", ".join(f"{name_of(c)} ({c.get('Status')})" for c in candidates)
                return self.result(
                    Outcome.NOT_ATTEMPTED,
                    _(
                        "No IIS container of yours is running on this engine (stopped: {seen})."
                    ).format(seen=seen)
                    if seen
                    else _(
                        "No IIS container of yours is running on this engine since {since}."
                    ).format(since=window.describe()),
                    evidence=evidence,
                    fix=fix,
                )
            container = running[0]
            attrs = engine.inspect_container(str(container.get("Id"))) or {}
            evidence["container"] = _("{name} from {image}").format(
                name=name_of(container), image=container.get("Image")
            )
            evidence["isolation (docker inspect)"] = (attrs.get("HostConfig") or {}).get(
                "Isolation"
            )
            port = published_port(attrs)
            if port is None:
                return self.result(
                    Outcome.FAIL,
                    _(
                        "{name} runs IIS, but publishes no port for its port 80, so nothing "
                        "outside the container can reach the page."
                    ).format(name=name_of(container)),
                    evidence=evidence,
                    fix=_(
                        "Remove it (`docker rm -f {name}`), then run `docker run -d -p 8080:80 "
                        "{image}`, wait a few seconds, then check."
                    ).format(name=name_of(container), image=image),
                )
            status, body, source = engine.fetch_published(port)
        except EngineError as exc:
            return self.engine_error(exc)
        evidence["published port"] = f"127.0.0.1:{port} → 80/tcp"
        evidence["page fetched from"] = source
        evidence["HTTP status"] = status or _("no answer")
        if status == 200 and TITLE in body:
            return self.result(
                Outcome.PASS,
                _(
                    "IIS answers on port {port} with its default page (“{title}”): the image "
                    "that failed in 04 runs on this Windows engine."
                ).format(port=port, title=TITLE),
                evidence=evidence,
            )
        evidence["answer"] = body[:200]
        return self.result(
            Outcome.FAIL,
            (
                _("Nothing answered with IIS's page on 127.0.0.1:{port} yet (status {status}).")
                if status
                else _("Nothing answered with IIS's page on 127.0.0.1:{port} yet (status none).")
            ).format(port=port, status=status),
            evidence=evidence,
            fix=_(
                "IIS takes a few seconds to start: wait, then check again. If it still fails, "
                "`docker logs {name}` shows what IIS said."
            ).format(name=name_of(container)),
        )

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        started = time.time() - 1.0
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            try:
                image = self.image(engine)
            except ValueError as exc:
                return self.result(
                    Outcome.ERROR, _("No IIS image fits this host: {why}.").format(why=exc)
                )
            try:
                ref = images.local_or_pull(image, engine, on_progress=progress)
                port = free_port()
                engine.start_detached(
                    ref, None, step=self.id, ports={"80/tcp": ("127.0.0.1", port)}
                )
                deadline = time.monotonic() + PAGE_WAIT
                while engine.fetch_published(port)[0] != 200 and time.monotonic() < deadline:
                    time.sleep(2.0)  # IIS starts w3svc before it answers
                return self.solved(self.check(engine, window=Window(started, own=True)))
            finally:
                engine.cleanup(step=self.id)
        except EngineError as exc:
            return self.engine_error(exc)
