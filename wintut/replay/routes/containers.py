"""Container endpoints: list, create, inspect, start, wait, logs, attach and delete.

A start replays the recorded run at once (see :meth:`~wintut.replay.state.HostState.start`),
so wait, logs and attach answer from what that run left.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

from wintut.replay.objects import ApiError, Container, iso
from wintut.replay.routes.messages import Request, Response, filters, frame, labels_match
from wintut.replay.state import HostState


def _output(container: Container, stdout: bool = True, stderr: bool = True) -> bytes:
    wanted = {1} if stdout else set()
    if stderr:
        wanted.add(2)
    parts = [(s, d) for s, d in container.output if s in wanted]
    if container.tty:
        return b"".join(d for _, d in parts)
    return b"".join(frame(s, d) for s, d in parts)


def _state_text(container: Container) -> str:
    if container.status == "running":
        return f"Up {_ago(container.started).removesuffix(' ago')}"
    if container.status == "exited":
        return f"Exited ({container.exit_code}) {_ago(container.finished)}"
    return "Created"


def _ago(stamp: float) -> str:
    seconds = max(0, int(time.time() - stamp))
    return "Less than a second ago" if seconds < 1 else f"{seconds} seconds ago"


def containers_list(host: HostState, req: Request) -> Response:
    wanted = filters(req)
    with host.cond:
        found = sorted(host.containers.values(), key=lambda c: -c.created)
    if not req.flag("all"):
        found = [c for c in found if c.status == "running"]
    if "label" in wanted:
        found = [c for c in found if labels_match(c.labels, wanted["label"])]
    if "status" in wanted:
        found = [c for c in found if c.status in wanted["status"]]
    if "id" in wanted:
        found = [c for c in found if any(c.id.startswith(x) for x in wanted["id"])]
    if "name" in wanted:
        found = [c for c in found if any(x.lstrip("/") in c.name for x in wanted["name"])]
    return Response(
        body=[
            {
                "Id": c.id,
                "Names": [f"/{c.name}"],
                "Image": c.image_shown or c.image.ref,
                "ImageID": c.image.id,
                "Command": " ".join(c.args),
                "Created": int(c.created),
                "Ports": _ports_list(c),
                "Labels": c.labels,
                "State": c.status,
                "Status": _state_text(c),
                "HostConfig": {"NetworkMode": "default"},
                "NetworkSettings": {"Networks": {}},
                "Mounts": [],
            }
            for c in found
        ]
    )


def container_create(host: HostState, req: Request) -> Response:
    body = req.json()
    if not isinstance(body, dict):
        raise ApiError(400, "invalid JSON body: not an object")
    container = host.create(body, req.arg("name") or None)
    return Response(201, {"Id": container.id, "Warnings": []})


def container_inspect(host: HostState, req: Request, name: str) -> Response:
    c = host.find_container(name)
    zero = "0001-01-01T00:00:00Z"
    return Response(
        body={
            "Id": c.id,
            "Created": iso(c.created),
            "Path": c.args[0] if c.args else "",
            "Args": c.args[1:],
            "State": {
                "Status": c.status,
                "Running": c.status == "running",
                "Paused": False,
                "Restarting": False,
                "OOMKilled": False,
                "Dead": False,
                "Pid": 0,
                "ExitCode": c.exit_code,
                "Error": c.error,
                "StartedAt": iso(c.started) if c.started else zero,
                "FinishedAt": iso(c.finished) if c.finished else zero,
            },
            "Image": c.image.id,
            "Name": f"/{c.name}",
            "RestartCount": 0,
            "Driver": host.profile.info.get("Driver", ""),
            "Platform": c.image.os,
            "HostConfig": {
                "AutoRemove": c.auto_remove,
                "Isolation": c.isolation if host.profile.os_type == "windows" else "",
                "Privileged": False,
                "Binds": None,
                "NetworkMode": "default",
                "PortBindings": c.ports,
                "LogConfig": {"Type": "json-file", "Config": {}},
            },
            "Config": {
                "Hostname": c.id[:12],
                "Image": c.image.ref,
                "Cmd": c.args,
                "Entrypoint": None,
                "Tty": c.tty,
                "OpenStdin": False,
                "Labels": c.labels,
                "Env": [],
            },
            "Mounts": [],
            "NetworkSettings": {"Networks": {}, "Ports": c.ports if c.status == "running" else {}},
        }
    )


def _ports_list(c: Container) -> list[dict[str, object]]:
    """``/containers/json``'s ``Ports`` of a running container (its published bindings)."""
    if c.status != "running":
        return []
    found: list[dict[str, object]] = []
    for port, bindings in c.ports.items():
        number, _, kind = port.partition("/")
        for b in bindings:
            found.append(
                {
                    "IP": b.get("HostIp") or "0.0.0.0",
                    "PrivatePort": int(number),
                    "PublicPort": int(b.get("HostPort") or 0),
                    "Type": kind or "tcp",
                }
            )
    return found


def container_top(host: HostState, req: Request, name: str) -> Response:
    if req.arg("ps_args"):
        raise ApiError(500, "Windows does not support arguments to top")  # top_windows.go
    return Response(body=host.top(host.find_container(name)))


def container_stop(host: HostState, req: Request, name: str) -> Response:
    """``docker stop`` and ``docker kill``: a running replay exits; a stopped one: 304."""
    container = host.find_container(name)
    if container.status != "running":
        return Response(304)
    host.stop(container)
    return Response(204)


def container_start(host: HostState, req: Request, name: str) -> Response:
    host.start(host.find_container(name))
    return Response(204)


def container_wait(host: HostState, req: Request, name: str) -> Response:
    container = host.find_container(name)
    condition = req.arg("condition") or "not-running"
    if condition not in ("not-running", "next-exit", "removed"):
        raise ApiError(400, f"invalid condition: {condition}")

    exits = container.exits  # now, before the client can start the container

    def body() -> Iterator[bytes]:
        # Headers go out first (the CLI waits for them before it starts the container).
        yield b""
        try:
            code = host.wait(container, condition, exits)
            yield json.dumps({"StatusCode": code, "Error": None}).encode() + b"\n"
        except ApiError as exc:
            yield json.dumps({"StatusCode": -1, "Error": {"Message": exc.message}}).encode()

    return Response(stream=body())


def container_logs(host: HostState, req: Request, name: str) -> Response:
    container = host.find_container(name)
    stdout, stderr = req.flag("stdout"), req.flag("stderr")
    kind = "raw-stream" if container.tty else "multiplexed-stream"
    return Response(
        body=_output(container, stdout, stderr), content_type=f"application/vnd.docker.{kind}"
    )


def container_attach(host: HostState, req: Request, name: str) -> Response:
    container = host.find_container(name)
    stdout, stderr = req.flag("stdout"), req.flag("stderr")
    if not (stdout or stderr):
        stdout = stderr = True

    def replay(write: Callable[[bytes], None]) -> None:
        # Attach comes before start: wait for the replayed run, then send its output.
        if host.wait_exited(container):
            write(_output(container, stdout, stderr))

    kind = "raw-stream" if container.tty else "multiplexed-stream"
    if req.headers.get("upgrade", "").lower() != "tcp":
        data = _output(container, stdout, stderr) if host.wait_exited(container) else b""
        return Response(body=data, content_type=f"application/vnd.docker.{kind}")
    return Response(101, content_type=f"application/vnd.docker.{kind}", hijack=replay)


def container_delete(host: HostState, req: Request, name: str) -> Response:
    host.remove(host.find_container(name), force=req.flag("force"))
    return Response(204)
