"""The Engine API endpoints a simulated host answers, as a table of small functions.

Each route takes the host and a :class:`Request` and returns a :class:`Response`. Shapes follow
moby's api/swagger.yaml and what docker-py (docker/docker-py @afc6d1ee308e) and the docker CLI
read; values come from the profile or from the host's state.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from wintut.replay.profiles import normalize_ref
from wintut.replay.state import MAX_WAIT, NOT_RECORDED, ApiError, Container, HostState, Image, iso


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


def frame(stream: int, data: bytes) -> bytes:
    """One frame of docker's multiplexed stream: 8-byte header (stream, 0, 0, 0, size BE)."""
    return bytes([stream, 0, 0, 0]) + len(data).to_bytes(4, "big") + data


def _output(container: Container, stdout: bool = True, stderr: bool = True) -> bytes:
    wanted = {1} if stdout else set()
    if stderr:
        wanted.add(2)
    parts = [(s, d) for s, d in container.output if s in wanted]
    if container.tty:
        return b"".join(d for _, d in parts)
    return b"".join(frame(s, d) for s, d in parts)


# -- system --------------------------------------------------------------------------------


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


def _event_matches(event: dict[str, Any], filters: dict[str, list[str]]) -> bool:
    attributes = event["Actor"]["Attributes"]
    for key, values in filters.items():
        if key == "type" and event["Type"] not in values:
            return False
        if key == "label" and not _labels_match(attributes, values):
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
    filters = _filters(req)

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
                if since <= event["timeNano"] / 1e9 <= end + 1 and _event_matches(event, filters):
                    yield json.dumps(event).encode() + b"\n"
            if (until is not None and now >= until) or now >= deadline:
                return
            with host.cond:
                if len(host.events) == seen:  # nothing new: sleep until an event or 1 s
                    host.cond.wait(timeout=1.0)
            yield b""  # lets the server notice a client that went away

    return Response(stream=stream())


# -- images --------------------------------------------------------------------------------


def _image_summary(image: Image) -> dict[str, Any]:
    return {
        "Id": image.id,
        "ParentId": "",
        "RepoTags": [image.ref],
        "RepoDigests": [f"{image.repository}@{image.digest}"],
        "Created": int(image.created),
        "Size": image.size,
        "SharedSize": -1,
        "VirtualSize": image.size,
        "Labels": {"wintut.simulated": "true"},
        "Containers": -1,
    }


def images_list(host: HostState, req: Request) -> Response:
    with host.cond:
        images = sorted(host.images.values(), key=lambda i: -i.created)
    reference = _filters(req).get("reference") or ([req.arg("filter")] if req.arg("filter") else [])
    if reference:
        images = [i for i in images if any(_ref_matches(i, r) for r in reference)]
    return Response(body=[_image_summary(i) for i in images])


def _ref_matches(image: Image, wanted: str) -> bool:
    if ":" in wanted.rsplit("/", 1)[-1]:
        return normalize_ref(wanted) == image.ref
    return image.repository == normalize_ref(wanted).rsplit(":", 1)[0]


def image_inspect(host: HostState, req: Request, name: str) -> Response:
    image = host.find_image(name)
    if image is None:
        raise ApiError(404, f"No such image: {name}")
    body = {
        **_image_summary(image),
        "Parent": "",
        "Comment": f"simulated by wintut ({host.profile.id})",
        "Created": iso(image.created),
        "Config": {"Cmd": image.cmd, "Env": [], "Labels": {"wintut.simulated": "true"}},
        "Architecture": image.architecture,
        "Os": image.os,
        "GraphDriver": {"Name": host.profile.info.get("Driver", ""), "Data": {}},
        "RootFS": {"Type": "layers", "Layers": [image.digest]},
        "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
    }
    if image.os_version:
        body["OsVersion"] = image.os_version
    return Response(body=body)


