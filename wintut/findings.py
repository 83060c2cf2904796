"""What the learner's engine showed, said as one of a prediction's options.

Each prediction (``assets/predictions/NAME.json``) has a finding here: it reads the engine
(never changes it: no pull, no run) and names the option that matches what the engine shows,
or ``None`` with the reason when the engine cannot show it. Which option a reading matches is
wintut's reasoning, so the notebook labels it as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wintut.engine import Engine
from wintut.errors import EngineError

VM_KINDS = {
    "docker-desktop-wsl2",
    "docker-desktop-hyperv",
    "docker-for-windows-2016",
    "docker-desktop-mac",
    "rancher-desktop",
    "orbstack",
    "colima",
}
"""Host kinds whose Linux containers see a VM's kernel (:data:`wintut.hosts.KINDS`)."""
POST_IMAGES = ("microsoft/iis", "microsoft/nanoserver")
"""The post's 2016 listing names both (notebook 03)."""


@dataclass(frozen=True)
class Finding:
    """What the engine showed: the matching option (``None``: it cannot tell) and in words."""

    option: str | None
    shown: str


def whose_kernel(engine: Engine) -> Finding:
    from wintut.steps.common import host_of

    host = host_of(engine)
    kernel = str(host.raw.get("KernelVersion") or "?")
    shown = f"{host.title}, kernel {kernel}. {host.explanation}"
    if host.kind.startswith("windows-"):
        return Finding(None, shown + " (An ubuntu container does not run on this engine.)")
    if host.kind in VM_KINDS or "wsl2" in kernel.lower():
        return Finding("vm", shown)
    if host.kind in ("linux-native", "podman"):
        return Finding("host", shown)
    return Finding(None, shown)


def search_microsoft(engine: Engine) -> Finding:
    from wintut.steps.common import search_target

    target = search_target("microsoft", engine)
    try:
        names = [str(r.get("name") or "") for r in engine.search(target, limit=100)]
    except EngineError as exc:
        if exc.problem.code == "not-recorded":
            return Finding(
                None, f"This simulated host recorded no answer to docker search {target}."
            )
        words = exc.problem.detail or exc.problem.message
        return Finding("fails", f"docker search {target} failed: {words}")
    found = [name for name in POST_IMAGES if name in names]
    shown = f"docker search {target} listed {len(names)} result(s); of the post's two, " + (
        ", ".join(found) if found else "none"
    )
    if target != "microsoft":
        shown += " (⚠ the offline lab's index: a recording of the 2016 listing, not Docker Hub)"
    return Finding("listed" if len(found) == len(POST_IMAGES) else "not-listed", shown)


def will_the_pull_work(engine: Engine) -> Finding:
    from wintut import images
    from wintut.steps.common import engine_platform
    from wintut.steps.iis_failure import image_for

    os_name, arch = engine_platform(engine)
    image = image_for(engine)
    ref = images.resolve(image, engine=engine)
    named = ref if ref == image else f"{ref} (the offline lab's stand-in for {image})"
    if os_name == "windows":
        return Finding("works", f"This engine runs Windows containers: {named} is meant for it.")
    if engine.inspect_image(ref) is not None:
        return Finding("run-fails", f"The {os_name} engine holds {named}: the pull worked.")
    try:
        matching = images.platform_matches(images.platforms(ref, engine), os_name, arch)
    except EngineError:
        return Finding(
            None,
            f"The engine does not hold {named} and cannot list its platforms, so wintut cannot "
            "tell without pulling; your Check above says what your pull did.",
        )
    if matching:
        return Finding("works", f"{named} lists an entry for {os_name}/{arch}.")
    return Finding(
        "refused",
        f"{named} lists no entry for {os_name}/{arch}, and the engine does not hold it: the "
        "pull is refused before any layer comes down.",
    )


FINDINGS: dict[str, Callable[[Engine], Finding]] = {
    "whose-kernel": whose_kernel,
    "search-microsoft": search_microsoft,
    "will-the-pull-work": will_the_pull_work,
}
