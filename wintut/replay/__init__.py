"""Simulated hosts: recorded engines replayed through the real Docker Engine API.

``SimulatedHost("windows-server-2022").start()`` serves a profile on 127.0.0.1; docker-py and the
docker CLI talk to it like to any engine. Everything it answers comes from a recorded profile
(``assets/profiles``) whose values carry their sources; anything not recorded says so.
"""

from __future__ import annotations

from wintut.replay.profiles import PROFILE_IDS, Profile, list_profiles, load
from wintut.replay.server import SimulatedHost

__all__ = ["PROFILE_IDS", "Profile", "SimulatedHost", "list_profiles", "load"]
