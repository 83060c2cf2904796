"""What the engine's health check found, and what one container run gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wintut.engine.endpoint import Endpoint
from wintut.errors import Problem


@dataclass
class EngineStatus:
    """What the health check found. Never raises; problems are listed instead."""

    endpoint: Endpoint
    reachable: bool
    version: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def os_type(self) -> str | None:
        return self.info.get("OSType") or self.version.get("Os")

    @property
    def is_windows(self) -> bool:
        """The engine runs Windows containers (the one test of it: ``/info`` OSType)."""
        return str(self.os_type or "").lower() == "windows"

    @property
    def server_version(self) -> str | None:
        return self.version.get("Version") or self.info.get("ServerVersion")

    @property
    def kernel(self) -> str | None:
        return self.info.get("KernelVersion") or self.version.get("KernelVersion")


@dataclass(frozen=True)
class RunResult:
    """One finished container run."""

    image: str
    command: list[str]
    exit_code: int
    output: str
    container_id: str
