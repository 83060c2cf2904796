"""The one place that talks to docker-py.

It resolves which engine to use, checks it within a bounded time, turns docker-py's errors into
learner-facing :class:`~wintut.errors.Problem` objects, and runs wintut's own containers safely
(labelled, unprivileged, no host mounts, always removed).

Endpoint resolution, first match wins: an explicit argument, ``DOCKER_HOST``, the current docker
context (``DOCKER_CONTEXT`` or ``currentContext`` in the CLI's config.json), the platform default.

Timeouts: the health check answers within ``health_timeout`` (an absent engine is reported from a
socket-level preflight, before docker-py is even imported); ordinary calls use ``call_timeout``;
pulls use ``long_timeout``. docker-py's own default is 60 s per request, the docker CLI has none.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from wintut.errors import NOT_RECORDED, EngineError, Problem, PullError

LABEL = "wintut"
"""Every container wintut creates carries ``wintut=1``."""
STEP_LABEL = "wintut.step"

DEFAULT_UNIX = "unix:///var/run/docker.sock"
DEFAULT_NPIPE = "npipe:////./pipe/docker_engine"

HEALTH_TIMEOUT = float(os.environ.get("WINTUT_HEALTH_TIMEOUT", "2.0"))
CALL_TIMEOUT = 30.0
LONG_TIMEOUT = 900.0
PREFLIGHT_TIMEOUT = 0.25


# --------------------------------------------------------------------------------------------
# Endpoints


@dataclass(frozen=True)
class Endpoint:
    """Where the engine is and how we found out."""

    url: str
    """Address as docker-py takes it: ``unix:///…``, ``tcp://host:port``, ``npipe:////./pipe/…``."""
    source: str
    """``argument``, ``DOCKER_HOST``, ``context NAME`` or ``default``."""
    tls: Any = False
    """docker-py TLS configuration (``False`` for plain connections)."""

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0].lower() if "://" in self.url else "tcp"

    def __str__(self) -> str:
        return f"{self.url} (from {self.source})"


