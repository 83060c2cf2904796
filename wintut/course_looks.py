"""Small read-only looks at the engine, for the notebooks' "what just happened" cells, and the
commands the course shows the learner (with the image tags their host needs). Each prints one
line of words instead of a traceback when the engine says no. Re-exported by
:mod:`wintut.course`, which is what the notebooks call.
"""

from __future__ import annotations

from wintut import session as sessions
from wintut.columns import pad, sentences
from wintut.engine import Engine
from wintut.hosts import Host, detect
from wintut.i18n import _, ngettext
from wintut.selftest import Text


def engine_for(engine: Engine | None) -> Engine:
    return engine or sessions.current().start_course()


def mark_for(engine: Engine | None = None) -> str:
    profile = engine_for(engine).simulated
    return _("simulated: {profile}").format(profile=profile) if profile else ""


def detect_host(engine: Engine | None = None) -> Host | None:
    """The kind of host the engine is (``None`` when the engine does not answer)."""
    from wintut.paths import client_os

    status = engine_for(engine).status()
    if not status.reachable:
        return None
    return detect(status.info, status.version, client_os=client_os())


def iis_image(engine: Engine | None = None) -> str:
    """The IIS image notebook 04 pulls on this engine: today's MCR image, or on an engine from
    before MCR (the simulated 2016 host) the seed's ``microsoft/iis``."""
    from wintut.errors import EngineError
    from wintut.steps.iis_failure import IMAGE, image_for

    try:
        return image_for(engine_for(engine))
    except EngineError:
        return IMAGE  # no engine: the step's check says so; name today's image meanwhile


def command(template: str, *refs: str) -> Text:
    """A command for the learner to type, with image references resolved for this setup.

    ``command("docker run -it --rm {} bash", "ubuntu")`` gives the real command, or the offline
    lab's equivalent while the lab is active.
    """
    from wintut.images import resolve

    engine = engine_for(None)  # a simulated host keeps the real names: resolve asks which engine
    line = template.format(*(resolve(ref, engine=engine) for ref in refs))
    if engine.simulated:
        first = _("simulated host {profile}: in a new terminal, first point docker at it:")
        line += (
            f"\n# {first.format(profile=engine.simulated)}"
            f"\n#   export DOCKER_HOST={engine.endpoint.url}"
            f'    (PowerShell: $env:DOCKER_HOST="{engine.endpoint.url}")'
        )
    return Text(line)


def host_image(repository: str = "nanoserver", engine: Engine | None = None) -> tuple[str, str]:
    """``(image, why)``: the ``nanoserver``, ``servercore`` or ``iis`` image whose tag the
    learner's Windows host needs (:func:`wintut.compat.image_for_host`, never a fixed tag), and
    one line saying why. Off a Windows engine, Windows Server 2022's image, named as an example.
    """
    from wintut import compat
    from wintut.errors import EngineError
    from wintut.steps.hands_on import windows_host
    from wintut.steps.iis_works import iis_image_for

    example = 20348  # an example only: Windows Server 2022, as on GitHub's windows-2022 runners
    try:
        engine = engine_for(engine)
        if engine.info(refresh=True).get("OSType") == "windows":
            host = windows_host(engine)
            version = str(engine.version().get("Version") or "")
            ref = iis_image_for(host, version) if repository == "iis" else host.image(repository)
            if host.build:
                why = _(
                    "the tag for your host, {title} (from Microsoft's compatibility rules)."
                ).format(title=compat.build_title(host.build))
            else:
                why = _("the tag for your host (from Microsoft's compatibility rules).")
            ended = compat.support_note(host.build) if host.build else ""
            return ref, f"{why} {ended}".strip()
        why = _("this engine runs Linux containers; on a Windows engine the tag follows its build")
    except EngineError as exc:
        why = _("the engine does not answer ({message})").format(message=exc.problem.message)
    except ValueError as exc:
        why = _("no published tag fits this host ({reason})").format(reason=exc)
    if repository == "iis":
        ref = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-"
        ref += compat.tag_for_host(example, "servercore")
    else:
        ref = compat.image_for_host(example, repository)
    shown = _("{why}; shown: {title}'s, as an example").format(
        why=why, title=compat.build_title(example)
    )
    return ref, shown


def host_command(
    template: str, repository: str = "nanoserver", engine: Engine | None = None
) -> Text:
    """A command with ``{image}`` replaced by :func:`host_image`'s, and why that tag."""
    ref, why = host_image(repository, engine)
    line = command(template.replace("{image}", "{}"), *([ref] * template.count("{image}")))
    return Text(f"{line}\n# {why}")


def host_dockerfile(engine: Engine | None = None) -> Text:
    """The three-line Dockerfile of step build-image, ``FROM`` the learner's Nano Server."""
    from wintut.steps.build_image import dockerfile

    ref, why = host_image("nanoserver", engine)
    return Text(f"{dockerfile(ref)}# {why}")


def host_processes(*names: str, engine: Engine | None = None) -> Text:
    """The host's own processes called ``names`` (``ping``, ``vmwp``), as ``Get-Process -Name``
    would list them: read on this machine for a local Windows engine, from the recordings on a
    simulated host (and said so), or one line on why it cannot be read from here."""
    from wintut.errors import EngineError

    try:
        rows, source = engine_for(engine).host_processes()
    except EngineError as exc:
        return Text(problem_line(exc))
    if rows is None:
        return Text(_("– The host's process list: {source}.").format(source=source))
    wanted = {n.lower() for n in names}
    found = [r for r in rows if str(r.get("name")).lower().removesuffix(".exe") in wanted]
    lines = [f"{'Id':>7}  ProcessName"] + [f"{r.get('pid')!s:>7}  {r.get('name')}" for r in found]
    if not found:
        lines.append("   " + _("(none called {names})").format(names=", ".join(names)))
    return Text("\n".join([*lines, f"# {source}"]))


