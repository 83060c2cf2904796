"""`wintut lab seed IMAGE...`: copy images the engine has (or can pull) into the lab registry.

Each image is tagged with its lab name, pushed through the engine (``docker push``), and the
extra tag removed again. Docker Hub names keep their path (``ubuntu`` -> ``library/ubuntu``), so
the registry serves them as the learners' Docker Hub mirror; other registries' images keep their
path without the host (``mcr.microsoft.com/windows/nanoserver`` -> ``windows/nanoserver``), which
is where :func:`wintut.images.resolve` looks for them.

Windows images are seeded the same way from a Windows engine. Not verified here (no Windows
engine on this machine): older MCR base images marked their base layers "foreign"
(non-distributable), and an engine skips those on push unless its daemon.json lists the lab in
``allow-nondistributable-artifacts``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from wintut.engine import Engine
from wintut.errors import LabError, PullError
from wintut.i18n import _
from wintut.refs import split_tag

Say = Callable[[str], None]


def lab_path(ref: str) -> str:
    """``ubuntu`` -> ``library/ubuntu:latest``; ``mcr.microsoft.com/windows/x:t`` ->
    ``windows/x:t`` (the path inside the lab registry)."""
    repository, tag = split_tag(ref)
    sep = "@" if tag.startswith("sha256:") else ":"
    first, _slash, rest = repository.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        repository = rest  # drop the registry host
    if "/" not in repository:
        repository = f"library/{repository}"
    return f"{repository}{sep}{tag}"


def daemon_json(registry: str) -> str:
    """The daemon.json lines a learner's engine needs to use a lab at ``registry``."""
    return json.dumps(
        {"registry-mirrors": [f"http://{registry}"], "insecure-registries": [registry]}, indent=2
    )


def seed(
    images: Sequence[str], registry: str, engine: Engine, say: Say = lambda line: None
) -> list[str]:
    """Copy ``images`` into the lab registry at ``registry``, in order.

    Returns:
        the lab names pushed.

    Raises:
        LabError: an image could not be found, pulled or pushed; the message names it. Images
            seeded before it stay in the registry.
    """
    done: list[str] = []
    for image in images:
        if engine.inspect_image(image) is None:
            say(_("  {image}: not on this engine; pulling it").format(image=image))
            try:
                for _message in engine.pull_stream(image):
                    pass
            except PullError as exc:
                raise LabError(
                    _(
                        "Cannot seed {image}: the engine does not have it and cannot pull it "
                        "({reason}). Seeded before it: {done}."
                    ).format(image=image, reason=exc.daemon_message, done=_seeded(done))
                ) from exc
        target = f"{registry}/{lab_path(image)}"
        engine.tag(image, target)
        try:
            progress: dict[str, Any] = {}
            for message in engine.push_stream(target):
                progress = message
        except PullError as exc:
            raise LabError(
                _(
                    "Cannot seed {image}: pushing {target} failed ({reason}). "
                    "Seeded before it: {done}."
                ).format(image=image, target=target, reason=exc.daemon_message, done=_seeded(done))
            ) from exc
        finally:
            engine.untag(target)
        say(f"✔ {image} -> {target} {progress.get('status', '')}".rstrip())
        done.append(target)
    return done


def _seeded(done: list[str]) -> str:
    # Translators: between the parts of a list (Chinese uses a full-width comma)
    return _(", ").join(done) or _("nothing")
