"""Who is in the class: the hub's ``learners`` group, so the room shows learners who have sent
nothing yet. Read with the service's own token (its role grants ``read:groups``), cached briefly;
when the hub does not answer, the room simply shows who has sent results.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from urllib.parse import quote

CACHE_SECONDS = 30.0
TIMEOUT = 2.0


class Roster:
    def __init__(self, group: str) -> None:
        self.group = group
        self._names: list[str] = []
        self._fetched = -CACHE_SECONDS

    def names(self) -> list[str]:
        if time.monotonic() - self._fetched > CACHE_SECONDS:
            self._fetched = time.monotonic()
            self._names = self._fetch()
        return list(self._names)

    def _fetch(self) -> list[str]:
        api = os.environ.get("JUPYTERHUB_API_URL", "").rstrip("/")
        token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
        if not api or not token:
            return []
        request = urllib.request.Request(
            f"{api}/groups/{quote(self.group)}", headers={"Authorization": f"token {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                users = json.loads(answer.read()).get("users") or []
        except (OSError, ValueError):
            return self._names
        return sorted(str(u) for u in users)
