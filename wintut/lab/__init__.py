"""The offline lab: a real local registry (the daemon's Docker Hub mirror), Windows-only
stand-in images, a stand-in ``ubuntu``, and a search index, for workshops and CI.

Modules, one job each: :mod:`.state` (files, pidfiles, processes), :mod:`.registry` (the
registry process and its HTTP API), :mod:`.index` (the search index server), :mod:`.manifests`
(what the Windows stand-ins claim, with sources), :mod:`.standins` (building and pushing them),
:mod:`.seed` (copying an engine's images in), :mod:`.control` (up / down / status).
"""

from __future__ import annotations

import os
import time

from wintut.lab.state import INDEX_PORT, REGISTRY_PORT, lab_home, read_state

__all__ = ["INDEX_PORT", "REGISTRY_PORT", "active_registry", "lab_home"]

_CACHE_SECONDS = 5.0
_cache: dict[str, tuple[float, bool]] = {}


def active_registry() -> str | None:
    """``HOST:PORT`` of the lab registry when a lab is active, else ``None``.

    Active means: ``WINTUT_LAB_REGISTRY`` names one (a learner using the teacher's lab), or
    this machine's lab state file exists; and in both cases the registry answers. The answer
    is cached for a few seconds (notebooks resolve many references in a row).
    """
    address = os.environ.get("WINTUT_LAB_REGISTRY")
    if not address:
        saved = read_state()
        address = str(saved.get("registry") or "") if saved else ""
    if not address:
        return None
    now = time.monotonic()
    cached = _cache.get(address)
    if cached is None or now - cached[0] > _CACHE_SECONDS:
        from wintut.lab.registry import RegistryClient

        cached = (now, RegistryClient(address, timeout=1.0).ping())
        _cache[address] = cached
    return address if cached[1] else None
