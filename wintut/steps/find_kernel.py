"""Step ``find-kernel``: ``uname -a`` inside the container. Whose kernel is that?

The learner pastes what ``uname -a`` printed in their ubuntu container. The check runs ``uname
-a`` itself in a fresh, labelled ubuntu container and compares the kernel release: a container has
no kernel of its own, so every container on an engine sees the same one (engine-facts.md section
2: “Docker containers use the kernel of their host”). It then names the host kind from that
kernel, which tells whose kernel it is: the host's on Linux, a VM's under Docker Desktop.
"""

from __future__ import annotations

import re

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.results import CheckResult, Outcome
from wintut.steps.base import (
    ProgressCallback,
    Shown,
    Step,
    Window,
    expect,
    is_windows,
    sentences,
)
from wintut.steps.common import host_of

IMAGE = "ubuntu"
COMMAND = ["uname", "-a"]

# `Linux HOSTNAME RELEASE …` (uname -a); a prompt may precede it on the same line.
_UNAME_A = re.compile(r"\bLinux\s+(\S+)\s+(\d+\.\d+\S*)")
_RELEASE = re.compile(r"^\s*(\d+\.\d+[\w.+~-]*)\s*$")
_CONTAINER_ID = re.compile(r"^[0-9a-f]{12}$")


def parse_uname(text: str) -> tuple[str | None, str | None]:
    """``(hostname, release)`` from ``uname -a`` output (or a bare ``uname -r`` release)."""
    match = _UNAME_A.search(text)
    if match:
        return match.group(1), match.group(2)
    for line in text.splitlines():
        bare = _RELEASE.match(line)
        if bare:
            return None, bare.group(1)
    return None, None


class FindKernel(Step):
    id = "find-kernel"
    title = Shown(N_("Whose kernel is it?"))
    notebook = "02-whose-kernel"
    answer_prompt = Shown(N_("Paste what uname -a printed inside your ubuntu container:"))
    expected = expect(linux=Outcome.PASS, windows=Outcome.NOT_APPLICABLE)
    runs_on = "linux"
    wrong_os = (
        N_(
            "This engine runs Windows containers: a Linux container, and so a Linux kernel to "
            "find, cannot run on it."
        ),
        N_("Switch Docker Desktop back to Linux containers to do this step."),
    )

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        try:
            wrong = self.os_guard(engine)
            if wrong is not None:
                return wrong
            if not (answer or "").strip():
                return self.result(
                    Outcome.NOT_ATTEMPTED,
                    _("Nothing pasted yet."),
                    fix=_(
                        "Run `uname -a` inside `docker run -it ubuntu bash` and paste its output."
                    ),
                )
            seen, read_from = self._kernel_seen(engine)
            host = host_of(engine, kernel=seen)
        except EngineError as exc:
            return self.engine_error(exc)
        hostname, pasted = parse_uname(answer or "")
        evidence: dict[str, object] = {
            "kernel containers see": seen,
            "read from": read_from,
            "kernel you pasted": pasted or _("(no kernel release found in the text)"),
            "host kind": f"{host.kind} ({host.title})",
            "whose kernel": host.explanation,
        }
        if hostname:
            evidence["hostname you pasted"] = (
                _("{hostname} (a container id: you ran it in a container)")
                if _CONTAINER_ID.match(hostname)
                else _("{hostname} (not a container id: was this run on the host?)")
            ).format(hostname=hostname)
        if engine.simulated:
            evidence["simulated"] = engine.simulated
        if pasted is None:
            return self.result(
                Outcome.FAIL,
                _(
                    "That does not look like `uname -a` output (it starts with “Linux”, then the "
                    "host name, then the kernel release)."
                ),
                evidence=evidence,
                fix=_(
                    "Copy the whole line `uname -a` printed, e.g. “Linux 3f2a… 6.1.0-… x86_64 "
                    "GNU/Linux”."
                ),
            )
        if pasted != seen:
            return self.result(
                Outcome.FAIL,
                _("You pasted kernel {pasted}, but containers on this engine see {seen}.").format(
                    pasted=pasted, seen=seen
                ),
                evidence=evidence,
                fix=_(
                    "Run `uname -a` inside a container on this engine (`docker run --rm ubuntu "
                    "uname -a`) and paste that."
                ),
            )
        return self.result(
            Outcome.PASS,
            sentences(
                _("Kernel {seen} is what containers here see.").format(seen=seen), host.explanation
            ),
            evidence=evidence,
        )

    def _kernel_seen(self, engine: Engine) -> tuple[str, str]:
        """The kernel release a container sees, and how we know.

        It cannot change while the engine runs on the same kernel, so one container run per
        engine and kernel is enough (kept in ``engine.facts``).
        """
        info = engine.info(refresh=True)
        key = f"kernel seen {info.get('ID')} {info.get('KernelVersion')}"
        if key not in engine.facts:
            ref = images.resolve(IMAGE, engine=engine)
            if engine.inspect_image(ref) is not None:
                run = engine.run(ref, COMMAND, step=self.id, timeout=60)
                _hostname, release = parse_uname(run.output)
                if release:  # kept in no language: the learner's may change
                    engine.facts[key] = (release, ref, run.output.strip())
        if key in engine.facts:
            release, ref, output = engine.facts[key]
            return str(release), _("`uname -a` in a fresh {ref} container: {output}").format(
                ref=ref, output=output
            )
        # No ubuntu here: on a Linux engine the daemon runs on the very kernel its containers
        # share, and /info reports it (swagger: "On Linux, this information obtained from uname").
        kernel = str(engine.info().get("KernelVersion") or "")
        return kernel, _("the engine's /info KernelVersion (no ubuntu image here to run)")

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        try:
            if is_windows(engine):
                return self.check(engine)
            ref = images.local_or_pull(IMAGE, engine, on_progress=progress)
            output = engine.run(ref, COMMAND, step=self.id).output
        except EngineError as exc:
            return self.engine_error(exc)
        return self.solved(self.check(engine, answer=output))
