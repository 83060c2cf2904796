"""Where the engine is: ``DOCKER_HOST``, docker contexts, the platform default, and a cheap
socket-level preflight so an absent engine is reported before docker-py is even imported.

Resolution, first match wins: an explicit argument, ``DOCKER_HOST``, the current docker context
(``DOCKER_CONTEXT`` or ``currentContext`` in the CLI's config.json), the platform default.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from wintut.engine.problems import HEALTH_TIMEOUT, problem
from wintut.errors import EngineError, Problem
from wintut.i18n import _

DEFAULT_UNIX = "unix:///var/run/docker.sock"
DEFAULT_NPIPE = "npipe:////./pipe/docker_engine"
PREFLIGHT_TIMEOUT = 0.25


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
        # each kind of source is its own sentence, so Chinese can word it (the field stays raw)
        source, name = self.source, self.source.partition(" ")[2]
        if source == "default":
            said = _("{url} (from default)")
        elif source == "argument":
            said = _("{url} (from argument)")
        elif source.startswith("context "):
            said = _("{url} (from context {name})")
        elif source.startswith("simulated host "):
            name = source[len("simulated host ") :]
            said = _("{url} (from simulated host {name})")
        else:
            said = _("{url} (from {source})")
        return said.format(url=self.url, name=name, source=source)


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
            raise EngineError(problem("context-missing", name=name, detail=repr(exc))) from exc
        if context is None or not context.Host:
            host = _plain_context_host(env, name)
            if host:
                return Endpoint(host, f"context {name}")
            raise EngineError(problem("context-missing", name=name))
        return Endpoint(context.Host, f"context {name}", context.TLSConfig or False)
    return Endpoint(DEFAULT_NPIPE if sys.platform == "win32" else DEFAULT_UNIX, "default")


def preflight(endpoint: Endpoint, timeout: float = PREFLIGHT_TIMEOUT) -> Problem | None:
    """Cheap socket-level check, so an absent engine is reported at once.

    Returns a problem when nothing can answer at the address (or the address is not one),
    ``None`` when something might.
    """
    url = endpoint.url
    try:
        parsed = urlparse(url if "://" in url else f"tcp://{url}")
        scheme, hostname, port = parsed.scheme, parsed.hostname, parsed.port
    except ValueError as exc:  # tcp://[::1, tcp://host:2375x, port 99999
        return problem("bad-endpoint", url=url, detail=str(exc))
    try:
        if scheme in ("unix", "http+unix"):
            path = parsed.path or url.split("://", 1)[1]
            if not os.path.exists(path):
                return problem("engine-not-running", url=url, detail=f"{path}: no such socket")
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(path)
        elif scheme in ("tcp", "http", "https"):
            if not hostname:
                return problem("bad-endpoint", url=url)
            loopback = hostname in ("localhost", "::1") or hostname.startswith("127.")
            with socket.create_connection(
                (hostname, port or (2376 if endpoint.tls else 2375)),
                timeout=timeout if loopback else HEALTH_TIMEOUT,
            ):
                pass
        elif scheme == "npipe":
            pipe = url.split("://", 1)[1].replace("/", "\\")
            if sys.platform == "win32" and not os.path.exists(pipe):
                return problem("engine-not-running", url=url, detail=f"{pipe}: no such pipe")
        elif scheme != "ssh":
            return problem("bad-endpoint", url=url)
    except PermissionError as exc:
        return problem("socket-permission", url=url, detail=repr(exc))
    except (UnicodeError, ValueError) as exc:  # a host name IDNA cannot encode, a bad port
        return problem("bad-endpoint", url=url, detail=repr(exc))
    except OSError as exc:  # refused, no such file, timed out, unreachable
        return problem("engine-not-running", url=url, detail=repr(exc))
    return None
