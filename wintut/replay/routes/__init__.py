"""The Engine API endpoints a simulated host answers, as a table of small functions.

Each route takes the host and a :class:`Request` and returns a :class:`Response`. Shapes follow
moby's api/swagger.yaml and what docker-py (docker/docker-py @afc6d1ee308e) and the docker CLI
read; values come from the profile or from the host's state. The routes live by job in
``system``, ``images`` and ``containers``; ``messages`` holds the request and response types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote

from wintut.replay.routes import containers, images, system
from wintut.replay.routes.messages import (
    Request,
    Response,
    common_headers,
    error_response,
    frame,
)
from wintut.replay.state import ApiError, HostState

__all__ = [
    "ROUTES",
    "Request",
    "Response",
    "common_headers",
    "dispatch",
    "error_response",
    "frame",
    "route",
    "split_target",
]

Route = tuple[str, "re.Pattern[str]", Callable[..., Response]]

_TABLE: list[tuple[str, str, Callable[..., Response]]] = [
    ("GET", r"/_ping", system.ping),
    ("HEAD", r"/_ping", system.ping),
    ("GET", r"/version", system.version),
    ("GET", r"/info", system.info),
    ("GET", r"/events", system.events),
    ("GET", r"/images/json", images.images_list),
    ("POST", r"/images/create", images.pull),
    ("GET", r"/images/search", images.search),
    ("GET", r"/images/(?P<name>.+)/json", images.image_inspect),
    ("GET", r"/images/(?P<name>.+)/history", images.image_history),
    ("DELETE", r"/images/(?P<name>.+)", images.image_delete),
    ("POST", r"/build", images.image_build),
    ("GET", r"/distribution/(?P<name>.+)/json", images.distribution),
    ("GET", r"/containers/json", containers.containers_list),
    ("POST", r"/containers/create", containers.container_create),
    ("GET", r"/containers/(?P<name>[^/]+)/json", containers.container_inspect),
    ("POST", r"/containers/(?P<name>[^/]+)/start", containers.container_start),
    ("POST", r"/containers/(?P<name>[^/]+)/wait", containers.container_wait),
    ("GET", r"/containers/(?P<name>[^/]+)/top", containers.container_top),
    ("POST", r"/containers/(?P<name>[^/]+)/(?:stop|kill)", containers.container_stop),
    ("GET", r"/containers/(?P<name>[^/]+)/logs", containers.container_logs),
    ("POST", r"/containers/(?P<name>[^/]+)/attach", containers.container_attach),
    ("DELETE", r"/containers/(?P<name>[^/]+)", containers.container_delete),
    ("GET", r"/_wintut/host/processes", system.host_processes),
    ("GET", r"/_wintut/http/(?P<port>\d{1,5})", system.published_page),
    (
        "GET",
        r"/(?P<kind>networks|volumes|plugins|nodes|services|tasks|secrets|configs)"
        r"/(?P<name>.+?)(?:/json)?",
        system.not_found,
    ),
]
ROUTES: list[Route] = [(m, re.compile(p), f) for m, p, f in _TABLE]

_VERSION_PREFIX = re.compile(r"^/v(\d+)\.(\d+)(?=/)")


def _api_tuple(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


def split_target(
    host: HostState, method: str, target: str, headers: dict[str, str], body: bytes
) -> Request:
    """Parse a request target, refusing an API version this host does not speak."""
    path, _, query = target.partition("?")
    match = _VERSION_PREFIX.match(path)
    if match:
        asked = (int(match.group(1)), int(match.group(2)))
        path = path[match.end() :]
        newest = host.profile.version.get("ApiVersion", "1.24")
        oldest = host.profile.version.get("MinAPIVersion")
        if asked > _api_tuple(newest):
            raise ApiError(
                400,
                f"client version {asked[0]}.{asked[1]} is too new. Maximum supported API "
                f"version is {newest}",
            )
        if oldest and asked < _api_tuple(oldest):
            raise ApiError(
                400,
                f"client version {asked[0]}.{asked[1]} is too old. Minimum supported API "
                f"version is {oldest}, please upgrade your client to a newer version",
            )
    return Request(method, unquote(path), parse_qs(query), headers, body)


def route(host: HostState, request: Request) -> Response:
    """Answer a parsed request from the table. Raises :class:`ApiError` for every refusal."""
    for route_method, pattern, handler in ROUTES:
        found = pattern.fullmatch(request.path)
        if found and route_method == request.method:
            return handler(host, request, **found.groupdict())
    raise ApiError(
        501,
        f"not implemented by this simulated host ({host.profile.id}): "
        f"{request.method} {request.path}",
    )


def dispatch(
    host: HostState, method: str, target: str, headers: dict[str, str], body: bytes
) -> Response:
    """Answer one request. Raises :class:`ApiError` for every refusal."""
    return route(host, split_target(host, method, target, headers, body))
