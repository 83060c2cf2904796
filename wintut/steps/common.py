"""Helpers the steps share: which host this is, and which containers ran recently.

"Ran recently" reads two places, because neither alone is enough: the container list (with
exited containers) keeps what was not removed, and the engine's events keep ``start``/``die`` of
containers run with ``--rm``, which vanish from the list as soon as they stop. The daemon keeps
events in memory only (a bounded ring buffer, lost when it restarts), so events look back at most
:data:`wintut.steps.base.RECENT_SECONDS`; and never before the learner started the course.
An engine whose events answer cannot be about containers (Podman 4.3) is detected, and the
container list with each container's state is then the only source (:class:`Runs`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wintut.engine import LABEL, STEP_LABEL, Engine, RunResult
from wintut.hosts import Host, detect
from wintut.i18n import N_, _
from wintut.lab.state import INDEX_PORT
from wintut.paths import client_os
from wintut.steps.base import Window

LAB_INDEX = f"127.0.0.1:{INDEX_PORT}"
"""Where the offline lab's search index listens (``wintut lab up``)."""


def host_of(engine: Engine, kernel: str | None = None) -> Host:
    """The engine's host kind, read fresh (a switched engine must not look like the old one)."""
    return detect(engine.info(refresh=True), engine.version(), kernel=kernel, client_os=client_os())


def engine_platform(engine: Engine) -> tuple[str, str]:
    """``(os, architecture)`` of the engine, as manifests spell them (``linux``, ``amd64``)."""
    from wintut.images import normalize_arch

    version = engine.version()
    info = engine.info()
    os_name = str(info.get("OSType") or version.get("Os") or "linux").lower()
    arch = normalize_arch(str(version.get("Arch") or info.get("Architecture") or "amd64"))
    return os_name, arch


@dataclass(frozen=True)
class Run:
    """A container that ran, as the engine remembers it."""

    name: str
    image: str
    seen_in: str
    """``container list`` or ``engine events``."""
    when: float
    """Unix time it was created / started (0 when unknown)."""
    exit_code: int | None
    by_wintut: bool
    """Started by wintut's own solve (labelled), not by the learner."""
    command: str = ""
    container_id: str = ""

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.when)) if self.when else "?"
        exit_text = (
            "" if self.exit_code is None else _(", exit code {code}").format(code=self.exit_code)
        )
        said = (
            _("{name} from {image} (started by wintut, {when}{exit}; {seen_in})")
            if self.by_wintut
            else _("{name} from {image} (started by you, {when}{exit}; {seen_in})")
        )
        return said.format(
            name=self.name, image=self.image, when=when, exit=exit_text, seen_in=_(self.seen_in)
        )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _exit_from_status(status: str) -> int | None:
    # "Exited (0) 5 minutes ago"
    if status.startswith("Exited (") and ")" in status:
        return _int(status[len("Exited (") : status.index(")")])
    return None


def _started(container: dict[str, Any]) -> bool:
    """A listed container that really started: running, or exited (never just "created")."""
    state = container.get("State")
    if isinstance(state, dict):  # some engines give the inspect shape
        state = state.get("Status")
    return str(state or "").lower() in ("running", "exited", "paused", "restarting", "")


EVENTS_BLIND = N_(
    "this engine's events report no container runs (asked for container events, it answered "
    'only with events of other kinds, as Podman 4.3 answers only "refresh"), so only the '
    "container list counts: a container run with --rm is not seen"
)
SEEN_IN_LIST = N_("container list")
SEEN_IN_EVENTS = N_("engine events (start/die; counts runs with --rm)")
SEEN_IN_OWN = N_("wintut's own run (this engine's events do not report runs)")


class Runs(list[Run]):
    """The runs found, newest first, and whether the engine's events could be read for them."""

    events_work: bool = True
    """False when the events answer cannot be about containers (Podman's "refresh" only):
    then the container list, with each container's state, is the only source."""

    @property
    def source(self) -> str:
        return (
            _("containers (with exited ones) and start/die events")
            if self.events_work
            else _("containers (with exited ones) only: {why}").format(why=_(EVENTS_BLIND))
        )


def events_about_containers(events: list[dict[str, Any]]) -> bool:
    """Whether an answer to "container events" can be about containers: empty (nothing ran), or
    at least one event of type container. Podman 4.3 answers since/until with only a system
    "refresh" (podman-container-tools/podman#4002: a ``system`` event with status ``refresh``)."""
    return not events or any(str(e.get("Type") or "container") == "container" for e in events)


