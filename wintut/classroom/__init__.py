"""`wintut class`: a classroom on JupyterHub.

Each learner runs the course in their own single-user server; their wintut sends every step
result in the background (:mod:`wintut.classroom.sender`) to a hub-managed service
(:mod:`wintut.classroom.service`), which keeps them (:mod:`wintut.classroom.store`) and shows the
instructors' group a room view (:mod:`wintut.classroom.grid`, :mod:`wintut.classroom.page`).

The names below are shared by the service, the sample configs and the sender, so they live here.
"""

from __future__ import annotations

SERVICE_NAME = "wintut-class"
"""The service's name in the hub: its URL is ``/services/wintut-class/``."""

ROOM_SCOPE = f"custom:{SERVICE_NAME}:room"
"""The custom scope that lets an OAuth or API token see the whole room."""

ACCESS_SCOPE = f"access:services!service={SERVICE_NAME}"
"""The scope a learner's server token needs to reach the service (not in the default token)."""

INSTRUCTORS = "instructors"
LEARNERS = "learners"

DEFAULT_PROFILE = "docker-desktop-wsl2"
"""The simulated host a class gets unless the teacher picks another (``WINTUT_SIMULATE``): the
Linux engine a Windows learner starts on; notebook 05 switches to a Windows-containers host."""

URL_VARIABLE = "WINTUT_CLASS_URL"
"""Where the service is, as the learner's server sees it: no JupyterHub variable says so."""
