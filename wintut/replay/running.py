"""Long-lived runs on a simulated host: containers that keep running (``ping -t``, IIS) until
stopped, what ``docker top`` lists in them, what the host's own process list shows, and the page
a published port answers. All of it replays ``_workloads.json`` (every value sourced there).

Microsoft's walkthrough (hyperv-container.md, windows-2026-facts.md section 3) is the model: a
process-isolated container's processes are on the host's list with the same PIDs; a Hyper-V one's
are not, and a ``vmwp`` worker is there instead.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from wintut.replay.objects import ApiError, Container
from wintut.replay.profiles import Profile

PID_STEP = 4
"""Derived: Windows PIDs are multiples of 4; a second replay of one run gets the next ones."""


class Running:
    """The long-lived half of :class:`~wintut.replay.state.HostState`."""

    profile: Profile
    cond: threading.Condition
    containers: dict[str, Container]

    if TYPE_CHECKING:  # provided by HostState

        def _finish(self, container: Container) -> None: ...

    @staticmethod
    def bind_ports(bindings: Any) -> dict[str, list[dict[str, str]]]:
        """``HostConfig.PortBindings`` as the client sent it, checked for shape."""
        if not isinstance(bindings, dict):
            raise ApiError(400, "invalid PortBindings: not an object")
        ports: dict[str, list[dict[str, str]]] = {}
        for port, items in bindings.items():
            if not isinstance(items, list):
                raise ApiError(400, f"invalid PortBindings for {port}")
            ports[str(port)] = [
                {"HostIp": str(i.get("HostIp") or ""), "HostPort": str(i.get("HostPort") or "")}
                for i in items
                if isinstance(i, dict)
            ]
        return ports

    def keep_running(self, container: Container, command: str) -> bool:
        """Start ``container`` as a recorded long-lived run, if ``command`` is one."""
        workload = self.profile.workload(command)
        if workload is None:
            return False
        with self.cond:
            twins = [
                c
                for c in self.containers.values()
                if c.status == "running"
                and c.workload is workload
                and c.isolation == container.isolation
                and c is not container
            ]
            container.workload = workload
            container.pid_offset = PID_STEP * len(twins)
            container.status = "running"
            text = str(workload.get("output") or "").replace("{hostname}", container.id[:12])
            container.output = [(1, text.encode())] if text else []
            self.cond.notify_all()
        return True

    def stop(self, container: Container) -> None:
        """``docker stop`` / ``kill``: a running container exits (code 0, derived: the exit
        code of a stopped Windows process is not recorded)."""
        with self.cond:
            if container.status != "running":
                return
            container.status = "exited"
            container.exit_code = 0
            self._finish(container)

    def top(self, container: Container) -> dict[str, Any]:
        """``docker top``: the recorded processes inside, for the container's isolation."""
        with self.cond:
            if container.status != "running":
                raise ApiError(409, f"Container {container.id} is not running")
            rows = self._rows(container, "top")
        return {
            "Titles": list(self.profile.top_titles),
            "Processes": [
                [str(row[0]), str(int(row[1]) + container.pid_offset), *map(str, row[2:])]
                for row in rows
            ],
        }

    def host_processes(self) -> dict[str, Any]:
        """The host's process list as far as the recordings go: what each running container
        adds to it (its own processes, or a ``vmwp`` worker). Nothing else is recorded."""
        with self.cond:
            running = sorted(
                (c for c in self.containers.values() if c.status == "running" and c.workload),
                key=lambda c: c.created,
            )
            processes = [
                {"name": str(row["name"]), "pid": int(row["pid"]) + c.pid_offset}
                for c in running
                for row in self._rows(c, "host")
            ]
        return {
            "processes": processes,
            "simulated": self.profile.id,
            "source": "simulated host "
            f"{self.profile.id}: only what its running containers add, replayed from "
            "Microsoft's isolation walkthrough (hyperv-container.md); the rest of the host's "
            "processes are not recorded",
        }

    def page(self, port: int) -> dict[str, Any]:
        """What ``GET http://127.0.0.1:PORT/`` answers: the recorded page of the running
        container that publishes ``port``, or status 0 (nothing listens)."""
        with self.cond:
            for c in self.containers.values():
                if c.status != "running" or not c.workload or "page" not in c.workload:
                    continue
                for binding in c.ports.values():
                    if any(b.get("HostPort") == str(port) for b in binding):
                        page = c.workload["page"]
                        return {
                            "status": page["status"],
                            "server": page.get("server", ""),
                            "body": page["body"],
                            "container": c.name,
                            "source": f"simulated host {self.profile.id}: IIS's default page "
                            "as recorded (an unattributed public capture), not a real fetch",
                        }
        return {
            "status": 0,
            "body": f"nothing listens on port {port} (no running container publishes it)",
            "source": f"simulated host {self.profile.id}",
        }

    def _rows(self, container: Container, key: str) -> list[Any]:
        by_isolation = (container.workload or {}).get(key) or {}
        isolation = container.isolation if container.isolation in by_isolation else "process"
        return list(by_isolation.get(isolation) or [])
