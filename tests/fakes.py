"""A fake docker-py ``APIClient``: the one seam unit tests replace.

It answers the calls :class:`wintut.engine.Engine` makes, from data the test gives, and records
what was asked (containers created and removed), so tests can assert that wintut labels and
cleans up. Errors are real docker-py / requests exception types, raised where the real client
would raise them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

import docker.errors

LINUX_VERSION = {
    "Version": "20.10.24+dfsg1",
    "ApiVersion": "1.41",
    "MinAPIVersion": "1.12",
    "Os": "linux",
    "Arch": "amd64",
    "KernelVersion": "6.1.0-test",
}
LINUX_INFO = {
    "OSType": "linux",
    "OperatingSystem": "Debian GNU/Linux 12 (bookworm)",
    "KernelVersion": "6.1.0-test",
    "Name": "test-host",
    "Architecture": "x86_64",
    "ServerVersion": "20.10.24+dfsg1",
    "RegistryConfig": {"Mirrors": []},
}


class FakeAPIClient:
    """Stands in for ``docker.APIClient``. Every attribute is plain data a test may change."""

    def __init__(
        self,
        version: dict[str, Any] | None = None,
        info: dict[str, Any] | None = None,
        *,
        containers: list[dict[str, Any]] | None = None,
        events: list[dict[str, Any]] | None = None,
        images: list[dict[str, Any]] | None = None,
        search: dict[str, list[dict[str, Any]]] | None = None,
        distribution: dict[str, dict[str, Any]] | None = None,
        pulls: dict[str, Iterable[dict[str, Any]] | BaseException] | None = None,
        runs: dict[tuple[str, ...], tuple[int, str]] | None = None,
        fail_with: BaseException | None = None,
    ) -> None:
        self.version_data = dict(LINUX_VERSION if version is None else version)
        self.info_data = dict(LINUX_INFO if info is None else info)
        self.container_list = list(containers or [])
        self.event_list = list(events or [])
        self.image_list = list(images or [])
        self.search_results = dict(search or {})
        self.distributions = dict(distribution or {})
        self.pulls = dict(pulls or {})
        self.runs = dict(runs or {})
        self.fail_with = fail_with
        self.created: list[dict[str, Any]] = []
        self.removed: list[str] = []
        self.started: list[str] = []
        self._ids = itertools.count(1)
        self._live: dict[str, dict[str, Any]] = {}

    def _maybe_fail(self) -> None:
        if self.fail_with is not None:
            raise self.fail_with

    # daemon
    def version(self, api_version: bool = True) -> dict[str, Any]:
        self._maybe_fail()
        return dict(self.version_data)

    def info(self) -> dict[str, Any]:
        self._maybe_fail()
        return dict(self.info_data)

    # reading state
    def containers(self, all: bool = False, filters: dict[str, Any] | None = None) -> list[dict]:
        self._maybe_fail()
        found = list(self.container_list) + [
            {"Id": cid, "Names": [f"/{c['name']}"], "Image": c["image"], "Labels": c["labels"]}
            for cid, c in self._live.items()
        ]
        label = (filters or {}).get("label")
        if label:
            key, _, value = str(label).partition("=")
            found = [c for c in found if (c.get("Labels") or {}).get(key) == value]
        return found

    def events(self, since: Any = None, until: Any = None, filters: Any = None, decode: Any = None):
        self._maybe_fail()
        return iter(
            e
            for e in self.event_list
            if (since is None or e.get("time", 0) >= float(since))
            and (until is None or e.get("time", 0) <= float(until))
        )

    def images(self, name: str | None = None, **_: Any) -> list[dict[str, Any]]:
        self._maybe_fail()
        if name is None:
            return list(self.image_list)
        return [
            i for i in self.image_list if any(t.startswith(name) for t in i.get("RepoTags", []))
        ]

    def inspect_image(self, ref: str) -> dict[str, Any]:
        self._maybe_fail()
        for image in self.image_list:
            if ref in image.get("RepoTags", []) or image.get("Id") == ref:
                return dict(image)
        raise docker.errors.ImageNotFound(f"No such image: {ref}")

    def inspect_distribution(self, ref: str, auth_config: Any = None) -> dict[str, Any]:
        self._maybe_fail()
        if ref not in self.distributions:
            raise docker.errors.NotFound(f"manifest unknown: {ref}")
        return dict(self.distributions[ref])

    def search(self, term: str, limit: int | None = None) -> list[dict[str, Any]]:
        self._maybe_fail()
        return list(self.search_results.get(term, []))[: limit or None]

    # pulling
    def pull(self, repository: str, tag: str | None = None, stream: bool = False, **_: Any):
        self._maybe_fail()
        ref = f"{repository}:{tag}" if tag else repository
        outcome = self.pulls.get(ref, self.pulls.get(repository))
        if isinstance(outcome, BaseException):
            raise outcome
        if outcome is None:
            raise docker.errors.NotFound(f"pull access denied for {repository}")
        return iter(list(outcome))

    # running
    def create_host_config(self, **kwargs: Any) -> dict[str, Any]:
        return dict(kwargs)

    def create_container(self, image: str, command: Any = None, **kwargs: Any) -> dict[str, str]:
        self._maybe_fail()
        cid = f"fake{next(self._ids):060d}"
        record = {"id": cid, "image": image, "command": list(command or []), **kwargs}
        self.created.append(record)
        self._live[cid] = record
        return {"Id": cid}

    def start(self, container: str) -> None:
        self.started.append(container)

    def wait(self, container: str, timeout: float | None = None) -> dict[str, int]:
        command = tuple(self._live[container]["command"])
        return {"StatusCode": self.runs.get(command, (0, ""))[0]}

    def logs(self, container: str, **_: Any) -> bytes:
        command = tuple(self._live[container]["command"])
        return self.runs.get(command, (0, ""))[1].encode()

    def remove_container(self, container: str, force: bool = False) -> None:
        self.removed.append(container)
        if self._live.pop(container, None) is None and container not in {
            c.get("Id") for c in self.container_list
        }:
            raise docker.errors.NotFound(f"No such container: {container}")
        self.container_list = [c for c in self.container_list if c.get("Id") != container]


def engine_with(**kwargs: Any) -> Any:
    """An :class:`wintut.engine.Engine` over a :class:`FakeAPIClient` built from ``kwargs``."""
    from wintut.engine import Endpoint, Engine

    return Engine(Endpoint("unix:///fake.sock", "argument"), api=FakeAPIClient(**kwargs))


Factory = Callable[..., Any]
