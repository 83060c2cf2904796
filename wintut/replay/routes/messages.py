"""The request and response a route sees, and the small parsers every route shares.

A route never touches a socket: it takes a :class:`Request` and returns a :class:`Response`
(or raises :class:`~wintut.replay.state.ApiError`). The HTTP server and the unit tests'
in-process transport both turn these into bytes on the wire.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from wintut.replay.objects import ApiError
from wintut.replay.profiles import Profile


@dataclass
class Request:
    method: str
    path: str
    """Path without the ``/v1.NN`` prefix."""
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[-1] if values else default

    def flag(self, name: str) -> bool:
        return self.arg(name).lower() in ("1", "true", "yes")

    def json(self) -> Any:
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, f"invalid JSON body: {exc}") from exc


@dataclass
class Response:
    status: int = 200
    body: Any = None
    """JSON-able value, or ``bytes`` sent as they are."""
    content_type: str = "application/json"
    stream: Iterator[bytes] | None = None
    """When set, sent after the headers without a length, then the connection closes."""
    hijack: Callable[[Any], None] | None = None
    """When set, the server answers 101 UPGRADED and hands the socket's writer to it."""
    headers: dict[str, str] = field(default_factory=dict)


def error_response(exc: ApiError) -> Response:
    """Docker's error shape, ``{"message": …}``, with any protocol headers the error carries."""
    return Response(exc.status, {"message": exc.message}, headers=dict(exc.headers))


def common_headers(profile: Profile) -> dict[str, str]:
    """Headers on every answer, as dockerd sends them, plus the simulated mark."""
    return {
        "Api-Version": str(profile.version["ApiVersion"]),
        "Ostype": profile.os_type,
        "Docker-Experimental": "false",
        "X-Wintut-Simulated": profile.id,
    }


def frame(stream: int, data: bytes) -> bytes:
    """One frame of docker's multiplexed stream: 8-byte header (stream, 0, 0, 0, size BE)."""
    return bytes([stream, 0, 0, 0]) + len(data).to_bytes(4, "big") + data


def filters(req: Request) -> dict[str, list[str]]:
    """The ``filters`` query argument (JSON) as ``{key: [values]}``."""
    raw = req.arg("filters")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, f"invalid filters: {exc}") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "invalid filters: not an object")
    return {
        str(k): [str(x) for x in (v if isinstance(v, list) else dict(v) if v else [])]
        for k, v in data.items()
    }


def labels_match(labels: dict[str, str], wanted: list[str]) -> bool:
    """``label=KEY`` or ``label=KEY=VALUE`` filters, all of which must hold."""
    for item in wanted:
        key, eq, value = item.partition("=")
        if key not in labels or (eq and labels[key] != value):
            return False
    return True
