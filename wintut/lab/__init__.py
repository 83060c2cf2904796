"""The offline lab: a real local registry (the daemon's Docker Hub mirror), Windows-only
stand-in images, a stand-in ``ubuntu``, and a search index, for workshops and CI.

Modules, one job each: :mod:`.state` (files, pidfiles, processes), :mod:`.probe` (finding
a lab that answers), :mod:`.registry` (the registry process and its HTTP API), :mod:`.index`
(the search index server), :mod:`.manifests` (what the Windows stand-ins claim, with sources),
:mod:`.standins` (building and pushing them), :mod:`.seed` (copying an engine's images in),
:mod:`.control` (up / down / status).
"""

from __future__ import annotations

from wintut.lab.probe import FoundLab, find_lab
from wintut.lab.state import INDEX_PORT, REGISTRY_PORT, lab_home

__all__ = ["INDEX_PORT", "REGISTRY_PORT", "FoundLab", "active_registry", "find_lab", "lab_home"]


def active_registry() -> str | None:
    """``HOST:PORT`` of the lab registry that answers, else ``None`` (see :func:`find_lab`)."""
    lab = find_lab()
    return lab.registry if lab else None
