"""What only the offline lab asks of an engine: tagging, pushing, and running its registry.

A part of :class:`wintut.engine.Engine` (a base class of it), kept apart because the course's
steps never use it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from wintut.engine.streams import progress_stream, push_problem
from wintut.errors import EngineError
from wintut.refs import split_tag


class LabOperations:
    """The lab's side of the engine; :class:`wintut.engine.Engine` provides the calls."""

    long_timeout: float
    _call: Callable[..., Any]
    _remove: Callable[[str], None]
    containers: Callable[..., list[dict[str, Any]]]
    start_detached: Callable[..., str]

    def tag(self, image: str, ref: str) -> None:
        """Give ``image`` the extra name ``ref`` (``host:port/repo:tag``)."""
        repository, tag = split_tag(ref)
        self._call(lambda api: api.tag(image, repository, tag=tag))

    def untag(self, ref: str) -> None:
        """Remove the name ``ref`` (never the image's data: ``noprune``); absent is fine."""
        with contextlib.suppress(EngineError):
            self._call(lambda api: api.remove_image(ref, noprune=True))

    def push_stream(self, ref: str) -> Iterator[dict[str, Any]]:
        """Push ``ref``, yielding the daemon's progress messages.

        Raises:
            PullError: the push failed (in the HTTP status or inside the stream); its
                ``daemon_message`` holds the daemon's words.
        """
        repository, tag = split_tag(ref)
        return progress_stream(
            lambda: self._call(
                lambda api: api.push(repository, tag=tag, stream=True, decode=True),
                timeout=self.long_timeout,
            ),
            ref,
            push_problem,
        )

    def start_service(
        self, image: str, *, name: str, ports: dict[str, tuple[str, int]], labels: dict[str, str]
    ) -> str:
        """Start a long-running container (the lab's ``registry:2`` fallback); returns its id.

        Labelled ``wintut=1`` plus ``labels``, never privileged, no host mounts, restarts never.
        """
        return self.start_detached(image, None, step="lab", ports=ports, name=name, labels=labels)

    def stop_service(self, name: str) -> bool:
        """Stop and remove a container started by :meth:`start_service`; False if absent."""
        if not self.containers(all=True, filters={"name": name}):
            return False
        self._remove(name)
        return True
