"""Image references, platform matching and streamed pulls with progress.

``resolve`` maps a real reference to the one that works here (the offline lab's copy while the
lab is active); ``platforms``/``platform_matches`` read a manifest list's platforms and decide
whether the engine's platform is among them (docker-py's ``has_platform`` compares whole dicts,
so Windows entries with ``os.version`` never match: shared/reference/dependency-pitfalls.md 1.9);
``pull`` streams the daemon's progress and raises errors that arrive inside the stream.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wintut.engine import Engine
from wintut.engine.streams import STALL_LIMIT, STALLED, pull_problem
from wintut.errors import EngineError, PullError
from wintut.i18n import _
from wintut.refs import HUB, parse

MCR = "mcr.microsoft.com"


def resolve(ref: str, registry: str | None = None, engine: Engine | None = None) -> str:
    """The reference to use here: the lab's copy while the offline lab is active, else ``ref``.

    While a lab is active (see :func:`wintut.lab.active_registry`):

    - ``mcr.microsoft.com/PATH`` -> ``LAB/PATH`` (the lab serves MCR's Windows images);
    - Docker Hub's ``microsoft/NAME`` -> ``LAB/microsoft/NAME``: these 2016 images are
      Windows-only, and through a mirror the daemon hides a failed pull behind its fallback
      to Docker Hub (moby's ``continueOnError`` retries any error on a mirror), so offline the
      learner would see a DNS error instead of the daemon's real answer;
    - any other Docker Hub name (``ubuntu``) is unchanged: the daemon's mirror serves it.

    Args:
        ref: an image reference as the course writes it.
        registry: the lab registry's ``HOST:PORT``; default: the active lab, if any.
        engine: the engine the reference is for; a simulated host answers for the real names
            from its own recordings, so it gets ``ref``.
    """
    lab = registry or _active_lab(engine)
    if not lab:
        return ref
    parsed = parse(ref)
    if parsed.registry == MCR:
        return f"{lab}/{ref.strip().split('/', 1)[1]}"
    if parsed.registry == HUB and parsed.path.startswith("microsoft/"):
        return f"{lab}/{parsed.short}" + ref[len(parsed.name) :]  # keep the tag as written
    return ref


def _active_lab(engine: Engine | None) -> str | None:
    from wintut.lab import active_registry  # here: the lab is optional for everything else

    if engine is not None and engine.simulated:
        return None  # a simulated host answers for the real names from its own recordings
    return active_registry()


STAND_IN_LABEL = "org.wintut.stand-in"


def stand_in_note(image: Mapping[str, Any] | None) -> str | None:
    """What a lab stand-in says it is (from ``inspect_image``), or ``None`` for a real image.

    Views show this next to any image that came from the offline lab, so nobody mistakes the
    stand-in ``ubuntu`` (busybox + bash) for Ubuntu.
    """
    labels = ((image or {}).get("Config") or {}).get("Labels") or {}
    if labels.get(STAND_IN_LABEL) != "true":
        return None
    return str(labels.get("org.wintut.description") or _("wintut lab stand-in: not the real image"))


# --------------------------------------------------------------------------------------------
# Platforms


def platform_string(platform: Mapping[str, Any]) -> str:
    """``{"os": "windows", "architecture": "amd64", "os.version": "10.0.20348.1"}`` ->
    ``windows/amd64 10.0.20348.1``."""
    text = f"{platform.get('os', '?')}/{platform.get('architecture', '?')}"
    if platform.get("variant"):
        text += f"/{platform['variant']}"
    if platform.get("os.version"):
        text += f" {platform['os.version']}"
    return text


def platform_matches(
    platforms: Iterable[Mapping[str, Any]],
    os: str,
    architecture: str,
    variant: str | None = None,
) -> list[Mapping[str, Any]]:
    """The entries that serve an engine of ``os``/``architecture`` (and ``variant`` if given).

    ``os.version`` and ``features`` are not compared: which Windows build may run where is
    :mod:`wintut.compat`'s business.
    """
    wanted_arch = normalize_arch(architecture)
    return [
        p
        for p in platforms
        if str(p.get("os", "")).lower() == os.lower()
        and normalize_arch(str(p.get("architecture", ""))) == wanted_arch
        and (variant is None or not p.get("variant") or p.get("variant") == variant)
    ]


def normalize_arch(architecture: str) -> str:
    """``x86_64`` -> ``amd64``, ``aarch64`` -> ``arm64`` (``/info`` and manifests differ)."""
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(architecture.lower(), architecture.lower())


def platforms(ref: str, engine: Engine) -> list[dict[str, Any]]:
    """The platforms ``ref`` is published for, as the registry says (through the engine)."""
    found = engine.distribution(ref).get("Platforms") or []
    return [dict(p) for p in found if isinstance(p, Mapping)]


# --------------------------------------------------------------------------------------------
# Pulls


@dataclass
class PullProgress:
    """Progress of one pull, built from the daemon's stream messages.

    Bytes are counted only for layers whose messages carry both ``current`` and ``total``;
    otherwise ``fraction`` is ``None`` and a view should draw an indeterminate bar (the
    containerd store and Podman send no totals, or ``-1``). ``state`` is ``fetching``,
    ``stalled`` (no message from the daemon for :data:`STALL_NOTICE` s) or ``done``.
    """

    ref: str
    status: str = "Waiting"
    layers: dict[str, str] = field(default_factory=dict)
    current: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    done: bool = False
    source: str = ""
    """Where the image comes from, said before anything is fetched."""
    stalled: float = 0.0
    """Seconds since the daemon's last message, while stalled (else 0)."""

    def update(self, message: Mapping[str, Any]) -> None:
        if STALLED in message:
            self.stalled = float(message[STALLED])
            return
        self.stalled = 0.0
        layer = message.get("id")
        status = str(message.get("status") or "")
        if status:
            self.status = f"{layer}: {status}" if layer else status
        if not layer or status.startswith("Pulling from"):
            return  # "Pulling from REPO" carries the tag as its id, not a layer
        self.layers[str(layer)] = status
        detail = message.get("progressDetail") or {}
        current, total = detail.get("current"), detail.get("total")
        if isinstance(current, int) and isinstance(total, int) and total > 0:
            self.current[str(layer)] = min(current, total)
            self.total[str(layer)] = total
        finished = status.startswith(("Pull complete", "Already exists", "Download complete"))
        if finished and layer in self.total:
            self.current[str(layer)] = self.total[str(layer)]

    @property
    def state(self) -> str:
        if self.done:
            return "done"
        return "stalled" if self.stalled else "fetching"

    @property
    def reason(self) -> str:
        """One line: why the pull looks stuck (only while stalled)."""
        if not self.stalled:
            return ""
        return _(
            "Stalled: no progress from the engine for {seconds} s (wintut stops at {limit} s); "
            "the registry or the network may be down."
        ).format(seconds=int(self.stalled // 5 * 5), limit=f"{STALL_LIMIT:.0f}")

    @property
    def fraction(self) -> float | None:
        """0..1 when byte totals are known, else ``None``."""
        if self.done:
            return 1.0
        total = sum(self.total.values())
        if total <= 0:
            return None
        return sum(self.current.values()) / total

    @property
    def layers_done(self) -> int:
        return sum(
            1 for s in self.layers.values() if s.startswith(("Pull complete", "Already exists"))
        )

    def __str__(self) -> str:
        if self.status == "Waiting" and self.source and not self.layers:
            return _("Fetching {ref} from {source}…").format(ref=self.ref, source=self.source)
        fraction = self.fraction
        amount = f"{fraction:.0%}" if fraction is not None else "…"
        # Translators: {status} is the daemon's last status line, kept in English
        text = _("{ref}: {amount} ({done}/{count} layers) {status}").format(
            ref=self.ref,
            amount=amount,
            done=self.layers_done,
            count=len(self.layers),
            status=self.status,
        )
        return f"{text} · {self.reason}" if self.stalled else text


@dataclass(frozen=True)
class PullResult:
    ref: str
    """The reference pulled (after :func:`resolve`)."""
    messages: int
    status: str
    """The daemon's last status line (``Status: Downloaded newer image for …``)."""


def pull(
    ref: str,
    engine: Engine,
    *,
    platform: str | None = None,
    on_progress: Callable[[PullProgress], bool | None] | None = None,
) -> PullResult:
    """Pull ``resolve(ref)``, reporting progress as it goes.

    The first progress report says what will be fetched and from where (before the engine is
    asked); a daemon that goes quiet is reported ``stalled`` and given up at
    :data:`STALL_LIMIT`. A callback that returns ``False`` cancels the pull.

    Raises:
        wintut.errors.PullError: the daemon refused the pull; ``daemon_message`` holds its words
            (``no matching manifest for linux/amd64 in the manifest list entries``, …); the pull
            stalled past the bound; or the learner cancelled it.
    """
    target = resolve(ref, engine=engine)
    progress = PullProgress(target, source=source_of(target, engine))
    if on_progress and on_progress(progress) is False:
        raise PullError(pull_problem(target, _("cancelled before it started"), "cancelled"))
    count = 0
    for message in engine.pull_stream(target, platform=platform):
        count += 0 if STALLED in message else 1
        progress.update(message)
        if on_progress and on_progress(progress) is False:
            raise PullError(
                pull_problem(
                    target, _("cancelled at: {progress}").format(progress=progress), "cancelled"
                )
            )
    if progress.status == "Waiting":  # not one status line: no sign that anything was pulled
        raise PullError(
            pull_problem(
                target,
                _(
                    "the engine's pull answer said nothing ({count} messages without a status)"
                ).format(count=count),
                "",
            )
        )
    progress.done = True
    if on_progress:
        on_progress(progress)
    return PullResult(target, count, progress.status)


def source_of(ref: str, engine: Engine) -> str:
    """Where the engine will fetch ``ref`` from, in words (the registry, and the engine's
    mirrors for Docker Hub): said before a pull, so nothing comes from the internet unsaid."""
    host, _slash, rest = ref.partition("/")
    if rest and ("." in host or ":" in host or host == "localhost"):
        if host.startswith("127.0.0.1:"):
            return _("the offline lab's registry {host}").format(host=host)
        return _("the registry {host}").format(host=host)
    mirrors: list[str] = []
    with contextlib.suppress(EngineError):
        config = engine.info().get("RegistryConfig") or {}
        mirrors = [str(m) for m in (config.get("Mirrors") or []) if isinstance(m, str)]
    if mirrors:
        return _("Docker Hub (docker.io) through the engine's mirror {mirrors}").format(
            mirrors=", ".join(mirrors)
        )
    return _("Docker Hub (docker.io), over the internet")


def local_or_pull(
    ref: str, engine: Engine, *, on_progress: Callable[[PullProgress], bool | None] | None = None
) -> str:
    """The reference to run: the image the engine already has, else pulled first (offline,
    with the image present, nothing is fetched). Returns the reference used.

    Raises:
        wintut.errors.PullError: the image is absent and the pull failed.
    """
    target = resolve(ref, engine=engine)
    if engine.inspect_image(target) is not None:
        return target
    return pull(ref, engine, on_progress=on_progress).ref
