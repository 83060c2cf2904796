"""What one simulated host holds while it runs: images, containers and events.

State is per server: a pull adds an image, a run leaves an exited container (or none with
``--rm``), ``rm`` removes it. Running a container replays the profile's recorded output; a
command nobody recorded exits 127 and says so, it never invents output.
"""

from __future__ import annotations

import bisect
import dataclasses
import secrets
import threading
import time
from collections.abc import Mapping
from typing import Any

from wintut.replay.objects import (
    MAX_WAIT,
    NOT_RECORDED,
    ApiError,
    Container,
    Image,
    NotRecorded,
    derived_id,
    epoch,
    iso,
)
from wintut.replay.profiles import Profile, normalize_ref
from wintut.replay.running import Running
from wintut.replay.seeding import Seeding

__all__ = [
    "MAX_WAIT",
    "NOT_RECORDED",
    "ApiError",
    "Container",
    "HostState",
    "Image",
    "NotRecorded",
    "derived_id",
    "iso",
]


class HostState(Seeding, Running):
    """Images, containers and events of one simulated host. Thread-safe.

    Seed it with the ``record_*`` and ``seed_image`` methods (:class:`Seeding`); long-lived
    runs, ``docker top``, builds and the host's process list are :class:`Running`'s."""

    def __init__(self, profile: Profile) -> None:
        # Its own copy of what the record_* methods may add to, so no other host sees it.
        self.profile = dataclasses.replace(
            profile,
            commands=list(profile.commands),
            run_errors=list(profile.run_errors),
            pull_errors=dict(profile.pull_errors),
            search_terms=list(profile.search_terms),
            registry=dict(profile.registry),
            search=dict(profile.search),
        )
        self.cond = threading.Condition()
        self.images: dict[str, Image] = {}
        self.containers: dict[str, Container] = {}
        self.created: list[Container] = []
        """Every container ever created here, removed ones too (in creation order)."""
        self.events: list[dict[str, Any]] = []
        for item in profile.images:
            self._add_image(normalize_ref(item["ref"]), epoch(item["created"]))

    # -- images -----------------------------------------------------------------------------

    def platform_for(self, ref: str) -> dict[str, Any] | None:
        """The registry platform this host would pull for ``ref`` (``None``: none fits)."""
        return self.profile.platform_for(ref)

    def _add_image(self, ref: str, created: float) -> Image:
        entry = self.profile.registry[ref]
        platform = self.platform_for(ref) or entry["platforms"][0]
        image = Image(
            ref=ref,
            id="sha256:" + derived_id("image", ref),
            created=created,
            size=int(entry.get("size", 0)),
            os=str(platform.get("os")),
            architecture=str(platform.get("architecture")),
            os_version=str(platform.get("os.version", "")),
            cmd=list(entry.get("cmd") or []),
            digest="sha256:" + derived_id("digest", ref),
        )
        self.images[ref] = image
        return image

    def add_image(self, ref: str) -> tuple[Image, bool]:
        """Record a pulled image; returns it and whether it is new."""
        with self.cond:
            if ref in self.images:
                return self.images[ref], False
            image = self._add_image(ref, time.time())
            self._event("image", "pull", ref, {"name": ref})
            return image, True

    def find_image(self, name: str) -> Image | None:
        with self.cond:
            ref = normalize_ref(name)
            if ref in self.images:
                return self.images[ref]
            bare = name.removeprefix("sha256:")
            if len(bare) >= 4:
                for image in self.images.values():
                    if image.id.removeprefix("sha256:").startswith(bare):
                        return image
            return None

    # -- containers -------------------------------------------------------------------------

    def find_container(self, name: str) -> Container:
        with self.cond:
            wanted = name.lstrip("/")
            if wanted in self.containers:
                return self.containers[wanted]
            for container in self.containers.values():
                if container.name == wanted or (
                    len(wanted) >= 3 and container.id.startswith(wanted)
                ):
                    return container
        raise ApiError(404, f"No such container: {name}")

    def create(self, body: Mapping[str, Any], name: str | None) -> Container:
        image_name = body.get("Image")
        if not isinstance(image_name, str) or not image_name:
            raise ApiError(400, "Config cannot be empty in order to create a container")
        image = self.find_image(image_name)
        if image is None:
            raise ApiError(404, f"No such image: {normalize_ref(image_name)}")
        host_config = body.get("HostConfig") or {}
        isolation = str(host_config.get("Isolation") or "") or self.profile.default_isolation
        error = self.profile.run_error(image.ref, isolation, "create")
        if error:
            raise ApiError(int(error.get("status", 500)), error["message"])
        entrypoint = body.get("Entrypoint") or []
        cmd = body.get("Cmd") or ([] if entrypoint else image.cmd)
        if isinstance(entrypoint, str):
            entrypoint = [entrypoint]
        if isinstance(cmd, str):
            cmd = [cmd]
        labels = body.get("Labels") or {}
        ports = self.bind_ports(host_config.get("PortBindings") or {})
        with self.cond:
            cid = secrets.token_hex(32)
            if name:
                if any(c.name == name for c in self.containers.values()):
                    raise ApiError(409, f'Conflict. The container name "/{name}" is already in use')
            else:
                name = f"simulated_{cid[:8]}"
            container = Container(
                id=cid,
                name=name,
                image=image,
                args=[str(x) for x in [*entrypoint, *cmd]],
                labels={str(k): str(v) for k, v in dict(labels).items()},
                tty=bool(body.get("Tty")),
                auto_remove=bool(host_config.get("AutoRemove")),
                isolation=isolation,
                created=time.time(),
                config=dict(body),
                ports=ports,
            )
            self.containers[cid] = container
            self.created.append(container)
            self._event("container", "create", cid, self._attributes(container))
        return container

    def start(self, container: Container) -> None:
        """Replay the container's run: it starts and exits at once with the recorded output."""
        with self.cond:
            if container.status == "exited" and container.exits:
                return  # the real daemon restarts it; replay keeps the first run
            error = self.profile.run_error(container.image.ref, container.isolation, "start")
            if error:
                container.exit_code, container.error = 128, error["message"]
                self._finish(container)
                raise ApiError(int(error.get("status", 500)), error["message"])
            command = " ".join(container.args)
            recorded = self.profile.command(container.image.ref, command)
            container.started = time.time()
            self._event("container", "start", container.id, self._attributes(container))
            if recorded is None and self.keep_running(container, command):
                return
            if recorded is None:
                container.output = [(2, (NOT_RECORDED.format(command) + "\n").encode())]
                container.exit_code = 127
            else:
                text = str(recorded["output"]).replace("{hostname}", container.id[:12])
                container.output = [(1, text.encode())] if text else []
                container.exit_code = int(recorded.get("exit_code", 0))
            container.status = "exited"
            self._finish(container)

    def _finish(self, container: Container) -> None:
        container.finished = time.time()
        container.exits += 1
        attributes = {**self._attributes(container), "exitCode": str(container.exit_code)}
        self._event("container", "die", container.id, attributes)
        if container.auto_remove:
            self._remove(container)
        self.cond.notify_all()

    def wait(
        self,
        container: Container,
        condition: str,
        exits: int | None = None,
        timeout: float = MAX_WAIT,
    ) -> int:
        """Block until the condition holds; returns the exit code.

        ``exits`` is how many runs had ended when the client asked (``next-exit`` waits for one
        more); take it when the request arrives, since the client starts the container as soon
        as the response headers are out.
        """
        with self.cond:
            exits = container.exits if exits is None else exits
            if condition == "removed":
                done = lambda: container.removed  # noqa: E731
            elif condition == "next-exit":
                done = lambda: container.exits > exits  # noqa: E731
            else:  # not-running: a created or exited container is not running
                done = lambda: container.status != "running"  # noqa: E731
            if not self.cond.wait_for(done, timeout=timeout):
                raise ApiError(500, "simulated host: wait timed out")
            return container.exit_code

    def wait_exited(self, container: Container, timeout: float = MAX_WAIT) -> bool:
        """Block until the container has run (an attach waits for its start)."""
        with self.cond:
            return self.cond.wait_for(lambda: container.exits > 0, timeout=timeout)

    def remove(self, container: Container, force: bool) -> None:
        with self.cond:
            if container.status == "running" and not force:
                raise ApiError(409, "You cannot remove a running container. Stop it first.")
            self._remove(container)
            self.cond.notify_all()

    def _remove(self, container: Container) -> None:
        if container.removed:
            return
        container.removed = True
        self.containers.pop(container.id, None)
        self._event("container", "destroy", container.id, self._attributes(container))

    # -- events -----------------------------------------------------------------------------

    @staticmethod
    def _attributes(container: Container) -> dict[str, str]:
        return {**container.labels, "image": container.image.ref, "name": container.name}

    def _event(
        self,
        kind: str,
        action: str,
        actor: str,
        attributes: dict[str, str],
        at: float | None = None,
    ) -> None:
        now = time.time() if at is None else at
        event: dict[str, Any] = {
            "Type": kind,
            "Action": action,
            "Actor": {"ID": actor, "Attributes": attributes},
            "scope": "local",
            "time": int(now),
            "timeNano": int(now * 1e9),
        }
        if kind == "container":
            event.update(status=action, id=actor, **{"from": attributes.get("image", "")})
        if at is None:
            self.events.append(event)
        else:  # a seeded past event goes where its time puts it
            bisect.insort(self.events, event, key=lambda e: e["timeNano"])
        del self.events[:-1000]  # bounded
