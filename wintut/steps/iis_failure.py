"""Step ``iis-failure``: a Windows image on a Linux engine, and why it fails.

The seed's 2016 ``docker run -it microsoft/iis cmd`` failed with ``cmd`` not found in $PATH.
Today the image is a manifest list whose entries are all ``windows/amd64``, and a Linux engine
refuses the pull: ``no matching manifest for linux/amd64 in the manifest list entries``
(microsoft/iis-docker#165, for ``docker pull mcr.microsoft.com/windows/servercore/iis``;
Microsoft's quick start gives it as the sign of Linux mode; engine-facts.md section 3.1).

The check reads the learner's own attempt and never pulls. dockerd logs an image ``pull``
event (its actor is the ref) only when a pull succeeds, so a refused pull leaves nothing in
the engine (tried on dockerd 20.10: a failed ``docker pull`` adds no event); then the check
holds the words the learner pasted to the platforms the registry lists (read through
``/distribution``, not a pull) and says that this is what it checked. "Do it for me" pulls.

An engine from before mcr.microsoft.com (1.x, 17.x: the 2016 host of the seed) is asked for the
image of its day, the seed's ``microsoft/iis``, a single manifest whose config says
``"os": "windows"``. From 2017 such engines refuse it at pull (docker.kitematic#2696: ``image
operating system "windows" cannot be used on this platform``); the seed's 2016 engine pulled it
and failed at ``docker run -it microsoft/iis cmd`` with ``cmd`` not found in $PATH, so when the
pull succeeds the check runs the seed's ``cmd`` and reads that failure.
"""

from __future__ import annotations

import time
from typing import Any

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError, PullError
from wintut.i18n import N_, _
from wintut.results import CheckResult, Outcome
from wintut.steps.base import (
    ProgressCallback,
    Shown,
    Step,
    Window,
    expect,
    is_windows,
    os_label,
)
from wintut.steps.common import engine_platform

IMAGE = "mcr.microsoft.com/windows/servercore/iis"
"""As microsoft/iis-docker#165 pulled it (no tag: ``latest``, which its README lists)."""
IMAGE_2016 = "microsoft/iis"
"""The seed's image, on Docker Hub in 2016 (the 2016 quick start lists ``microsoft/iis latest``)."""
FIRST_MCR_ENGINE = 18
"""Derived: engines numbered below 18 (1.x to 17.x, 2016-2017) came before Microsoft published
to mcr.microsoft.com (dotnet/dotnet-docker#935, 2019-02-15; docker/docs#8740, 2019-04-29)."""
MISMATCH = ("no matching manifest for", "cannot be used on this platform")
NOT_IN_PATH = "executable file not found in $path"
"""The seed's 2016 failure: a Linux engine starts the Windows image and finds no ``cmd``."""


def image_for(engine: Engine) -> str:
    """The IIS image of the engine's day: :data:`IMAGE`, or :data:`IMAGE_2016` before MCR."""
    version = str(engine.version().get("Version") or "")
    try:
        major = int(version.split(".", 1)[0])
    except ValueError:
        return IMAGE  # unreadable version: today's image
    return IMAGE_2016 if major < FIRST_MCR_ENGINE else IMAGE