def problem_line(exc: Exception) -> str:
    """One line of words for anything a look at the engine can meet (never a traceback)."""
    from wintut.errors import EngineError

    if isinstance(exc, EngineError):
        if "not available for version" in exc.problem.detail:  # docker-py's InvalidVersion
            return _(
                "– This engine's API is older than 1.30, which added /distribution, so it cannot "
                "list an image's platforms (engines from 2017 on can)."
            )
        line = "⚠ " + sentences(exc.problem.message, exc.problem.fix)
        # the daemon's own words (docker-py's APIError.explanation), not the request's URL
        words = getattr(exc.__cause__, "explanation", None) or exc.problem.detail
        if words:
            line += "\n  " + _("engine said: {words}").format(words=words)
        return line
    return _("⚠ wintut could not read that from the engine ({error}).").format(
        error=f"{type(exc).__name__}: {exc}"
    )


def kernel_report(engine: Engine | None = None) -> Text:
    """Where this engine's kernel comes from: what ``/info`` says, and the host kind."""
    engine = engine_for(engine)
    status = engine.status()
    if not status.reachable:
        problem = status.problems[0]
        text = "⚠ " + sentences(problem.message, problem.fix)
    else:
        host = detect_host(engine)
        rows = [
            (_("Engine OSType:"), status.os_type),
            (_("Engine OperatingSystem:"), status.info.get("OperatingSystem")),
            (_("Engine KernelVersion:"), status.kernel),
        ]
        if host is not None:
            rows.append((_("Host kind:"), f"{host.kind} ({host.title})"))
        lines = [f"{pad(label, 24)}{value}" for label, value in rows]
        if host is not None:
            lines.append(host.explanation)
        if engine.simulated:
            lines.append(f"[{mark_for(engine)}]")
        text = "\n".join(lines)
    return Text(text)


def image_summary(ref: str, engine: Engine | None = None) -> Text:
    """What the engine holds for ``ref``: id, size, layers, platform (or that it has none)."""
    from wintut.images import resolve, stand_in_note

    engine = engine_for(engine)
    target = resolve(ref, engine=engine)
    try:
        image = engine.inspect_image(target)
    except Exception as exc:
        text = problem_line(exc)
    else:
        if image is None:
            text = _("○ The engine has no image {image} yet (run the command above first).").format(
                image=target
            )
        else:
            layers = (image.get("RootFS") or {}).get("Layers") or []
            rows = [
                (_("Image:"), target),
                (_("Id:"), f"{str(image.get('Id', ''))[:19]}…"),
                (_("Platform:"), f"{image.get('Os')}/{image.get('Architecture')}"),
                (_("Size:"), f"{int(image.get('Size') or 0) / 1e6:.1f} MB"),
                (_("Layers:"), len(layers)),
            ]
            lines = [f"{pad(label, 10)}{value}" for label, value in rows]
            note = stand_in_note(image)
            if note:
                lines.append("⚠ " + _("Lab stand-in: {note}").format(note=note))
            text = "\n".join(lines)
    return Text(text)


def show_platforms(ref: str, engine: Engine | None = None) -> Text:
    """The platforms ``ref`` is published for, as the registry says (its manifest list)."""
    from wintut.images import platform_string, platforms, resolve

    engine = engine_for(engine)
    target = resolve(ref, engine=engine)
    try:
        found = platforms(target, engine)
    except Exception as exc:
        text = problem_line(exc)
    else:
        lines = [
            ngettext(
                "{image} is published for {count} platform(s):",
                "{image} is published for {count} platform(s):",
                len(found),
            ).format(image=target, count=len(found))
        ]
        lines += [f"  {platform_string(p)}" for p in found]
        if target != ref:
            lines.append(
                _(
                    "⚠ Offline lab stand-in for {image}: Windows-only entries with placeholder "
                    "layers, recorded from public sources, not read from the real registry today."
                ).format(image=ref)
            )
        text = "\n".join(lines)
    return Text(text)


def search_target(term: str, engine: Engine | None = None) -> str:
    """The search term to give the engine here (see :func:`wintut.steps.common.search_target`)."""
    from wintut.steps.common import search_target as target

    return target(term, engine_for(engine))


def search_command(term: str) -> Text:
    """The ``docker search`` command for the learner to type here (the lab's index if active)."""
    return Text(f"docker search {search_target(term)}")


def search_table(term: str, engine: Engine | None = None, limit: int = 25) -> Text:
    """``docker search TERM`` through the engine, as a text table."""
    engine = engine_for(engine)
    target = search_target(term, engine)
    try:
        results = engine.search(target, limit=limit)
    except Exception as exc:
        text = problem_line(exc)
    else:
        lines = [f"docker search {target}"]
        if target != term:
            lines.append(_("⚠ Offline lab index: a recording of the 2016 listing, not Docker Hub."))
        lines.append(f"{'NAME':<46}{'STARS':>6}  OFFICIAL  DESCRIPTION")
        for r in results:
            official = "[OK]" if r.get("is_official") else ""
            lines.append(
                f"{r.get('name', '')!s:<46}{r.get('star_count', 0)!s:>6}  {official:<8}  "
                f"{str(r.get('description') or '')[:60]}"
            )
        text = "\n".join(lines)
    return Text(text)
