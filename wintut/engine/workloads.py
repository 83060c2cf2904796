"""Looks at and small jobs for containers that keep running: the hands-on Windows steps' part
of :class:`~wintut.engine.client.Engine` (a mixin, so the client module stays one job).

- reading: ``inspect_container`` (``docker inspect``), ``top`` (``docker top``), ``history``
  (``docker history``);
- wintut's own long-lived work for "Do it for me": ``start_detached`` and ``build``, always
  labelled ``wintut=1``, unprivileged, mounting nothing, removed by the step that made them;
- what is outside the Engine API: the host's process list and a published port's page. A
  simulated host answers both from its recordings under ``/_wintut/…`` (and says so); a real
  engine's host is read on this machine (``tasklist`` on Windows, a GET over 127.0.0.1).
"""

from __future__ import annotations

import contextlib
import csv
import io
import subprocess
import tarfile
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wintut.engine.labels import LABEL, STEP_LABEL
from wintut.errors import EngineError
from wintut.i18n import _

if TYPE_CHECKING:
    from wintut.engine.endpoint import Endpoint

FETCH_TIMEOUT = 10.0
"""Seconds a published page may take (IIS answers its first request slowly)."""


def dockerfile_context(dockerfile: str) -> bytes:
    """A build context holding only ``Dockerfile`` (in memory: nothing from the host)."""
    data = dockerfile.encode("utf-8")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        entry = tarfile.TarInfo("Dockerfile")
        entry.size = len(data)
        tar.addfile(entry, io.BytesIO(data))
    return buffer.getvalue()


def parse_tasklist(text: str) -> list[dict[str, Any]]:
    """``tasklist /FO CSV /NH`` rows as ``{"name", "pid"}``."""
    rows = []
    for row in csv.reader(io.StringIO(text)):
        if len(row) >= 2 and row[1].strip().isdigit():
            rows.append({"name": row[0], "pid": int(row[1])})
    return rows


class Workloads:
    """The long-lived-container half of :class:`~wintut.engine.client.Engine`."""

    simulated: str | None

    if TYPE_CHECKING:  # provided by Engine

        def _call(self, what: Callable[[Any], Any], timeout: float | None = None) -> Any: ...

        def _object(self, value: Any, path: str) -> dict[str, Any]: ...

        def _remove(self, container: str) -> None: ...

        long_timeout: float

        @property
        def endpoint(self) -> Endpoint: ...

    def inspect_container(self, name: str) -> dict[str, Any] | None:
        """``docker inspect NAME`` (``HostConfig.Isolation`` …), or ``None`` when it is gone."""
        try:
            return self._object(
                self._call(lambda api: api.inspect_container(name)), "/containers/NAME/json"
            )
        except EngineError as exc:
            if exc.problem.code == "not-found":
                return None
            raise

    def top(self, name: str) -> dict[str, Any]:
        """``docker top NAME``: ``{"Titles": [...], "Processes": [[...], ...]}``."""
        return self._object(self._call(lambda api: api.top(name)), "/containers/NAME/top")

    def history(self, ref: str) -> list[dict[str, Any]]:
        """``docker history REF``, newest layer first."""
        value = self._call(lambda api: api.history(ref))
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    def remove_image(self, ref: str) -> None:
        """Remove an image wintut built (absent is fine)."""
        with contextlib.suppress(EngineError):
            self._call(lambda api: api.remove_image(ref, force=True))

    def start_detached(
        self,
        image: str,
        command: list[str] | None,
        *,
        step: str,
        isolation: str | None = None,
        ports: dict[str, tuple[str, int]] | None = None,
        name: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> str:
        """Start a container that keeps running (``docker run -d``); returns its id.

        Labelled ``wintut=1`` and ``wintut.step`` (plus ``labels``), never privileged, no host
        mounts; published ports bind where ``ports`` says. The caller removes it
        (``Engine.cleanup(step=…)``); a start that fails removes it at once."""

        def create(api: Any) -> Any:
            host_config = api.create_host_config(
                privileged=False, isolation=isolation, port_bindings=ports or None
            )
            return api.create_container(
                image,
                command=command,
                name=name,
                labels={LABEL: "1", STEP_LABEL: step, **(labels or {})},
                ports=list(ports or {}),
                host_config=host_config,
                detach=True,
            )

        container_id = str(self._call(create)["Id"])
        try:
            self._call(lambda api: api.start(container_id))
        except EngineError:
            self._remove(container_id)
            raise
        return container_id

    def build(self, dockerfile: str, tag: str, *, step: str) -> list[str]:
        """``docker build -t TAG`` of a one-file context; returns the build's output lines.

        The image is labelled ``wintut=1`` and ``wintut.step`` (``--label``).

        Raises:
            EngineError: the engine refused the build, or a build step failed.
        """

        def run(api: Any) -> list[dict[str, Any]]:
            return list(
                api.build(
                    fileobj=io.BytesIO(dockerfile_context(dockerfile)),
                    custom_context=True,
                    tag=tag,
                    rm=True,
                    forcerm=True,
                    decode=True,
                    labels={LABEL: "1", STEP_LABEL: step},
                )
            )

        lines = []
        for message in self._call(run, timeout=self.long_timeout):
            if not isinstance(message, dict):
                continue
            if message.get("error"):
                raise EngineError(_build_problem(str(message["error"])))
            if message.get("stream"):
                lines.append(str(message["stream"]).rstrip("\n"))
        return lines

    # -- outside the Engine API --------------------------------------------------------------

    def host_processes(self) -> tuple[list[dict[str, Any]] | None, str]:
        """The host's process list (``{"name", "pid"}`` rows) and where it came from.

        ``None`` when it cannot be read from here (the engine's host is another machine)."""
        if self.simulated:
            body = self._call(lambda api: api.get(f"{api.base_url}/_wintut/host/processes"))
            data = body.json() if body.ok else {}
            rows = data.get("processes") if isinstance(data, dict) else None
            return (rows if isinstance(rows, list) else None), str(data.get("source") or "")
        from wintut.paths import client_os

        if client_os() != "windows" or self.endpoint.scheme != "npipe":
            # derived: only a named pipe is surely this machine's engine; tcp may be remote
            return None, _("not read: the engine is not reached over this machine's named pipe")
        try:
            done = subprocess.run(
                ["tasklist", "/FO", "CSV", "/NH"],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, _("not read: tasklist failed ({exc})").format(exc=exc)
        return parse_tasklist(done.stdout), "tasklist /FO CSV /NH on this machine"

    def fetch_published(self, port: int) -> tuple[int, str, str]:
        """GET ``http://127.0.0.1:PORT/``: ``(status, body, where the answer came from)``.

        Status 0 means nothing answered. A simulated host answers from its recording."""
        if self.simulated:
            answer = self._call(lambda api: api.get(f"{api.base_url}/_wintut/http/{int(port)}"))
            data = answer.json() if answer.ok else {}
            return (
                int(data.get("status") or 0),
                str(data.get("body") or ""),
                str(data.get("source") or f"simulated host {self.simulated}"),
            )
        url = f"http://127.0.0.1:{int(port)}/"
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as reply:
                return int(reply.status), reply.read(65536).decode("utf-8", "replace"), url
        except urllib.error.HTTPError as exc:
            return int(exc.code), "", url
        except (urllib.error.URLError, OSError) as exc:
            return 0, str(getattr(exc, "reason", exc)), url


def _build_problem(words: str) -> Any:
    from wintut.errors import Problem

    return Problem(
        "build-failed",
        _("The build failed: {words}").format(words=words),
        _("Read the line above, fix that line of the Dockerfile, then build again."),
        detail=words,
    )
