"""The Docker engine, reached through docker-py (the only importer of it).

Modules, one job each: :mod:`.endpoint` (where the engine is: DOCKER_HOST, contexts, the
platform default, a socket-level preflight), :mod:`.problems` (errors -> learner problems, by
type and status), :mod:`.streams` (pull and push progress), :mod:`.status` (what a health check
found), :mod:`.lab_operations` (tag, push, the lab's registry container), :mod:`.client`
(:class:`Engine`).
"""

from __future__ import annotations

from wintut.engine.client import CALL_TIMEOUT, LABEL, LONG_TIMEOUT, STEP_LABEL, Engine
from wintut.engine.endpoint import (
    DEFAULT_NPIPE,
    DEFAULT_UNIX,
    Endpoint,
    preflight,
    resolve_endpoint,
)
from wintut.engine.problems import HEALTH_TIMEOUT, translate
from wintut.engine.status import EngineStatus, RunResult

__all__ = [
    "CALL_TIMEOUT",
    "DEFAULT_NPIPE",
    "DEFAULT_UNIX",
    "HEALTH_TIMEOUT",
    "LABEL",
    "LONG_TIMEOUT",
    "STEP_LABEL",
    "Endpoint",
    "Engine",
    "EngineStatus",
    "RunResult",
    "preflight",
    "resolve_endpoint",
    "translate",
]
