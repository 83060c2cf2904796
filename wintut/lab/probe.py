"""Finding a running lab by asking what answers, not by trusting a file.

``WINTUT_LAB_REGISTRY=none`` says there is no lab (nothing is asked); ``WINTUT_LAB_INDEX``
names the index when it is not on the registry's host at the lab's index port.

A lab is recognised when its registry answers ``/v2/`` and its search index answers
``/v1/_ping`` on the same host. Where to ask, in order: ``WINTUT_LAB_REGISTRY`` (a learner on the
teacher's lab), this machine's lab state file (whatever ``WINTUT_HOME`` holds it), the engine's
own Docker Hub mirrors (``/info`` RegistryConfig.Mirrors), and the lab's fixed loopback port.
"""

from __future__ import annotations

import os
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from wintut.lab.state import DEFAULT_HOST, INDEX_PORT, REGISTRY_PORT, read_state

_CACHE_SECONDS = 5.0
_seen: dict[str, tuple[float, bool]] = {}


@dataclass(frozen=True)
class FoundLab:
    """A lab that answers."""

    registry: str
    """``HOST:PORT`` of its registry."""
    index: str
    """``HOST:PORT`` of its search index."""
    found_by: str
    """Where its address came from: ``WINTUT_LAB_REGISTRY``, ``state file``, ``engine mirror``,
    or ``default port``."""


def index_alive(address: str, timeout: float = 1.0) -> bool:
    """True when a wintut search index answers at ``HOST:PORT``."""
    try:
        with urllib.request.urlopen(f"http://{address}/v1/_ping", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def registry_alive(address: str, timeout: float = 1.0) -> bool:
    """True when a registry answers the distribution API's ``/v2/`` at ``HOST:PORT``."""
    from wintut.lab.registry import RegistryClient

    return RegistryClient(address, timeout=timeout).ping()


def _cached(key: str, probe: bool) -> bool | None:
    seen = _seen.get(key)
    if seen is None or time.monotonic() - seen[0] > _CACHE_SECONDS or not probe:
        return None
    return seen[1]


def _answers(registry: str, index: str) -> bool:
    key = f"{registry} {index}"
    cached = _cached(key, True)
    if cached is not None:
        return cached
    alive = registry_alive(registry) and index_alive(index)
    _seen[key] = (time.monotonic(), alive)
    return alive


def _mirror_address(mirror: str) -> str:
    return mirror.rstrip("/").split("://", 1)[-1]


def candidates(mirrors: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """``(registry, index, found_by)`` to ask, in order, without duplicates."""
    found: list[tuple[str, str, str]] = []

    def add(registry: str, found_by: str, index: str = "") -> None:
        if registry and all(registry != r for r, _, _ in found):
            host = registry.rsplit(":", 1)[0]
            found.append((registry, index or f"{host}:{INDEX_PORT}", found_by))

    add(
        os.environ.get("WINTUT_LAB_REGISTRY", ""),
        "WINTUT_LAB_REGISTRY",
        os.environ.get("WINTUT_LAB_INDEX", ""),
    )
    saved = read_state() or {}
    add(str(saved.get("registry") or ""), "state file", str(saved.get("index") or ""))
    for mirror in mirrors:
        add(_mirror_address(mirror), "engine mirror", os.environ.get("WINTUT_LAB_INDEX", ""))
    add(f"{DEFAULT_HOST}:{REGISTRY_PORT}", "default port")
    return found


def find_lab(mirrors: Iterable[str] = ()) -> FoundLab | None:
    """The first lab that answers, or ``None`` (a few seconds' cache: notebooks ask often)."""
    if os.environ.get("WINTUT_LAB_REGISTRY", "").lower() == "none":
        return None
    for registry, index, found_by in candidates(mirrors):
        if _answers(registry, index):
            return FoundLab(registry, index, found_by)
    return None