def _status(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode() + b"\r\n"


def pull(host: HostState, req: Request) -> Response:
    """``POST /images/create``: replay a pull, or the error this host really gave."""
    name = req.arg("fromImage")
    if not name:
        raise ApiError(400, "fromImage is required (import is not simulated)")
    tag = req.arg("tag")
    if tag and "@" not in name and ":" not in name.rsplit("/", 1)[-1]:
        name = f"{name}@{tag}" if tag.startswith("sha256:") else f"{name}:{tag}"
    ref = normalize_ref(name)
    repository, _, tag = ref.rpartition(":") if "@" not in ref else (ref, "", ref)
    path = repository.split("/", 1)[1] if "." in repository.split("/")[0] else repository
    pulling = {"status": f"Pulling from {path if '/' in path else 'library/' + path}", "id": tag}
    error = host.profile.pull_errors.get(ref)
    if error:
        # The daemon flushed "Pulling from" first, so the error comes inside the 200 stream
        # (moby image_routes.go postImagesCreate; microsoft/Windows-Containers#155 transcript).
        message = error["message"]
        failure = {"errorDetail": {"message": message}, "error": message}
        return Response(stream=iter([_status(pulling), _status(failure)]))
    # An image the host already holds is "up to date" even if no platform fits: the 2016
    # beta pulled Windows images onto its Linux engine (the seed), which later engines refuse.
    if ref not in host.profile.registry or (
        host.platform_for(ref) is None and ref not in host.images
    ):
        raise ApiError(404, NOT_RECORDED.format(f"pull {ref}"))
    image, new = host.add_image(ref)
    lines = [_status(pulling)]
    if new:
        layer = image.digest[7:19]
        lines += [
            _status({"status": "Pulling fs layer", "progressDetail": {}, "id": layer}),
            _status({"status": "Download complete", "progressDetail": {}, "id": layer}),
            _status({"status": "Pull complete", "progressDetail": {}, "id": layer}),
        ]
    lines.append(_status({"status": f"Digest: {image.digest}"}))
    word = "Downloaded newer image" if new else "Image is up to date"
    lines.append(_status({"status": f"Status: {word} for {ref}"}))
    return Response(stream=iter(lines))


def search(host: HostState, req: Request) -> Response:
    term = req.arg("term")
    if term not in host.profile.search_terms:
        raise ApiError(404, NOT_RECORDED.format(f"search {term}"))
    try:
        limit = int(req.arg("limit") or 25)
    except ValueError as exc:
        raise ApiError(400, f"invalid limit: {exc}") from exc
    results = [
        {
            "name": item["name"],
            "description": item["description"],
            "star_count": 0,
            "is_official": False,
            "is_automated": False,
        }
        for item in host.profile.search.get(term, [])
    ]
    return Response(body=results[: max(1, min(limit, 100))])


def distribution(host: HostState, req: Request, name: str) -> Response:
    ref = normalize_ref(name)
    entry = host.profile.registry.get(ref)
    if entry is None:
        raise ApiError(404, NOT_RECORDED.format(f"distribution {ref}"))
    listed = entry.get("manifest_list", True)
    media = "application/vnd.docker.distribution.manifest" + (".list" if listed else "")
    return Response(
        body={
            "Descriptor": {
                "mediaType": media + ".v2+json",
                "digest": "sha256:" + host.images[ref].digest[7:]
                if ref in host.images
                else "sha256:" + _digest(ref),
                "size": 0,
            },
            "Platforms": entry["platforms"],
        }
    )


def _digest(ref: str) -> str:
    from wintut.replay.state import derived_id

    return derived_id("digest", ref)


# -- containers ----------------------------------------------------------------------------


def _filters(req: Request) -> dict[str, list[str]]:
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


def _labels_match(labels: dict[str, str], wanted: list[str]) -> bool:
    for item in wanted:
        key, eq, value = item.partition("=")
        if key not in labels or (eq and labels[key] != value):
            return False
    return True


def _state_text(container: Container) -> str:
    if container.status == "exited":
        return f"Exited ({container.exit_code}) {_ago(container.finished)}"
    return "Created"


def _ago(stamp: float) -> str:
    seconds = max(0, int(time.time() - stamp))
    return "Less than a second ago" if seconds < 1 else f"{seconds} seconds ago"


def containers_list(host: HostState, req: Request) -> Response:
    filters = _filters(req)
    with host.cond:
        found = sorted(host.containers.values(), key=lambda c: -c.created)
    if not req.flag("all"):
        found = [c for c in found if c.status == "running"]
    if "label" in filters:
        found = [c for c in found if _labels_match(c.labels, filters["label"])]
    if "status" in filters:
        found = [c for c in found if c.status in filters["status"]]
    if "id" in filters:
        found = [c for c in found if any(c.id.startswith(x) for x in filters["id"])]
    if "name" in filters:
        found = [c for c in found if any(x.lstrip("/") in c.name for x in filters["name"])]
    return Response(
        body=[
            {
                "Id": c.id,
                "Names": [f"/{c.name}"],
                "Image": c.image.ref,
                "ImageID": c.image.id,
                "Command": " ".join(c.args),
                "Created": int(c.created),
                "Ports": [],
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
            "NetworkSettings": {"Networks": {}},
        }
    )


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


def not_found(host: HostState, req: Request, kind: str, name: str) -> Response:
    """``docker inspect NAME`` also asks for networks, volumes and plugins: none exist here."""
    raise ApiError(404, f"No such {kind.rstrip('s')}: {name}")


def container_delete(host: HostState, req: Request, name: str) -> Response:
    host.remove(host.find_container(name), force=req.flag("force"))
    return Response(204)


Route = tuple[str, "re.Pattern[str]", Callable[..., Response]]

_TABLE: list[tuple[str, str, Callable[..., Response]]] = [
    ("GET", r"/_ping", ping),
    ("HEAD", r"/_ping", ping),
    ("GET", r"/version", version),
    ("GET", r"/info", info),
    ("GET", r"/events", events),
    ("GET", r"/images/json", images_list),
    ("POST", r"/images/create", pull),
    ("GET", r"/images/search", search),
    ("GET", r"/images/(?P<name>.+)/json", image_inspect),
    ("GET", r"/distribution/(?P<name>.+)/json", distribution),
    ("GET", r"/containers/json", containers_list),
    ("POST", r"/containers/create", container_create),
    ("GET", r"/containers/(?P<name>[^/]+)/json", container_inspect),
    ("POST", r"/containers/(?P<name>[^/]+)/start", container_start),
    ("POST", r"/containers/(?P<name>[^/]+)/wait", container_wait),
    ("GET", r"/containers/(?P<name>[^/]+)/logs", container_logs),
    ("POST", r"/containers/(?P<name>[^/]+)/attach", container_attach),
    ("DELETE", r"/containers/(?P<name>[^/]+)", container_delete),
    (
        "GET",
        r"/(?P<kind>networks|volumes|plugins|nodes|services|tasks|secrets|configs)"
        r"/(?P<name>.+?)(?:/json)?",
        not_found,
    ),
]
ROUTES: list[Route] = [(m, re.compile(p), f) for m, p, f in _TABLE]

_VERSION_PREFIX = re.compile(r"^/v(\d+)\.(\d+)(?=/)")


def _api_tuple(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


def dispatch(
    host: HostState, method: str, target: str, headers: dict[str, str], body: bytes
) -> Response:
    """Answer one request. Raises :class:`ApiError` for every refusal."""
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
    from urllib.parse import unquote

    request = Request(method, unquote(path), parse_qs(query), headers, body)
    for route_method, pattern, handler in ROUTES:
        found = pattern.fullmatch(request.path)
        if found and route_method == method:
            return handler(host, request, **found.groupdict())
    raise ApiError(
        501,
        f"not implemented by this simulated host ({host.profile.id}): {method} {request.path}",
    )
