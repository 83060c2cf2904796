"""Simulated hosts: recorded engines replayed through the real Docker Engine API.

``SimulatedHost("windows-server-2022").start()`` serves a profile on 127.0.0.1; docker-py and the
docker CLI talk to it like to any engine. Everything it answers comes from a recorded profile
(``assets/profiles``) whose values carry their sources; anything not recorded says so.

Protocol marks, beside what dockerd itself sends (wintut's client reads these, never sentences):

- ``X-Wintut-Simulated: PROFILE`` on every answer: this engine is a recorded, simulated host.
- ``X-Wintut-Not-Recorded: 1`` on the 404 a route gives for what the profile never recorded
  (a pull, a search term, a registry's ``/distribution``). The body keeps docker's
  ``{"message": "not recorded on this simulated host: …"}`` for the docker CLI to print.
  A container run of a command nobody recorded is not an HTTP error: it exits 127 and says so.
- ``GET /_wintut/host/processes`` and ``GET /_wintut/http/PORT``: what a real engine's host
  answers outside the Engine API (its process list; a GET of a published port), from the
  recordings, each answer naming its source. A real dockerd has neither path.

Layout, one job each:

- ``profiles``: the recorded data, loaded and checked;
- ``objects``: images, containers and the errors a route raises;
- ``state``: one host's images, containers and events, and the replay of a run;
- ``running``: long-lived runs (``ping -t``, IIS), ``docker top``, the host's processes;
- ``building``: ``docker build``'s metadata instructions;
- ``seeding``: giving a host a past (``record_run``, ``seed_image``, ``record_*``);
- ``routes``: the endpoint table, by job (system, images, containers, messages);
- ``server``: the loopback HTTP server.

Nothing here imports wintut's client code (only ``wintut.errors`` and ``wintut.assets``).
"""

from __future__ import annotations

from wintut.replay.profiles import PROFILE_IDS, Profile, list_profiles, load
from wintut.replay.server import SimulatedHost

__all__ = ["PROFILE_IDS", "Profile", "SimulatedHost", "list_profiles", "load"]
