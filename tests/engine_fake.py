"""The one fake of the Engine API for unit tests: the simulated host's routes, in-process.

A real ``docker.APIClient`` gets a ``requests`` adapter mounted for its base URL. Each request
becomes a :class:`wintut.replay.routes.Request`, goes through the simulated host's own dispatch
table (or a test's override for that route), and the :class:`~wintut.replay.routes.Response`
comes back as real HTTP bytes parsed by ``http.client`` and ``urllib3``, so docker-py reads
JSON, raw bytes and chunked streams exactly as it reads them from dockerd. No socket, no thread.
The shape follows httpx's ``MockTransport`` (a handler per request) and docker-py's
``tests/unit/fake_api.py`` (a URL → handler table).

Usage::

    fake = FakeEngineAPI.linux()                       # or FakeEngineAPI("windows-server-2022")
    fake.state.record_run("ubuntu", ["bash"], at=time.time() - 60)   # seed through HostState
    fake.on("GET", "/version", refuse(500, "starting"))              # make one route fail
    engine = fake.engine()                             # a wintut Engine over the real APIClient
    ...
    fake.state.created[0].labels                       # what was asked, read from the host

Everything it answers is simulated: ``/info`` carries ``wintut.simulated=PROFILE``.
"""

from __future__ import annotations

import dataclasses
import http.client
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import docker
import requests
import requests.adapters
from urllib3 import HTTPResponse
from urllib3._collections import HTTPHeaderDict

from wintut.engine import Endpoint, Engine
from wintut.replay.objects import ApiError
from wintut.replay.profiles import Profile, load
from wintut.replay.routes import Request, Response, common_headers, error_response, split_target
from wintut.replay.routes import route as route_request
from wintut.replay.state import HostState

BASE_URL = "tcp://engine.fake:2375"
"""Never resolved: the adapter below answers every request for it."""

# [DERIVED] a plain Debian engine for tests (no recorded host is native Linux); the version
# numbers are Debian 12's docker.io package, the kernel a made-up "-test" one so tests can tell
# it from any real kernel.
LINUX_VERSION = {
    "Version": "20.10.24+dfsg1",
    "ApiVersion": "1.41",
    "MinAPIVersion": "1.12",
    "Os": "linux",
    "Arch": "amd64",
    "KernelVersion": "6.1.0-test",
}
LINUX_INFO = {
    "OSType": "linux",
    "OperatingSystem": "Debian GNU/Linux 12 (bookworm)",
    "KernelVersion": "6.1.0-test",
    "Name": "test-host",
    "Architecture": "x86_64",
    "ServerVersion": "20.10.24+dfsg1",
    "RegistryConfig": {"Mirrors": []},
}

Handler = Callable[[Request], Response]
"""A route override: takes the request, returns a response or raises (``ApiError`` becomes an
HTTP error answer; any other exception comes out of the transport, as a network error would)."""


class FakeEngineAPI:
    """A simulated host mounted under a real docker-py ``APIClient``, for one test.

    Args:
        profile: a recorded profile id, or a :class:`Profile`.
        version: replaces the profile's ``/version`` (``ApiVersion`` kept if missing).
        info: replaces the profile's ``/info``.
        bare: start with no images and no recorded commands (the test seeds what it needs).
    """

    def __init__(
        self,
        profile: str | Profile = "docker-desktop-wsl2",
        *,
        version: dict[str, Any] | None = None,
        info: dict[str, Any] | None = None,
        bare: bool = False,
    ) -> None:
        base = load(profile) if isinstance(profile, str) else profile
        if bare:
            base = dataclasses.replace(base, images=[], commands=[])
        if version is not None:
            version = {"ApiVersion": base.version["ApiVersion"], **version}
        base = dataclasses.replace(
            base,
            version=dict(base.version if version is None else version),
            info=dict(base.info if info is None else info),
        )
        self.state = HostState(base)
        """The host: seed it with its ``record_*`` methods, read what was asked from it."""
        self.requests: list[Request] = []
        """Every request the client made, in order."""
        self._overrides: list[tuple[str, re.Pattern[str], Handler]] = []
        api_version = str(base.version["ApiVersion"])
        if tuple(int(x) for x in api_version.split(".")) < (1, 24):
            api_version = docker.constants.MINIMUM_DOCKER_API_VERSION
        self.client = docker.APIClient(base_url=BASE_URL, version=api_version)
        self.client.mount(self.client.base_url, _Transport(self))

    @classmethod
    def linux(
        cls, *, version: dict[str, Any] | None = None, info: dict[str, Any] | None = None
    ) -> FakeEngineAPI:
        """A native Linux engine (Debian, kernel ``6.1.0-test``) with no images and no recorded
        commands: a test seeds what it needs. Pulls use the shared registry's platforms; the
        WSL 2 profile's recorded pull errors (Windows images) stay, as a Linux engine gives them.
        It is still simulated, and says so under its own id, ``test-linux``."""
        base = dataclasses.replace(
            load("docker-desktop-wsl2"), id="test-linux", title="Debian test engine (derived)"
        )
        return cls(
            base,
            version={**LINUX_VERSION, **(version or {})},
            info={**LINUX_INFO, **(info or {})},
            bare=True,
        )

    @property
    def profile(self) -> Profile:
        return self.state.profile

    def engine(self, simulated: str | None = None) -> Engine:
        """A wintut :class:`Engine` whose docker-py client is this fake's real APIClient."""
        return Engine(Endpoint(BASE_URL, "argument"), api=self.client, simulated=simulated)

    def on(self, method: str, path: str, handler: Handler) -> FakeEngineAPI:
        """Answer ``method path`` (a regex over the path without ``/v1.NN``) with ``handler``.
        The latest override for a route wins; returns self."""
        self._overrides.insert(0, (method.upper(), re.compile(path), handler))
        return self

    def asked(self, method: str, path: str) -> list[Request]:
        """The requests made to ``method path`` (a regex, as in :meth:`on`)."""
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Response:
        """One request through the overrides, then the simulated host's own table."""
        try:
            request = split_target(self.state, method, target, headers, body)
            self.requests.append(request)
            for wanted, pattern, handler in self._overrides:
                if wanted == method and pattern.fullmatch(request.path):
                    return handler(request)
            return route_request(self.state, request)
        except ApiError as exc:
            return error_response(exc)