def recent_runs(
    engine: Engine, matches: Callable[[str], bool], step_id: str, window: Window
) -> Runs:
    """Containers whose image ``matches`` that started inside ``window``, newest first.

    Only the learner's runs count: wintut's own (``wintut=1``) count when ``window.own`` says
    so, and then only those made for this step (``wintut.step``), so checking ``find-kernel``
    does not tick ``run-ubuntu``. A container that was created but never started is not a run.
    """
    now = time.time()
    since = window.since
    image_ids = {
        str(image.get("Id"))
        for image in engine.images()
        if any(matches(str(tag)) for tag in image.get("RepoTags") or [])
    }

    def counts(labels: dict[str, Any]) -> bool:
        if labels.get(LABEL) != "1":
            return True  # the learner's
        return window.own and labels.get(STEP_LABEL) == step_id

    found: dict[str, Run] = {}
    for c in engine.containers(all=True):
        labels = c.get("Labels") or {}
        image = str(c.get("Image") or "")
        if not isinstance(labels, dict) or not counts(labels) or not _started(c):
            continue
        if not (matches(image) or str(c.get("ImageID")) in image_ids):
            continue
        created = float(c.get("Created") or 0)
        if created < since:
            continue
        cid = str(c.get("Id") or "")
        name = str((c.get("Names") or [cid[:12]])[0]).lstrip("/")
        found[cid] = Run(
            name,
            image,
            SEEN_IN_LIST,
            created,
            _exit_from_status(str(c.get("Status") or "")),
            labels.get(LABEL) == "1",
            str(c.get("Command") or ""),
            cid,
        )
    events = engine.events(
        since=since, until=now, filters={"type": "container", "event": ["start", "die"]}
    )
    events_work = events_about_containers(events)
    if not events_work:
        events = []
    for event in events:
        action = event.get("Action") or event.get("status")
        if event.get("Type", "container") != "container" or action not in ("start", "die"):
            continue
        raw = event.get("Actor")
        actor: dict[str, Any] = raw if isinstance(raw, dict) else {}
        attributes: dict[str, Any] = (
            actor["Attributes"] if isinstance(actor.get("Attributes"), dict) else {}
        )
        image = str(attributes.get("image") or event.get("from") or "")
        if not counts(attributes) or not matches(image):
            continue
        cid = str(actor.get("ID") or event.get("id") or "")
        earlier = found.get(cid)
        exit_code = _int(attributes.get("exitCode")) if action == "die" else None
        if earlier is not None:
            if exit_code is not None and earlier.exit_code is None:
                found[cid] = Run(**{**earlier.__dict__, "exit_code": exit_code})
            continue
        if action == "die" and not any(
            (e.get("Action") or e.get("status")) == "start"
            and isinstance(e.get("Actor"), dict)
            and e["Actor"].get("ID") == cid
            for e in events
        ):
            continue  # died without a start in the window: started before it
        found[cid] = Run(
            str(attributes.get("name") or cid[:12]),
            image,
            SEEN_IN_EVENTS,
            float(event.get("time") or 0),
            exit_code,
            attributes.get(LABEL) == "1",
            "",
            cid,
        )
    runs = Runs(sorted(found.values(), key=lambda r: r.when, reverse=True))
    runs.events_work = events_work
    return runs


def own_run(run: RunResult, step_id: str, ref: str, when: float) -> Run:
    """wintut's own finished run, as its solve saw it: the evidence when the engine's events
    cannot show a removed container (:data:`EVENTS_BLIND`)."""
    return Run(
        f"wintut-{step_id}",
        ref,
        SEEN_IN_OWN,
        when,
        run.exit_code,
        True,
        " ".join(run.command),
        run.container_id,
    )


def search_target(term: str, engine: Engine) -> str:
    """The search term to give ``engine``: ``HOST:PORT/TERM`` for the offline lab's index.

    Docker Hub's search is not reachable offline, and a registry has no search of its own
    (distribution/distribution#975), so the lab runs a small index; its answers are the 2016
    listing, a recording. A simulated host answers from its own recordings, so it gets ``term``.
    """
    from wintut.lab import find_lab

    if engine.simulated:
        return term
    lab = find_lab()
    return f"{lab.index}/{term}" if lab else term
