"""The things a simulated host holds: images, containers, and the errors it answers with.

Plain data; :class:`~wintut.replay.state.HostState` keeps them and guards them with its lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from wintut import errors

NOT_RECORDED = errors.NOT_RECORDED + ": {}"
MAX_WAIT = 300.0
"""Longest a wait or attach request blocks (the replayed containers exit at once)."""


class ApiError(Exception):
    """An Engine API error: HTTP status plus the daemon's ``{"message": …}``."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
        """Extra response headers: the protocol marks between this host and wintut's client."""


class NotRecorded(ApiError):
    """What the profile never recorded: 404, the human sentence, and the protocol header
    ``X-Wintut-Not-Recorded: 1`` (:data:`wintut.errors.NOT_RECORDED_HEADER`)."""

    def __init__(self, what: str) -> None:
        super().__init__(404, NOT_RECORDED.format(what), {errors.NOT_RECORDED_HEADER: "1"})


def derived_id(*parts: str) -> str:
    """A stable 64-hex id for a simulated object (derived: no source records real ids)."""
    return hashlib.sha256("\0".join(("wintut-simulated", *parts)).encode()).hexdigest()


def iso(seconds: float) -> str:
    stamp = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.%f000Z")


def epoch(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()


@dataclass
class Image:
    ref: str
    id: str
    created: float
    size: int
    os: str
    architecture: str
    os_version: str
    cmd: list[str]
    digest: str
    labels: dict[str, str] = field(default_factory=dict)
    """The image's own labels; ``wintut.simulated`` is always added when it is shown."""
    layers: list[str] = field(default_factory=list)
    """RootFS layer digests, base first; empty: the one layer ``digest`` (a pulled image)."""
    history: list[dict[str, Any]] = field(default_factory=list)
    """``docker history`` entries a build added, newest first (a pulled image has one)."""

    @property
    def rootfs(self) -> list[str]:
        return self.layers or [self.digest]

    @property
    def repository(self) -> str:
        return self.ref.rsplit(":", 1)[0] if ":" in self.ref.rsplit("/", 1)[-1] else self.ref


@dataclass
class Container:
    id: str
    name: str
    image: Image
    args: list[str]
    labels: dict[str, str]
    tty: bool
    auto_remove: bool
    isolation: str
    created: float
    status: str = "created"
    exit_code: int = 0
    error: str = ""
    started: float = 0.0
    finished: float = 0.0
    exits: int = 0
    removed: bool = False
    output: list[tuple[int, bytes]] = field(default_factory=list)
    """(stream, bytes): 1 is stdout, 2 is stderr."""
    config: dict[str, Any] = field(default_factory=dict)
    """The create request's body as the client sent it (``HostConfig`` included)."""
    image_shown: str = ""
    """What ``/containers/json`` lists as its image when not its tag (an image id, after the
    tag moved on); empty: the tag."""
    ports: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """``HostConfig.PortBindings`` as asked: ``{"80/tcp": [{"HostIp", "HostPort"}]}``."""
    workload: dict[str, Any] | None = None
    """The recorded long-lived run it replays (``ping -t``, IIS): it keeps running until
    stopped (:mod:`wintut.replay.workloads`)."""
    pid_offset: int = 0
    """Derived: added to the recorded PIDs so two replays of one run do not share PIDs."""