# -- handlers a test can hand to FakeEngineAPI.on ---------------------------------------------


def refuse(status: int, message: str, headers: dict[str, str] | None = None) -> Handler:
    """Answer with docker's error shape: ``status`` and ``{"message": message}``."""

    def handler(request: Request) -> Response:
        raise ApiError(status, message, headers)

    return handler


def raising(exc: BaseException) -> Handler:
    """Raise ``exc`` from the transport as requests would (``ReadTimeout``, ``ConnectionError``)."""

    def handler(request: Request) -> Response:
        raise exc

    return handler


def answer(body: Any, status: int = 200) -> Handler:
    """Answer with this JSON body."""
    return lambda request: Response(status, body)


def stream(*messages: dict[str, Any]) -> Handler:
    """Answer 200 with these progress messages as a chunked JSON stream (a pull, a push)."""
    return lambda request: Response(
        stream=iter([json.dumps(m).encode() + b"\r\n" for m in messages])
    )


# -- the transport ------------------------------------------------------------------------------


class _Transport(requests.adapters.HTTPAdapter):
    """A ``requests`` adapter that answers from a :class:`FakeEngineAPI` instead of a socket."""

    def __init__(self, fake: FakeEngineAPI) -> None:
        super().__init__()
        self._fake = fake

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **_: Any
    ) -> requests.Response:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        elif not isinstance(body, bytes):  # an iterable (chunked upload)
            body = b"".join(bytes(part) for part in body)
        headers = {k.lower(): str(v) for k, v in request.headers.items()}
        method = str(request.method)
        response = self._fake.handle(method, request.path_url, headers, body)
        wire = _Wire(_encode(self._fake.state.profile, response))
        parsed = http.client.HTTPResponse(_Socket(wire), method=method)  # type: ignore[arg-type]
        parsed.begin()
        fields = HTTPHeaderDict()
        for key, value in parsed.getheaders():
            fields.add(key, value)
        raw = HTTPResponse(
            body=parsed,
            headers=fields,
            status=parsed.status,
            version=parsed.version,
            reason=parsed.reason,
            preload_content=False,
            decode_content=False,
            original_response=parsed,
            request_method=method,
        )
        return self.build_response(request, raw)


def _encode(profile: Profile, response: Response) -> Iterator[bytes]:
    """The response as dockerd would put it on the wire (mirrors the simulated host's server)."""
    if response.hijack is not None:
        raise NotImplementedError("the in-process fake cannot hijack a connection (attach)")
    reason = http.client.responses.get(response.status, "Error")
    headers = {**common_headers(profile), **response.headers}
    head = f"HTTP/1.1 {response.status} {reason}\r\n"
    if response.stream is not None:
        headers.update({"Content-Type": response.content_type, "Transfer-Encoding": "chunked"})
        yield (head + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
        for chunk in response.stream:
            if chunk:
                yield b"%x\r\n%s\r\n" % (len(chunk), chunk)
        yield b"0\r\n\r\n"
        return
    data = b""
    if response.status not in (204, 304) and response.body is not None:
        data = (
            response.body
            if isinstance(response.body, bytes)
            else json.dumps(response.body).encode()
        )
        headers["Content-Type"] = response.content_type
    headers["Content-Length"] = str(len(data))
    yield (head + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode() + data


class _Wire(io.RawIOBase):
    """Reads an iterator of bytes lazily, so a stream is produced as the client reads it."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts = parts
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._parts)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _Socket:
    """All ``http.client.HTTPResponse`` asks of a socket."""

    def __init__(self, wire: _Wire) -> None:
        self._wire = wire

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(self._wire)


def linux_engine(
    *, version: dict[str, Any] | None = None, info: dict[str, Any] | None = None
) -> Engine:
    """An Engine over :meth:`FakeEngineAPI.linux`, for tests that only read it."""
    return FakeEngineAPI.linux(version=version, info=info).engine()


def unreachable_engine() -> Engine:
    """An Engine whose every call fails as a refused connection does."""
    refused = requests.exceptions.ConnectionError("Connection refused")
    return FakeEngineAPI.linux().on("GET", "/version", raising(refused)).engine()
