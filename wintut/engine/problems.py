"""What went wrong with the engine, in the learner's words: the table of known problems, and
:func:`translate`, which maps an error to one of them by its type, its HTTP status and where it
happened, most specific first (as httpx maps httpcore's errors), never by its class name.

The daemon's own words are kept verbatim in ``Problem.detail``.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from wintut.errors import NOT_RECORDED_HEADER, Problem
from wintut.i18n import N_, _

HEALTH_TIMEOUT = float(os.environ.get("WINTUT_HEALTH_TIMEOUT", "2.0"))

_REGISTRY_UNREACHABLE = re.compile(
    r"(dial tcp|no such host|i/o timeout|TLS handshake timeout|connection refused|"
    r"network is unreachable|Client\.Timeout exceeded)",
    re.IGNORECASE,
)
"""How dockerd words a registry it cannot reach (moby's distribution errors carry Go's net
errors verbatim); the only place wintut reads the daemon's sentence, because it has no code."""


LAB_FIX = N_(
    "Start the offline lab (`wintut lab up`) and add its mirror as it says, or check your "
    "network, then try again."
)
"""What to do when the registry cannot be reached (a call or a pull)."""


def _start_engine() -> str:
    if sys.platform in ("win32", "darwin"):
        return _("Start Docker Desktop and wait until it says “Engine running”, then try again.")
    return _("Start the engine (`sudo systemctl start docker`, or Docker Desktop), then try again.")


def _socket_owner(url: str) -> tuple[str, str]:
    """``(group, mode)`` of a unix socket, or empty strings where that cannot be read."""
    try:
        import grp  # POSIX only

        info = os.stat(url.split("://", 1)[-1])
        return grp.getgrgid(info.st_gid).gr_name, stat.filemode(info.st_mode)
    except (ImportError, OSError, KeyError):
        return "", ""


def _socket_fix(url: str) -> str:
    """Advice that fits the socket: its group decides whether joining a group helps."""
    group, mode = _socket_owner(url)
    rootless = "DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock"
    if group == "root":
        return _(
            "The socket is root's only ({mode} root:root), so joining a group does not help: "
            "use rootless Docker ({rootless}), or ask the machine's owner to give the socket a "
            "group you may join."
        ).format(mode=mode, rootless=rootless)
    group = group or "docker"
    return _(
        "Add yourself to the {group} group that owns the socket (`sudo usermod -aG {group} "
        "$USER`), log out and in again; or use rootless Docker ({rootless})."
    ).format(group=group, rootless=rootless)


_TEXTS: dict[str, Callable[[str, Mapping[str, Any]], tuple[str, str]]] = {
    "engine-not-running": lambda url, fields: (
        _("No Docker engine answers at {url}.").format(url=url),
        _start_engine(),
    ),
    "socket-permission": lambda url, fields: (
        _("You are not allowed to use the Docker socket at {url}.").format(url=url),
        _socket_fix(url),
    ),
    "engine-starting": lambda url, fields: (
        _("The engine at {url} is still starting (it answered HTTP 500).").format(url=url),
        _("Wait until Docker Desktop says “Engine running”, then try again."),
    ),
    "engine-timeout": lambda url, fields: (
        _(
            "Something at {url} accepted the connection but did not answer within {seconds} s."
        ).format(url=url, seconds=f"{float(fields.get('seconds', HEALTH_TIMEOUT)):.1f}"),
        _(
            "Restart Docker Desktop or the engine; if DOCKER_HOST is set, check that it "
            "points at a Docker engine."
        ),
    ),
    "pywin32-missing": lambda url, fields: (
        _("docker-py needs pywin32 to open the Windows named pipe, and it is missing or broken."),
        _(
            "Run `pip install --force-reinstall pywin32` in this environment, then restart "
            "the kernel."
        ),
    ),
    "tls-error": lambda url, fields: (
        _("The TLS connection to {url} failed.").format(url=url),
        _(
            "Check DOCKER_CERT_PATH or the context's certificates, or run "
            "`docker context use default`."
        ),
    ),
    "ssh-error": lambda url, fields: (
        _("docker-py could not open the ssh connection to {url}.").format(url=url),
        _("Run `pip install paramiko`, and check that `ssh HOST docker version` works."),
    ),
    "context-missing": lambda url, fields: (
        _("The docker context “{name}” is selected but cannot be read.").format(
            name=fields.get("name", "")
        ),
        _("Run `docker context use default`, or unset DOCKER_CONTEXT."),
    ),
    "bad-endpoint": lambda url, fields: (
        _("“{url}” is not an engine address docker-py understands.").format(url=url),
        _("Use unix:///path, tcp://HOST:PORT, npipe:////./pipe/NAME or ssh://USER@HOST."),
    ),
    "not-recorded": lambda url, fields: (
        _(
            "This simulated host has no recording of that: it replays only what the real "
            "host was recorded doing."
        ),
        _(
            "Do what the notebook suggests, or try another simulated host (`wintut "
            "simulate --list`)."
        ),
    ),
    "registry-unreachable": lambda url, fields: (
        _(
            "The engine at {url} cannot reach the image registry (Docker Hub or MCR): the "
            "network is offline or blocked."
        ).format(url=url),
        _(LAB_FIX),
    ),
    "odd-answer": lambda url, fields: (
        _(
            "The engine at {url} answered with something that is not what the Engine API returns."
        ).format(url=url),
        _("Check that DOCKER_HOST points at a Docker engine (not another server), then try again."),
    ),
    "not-found": lambda url, fields: (
        _("The engine at {url} has no such image, container or registry entry.").format(url=url),
        _("Check the name and the tag (Windows base images have no `latest` tag)."),
    ),
    "engine-error": lambda url, fields: (
        _("The engine at {url} refused the request.").format(url=url),
        _(
            "Read the engine's words below; if the engine was just switched or restarted, "
            "try again in a moment."
        ),
    ),
}
"""The known problems' reason and fix, made when one is met (after the language is chosen)."""
CODES = tuple(_TEXTS)


