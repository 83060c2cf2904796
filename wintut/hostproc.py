"""The simulated host a learner's course runs on: one background process per data folder
(``wintut simulate PROFILE --port P --idle-exit S``), shared by every kernel, terminal and CLI call
of that learner, found again by asking it (its ``X-Wintut-Simulated`` header), never by trusting
a file alone. Its address and pid are kept in ``simulated-host.json`` in the data folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from wintut.errors import WintutError
from wintut.i18n import _
from wintut.locking import locked

HOST_FILE = "simulated-host.json"
HOST_LOG = "simulated-host.log"
IDLE_EXIT = 6 * 3600.0
"""The host stops after this long unused (it starts again on the next use; what was run on it
is then forgotten, as on a restarted engine)."""
START_SECONDS = 15.0
"""Bound on starting it (Python start-up plus loading one profile)."""


class HostError(WintutError):
    """The simulated host could not be started; the message says why."""


def answers(url: str, profile: str, timeout: float = 1.0) -> bool:
    """True when the simulated host for ``profile`` answers at ``url``."""
    try:
        address = url.split("://", 1)[-1]
        with urllib.request.urlopen(f"http://{address}/_ping", timeout=timeout) as response:
            return bool(response.headers.get("X-Wintut-Simulated") == profile)
    except (OSError, ValueError):
        return False


class HostProcess:
    """The simulated host process of the data folder ``home``."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.path = home / HOST_FILE

    def recorded(self) -> dict[str, Any]:
        """What the last start wrote: ``profile``, ``url``, ``pid`` (empty when none)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def url(self, profile: str) -> str:
        """The address of the host for ``profile``: the running one, or a new one started.

        Raises:
            HostError: it did not start within :data:`START_SECONDS`.
        """
        host = self.recorded()
        url = str(host.get("url") or "")
        if host.get("profile") == profile and url and answers(url, profile):
            return url
        with locked(self.home / "simulated-host.lock", timeout=START_SECONDS):
            host = self.recorded()  # another kernel may have started it meanwhile
            url = str(host.get("url") or "")
            if host.get("profile") == profile and url and answers(url, profile):
                return url
            self.stop()
            return self._start(profile)

    def _start(self, profile: str) -> str:
        from wintut.lab.state import pid_alive, spawn
        from wintut.replay.server import free_port

        port = free_port()
        url = f"tcp://127.0.0.1:{port}"
        argv = [sys.executable, "-m", "wintut", "simulate", profile, "--port", str(port)]
        argv += ["--idle-exit", str(IDLE_EXIT)]
        log = self.home / HOST_LOG
        pid = spawn(argv, log)
        deadline = time.monotonic() + START_SECONDS
        while not answers(url, profile, timeout=0.5):
            if time.monotonic() > deadline or not pid_alive(pid):
                said = log.read_text(encoding="utf-8", errors="replace").strip()[-300:]
                if said:
                    why = _(
                        "The simulated host {profile} did not start within {seconds} s: "
                        "{said} ({log})."
                    )
                else:
                    why = _(
                        "The simulated host {profile} did not start within {seconds} s: it said "
                        "nothing ({log})."
                    )
                raise HostError(
                    why.format(profile=profile, seconds=f"{START_SECONDS:.0f}", said=said, log=log)
                )
            time.sleep(0.05)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps({"profile": profile, "url": url, "pid": pid}), encoding="utf-8")
        os.replace(temp, self.path)
        return url

    def stop(self) -> None:
        """Stop the host this folder started, if it still runs (a reused pid is left alone)."""
        from wintut.lab.state import command_line, pid_alive, stop_pid

        pid = int(self.recorded().get("pid") or 0)
        if pid and pid_alive(pid) and "simulate" in (command_line(pid) or "simulate"):
            with contextlib.suppress(OSError):
                stop_pid(pid)
        self.path.unlink(missing_ok=True)