class IisFailure(Step):
    id = "iis-failure"
    title = Shown(N_("The IIS failure"))
    notebook = "04-the-iis-failure"
    expected = expect(linux=Outcome.PASS, windows=Outcome.NOT_APPLICABLE)
    answer_prompt = Shown(
        N_("Paste the last line your docker pull (or, in 2016, docker run) printed")
    )

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        """The learner's own attempt: their pull where the engine shows it (an image event,
        the image itself), else the words they pasted, held to the registry's platforms. The
        check never pulls: "Do it for me" does."""
        try:
            engine.info(refresh=True)
            os_name, arch = engine_platform(engine)
            image = image_for(engine)
        except EngineError as exc:
            return self.engine_error(exc)
        if os_name == "windows":
            return self.result(
                Outcome.NOT_APPLICABLE,
                _(
                    "This engine runs Windows containers, so the IIS image is meant for it: the "
                    "platform mismatch only happens on a Linux engine."
                ),
                evidence={"engine platform": f"{os_name}/{arch}"},
                fix=_("Nothing to do here; notebook 05 runs Windows images on this engine."),
            )
        ref = images.resolve(image, engine=engine)
        evidence: dict[str, Any] = {
            "image": image
            if ref == image
            else _("{image} (pulled as {ref})").format(image=image, ref=ref),
            "engine platform": f"{os_name}/{arch}",
        }
        platforms = self._platforms(ref, engine, evidence)
        if platforms is not None:
            matching = images.platform_matches(platforms, os_name, arch)
            evidence["entries for this engine"] = [images.platform_string(p) for p in matching]
            if matching:
                return self.result(
                    Outcome.FAIL,
                    _(
                        "{ref} lists an entry for {platform}, so the engine would pull it: "
                        "this is not the Windows-only IIS image the step is about."
                    ).format(ref=ref, platform=f"{os_name}/{arch}"),
                    evidence=evidence,
                    fix=_("Check what `images.resolve` points at (is a different lab active?)."),
                )
        # a check's own pull is said, with where from (never from the internet unsaid)
        evidence["pull asked"] = _("{ref} from {source}").format(
            ref=ref, source=images.source_of(ref, engine)
        )
        try:
            pulled = self._pull_seen(ref, engine, window or Window.recent(), evidence)
        except EngineError as exc:
            return self.engine_error(exc)
        words = (answer or "").strip()
        if words:
            evidence["you pasted"] = words
        if pulled:
            return self._after_pull(ref, image, os_name, words, evidence)
        evidence["your pull"] = _(
            "no trace in the engine: dockerd records an image event only when a pull succeeds, "
            "so a refused pull leaves none, and the image is not on the engine"
        )
        if not words:
            return self.result(
                Outcome.NOT_ATTEMPTED,
                _("wintut sees no pull of the IIS image on your engine, and you pasted nothing."),
                evidence=evidence,
                fix=_(
                    "Run the pull printed above in a terminal, then paste the last line it "
                    "printed into the box and press Check."
                ),
            )
        if any(m in words.lower() for m in MISMATCH):
            listed = (
                _("the registry lists {count} platform(s) for {ref}, none for {platform}").format(
                    count=len(platforms), ref=ref, platform=f"{os_name}/{arch}"
                )
                if platforms is not None
                else _("wintut could not read the image's platforms, so this rests on your words")
            )
            return self.result(
                Outcome.PASS,
                _(
                    "Your {os_name} engine refused the Windows-only IIS image: “{words}”. A "
                    "refused pull leaves no trace in the engine, so wintut checked what you "
                    "pasted: {listed}."
                ).format(os_name=os_label(os_name), words=words, listed=listed),
                evidence=evidence,
            )
        return self.result(
            Outcome.FAIL,
            _("That is not the engine refusing the image for its platform."),
            evidence=evidence,
            fix=_(
                "Paste the line your pull ended with (it starts with `Error response from "
                "daemon:` or `no matching manifest`)."
            ),
        )

    def _pull_seen(
        self, ref: str, engine: Engine, window: Window, evidence: dict[str, Any]
    ) -> bool:
        """Did the engine pull ``ref`` (an image event in the window, or the image itself)?"""
        events = engine.events(since=window.since, filters={"type": "image", "event": "pull"})
        names = {ref, f"{ref}:latest"} if ":" not in ref.rsplit("/", 1)[-1] else {ref}
        seen = [e for e in events if str((e.get("Actor") or {}).get("ID") or e.get("id")) in names]
        if seen:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(int(seen[-1]["time"])))
            evidence["your pull"] = _("an image pull event for {ref} at {when}").format(
                ref=ref, when=stamp
            )
            return True
        if engine.inspect_image(ref) is not None:
            evidence["your pull"] = _(
                "the engine holds {ref} (no pull event since {since})"
            ).format(ref=ref, since=window.describe())
            return True
        return False

    def _after_pull(
        self, ref: str, image: str, os_name: str, words: str, evidence: dict[str, Any]
    ) -> CheckResult:
        if image != IMAGE_2016:
            return self.result(
                Outcome.FAIL,
                _(
                    "The pull of {ref} succeeded on a {os_name} engine, which the Windows-only "
                    "image should not allow."
                ).format(ref=ref, os_name=os_label(os_name)),
                evidence=evidence,
                fix=_("Check the image name and what `images.resolve` points at."),
            )
        if NOT_IN_PATH in words.lower():
            return self.result(
                Outcome.PASS,
                _(
                    "This Linux engine pulled the Windows-only image, then could not start it: "
                    "“{words}”. That is the post's 2016 failure."
                ).format(words=words),
                evidence=evidence,
            )
        return self.result(
            Outcome.NOT_ATTEMPTED if not words else Outcome.FAIL,
            _("The engine shows your pull of {ref}, as in 2016; now the run.").format(ref=ref),
            evidence=evidence,
            fix=_("Run `docker run -it {ref} cmd` and paste the last line it prints.").format(
                ref=ref
            ),
        )

    def _run_2016(self, ref: str, engine: Engine, evidence: dict[str, Any]) -> CheckResult | None:
        """The seed's ``docker run microsoft/iis cmd`` on an engine that pulled the image."""
        try:
            engine.run(ref, ["cmd"], step=self.id)
        except EngineError as exc:
            # the daemon's own words (docker-py's APIError.explanation), not the request URL
            cause = getattr(exc.__cause__, "explanation", None)
            words = str(cause or exc.problem.detail or exc.problem.message)
            evidence["daemon said"] = words
            if NOT_IN_PATH in words.lower():
                return self.result(
                    Outcome.PASS,
                    _(
                        "This Linux engine pulled the Windows-only image, then could not start "
                        "it: “{words}”. That is the post's 2016 failure."
                    ).format(words=words),
                    evidence=evidence,
                )
        return None

    def _platforms(
        self, ref: str, engine: Engine, evidence: dict[str, Any]
    ) -> list[dict[str, Any]] | None:
        try:
            platforms = images.platforms(ref, engine)
        except EngineError as exc:
            if "not available for version" in exc.problem.detail:
                # docker-py: inspect_distribution is @minimum_version("1.30").
                evidence["platforms"] = _(
                    "unknown (this engine's API is older than 1.30, which added /distribution)"
                )
            else:
                evidence["platforms"] = _("unknown (the registry did not answer: {detail})").format(
                    detail=exc.problem.detail
                )
            return None
        evidence["platforms"] = [images.platform_string(p) for p in platforms]
        return platforms

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        """Pull the image (and, where the pull works as in 2016, run ``cmd``) for the learner,
        then check with the daemon's words as the answer."""
        try:
            if is_windows(engine):
                return self.check(engine)
            image = image_for(engine)
            pulled = images.pull(image, engine, on_progress=progress)
        except PullError as exc:
            words = exc.daemon_message
            if not any(m in words.lower() for m in MISMATCH):
                return self.result(
                    Outcome.ERROR,
                    _("The pull failed for another reason than the platform: “{words}”.").format(
                        words=words
                    ),
                    evidence={"daemon said": words},
                    fix=_(
                        "The registry may be unreachable: offline, start the lab (`wintut lab "
                        "up`); otherwise check your network."
                    ),
                    problem=exc.problem,
                )
            return self.solved(self.check(engine, answer=words, window=Window(0.0, own=True)))
        except EngineError as exc:
            return self.engine_error(exc)
        evidence: dict[str, Any] = {}
        if image == IMAGE_2016:
            self._run_2016(pulled.ref, engine, evidence)
        answer = str(evidence.get("daemon said") or "")
        return self.solved(self.check(engine, answer=answer, window=Window(0.0, own=True)))
