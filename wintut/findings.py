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
from wintut.i18n import _, ngettext

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
    shown = _("{title}, kernel {kernel}. {explanation}").format(
        title=host.title, kernel=kernel, explanation=host.explanation
    )
    if host.kind.startswith("windows-"):
        return Finding(
            None,
            _("{shown} (An ubuntu container does not run on this engine.)").format(shown=shown),
        )
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
                None,
                _("This simulated host recorded no answer to docker search {target}.").format(
                    target=target
                ),
            )
        words = exc.problem.detail or exc.problem.message
        return Finding(
            "fails", _("docker search {target} failed: {words}").format(target=target, words=words)
        )
    found = [name for name in POST_IMAGES if name in names]
    if found:
        shown = ngettext(
            "docker search {target} listed {n} result(s); of the post's two, {found}",
            "docker search {target} listed {n} result(s); of the post's two, {found}",
            len(names),
        )
    else:
        shown = ngettext(
            "docker search {target} listed {n} result(s); of the post's two, none",
            "docker search {target} listed {n} result(s); of the post's two, none",
            len(names),
        )
    shown = shown.format(target=target, n=len(names), found=", ".join(found))
    if target != "microsoft":
        shown = _(
            "{shown} (⚠ the offline lab's index: a recording of the 2016 listing, not Docker Hub)"
        ).format(shown=shown)
    return Finding("listed" if len(found) == len(POST_IMAGES) else "not-listed", shown)


def will_the_pull_work(engine: Engine) -> Finding:
    from wintut import images
    from wintut.steps.common import engine_platform
    from wintut.steps.iis_failure import image_for

    os_name, arch = engine_platform(engine)
    image = image_for(engine)
    ref = images.resolve(image, engine=engine)
    named = (
        ref
        if ref == image
        else _("{ref} (the offline lab's stand-in for {image})").format(ref=ref, image=image)
    )
    if os_name == "windows":
        return Finding(
            "works",
            _("This engine runs Windows containers: {named} is meant for it.").format(named=named),
        )
    if engine.inspect_image(ref) is not None:
        if os_name == "linux":  # its own sentence: Chinese names the OS “Linux”
            held = _("The linux engine holds {named}: the pull worked.")
        else:
            held = _("The {os_name} engine holds {named}: the pull worked.")
        return Finding("run-fails", held.format(os_name=os_name, named=named))
    try:
        matching = images.platform_matches(images.platforms(ref, engine), os_name, arch)
    except EngineError:
        return Finding(
            None,
            _(
                "The engine does not hold {named} and cannot list its platforms, so wintut "
                "cannot tell without pulling; your Check above says what your pull did."
            ).format(named=named),
        )
    if matching:
        return Finding(
            "works",
            _("{named} lists an entry for {platform}.").format(
                named=named, platform=f"{os_name}/{arch}"
            ),
        )
    return Finding(
        "refused",
        _(
            "{named} lists no entry for {platform}, and the engine does not hold it: the pull is "
            "refused before any layer comes down."
        ).format(named=named, platform=f"{os_name}/{arch}"),
    )


FINDINGS: dict[str, Callable[[Engine], Finding]] = {
    "whose-kernel": whose_kernel,
    "search-microsoft": search_microsoft,
    "will-the-pull-work": will_the_pull_work,
}
