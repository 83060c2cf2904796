"""A FakeAPIClient that also keeps the engine's start/die events, as dockerd does.

The shared fake (tests/fakes.py) answers events from a fixed list; steps that look for runs
(run-ubuntu, nanoserver) need the events a run leaves behind even after ``--rm`` removed it.
Starts can also be refused, the way a Windows engine refuses a mismatched build.
"""

from __future__ import annotations

import time
from typing import Any

from tests.fakes import FakeAPIClient
from wintut.engine import Endpoint, Engine


class EventfulFake(FakeAPIClient):
    def __init__(self, *args: Any, refuse: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refuse = dict(refuse or {})
        """isolation -> daemon message: starts with that isolation are refused."""

    def _event(self, action: str, container: str, **extra: str) -> None:
        record = self._live[container]
        attributes = {"image": record["image"], "name": record.get("name", container)}
        attributes.update(record.get("labels") or {})
        attributes.update(extra)
        self.event_list.append(
            {
                "Type": "container",
                "Action": action,
                "Actor": {"ID": container, "Attributes": attributes},
                "time": int(time.time()),
            }
        )

    def start(self, container: str) -> None:
        import docker.errors

        isolation = (self._live[container].get("host_config") or {}).get("isolation")
        if isolation in self.refuse:
            raise docker.errors.APIError(self.refuse[isolation])
        super().start(container)
        self._event("start", container)

    def wait(self, container: str, timeout: float | None = None) -> dict[str, int]:
        status = super().wait(container, timeout)
        self._event("die", container, exitCode=str(status["StatusCode"]))
        return status


def eventful_engine(**kwargs: Any) -> Engine:
    return Engine(Endpoint("unix:///fake.sock", "argument"), api=EventfulFake(**kwargs))


def container(image: str, *, status: str = "Exited (0) 1 minute ago", **extra: Any) -> dict:
    """A container-list entry as /containers/json shows it."""
    entry = {
        "Id": extra.pop("Id", "c0ffee" * 10 + "abcd"),
        "Names": ["/learner_box"],
        "Image": image,
        "ImageID": "sha256:1111",
        "Command": "bash",
        "Created": int(time.time()) - 60,
        "Status": status,
        "Labels": {},
    }
    entry.update(extra)
    return entry


def event(image: str, action: str = "start", **attributes: str) -> dict:
    """An engine event for a container of ``image`` (as a ``--rm`` run leaves)."""
    return {
        "Type": "container",
        "Action": action,
        "Actor": {
            "ID": "deadbeef" * 8,
            "Attributes": {"image": image, "name": "gone", **attributes},
        },
        "time": int(time.time()) - 30,
    }
