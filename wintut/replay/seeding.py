"""Seeding a simulated host: a past (runs, images) and recordings a test or a profile adds.

:class:`HostState` inherits these; they take its lock and use its own bookkeeping, so a seeded
run leaves the same containers and events a replayed one does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wintut.replay.objects import Container, Image, derived_id
from wintut.replay.profiles import Profile, normalize_ref


class Seeding:
    """The seeding half of :class:`~wintut.replay.state.HostState`."""

    profile: Profile
    cond: threading.Condition
    images: dict[str, Image]
    containers: dict[str, Container]
    created: list[Container]

    if TYPE_CHECKING:  # provided by HostState

        def _add_image(self, ref: str, created: float) -> Image: ...

        def find_image(self, name: str) -> Image | None: ...

        @staticmethod
        def _attributes(container: Container) -> dict[str, str]: ...

        def _event(
            self,
            kind: str,
            action: str,
            actor: str,
            attributes: dict[str, str],
            at: float | None = None,
        ) -> None: ...

    def record_registry(
        self, ref: str, platforms: list[dict[str, Any]], *, manifest_list: bool = True
    ) -> None:
        """Make the registry know ``ref`` with these platforms (pull and /distribution)."""
        entry = {"platforms": [dict(p) for p in platforms], "manifest_list": manifest_list}
        with self.cond:
            self.profile.registry[normalize_ref(ref)] = entry

    def record_search(self, term: str, results: list[dict[str, Any]]) -> None:
        """Make ``docker search TERM`` answer these ``{"name", "description"}`` items."""
        with self.cond:
            self.profile.search[term] = [dict(r) for r in results]
            if term not in self.profile.search_terms:
                self.profile.search_terms.append(term)

    def record_pull_error(self, ref: str, message: str) -> None:
        """Make a pull of ``ref`` fail inside its 200 stream with the daemon's ``message``."""
        with self.cond:
            self.profile.pull_errors[normalize_ref(ref)] = {"message": message}

    def record_run_error(
        self, image: str, isolation: str, message: str, *, at: str = "start", status: int = 500
    ) -> None:
        """Make the daemon refuse ``image`` with ``isolation`` at ``create`` or ``start``."""
        error = {"image": normalize_ref(image), "isolation": isolation, "at": at}
        with self.cond:
            self.profile.run_errors.insert(0, {**error, "message": message, "status": status})

    def record_output(self, image: str, command: str, output: str, exit_code: int = 0) -> None:
        """Make a run of ``command`` (words joined by spaces) in ``image`` answer this output."""
        item = {"images": [normalize_ref(image)], "command": command, "output": output}
        with self.cond:
            self.profile.commands.insert(0, {**item, "exit_code": exit_code})

    def seed_image(
        self,
        ref: str,
        *,
        os: str | None = None,
        architecture: str | None = None,
        os_version: str = "",
        created: float | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> Image:
        """Put an image on the host as if pulled earlier; a registry image keeps its platform,
        any other gets the host's own."""
        ref = normalize_ref(ref)
        when = time.time() if created is None else created
        with self.cond:
            if ref in self.profile.registry:
                image = self._add_image(ref, when)
                image.labels.update(labels or {})
                return image
            image = Image(
                ref=ref,
                id="sha256:" + derived_id("image", ref),
                created=when,
                size=0,
                os=os or self.profile.os_type,
                architecture=architecture or self.profile.arch,
                os_version=os_version,
                cmd=[],
                digest="sha256:" + derived_id("digest", ref),
                labels=dict(labels or {}),
            )
            self.images[ref] = image
            return image

    def record_run(
        self,
        image: str,
        args: list[str],
        *,
        at: float,
        exit_code: int = 0,
        labels: Mapping[str, str] | None = None,
        name: str | None = None,
        removed: bool = False,
        image_shown: str = "",
    ) -> Container:
        """A container that ran ``args`` at ``at`` (epoch seconds) and exited with ``exit_code``,
        with its create/start/die events (and destroy when ``removed``, as ``--rm`` leaves).
        An image not on the host stays off it (as after ``docker rmi``)."""
        found = self.find_image(image)
        if found is None:
            found = self.seed_image(image, created=at - 60)
            with self.cond:
                del self.images[found.ref]
        with self.cond:
            cid = derived_id("container", image, str(at), name or "")
            container = Container(
                id=cid,
                name=name or f"simulated_{cid[:8]}",
                image=found,
                args=list(args),
                labels=dict(labels or {}),
                tty=False,
                auto_remove=removed,
                isolation=self.profile.default_isolation,
                created=at,
                status="exited",
                exit_code=exit_code,
                started=at,
                finished=at,
                exits=1,
                removed=removed,
                image_shown=image_shown,
            )
            attributes = self._attributes(container)
            self._event("container", "create", cid, attributes, at)
            self._event("container", "start", cid, attributes, at)
            self._event("container", "die", cid, {**attributes, "exitCode": str(exit_code)}, at)
            if removed:
                self._event("container", "destroy", cid, attributes, at)
            else:
                self.containers[cid] = container
            self.created.append(container)
            return container
