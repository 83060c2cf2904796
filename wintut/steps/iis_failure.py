"""Step ``iis-failure``: a Windows image on a Linux engine, and why it fails.

The seed's 2016 ``docker run -it microsoft/iis cmd`` failed with ``cmd`` not found in $PATH.
Today the image is a manifest list whose entries are all ``windows/amd64``, and a Linux engine
refuses the pull: ``no matching manifest for linux/amd64 in the manifest list entries``
(microsoft/iis-docker#165, for ``docker pull mcr.microsoft.com/windows/servercore/iis``;
Microsoft's quick start gives it as the sign of Linux mode; engine-facts.md section 3.1). The
check makes that pull itself (refused before any layer is fetched), and reads the image's
platforms from the registry as evidence.

An engine from before mcr.microsoft.com (1.x, 17.x: the 2016 host of the seed) is asked for the
image of its day, the seed's ``microsoft/iis``, a single manifest whose config says
``"os": "windows"``. From 2017 such engines refuse it at pull (docker.kitematic#2696: ``image
operating system "windows" cannot be used on this platform``); the seed's 2016 engine pulled it
and failed at ``docker run -it microsoft/iis cmd`` with ``cmd`` not found in $PATH, so when the
pull succeeds the check runs the seed's ``cmd`` and reads that failure.
"""

from __future__ import annotations

from typing import Any

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError, PullError
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Step, Window, expect
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
    title = "The IIS failure"
    notebook = "04-the-iis-failure"
    expected = expect(linux=Outcome.PASS, windows=Outcome.NOT_APPLICABLE)

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        try:
            engine.info(refresh=True)
            os_name, arch = engine_platform(engine)
            image = image_for(engine)
        except EngineError as exc:
            return self.engine_error(exc)
        if os_name == "windows":
            return self.result(
                Outcome.NOT_APPLICABLE,
                "This engine runs Windows containers, so the IIS image is meant for it: the "
                "platform mismatch only happens on a Linux engine.",
                evidence={"engine platform": f"{os_name}/{arch}"},
                fix="Nothing to do here; notebook 05 runs Windows images on this engine.",
            )
        ref = images.resolve(image, engine=engine)
        evidence: dict[str, Any] = {
            "image": image if ref == image else f"{image} (pulled as {ref})",
            "engine platform": f"{os_name}/{arch}",
        }
        platforms = self._platforms(ref, engine, evidence)
        if platforms is not None:
            matching = images.platform_matches(platforms, os_name, arch)
            evidence["entries for this engine"] = [images.platform_string(p) for p in matching]
            if matching:
                return self.result(
                    Outcome.FAIL,
                    f"{ref} lists an entry for {os_name}/{arch}, so the engine would pull it: "
                    "this is not the Windows-only IIS image the step is about.",
                    evidence=evidence,
                    fix="Check what `images.resolve` points at (is a different lab active?).",
                )
        try:
            pulled = images.pull(image, engine)
        except PullError as exc:
            words = exc.daemon_message
            evidence["daemon said"] = words
            if any(m in words.lower() for m in MISMATCH):
                return self.result(
                    Outcome.PASS,
                    f"The {os_name} engine refused the Windows-only IIS image: “{words}”.",
                    evidence=evidence,
                )
            return self.result(
                Outcome.ERROR,
                f"The pull of {ref} failed for another reason than the platform: “{words}”.",
                evidence=evidence,
                fix="The registry may be unreachable: offline, start the lab (`wintut lab up`); "
                "otherwise check your network.",
                problem=exc.problem,
            )
        except EngineError as exc:
            return self.engine_error(exc)
        evidence["pull"] = pulled.status
        if image == IMAGE_2016:
            seen = self._run_2016(pulled.ref, engine, evidence)
            if seen is not None:
                return seen
        return self.result(
            Outcome.FAIL,
            f"The pull of {ref} succeeded on a {os_name} engine, which the Windows-only image "
            "should not allow.",
            evidence=evidence,
            fix="Check the image name and what `images.resolve` points at.",
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
                    "This Linux engine pulled the Windows-only image, then could not start it: "
                    f"“{words}”. That is the post's 2016 failure.",
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
                evidence["platforms"] = (
                    "unknown (this engine's API is older than 1.30, which added /distribution)"
                )
            else:
                evidence["platforms"] = (
                    f"unknown (the registry did not answer: {exc.problem.detail})"
                )
            return None
        evidence["platforms"] = [images.platform_string(p) for p in platforms]
        return platforms

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        # Reproducing the failure is the whole step: the check does the pull. Done for the
        # learner, it is theirs no more: marked solved, as every "Do it for me" is.
        return self.solved(self.check(engine))
