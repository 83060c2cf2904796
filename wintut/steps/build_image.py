"""Step ``build-image``: a tiny ``docker build`` on Nano Server, and the image it made.

The Dockerfile (three lines, metadata only, so it builds in seconds on any Windows engine)::

    FROM mcr.microsoft.com/windows/nanoserver:TAG      # the tag wintut.compat gives the host
    LABEL org.opencontainers.image.title="my first Windows image"
    CMD ["cmd", "/c", "echo Hello from my own Windows image"]

``docker build -t my-windows-image .`` in the folder holding it. ``FROM`` with an MCR base is
what Docker's own Windows images do (docker-library/hello-world ``amd64/nanoserver-ltsc2025``:
``FROM mcr.microsoft.com/windows/nanoserver:ltsc2025``; windows-2026-facts.md section 2).

The check finds the learner's image on the engine: created since the course started, not
wintut's, whose layers begin with a Nano Server image's layers (``docker inspect``'s
``RootFS.Layers``: an image built ``FROM`` another shares its layers). ``docker history``
shows what the build added.
"""

from __future__ import annotations

import time
from typing import Any

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Shown, Step, Window, expect, sentences
from wintut.steps.hands_on import WRONG_OS, counts, windows_host
from wintut.steps.nanoserver import is_nanoserver

TAG = "my-windows-image"
"""What the notebook suggests calling it (any name works)."""
OWN_TAG = "wintut-build-image:latest"
"""What "Do it for me" builds (labelled wintut=1, removed after the check)."""


def dockerfile(base: str) -> str:
    """The course's three-line Dockerfile on ``base``."""
    return (
        f"FROM {base}\n"
        'LABEL org.opencontainers.image.title="my first Windows image"\n'
        'CMD ["cmd", "/c", "echo Hello from my own Windows image"]\n'
    )


def _layers(attrs: dict[str, Any] | None) -> list[str]:
    return [str(x) for x in ((attrs or {}).get("RootFS") or {}).get("Layers") or []]


class BuildImage(Step):
    id = "build-image"
    title = Shown(N_("Build an image"))
    notebook = "05-windows-containers"
    expected = expect(linux=Outcome.NOT_APPLICABLE, windows=Outcome.PASS)
    runs_on = "windows"
    wrong_os = WRONG_OS

    def base(self, engine: Engine) -> str:
        """The Nano Server image to build on here (from compat)."""
        try:
            return windows_host(engine).image("nanoserver")
        except ValueError:
            return "mcr.microsoft.com/windows/nanoserver:ltsc2022"

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        window = window or Window.recent()
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            base = self.base(engine)
            evidence: dict[str, Any] = {**windows_host(engine).evidence(), "base": base}
            if engine.simulated:
                evidence["simulated"] = engine.simulated
            listed = engine.images()
            bases = {
                str(i.get("Id")): str(tag)
                for i in listed
                for tag in i.get("RepoTags") or []
                if is_nanoserver(str(tag))
            }
            base_layers = {ref: _layers(engine.inspect_image(i)) for i, ref in bases.items()}
            built = [
                i
                for i in listed
                if float(i.get("Created") or 0) >= window.since
                and str(i.get("Id")) not in bases
                and counts(i.get("Labels"), self.id, window)
            ]
            found = []
            for image in sorted(built, key=lambda i: -float(i.get("Created") or 0)):
                layers = _layers(engine.inspect_image(str(image.get("Id"))))
                on = [
                    ref
                    for ref, prefix in base_layers.items()
                    if prefix and layers[: len(prefix)] == prefix
                ]
                found.append((image, on))
            fix = (
                _(
                    "In a new folder, save the three lines below as `Dockerfile`, then run "
                    "`docker build -t {tag} .`:"
                ).format(tag=TAG)
                + "\n"
                + dockerfile(base)
            )
            if not bases:
                return self.result(
                    Outcome.NOT_ATTEMPTED,
                    _("The engine holds no Nano Server image yet, so nothing was built on one."),
                    evidence=evidence,
                    fix=sentences(
                        _("Pull the base first (`docker pull {base}`).").format(base=base), fix
                    ),
                )
            mine = [(image, on) for image, on in found if on]
            if not mine:
                others = [
                    ", ".join(i.get("RepoTags") or [str(i.get("Id"))[:19]]) for i, _on in found
                ]
                if others:
                    evidence["images built since, on another base"] = others
                return self.result(
                    Outcome.NOT_ATTEMPTED,
                    _("No image built on Nano Server since {since}.").format(
                        since=window.describe()
                    ),
                    evidence=evidence,
                    fix=fix,
                )
            image, on = mine[0]
            name = ", ".join(image.get("RepoTags") or []) or str(image.get("Id"))[:19]
            history = engine.history(str(image.get("Id")))
            added = max(0, len(history) - len(engine.history(on[0])))
        except EngineError as exc:
            return self.engine_error(exc)
        evidence["your image"] = name
        evidence["built on"] = on[0]
        evidence["docker history (newest first)"] = [
            str(h.get("CreatedBy") or "")[:100] for h in history[:6]
        ]
        labels = {k: v for k, v in (image.get("Labels") or {}).items() if k != "wintut.simulated"}
        if labels:
            evidence["labels"] = ", ".join(f"{k}={v}" for k, v in sorted(labels.items()))
        return self.result(
            Outcome.PASS,
            _(
                "{name} is built on {base}: it shares the base's layers and adds {added} "
                "step(s) of its own (see its history)."
            ).format(name=name, base=on[0], added=added),
            evidence=evidence,
        )

    def cleanup(self, engine: Engine) -> None:
        """Also remove the image "Do it for me" builds, if an interrupt left it."""
        super().cleanup(engine)
        engine.remove_image(OWN_TAG)

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        started = time.time() - 1.0
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            base = images.local_or_pull(self.base(engine), engine, on_progress=progress)
            try:
                engine.build(dockerfile(base), OWN_TAG, step=self.id)
                return self.solved(self.check(engine, window=Window(started, own=True)))
            finally:
                engine.remove_image(OWN_TAG)
        except EngineError as exc:
            return self.engine_error(exc)