def problem(code: str, *, detail: str = "", **fields: Any) -> Problem:
    """Build one of the known problems (:data:`CODES`), in the learner's language."""
    message, fix = _TEXTS[code](str(fields.get("url", "")), fields)
    return Problem(code=code, message=message, fix=fix, detail=detail)


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it wraps (``__cause__``, ``__context__``, exception args)."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
        stack.extend(c for c in (current.__cause__, current.__context__) if c is not None)


def daemon_words(exc: BaseException) -> str:
    """The daemon's own message (docker-py's ``explanation``), or the error's text."""
    for cause in causes(exc):
        explanation = getattr(cause, "explanation", None)
        if explanation:
            return str(explanation.decode() if isinstance(explanation, bytes) else explanation)
    return str(exc)


@cache
def _type_table() -> tuple[tuple[tuple[type[BaseException], ...], str], ...]:
    """Exception types -> problem code, most specific first (docker-py is loaded by now)."""
    import requests.exceptions as rq
    import urllib3.exceptions as u3

    return (
        ((rq.SSLError, u3.SSLError, __import__("ssl").SSLError), "tls-error"),
        ((rq.ReadTimeout, u3.ReadTimeoutError, socket.timeout, TimeoutError), "engine-timeout"),
        ((PermissionError,), "socket-permission"),
        ((rq.ConnectTimeout, u3.ConnectTimeoutError), "engine-not-running"),
        (
            (rq.ConnectionError, u3.NewConnectionError, ConnectionError, FileNotFoundError),
            "engine-not-running",
        ),
        (
            (rq.InvalidURL, rq.InvalidSchema, rq.MissingSchema, u3.LocationParseError),
            "bad-endpoint",
        ),
        ((ValueError, TypeError, KeyError, AttributeError), "odd-answer"),
    )


def _status_code(response: Any, path: str) -> str | None:
    """An HTTP answer from the engine -> problem code, by status and where it was asked."""
    status = getattr(response, "status_code", None)
    if status is None:
        return None
    headers = getattr(response, "headers", None) or {}
    if headers.get(NOT_RECORDED_HEADER):
        return "not-recorded"
    if status == 500 and path.endswith("/version"):
        return "engine-starting"
    if status == 404:
        return "not-found"
    return "engine-error"


def translate(
    exc: BaseException, url: str, *, scheme: str = "", stage: str = "call", seconds: float = 0.0
) -> Problem:
    """Turn an error from docker-py, requests or the socket layer into a learner problem.

    Args:
        exc: what was raised.
        url: the engine's address (for the message).
        scheme: the address's scheme (``unix``, ``npipe``, ``ssh``, …).
        stage: ``connect`` while docker-py builds its client, else ``call``.
        seconds: the time bound that applied (for timeouts).
    """
    detail = f"{type(exc).__name__}: {exc}"
    if stage == "connect":
        # docker-py raises plain DockerException/ImportError while building a client: which
        # one is told by the transport it was building, not by its words.
        if scheme == "npipe":
            return problem("pywin32-missing", url=url, detail=detail)
        if scheme == "ssh":
            return problem("ssh-error", url=url, detail=detail)
        return problem("bad-endpoint", url=url, detail=detail)
    chain = list(causes(exc))
    for cause in chain:
        response = getattr(cause, "response", None)
        path = urlsplit(str(getattr(response, "url", "") or "")).path
        code = _status_code(response, path)
        if code is not None:
            words = daemon_words(cause)
            if code == "engine-error" and _REGISTRY_UNREACHABLE.search(words):
                code = "registry-unreachable"
            return problem(code, url=url, detail=words, seconds=seconds)
    for types, code in _type_table():
        if any(isinstance(cause, types) for cause in chain):
            if code == "engine-not-running" and scheme == "ssh":
                code = "ssh-error"
            return problem(code, url=url, detail=detail, seconds=seconds or HEALTH_TIMEOUT)
    return problem("ssh-error" if scheme == "ssh" else "engine-error", url=url, detail=detail)
