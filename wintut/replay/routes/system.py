"""System endpoints: ``/_ping``, ``/version``, ``/info``, ``/events``, and the kinds nobody has."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from wintut.replay.objects import MAX_WAIT, ApiError, iso
from wintut.replay.routes.messages import Request, Response, filters, labels_match
from wintut.replay.state import HostState


def ping(host: HostState, req: Request) -> Response:
    return Response(body=b"OK", content_type="text/plain; charset=utf-8")


def version(host: HostState, req: Request) -> Response:
    return Response(body=host.profile.version)


def info(host: HostState, req: Request) -> Response:
    profile = host.profile
    body = dict(profile.info)
    with host.cond:
        states = [c.status for c in host.containers.values()]
        body.update(
            Containers=len(states),
            ContainersRunning=states.count("running"),
            ContainersStopped=len(states) - states.count("running"),
            Images=len(host.images),
        )
    body["SystemTime"] = iso(time.time())
    # Always visibly simulated: docker info shows this label and warning.
    body["Labels"] = [*list(body.get("Labels") or []), f"wintut.simulated={profile.id}"]
    body["Warnings"] = [
        *list(body.get("Warnings") or []),
        f"WARNING: simulated host ({profile.id}): recorded outputs replayed by wintut, "
        "not a real engine",
    ]
    return Response(body=body)


def _event_matches(event: dict[str, Any], wanted: dict[str, list[str]]) -> bool:
    attributes = event["Actor"]["Attributes"]
    for key, values in wanted.items():
        if key == "type" and event["Type"] not in values:
            return False
        if key == "label" and not labels_match(attributes, values):
            return False
        if key in ("event", "action") and event["Action"] not in values:
            return False
        if key == "container" and not any(
            event["Actor"]["ID"].startswith(v) or attributes.get("name") == v for v in values
        ):
            return False
        if key == "image" and attributes.get("image") not in values:
            return False
    return True


def events(host: HostState, req: Request) -> Response:
    """Events from ``since``; with ``until`` the stream ends there (docker-py's bounded reads),
    without it new events follow live (the docker CLI's ``--rm`` on API < 1.30) for at most
    :data:`~wintut.replay.state.MAX_WAIT` seconds or until the client goes away."""
    try:
        since = float(req.arg("since") or 0)
        until = float(req.arg("until")) if req.arg("until") else None
    except ValueError as exc:
        raise ApiError(400, f"invalid since/until: {exc}") from exc
    wanted = filters(req)

    def stream() -> Iterator[bytes]:
        yield b""  # headers first: the CLI waits for them before it starts the container
        seen = 0
        deadline = time.time() + MAX_WAIT
        while True:
            now = time.time()
            end = now if until is None else min(until, now)
            with host.cond:
                fresh = host.events[seen:]
                seen = len(host.events)
            for event in fresh:
                if since <= event["timeNano"] / 1e9 <= end + 1 and _event_matches(event, wanted):
                    yield json.dumps(event).encode() + b"\n"
            if (until is not None and now >= until) or now >= deadline:
                return
            with host.cond:
                if len(host.events) == seen:  # nothing new: sleep until an event or 1 s
                    host.cond.wait(timeout=1.0)
            yield b""  # lets the server notice a client that went away

    return Response(stream=stream())


def not_found(host: HostState, req: Request, kind: str, name: str) -> Response:
    """``docker inspect NAME`` also asks for networks, volumes and plugins: none exist here."""
    raise ApiError(404, f"No such {kind.rstrip('s')}: {name}")


# -- wintut's own marks: what a real engine's host answers outside the Engine API ---------------


def host_processes(host: HostState, req: Request) -> Response:
    """``GET /_wintut/host/processes``: the host's process list, as far as it is recorded."""
    return Response(body=host.host_processes())


def published_page(host: HostState, req: Request, port: str) -> Response:
    """``GET /_wintut/http/PORT``: what a GET of ``http://127.0.0.1:PORT/`` would answer."""
    return Response(body=host.page(int(port)))
