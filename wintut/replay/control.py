"""Switching the kernel's engine to a simulated host and back (``wintut.simulate``)."""

from __future__ import annotations

import os
import threading
from typing import Any

from wintut.replay.server import SimulatedHost

_lock = threading.Lock()
_current: SimulatedHost | None = None
_saved: dict[str, Any] = {}


def current() -> SimulatedHost | None:
    """The simulated host in use in this process, if any."""
    return _current


def simulate(profile: str | None, port: int = 0) -> SimulatedHost | None:
    """Serve ``profile`` in the background and point wintut and ``!docker`` cells at it.

    ``simulate(None)`` stops it and restores the engine and ``DOCKER_HOST`` that were in use.
    Starting another profile replaces the running one.
    """
    global _current
    from wintut.engine import Engine, current_engine, set_engine

    with _lock:
        if _current is not None:
            engine = current_engine()
            if engine is not None:
                engine.close()
            _current.stop()
            _current = None
        else:
            _saved["engine"] = current_engine()
            _saved["DOCKER_HOST"] = os.environ.get("DOCKER_HOST")
        if profile is None:
            if "engine" in _saved or "DOCKER_HOST" in _saved:
                set_engine(_saved.pop("engine", None))
                host = _saved.pop("DOCKER_HOST", None)
                if host is None:
                    os.environ.pop("DOCKER_HOST", None)
                else:
                    os.environ["DOCKER_HOST"] = host
            return None
        started = SimulatedHost(profile, port).start()
        _current = started
        os.environ["DOCKER_HOST"] = started.url
        set_engine(Engine(started.url, simulated=started.profile.id))
        return started