def _current_context_name(env: Mapping[str, str]) -> str | None:
    name = env.get("DOCKER_CONTEXT")
    if name:
        return name
    config_dir = Path(env.get("DOCKER_CONFIG") or Path.home() / ".docker")
    try:
        config = json.loads((config_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    current = config.get("currentContext") if isinstance(config, dict) else None
    return current if isinstance(current, str) and current else None


def _plain_context_host(env: Mapping[str, str], name: str) -> str | None:
    """The Host of a context without TLS, read from the store as the docker CLI lays it out.

    docker-py finds the store beside config.json only, but `docker context create` writes
    ``contexts/`` without a config.json; the docker CLI still uses it.
    """
    import hashlib

    config_dir = Path(env.get("DOCKER_CONFIG") or Path.home() / ".docker")
    context_id = hashlib.sha256(name.encode("utf-8")).hexdigest()
    if (config_dir / "contexts" / "tls" / context_id).exists():
        return None  # TLS material: only docker-py builds that configuration
    try:
        meta = json.loads(
            (config_dir / "contexts" / "meta" / context_id / "meta.json").read_text("utf-8")
        )
        host = meta["Endpoints"]["docker"]["Host"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return host if isinstance(host, str) and host else None


def resolve_endpoint(base_url: str | None = None, env: Mapping[str, str] | None = None) -> Endpoint:
    """Find the engine to talk to.

    Args:
        base_url: an explicit address; wins over everything else.
        env: environment to read (defaults to ``os.environ``).

    Raises:
        EngineError: a docker context is selected but cannot be read.
    """
    env = os.environ if env is None else env
    if base_url:
        return Endpoint(base_url, "argument")
    host = env.get("DOCKER_HOST")
    if host:
        tls: Any = False
        if env.get("DOCKER_TLS_VERIFY") or env.get("DOCKER_CERT_PATH"):
            from docker.utils import kwargs_from_env

            tls = kwargs_from_env(environment=dict(env)).get("tls", False)
        return Endpoint(host, "DOCKER_HOST", tls)
    name = _current_context_name(env)
    if name and name != "default":
        try:
            from docker.context import ContextAPI

            context = ContextAPI.get_context(name)
        except Exception as exc:  # docker-py raises several kinds for a broken context store
            raise EngineError(_problem("context-missing", name=name, detail=repr(exc))) from exc
        if context is None or not context.Host:
            host = _plain_context_host(env, name)
            if host:
                return Endpoint(host, f"context {name}")
            raise EngineError(_problem("context-missing", name=name))
        return Endpoint(context.Host, f"context {name}", context.TLSConfig or False)
    return Endpoint(DEFAULT_NPIPE if sys.platform == "win32" else DEFAULT_UNIX, "default")


# --------------------------------------------------------------------------------------------
# Problems


def _on_desktop_os() -> bool:
    return sys.platform in ("win32", "darwin")


def _problem(code: str, *, detail: str = "", **fields: Any) -> Problem:
    """Build one of the known problems; its texts live here, in one table."""
    url = fields.get("url", "")
    start = (
        "Start Docker Desktop and wait until it says “Engine running”, then try again."
        if _on_desktop_os()
        else "Start the engine (`sudo systemctl start docker`, or Docker Desktop), then try again."
    )
    table: dict[str, tuple[str, str]] = {
        "engine-not-running": (f"No Docker engine answers at {url}.", start),
        "socket-permission": (
            f"You are not allowed to use the Docker socket at {url}.",
            "Add yourself to the docker group (`sudo usermod -aG docker $USER`), log out and in "
            "again; or use rootless Docker (DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock).",
        ),
        "engine-starting": (
            f"The engine at {url} is still starting (it answered HTTP 500).",
            "Wait until Docker Desktop says “Engine running”, then try again.",
        ),
        "engine-timeout": (
            f"Something at {url} accepted the connection but did not answer within "
            f"{fields.get('seconds', HEALTH_TIMEOUT):.1f} s.",
            "Restart Docker Desktop or the engine; if DOCKER_HOST is set, check that it points "
            "at a Docker engine.",
        ),
        "pywin32-missing": (
            "docker-py needs pywin32 to open the Windows named pipe, and it is missing or broken.",
            "Run `pip install --force-reinstall pywin32` in this environment, then restart the "
            "kernel.",
        ),
        "tls-error": (
            f"The TLS connection to {url} failed.",
            "Check DOCKER_CERT_PATH or the context's certificates, or run "
            "`docker context use default`.",
        ),
        "ssh-error": (
            f"docker-py could not open the ssh connection to {url}.",
            "Run `pip install paramiko`, and check that `ssh HOST docker version` works.",
        ),
        "context-missing": (
            f"The docker context “{fields.get('name', '')}” is selected but cannot be read.",
            "Run `docker context use default`, or unset DOCKER_CONTEXT.",
        ),
        "bad-endpoint": (
            f"“{url}” is not an engine address docker-py understands.",
            "Use unix:///path, tcp://HOST:PORT, npipe:////./pipe/NAME or ssh://USER@HOST.",
        ),
        "not-recorded": (
            "This simulated host has no recording of that: it replays only what the real host "
            "was recorded doing.",
            "Do what the notebook suggests, or try another simulated host (`wintut simulate "
            "--list`).",
        ),
        "engine-error": (
            f"The engine at {url} refused the request.",
            "Read the details; if the engine was just switched or restarted, try again in a "
            "moment.",
        ),
    }
    message, fix = table[code]
    return Problem(code=code, message=message, fix=fix, detail=detail)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                stack.append(linked)


def translate(exc: BaseException, endpoint: Endpoint, seconds: float = HEALTH_TIMEOUT) -> Problem:
    """Turn any error from docker-py, requests or the socket layer into a learner problem."""
    detail = f"{type(exc).__name__}: {exc}"
    text = " ".join(f"{type(c).__name__} {c}" for c in _causes(exc))
    causes = list(_causes(exc))
    url = endpoint.url

    def has(*names: str) -> bool:
        return any(type(c).__name__ in names for c in causes)

    status = next(
        (
            getattr(getattr(c, "response", None), "status_code", None)
            for c in causes
            if getattr(getattr(c, "response", None), "status_code", None)
        ),
        None,
    )
    if "pypiwin32" in text or "pywin32" in text or (has("pywintypes.error") and "pipe" not in text):
        return _problem("pywin32-missing", url=url, detail=detail)
    if "paramiko" in text or endpoint.scheme == "ssh":
        return _problem("ssh-error", url=url, detail=detail)
    if has("SSLError") or ("CERTIFICATE" in text.upper() and "SSL" in text.upper()):
        return _problem("tls-error", url=url, detail=detail)
    if has("PermissionError") or "Permission denied" in text or "permission denied" in text:
        return _problem("socket-permission", url=url, detail=detail)
    if has("ReadTimeout", "ReadTimeoutError", "TimeoutError", "timeout") or "timed out" in text:
        return _problem("engine-timeout", url=url, detail=detail, seconds=seconds)
    if NOT_RECORDED in text:
        return _problem("not-recorded", url=url, detail=detail)
    if status == 500 and "/version" in text:
        return _problem("engine-starting", url=url, detail=detail)
    if (
        has("FileNotFoundError", "ConnectionRefusedError", "ConnectionError", "NewConnectionError")
        or "No such file" in text
        or "cannot find the file" in text
        or "Connection refused" in text
    ):
        return _problem("engine-not-running", url=url, detail=detail)
    if has("URLSchemeUnknown", "InvalidURL", "InvalidSchema") or "Invalid bind address" in text:
        return _problem("bad-endpoint", url=url, detail=detail)
    return _problem("engine-error", url=url, detail=detail)


def preflight(endpoint: Endpoint, timeout: float = PREFLIGHT_TIMEOUT) -> Problem | None:
    """Cheap socket-level check, so an absent engine is reported at once.

    Returns a problem when nothing can answer at the address, ``None`` when something might.
    """
    parsed = urlparse(endpoint.url if "://" in endpoint.url else f"tcp://{endpoint.url}")
    try:
        if parsed.scheme in ("unix", "http+unix"):
            path = parsed.path or endpoint.url.split("://", 1)[1]
            if not os.path.exists(path):
                return _problem(
                    "engine-not-running", url=endpoint.url, detail=f"{path}: no such socket"
                )
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(path)
        elif parsed.scheme in ("tcp", "http", "https"):
            if not parsed.hostname:
                return _problem("bad-endpoint", url=endpoint.url)
            port = parsed.port or (2376 if endpoint.tls else 2375)
            loopback = parsed.hostname in ("localhost", "::1") or parsed.hostname.startswith("127.")
            with socket.create_connection(
                (parsed.hostname, port), timeout=timeout if loopback else HEALTH_TIMEOUT
            ):
                pass
        elif parsed.scheme == "npipe":
            pipe = endpoint.url.split("://", 1)[1].replace("/", "\\")
            if sys.platform == "win32" and not os.path.exists(pipe):
                return _problem(
                    "engine-not-running", url=endpoint.url, detail=f"{pipe}: no such pipe"
                )
        elif parsed.scheme != "ssh":
            return _problem("bad-endpoint", url=endpoint.url)
    except PermissionError as exc:
        return _problem("socket-permission", url=endpoint.url, detail=repr(exc))
    except (ConnectionRefusedError, FileNotFoundError) as exc:
        return _problem("engine-not-running", url=endpoint.url, detail=repr(exc))
    except TimeoutError as exc:
        return _problem("engine-not-running", url=endpoint.url, detail=f"connect: {exc!r}")
    except OSError as exc:
        return _problem("engine-not-running", url=endpoint.url, detail=repr(exc))
    return None


# --------------------------------------------------------------------------------------------
# Results


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


# --------------------------------------------------------------------------------------------
# The engine


class Engine:
    """A Docker engine, reached through docker-py.

    Args:
        endpoint: an :class:`Endpoint`, an address, or ``None`` to resolve one.
        api: a docker-py ``APIClient`` (or a fake with the same methods, for unit tests).
            When given, it is used for every call and no connection is made here.
        health_timeout: seconds the health check may take once connected.
        simulated: the profile id when the engine is a simulated host (``wintut simulate``);
            views show "simulated: PROFILE" whenever it is set.
    """

    def __init__(
        self,
        endpoint: Endpoint | str | None = None,
        *,
        api: Any = None,
        health_timeout: float = HEALTH_TIMEOUT,
        call_timeout: float = CALL_TIMEOUT,
        long_timeout: float = LONG_TIMEOUT,
        simulated: str | None = None,
    ) -> None:
        if isinstance(endpoint, str):
            endpoint = Endpoint(endpoint, "argument")
        self._endpoint = endpoint
        self._given_api = api
        self.simulated = simulated
        """Profile id when this engine is a recorded, simulated host; every view must show it."""
        self._clients: dict[float, Any] = {}
        self._api_version: str | None = None
        self.health_timeout = health_timeout
        self.call_timeout = call_timeout
        self.long_timeout = long_timeout
        self._version: dict[str, Any] | None = None
        self._info: dict[str, Any] | None = None

    # -- connection ---------------------------------------------------------------------------

    @property
    def endpoint(self) -> Endpoint:
        if self._endpoint is None:
            self._endpoint = resolve_endpoint()
        return self._endpoint

    def _client(self, timeout: float) -> Any:
        if self._given_api is not None:
            return self._given_api
        if timeout not in self._clients:
            try:
                import docker

                version = self._api_version or docker.constants.MINIMUM_DOCKER_API_VERSION
                self._clients[timeout] = docker.APIClient(
                    base_url=self.endpoint.url,
                    version=version,
                    timeout=timeout,
                    tls=self.endpoint.tls,
                    use_ssh_client=self.endpoint.scheme == "ssh",
                )
            except Exception as exc:
                raise EngineError(translate(exc, self.endpoint)) from exc
        return self._clients[timeout]

    def close(self) -> None:
        """Close docker-py's connections (a simulated host going away, tests)."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _call(self, what: Callable[[Any], Any], timeout: float | None = None) -> Any:
        """Run ``what(api)``, turning every failure into an :class:`EngineError`."""
        self._negotiate()
        seconds = self.call_timeout if timeout is None else timeout
        try:
            return what(self._client(seconds))
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(translate(exc, self.endpoint, seconds)) from exc

    def _negotiate(self) -> None:
        if self._version is not None:
            return
        problem = None if self._given_api is not None else preflight(self.endpoint)
        if problem:
            raise EngineError(problem)
        try:
            version = self._client(self.health_timeout).version(api_version=False)
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(translate(exc, self.endpoint, self.health_timeout)) from exc
        self._version = version
        server_api = version.get("ApiVersion")
        if server_api and self._given_api is None:
            self._api_version = server_api
            self.close()  # clients made before negotiation speak the minimum version

    def status(self) -> EngineStatus:
        """Check the engine within the health timeout. Never raises."""
        started = time.monotonic()
        self._version = self._info = None  # a status is always fresh
        try:
            endpoint = self.endpoint
        except EngineError as exc:
            return EngineStatus(
                Endpoint("?", "context"), False, problems=[exc.problem], seconds=0.0
            )
        try:
            version = self.version()
            info = self._call(lambda api: api.info(), timeout=max(self.health_timeout, 5.0))
            self._info = info
        except EngineError as exc:
            return EngineStatus(
                endpoint, False, problems=[exc.problem], seconds=time.monotonic() - started
            )
        return EngineStatus(endpoint, True, version, info, seconds=time.monotonic() - started)

    def version(self) -> dict[str, Any]:
        """The engine's ``/version`` (cached)."""
        self._negotiate()
        assert self._version is not None
        return self._version

    def info(self, refresh: bool = False) -> dict[str, Any]:
        """The engine's ``/info`` (cached unless ``refresh``)."""
        if self._info is None or refresh:
            self._info = self._call(lambda api: api.info())
        return self._info

    def os_type(self) -> str:
        """``linux`` or ``windows``."""
        return str(self.info().get("OSType") or self.version().get("Os") or "unknown")

    # -- reading state ------------------------------------------------------------------------

    def containers(
        self, *, all: bool = True, filters: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        return list(self._call(lambda api: api.containers(all=all, filters=filters)))

    def events(
        self, *, since: float, until: float | None = None, filters: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Engine events in a time window (bounded: ``until`` defaults to the engine's now).

        The daemon streams until ``until`` comes, so a window ending in the future costs that
        wait; ending at the engine's own clock returns at once, even from a VM whose clock
        drifted from ours. Both ends go as ``SECONDS.NANOSECONDS``, which the API accepts.
        """
        end = self._engine_now() if until is None else until
        return list(
            self._call(
                lambda api: api.events(
                    since=f"{since:.9f}", until=f"{end:.9f}", filters=filters, decode=True
                )
            )
        )

    def _engine_now(self) -> float:
        """The engine's clock (``SystemTime`` in a fresh /info), or ours plus 1 s of slack."""
        stamp = parse_timestamp(str(self.info(refresh=True).get("SystemTime") or ""))
        return time.time() + 1.0 if stamp is None else stamp

    def images(self, name: str | None = None) -> list[dict[str, Any]]:
        return list(self._call(lambda api: api.images(name=name)))

    def inspect_image(self, ref: str) -> dict[str, Any] | None:
        """The image's attributes, or ``None`` when the engine does not have it."""
        import docker.errors

        try:
            return dict(self._call(lambda api: api.inspect_image(ref)))
        except EngineError as exc:
            if isinstance(exc.__cause__, docker.errors.NotFound):
                return None
            raise

    def distribution(self, ref: str) -> dict[str, Any]:
        """Descriptor and platforms of ``ref`` as the registry has it (``/distribution``)."""
        return dict(self._call(lambda api: api.inspect_distribution(ref)))

    def search(self, term: str, limit: int = 25) -> list[dict[str, Any]]:
        return list(self._call(lambda api: api.search(term, limit=limit)))

    # -- pulling ------------------------------------------------------------------------------

    def pull_stream(self, ref: str, *, platform: str | None = None) -> Iterator[dict[str, Any]]:
        """Pull ``ref``, yielding the daemon's progress messages as they come.

        Raises:
            PullError: the daemon refused the pull, in its HTTP status or inside the stream
                (errors often arrive inside a 200 stream: docker-py does not raise them).
        """
        repository, tag = split_tag(ref)
        return self._progress_stream(
            lambda api: api.pull(repository, tag=tag, stream=True, decode=True, platform=platform),
            ref,
            _pull_problem,
        )

    def _progress_stream(
        self,
        start: Callable[[Any], Any],
        ref: str,
        problem: Callable[[str, str], Problem],
    ) -> Iterator[dict[str, Any]]:
        """Yield a pull's or push's messages; a refusal, in the status or in-stream, raises."""
        try:
            stream = self._call(start, timeout=self.long_timeout)
        except EngineError as exc:
            raise PullError(problem(ref, _daemon_words(exc))) from exc
        try:
            for message in stream:
                if not isinstance(message, dict):
                    continue
                if "error" in message or "errorDetail" in message:
                    words = (message.get("errorDetail") or {}).get("message") or message.get(
                        "error", ""
                    )
                    _drain(stream)
                    raise PullError(problem(ref, str(words)))
                yield message
        except PullError:
            raise
        except Exception as exc:
            raise PullError(problem(ref, str(exc))) from exc

    # -- tagging and pushing (the lab's `seed`) -------------------------------------------------

    def tag(self, image: str, ref: str) -> None:
        """Give ``image`` the extra name ``ref`` (``host:port/repo:tag``)."""
        repository, tag = split_tag(ref)
        self._call(lambda api: api.tag(image, repository, tag=tag))

    def untag(self, ref: str) -> None:
        """Remove the name ``ref`` (never the image's data: ``noprune``); absent is fine."""
        with contextlib.suppress(EngineError):
            self._call(lambda api: api.remove_image(ref, noprune=True))

    def push_stream(self, ref: str) -> Iterator[dict[str, Any]]:
        """Push ``ref``, yielding the daemon's progress messages.

        Raises:
            PullError: the push failed (in the HTTP status or inside the stream); its
                ``daemon_message`` holds the daemon's words.
        """
        repository, tag = split_tag(ref)
        return self._progress_stream(
            lambda api: api.push(repository, tag=tag, stream=True, decode=True),
            ref,
            _push_problem,
        )

    def start_service(
        self, image: str, *, name: str, ports: dict[str, tuple[str, int]], labels: dict[str, str]
    ) -> str:
        """Start a long-running container (the lab's ``registry:2`` fallback); returns its id.

        Labelled ``wintut=1`` plus ``labels``, never privileged, no host mounts, restarts never.
        """

        def create(api: Any) -> Any:
            host_config = api.create_host_config(privileged=False, port_bindings=ports)
            return api.create_container(
                image,
                name=name,
                labels={LABEL: "1", **labels},
                ports=list(ports),
                host_config=host_config,
                detach=True,
            )

        container_id = str(self._call(create)["Id"])
        try:
            self._call(lambda api: api.start(container_id))
        except EngineError:
            self._remove(container_id)
            raise
        return container_id

    def stop_service(self, name: str) -> bool:
        """Stop and remove a container started by :meth:`start_service`; False if absent."""
        if not self.containers(all=True, filters={"name": name}):
            return False
        self._remove(name)
        return True

    # -- running ------------------------------------------------------------------------------

    def run(
        self,
        image: str,
        command: list[str],
        *,
        step: str | None = None,
        timeout: float = 120.0,
        platform: str | None = None,
        isolation: str | None = None,
    ) -> RunResult:
        """Run a short command in a new container and return its output.

        The container is labelled ``wintut=1`` (and ``wintut.step``), never privileged, mounts
        nothing from the host, and is removed in a ``finally`` even on error or interrupt.
        It does not pull: pull first with :meth:`pull_stream`.
        """
        labels = {LABEL: "1"}
        if step:
            labels[STEP_LABEL] = step
        name = f"wintut-{step or 'run'}-{uuid.uuid4().hex[:8]}"
        container_id: str | None = None
        try:

            def create(api: Any) -> Any:
                host_config = api.create_host_config(privileged=False, isolation=isolation)
                return api.create_container(
                    image,
                    command=command,
                    name=name,
                    labels=labels,
                    host_config=host_config,
                    platform=platform,
                )

            container_id = str(self._call(create)["Id"])
            cid = container_id
            self._call(lambda api: api.start(cid))
            status = self._call(lambda api: api.wait(cid, timeout=timeout), timeout=timeout + 5)
            logs = self._call(lambda api: api.logs(cid, stdout=True, stderr=True))
            output = logs.decode("utf-8", "replace") if isinstance(logs, bytes) else str(logs)
            return RunResult(image, command, int(status.get("StatusCode", -1)), output, cid)
        finally:
            self._remove(container_id or name)

    def _remove(self, container: str) -> None:
        # a failure means it is already gone (never created, or removed by the engine)
        with contextlib.suppress(EngineError):
            self._call(lambda api: api.remove_container(container, force=True))

    def cleanup(self, step: str | None = None) -> list[str]:
        """Remove every container wintut made (``wintut=1``), or only those of ``step``;
        returns their names."""
        removed = []
        for container in self.containers(all=True, filters={"label": f"{LABEL}=1"}):
            if step is not None and (container.get("Labels") or {}).get(STEP_LABEL) != step:
                continue
            self._remove(container["Id"])
            names = container.get("Names") or [container["Id"][:12]]
            removed.append(str(names[0]).lstrip("/"))
        return removed


def split_tag(ref: str) -> tuple[str, str]:
    """``ubuntu`` -> (``ubuntu``, ``latest``); ``host:5000/a/b:t`` -> (``host:5000/a/b``, ``t``)."""
    if "@" in ref:
        repository, digest = ref.split("@", 1)
        return repository, digest
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        repository, tag = ref.rsplit(":", 1)
        return repository, tag
    return ref, "latest"


def _daemon_words(exc: EngineError) -> str:
    cause = exc.__cause__
    explanation = getattr(cause, "explanation", None)
    return str(explanation or exc.problem.detail or exc.problem.message)


def parse_timestamp(text: str) -> float | None:
    """RFC 3339 as the engine writes it (``2026-11-27T21:24:44.089770072Z``), or ``None``.

    Python before 3.11 reads neither the ``Z`` nor nanoseconds, so both are trimmed first.
    """
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)", text.strip())
    if not match:
        return None
    head, fraction, zone = match.groups()
    micro = (fraction or ".0")[:7]
    try:
        moment = datetime.fromisoformat(f"{head}{micro}{'+00:00' if zone == 'Z' else zone}")
    except ValueError:
        return None
    return moment.timestamp()


def _pull_problem(ref: str, words: str) -> Problem:
    lowered = words.lower()
    if NOT_RECORDED in lowered:
        fix = "This simulated host has no recorded pull of that image: use one the notebook names."
    elif "no matching manifest for" in lowered or "cannot be used on this platform" in lowered:
        fix = "This image is built for another operating system: see the platforms it offers."
    elif "not found" in lowered or "does not exist" in lowered:
        fix = "Check the image name and tag (Windows base images have no `latest` tag)."
    else:
        fix = "Read the daemon's message; check your network or the lab's registry."
    return Problem(
        code="pull-failed", message=f"The engine could not pull {ref}.", fix=fix, detail=words
    )


def _drain(stream: Iterator[Any]) -> None:
    """Read a stream to its end after an in-stream error (the daemon ends it right after).

    docker-py never closes a streamed response itself; left half-read, its socket leaks
    (an unclosed-socket ResourceWarning). Read to the end, it goes back to the pool.
    """
    with contextlib.suppress(Exception):
        for _ in stream:
            pass


def _push_problem(ref: str, words: str) -> Problem:
    return Problem(
        code="push-failed",
        message=f"The engine could not push {ref}.",
        fix="Check that the lab's registry runs (`wintut lab status`) and that the engine "
        "trusts it (insecure-registries).",
        detail=words,
    )


_default: Engine | None = None


def get_engine() -> Engine:
    """The engine the course uses unless told otherwise (resolved once per process).

    With ``WINTUT_SIMULATE=PROFILE`` in the environment (e.g. nbval runs of the notebooks on a
    recorded host) the first call starts that simulated host, as ``wintut.simulate`` does.
    """
    global _default
    if _default is None and os.environ.get("WINTUT_SIMULATE"):
        from wintut.replay.control import simulate

        simulate(os.environ["WINTUT_SIMULATE"])  # sets the default engine
    if _default is None:
        _default = Engine()
    return _default


def current_engine() -> Engine | None:
    """The engine set so far, without resolving one (``None`` before first use)."""
    return _default


def set_engine(engine: Engine | None) -> None:
    """Point the course at another engine (a simulated host, a test engine), or back (None)."""
    global _default
    _default = engine
