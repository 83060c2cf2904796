"""The engine: the one place that talks to docker-py.

It checks the engine within a bounded time, turns docker-py's errors into learner-facing
:class:`~wintut.errors.Problem` objects (:mod:`wintut.engine.problems`), and runs wintut's own
containers safely (labelled, unprivileged, no host mounts, always removed).

Timeouts: the health check answers within ``health_timeout`` (an absent engine is reported by a
socket-level preflight first); calls use ``call_timeout``, pulls ``long_timeout``.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from wintut.engine.endpoint import Endpoint, preflight, resolve_endpoint
from wintut.engine.lab_operations import LabOperations
from wintut.engine.labels import LABEL, STEP_LABEL
from wintut.engine.problems import HEALTH_TIMEOUT, translate
from wintut.engine.status import EngineStatus, RunResult
from wintut.engine.streams import STALL_LIMIT, progress_stream, pull_problem
from wintut.engine.workloads import Workloads
from wintut.errors import EngineError
from wintut.refs import split_tag
from wintut.timestamps import parse_timestamp

CALL_TIMEOUT = 8.0  # reads; a check on an engine that hangs after /version ends in 10 s
LONG_TIMEOUT = 900.0


# --------------------------------------------------------------------------------------------
# The engine


class Engine(Workloads, LabOperations):
    """A Docker engine, reached through docker-py.

    Args:
        endpoint: an :class:`Endpoint`, an address, or ``None`` to resolve one.
        api: a docker-py ``APIClient`` (or a fake with the same methods, for unit tests).
            When given, it is used for every call and no connection is made here.
        health_timeout: seconds the health check may take once connected.
        simulated: the profile id when the engine is a simulated host (``wintut simulate``);
            views show "simulated: PROFILE" whenever it is set.
    """

    def __init__(
        self,
        endpoint: Endpoint | str | None = None,
        *,
        api: Any = None,
        health_timeout: float = HEALTH_TIMEOUT,
        call_timeout: float = CALL_TIMEOUT,
        long_timeout: float = LONG_TIMEOUT,
        simulated: str | None = None,
    ) -> None:
        if isinstance(endpoint, str):
            endpoint = Endpoint(endpoint, "argument")
        self._endpoint = endpoint
        self._given_api = api
        self.simulated = simulated
        """Profile id when this engine is a recorded, simulated host; every view must show it."""
        self._clients: dict[float, Any] = {}
        self._api_version: str | None = None
        self.health_timeout = health_timeout
        self.call_timeout = call_timeout
        self.long_timeout = long_timeout
        self._version: dict[str, Any] | None = None
        self._info: dict[str, Any] | None = None
        self.facts: dict[str, Any] = {}
        """What does not change while the engine runs (the kernel its containers see, …),
        kept by the steps that learn it so it is learnt once."""

    # -- connection ---------------------------------------------------------------------------

    @property
    def endpoint(self) -> Endpoint:
        if self._endpoint is None:
            self._endpoint = resolve_endpoint()
        return self._endpoint

    def _client(self, timeout: float) -> Any:
        if self._given_api is not None:
            return self._given_api
        if timeout not in self._clients:
            try:
                import docker

                version = self._api_version or docker.constants.MINIMUM_DOCKER_API_VERSION
                self._clients[timeout] = docker.APIClient(
                    base_url=self.endpoint.url,
                    version=version,
                    timeout=timeout,
                    tls=self.endpoint.tls,
                    use_ssh_client=self.endpoint.scheme == "ssh",
                )
            except Exception as exc:
                raise EngineError(self._translate(exc, stage="connect")) from exc
        return self._clients[timeout]

    def _translate(self, exc: BaseException, seconds: float = 0.0, stage: str = "call") -> Any:
        return translate(
            exc, self.endpoint.url, scheme=self.endpoint.scheme, stage=stage, seconds=seconds
        )

    def close(self) -> None:
        """Close docker-py's connections (a simulated host going away, tests)."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _call(self, what: Callable[[Any], Any], timeout: float | None = None) -> Any:
        """Run ``what(api)``, turning every failure into an :class:`EngineError`."""
        self._negotiate()
        seconds = self.call_timeout if timeout is None else timeout
        try:
            return what(self._client(seconds))
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(self._translate(exc, seconds)) from exc

    def _negotiate(self) -> None:
        if self._version is not None:
            return
        problem = None if self._given_api is not None else preflight(self.endpoint)
        if problem:
            raise EngineError(problem)
        try:
            version = self._client(self.health_timeout).version(api_version=False)
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(self._translate(exc, self.health_timeout)) from exc
        self._version = self._object(version, "/version")
        server_api = self._version.get("ApiVersion")
        if server_api and self._given_api is None:
            self._api_version = server_api
            self.close()  # clients made before negotiation speak the minimum version

    def status(self) -> EngineStatus:
        """Check the engine within the health timeout. Never raises."""
        started = time.monotonic()
        self._version = self._info = None  # a status is always fresh
        try:
            endpoint = self.endpoint
        except EngineError as exc:
            return EngineStatus(
                Endpoint("?", "context"), False, problems=[exc.problem], seconds=0.0
            )
        try:
            version = self.version()
            info = self._object(
                self._call(lambda api: api.info(), timeout=max(self.health_timeout, 5.0)), "/info"
            )
            self._info = info
        except EngineError as exc:
            return EngineStatus(
                endpoint, False, problems=[exc.problem], seconds=time.monotonic() - started
            )
        return EngineStatus(endpoint, True, version, info, seconds=time.monotonic() - started)

    def version(self) -> dict[str, Any]:
        """The engine's ``/version`` (cached)."""
        self._negotiate()
        assert self._version is not None
        return self._version

    def info(self, refresh: bool = False) -> dict[str, Any]:
        """The engine's ``/info`` (cached unless ``refresh``)."""
        if self._info is None or refresh:
            self._info = self._object(self._call(lambda api: api.info()), "/info")
        return self._info

    def _object(self, value: Any, path: str) -> dict[str, Any]:
        """An Engine API answer that must be a JSON object; anything else is an odd answer."""
        if isinstance(value, dict):
            return value
        raise EngineError(
            self._translate(TypeError(f"{path} answered {type(value).__name__}: {value!r:.80}"))
        )

    def _objects(self, value: Any, path: str) -> list[dict[str, Any]]:
        """An answer that must be a list of objects; stray non-objects are dropped."""
        if not isinstance(value, list):
            self._object(value, path)  # raises
        return [item for item in value if isinstance(item, dict)]

    def os_type(self) -> str:
        """``linux`` or ``windows``."""
        return str(self.info().get("OSType") or self.version().get("Os") or "unknown").lower()

    def is_windows(self, refresh: bool = False) -> bool:
        """The engine runs Windows containers; ``refresh`` reads /info again (Docker Desktop
        may have been switched since the last look)."""
        self.info(refresh=refresh)
        return self.os_type() == "windows"

    # -- reading state ------------------------------------------------------------------------

    def containers(
        self, *, all: bool = True, filters: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        return self._objects(
            self._call(lambda api: api.containers(all=all, filters=filters)), "/containers/json"
        )

    def events(
        self, *, since: float, until: float | None = None, filters: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Engine events in a time window (bounded: ``until`` defaults to the engine's now).

        The daemon streams until ``until`` comes, so a window ending in the future costs that
        wait; ending at the engine's own clock returns at once, even from a VM whose clock
        drifted from ours. Both ends go as ``SECONDS.NANOSECONDS``, which the API accepts.
        """
        end = self._engine_now() if until is None else until
        events = self._call(
            lambda api: list(
                api.events(since=f"{since:.9f}", until=f"{end:.9f}", filters=filters, decode=True)
            )
        )
        return [event for event in events if isinstance(event, dict)]

    def _engine_now(self) -> float:
        """The engine's clock (``SystemTime`` in a fresh /info), or ours plus 1 s of slack."""
        stamp = parse_timestamp(str(self.info(refresh=True).get("SystemTime") or ""))
        return time.time() + 1.0 if stamp is None else stamp

    def images(self, name: str | None = None) -> list[dict[str, Any]]:
        return self._objects(self._call(lambda api: api.images(name=name)), "/images/json")

    def inspect_image(self, ref: str) -> dict[str, Any] | None:
        """The image's attributes, or ``None`` when the engine does not have it."""
        import docker.errors

        try:
            image = self._object(
                self._call(lambda api: api.inspect_image(ref)), "/images/NAME/json"
            )
        except EngineError as exc:
            if isinstance(exc.__cause__, docker.errors.NotFound):
                return None
            raise
        if not image.get("Id"):  # an image always has one: anything else is an odd answer
            self._object(None, "/images/NAME/json (no Id)")
        return image

    def distribution(self, ref: str) -> dict[str, Any]:
        """Descriptor and platforms of ``ref`` as the registry has it (``/distribution``)."""
        return self._object(
            self._call(lambda api: api.inspect_distribution(ref)), "/distribution/NAME/json"
        )

    def search(self, term: str, limit: int = 25) -> list[dict[str, Any]]:
        return self._objects(self._call(lambda api: api.search(term, limit=limit)), "/search")

    # -- pulling ------------------------------------------------------------------------------

    def pull_stream(self, ref: str, *, platform: str | None = None) -> Iterator[dict[str, Any]]:
        """Pull ``ref``, yielding the daemon's progress messages as they come.

        Raises:
            PullError: the daemon refused the pull, in its HTTP status or inside the stream
                (errors often arrive inside a 200 stream: docker-py does not raise them).
        """
        repository, tag = split_tag(ref)
        return progress_stream(
            lambda: self._call(
                lambda api: api.pull(
                    repository, tag=tag, stream=True, decode=True, platform=platform
                ),
                timeout=min(self.long_timeout, STALL_LIMIT + 5.0),  # a read never outlasts it
            ),
            ref,
            pull_problem,
        )

    # -- running ------------------------------------------------------------------------------

    def run(
        self,
        image: str,
        command: list[str],
        *,
        step: str | None = None,
        timeout: float = 120.0,
        platform: str | None = None,
        isolation: str | None = None,
    ) -> RunResult:
        """Run a short command in a new container and return its output.

        The container is labelled ``wintut=1`` (and ``wintut.step``), never privileged, mounts
        nothing from the host, and is removed in a ``finally`` even on error or interrupt.
        It does not pull: pull first with :meth:`pull_stream`.
        """
        labels = {LABEL: "1"}
        if step:
            labels[STEP_LABEL] = step
        name = f"wintut-{step or 'run'}-{uuid.uuid4().hex[:8]}"
        container_id: str | None = None
        try:

            def create(api: Any) -> Any:
                host_config = api.create_host_config(privileged=False, isolation=isolation)
                return api.create_container(
                    image,
                    command=command,
                    name=name,
                    labels=labels,
                    host_config=host_config,
                    platform=platform,
                )

            container_id = str(self._call(create, timeout=timeout)["Id"])
            cid = container_id
            self._call(lambda api: api.start(cid), timeout=timeout)  # Hyper-V starts are slow
            status = self._call(lambda api: api.wait(cid, timeout=timeout), timeout=timeout + 5)
            logs = self._call(lambda api: api.logs(cid, stdout=True, stderr=True))
            output = logs.decode("utf-8", "replace") if isinstance(logs, bytes) else str(logs)
            return RunResult(image, command, int(status.get("StatusCode", -1)), output, cid)
        finally:
            self._remove(container_id or name)

    def _remove(self, container: str) -> None:
        # a failure means it is already gone (never created, or removed by the engine)
        with contextlib.suppress(EngineError):
            self._call(lambda api: api.remove_container(container, force=True), timeout=60.0)

    def remove_stopped(self, container: str) -> bool:
        """Remove a stopped container, never forced (one running again is refused and kept)."""
        with contextlib.suppress(EngineError):
            return self._call(lambda api: api.remove_container(container, force=False)) or True
        return False

    def cleanup(self, step: str | None = None) -> list[str]:
        """Remove every container wintut made (``wintut=1``), or only those of ``step``;
        returns their names."""
        removed = []
        for container in self.containers(all=True, filters={"label": f"{LABEL}=1"}):
            if step is not None and (container.get("Labels") or {}).get(STEP_LABEL) != step:
                continue
            self._remove(container["Id"])
            names = container.get("Names") or [container["Id"][:12]]
            removed.append(str(names[0]).lstrip("/"))
        return removed
