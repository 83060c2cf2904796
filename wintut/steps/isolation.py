"""Step ``isolation``: predict whether a Windows container starts, then see why.

The learner writes a prediction as four words::

    HOST IMAGE ISOLATION yes|no

``HOST`` and ``IMAGE`` are builds (``20348``, ``10.0.17763.1``) or release names
(``ltsc2022``, ``ws2019``, ``win10-22h2``, ``win11-23h2``, ``24H2``, ``25H2``, ``1809``, in
any case: see :data:`wintut.compat.BUILDS`); ``ISOLATION`` is ``process`` or ``hyperv``.
Example: ``ltsc2022 ltsc2019 process no`` ("a Windows Server 2022 host does not start a 2019
image with process isolation"). ``key=value`` words work too: ``host=ltsc2022 image=ltsc2019
isolation=process starts=no``.

:func:`wintut.compat.decide` judges the prediction by Microsoft's rules. On a Windows engine whose
build is the prediction's host build, the check also tries it live (``--isolation``) with the
nanoserver image of that build, if the engine already has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wintut import compat, images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Step, Window, expect
from wintut.steps.common import host_of
from wintut.steps.nanoserver import default_isolation

FORMAT = "HOST IMAGE ISOLATION yes|no, e.g. ltsc2022 ltsc2019 process no"
_YES = {"yes", "y", "true", "starts", "start", "runs"}
_NO = {"no", "n", "false", "fails", "fail", "refused"}


@dataclass(frozen=True)
class Prediction:
    host_build: int
    image_build: int
    isolation: str
    starts: bool

    def __str__(self) -> str:
        verb = "starts" if self.starts else "does not start"
        return (
            f"an image of {compat.build_title(self.image_build)} on a host of "
            f"{compat.build_title(self.host_build)} with {self.isolation} isolation {verb}"
        )


def parse_prediction(text: str) -> Prediction:
    """Read ``HOST IMAGE ISOLATION yes|no`` (or ``key=value`` words).

    Raises:
        ValueError: with what is wrong, in words a learner can act on.
    """
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    named = dict(w.split("=", 1) for w in words if "=" in w)
    if named:
        keys = ("host", "image", "isolation", "starts")
        missing = [k for k in keys if k not in named]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}=…")
        words = [named[k] for k in keys]
    if len(words) != 4:
        raise ValueError(f"expected four words ({FORMAT}), got {len(words)}")
    host, image, isolation, answer = words
    isolation = isolation.lower().replace("hyper-v", "hyperv")
    if isolation not in compat.ISOLATIONS:
        raise ValueError(f"isolation must be process or hyperv, not “{isolation}”")
    if answer.lower() in _YES:
        starts = True
    elif answer.lower() in _NO:
        starts = False
    else:
        raise ValueError(f"the last word must be yes or no, not “{answer}”")
    return Prediction(compat.parse_build(host), compat.parse_build(image), isolation, starts)


class Isolation(Step):
    id = "isolation"
    title = "Process or Hyper-V isolation?"
    notebook = "05-windows-containers"
    expected = expect(linux=Outcome.PASS, windows=Outcome.PASS)
    can_solve = False
    """A prediction is the learner's to make; the self-test still uses :meth:`solve`."""
    answer_prompt = f"Your prediction: {FORMAT}"

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        if not (answer or "").strip():
            return self.result(
                Outcome.NOT_ATTEMPTED,
                "No prediction yet.",
                fix=f"Write a prediction: {FORMAT}.",
            )
        try:
            prediction = parse_prediction(answer or "")
        except ValueError as exc:
            return self.result(
                Outcome.FAIL,
                f"wintut cannot read that prediction: {exc}.",
                evidence={"you wrote": answer},
                fix=f"Write it as {FORMAT}.",
            )
        decision = compat.decide(
            prediction.host_build, prediction.image_build, prediction.isolation
        )
        evidence: dict[str, Any] = {
            "your prediction": str(prediction),
            "Microsoft's rules say": "starts" if decision.starts else "does not start",
            "rule": decision.rule,
            "source": decision.source,
        }
        try:
            live = self._live(engine, prediction, evidence)
        except EngineError as exc:
            return self.engine_error(exc)
        truth = decision.starts if live is None else live
        if live is not None and live != decision.starts:
            evidence["note"] = (
                "This engine disagrees with the published rules; the live run decides here."
            )
        if prediction.starts == truth:
            return self.result(
                Outcome.PASS,
                f"Right: {prediction}. {decision.rule}",
                evidence=evidence,
            )
        return self.result(
            Outcome.FAIL,
            f"Not quite: it {'starts' if truth else 'does not start'}. {decision.rule}",
            evidence=evidence,
            fix="Read the rule above, then predict another case.",
        )

    def _live(
        self, engine: Engine, prediction: Prediction, evidence: dict[str, Any]
    ) -> bool | None:
        """Try the prediction on this engine when it can be tried; ``None`` when not."""
        info = engine.info(refresh=True)
        if str(info.get("OSType")).lower() != "windows":
            evidence["live"] = "not tried: this engine runs Linux containers (rules only)"
            return None
        host = host_of(engine)
        if host.windows_build != prediction.host_build:
            evidence["live"] = (
                f"not tried: this host is build {host.windows_build}, the prediction is about "
                f"{prediction.host_build}"
            )
            return None
        image = compat.image_of_build(prediction.image_build)
        if image is None:
            evidence["live"] = f"not tried: no nanoserver image of build {prediction.image_build}"
            return None
        ref = images.resolve(image, engine=engine)
        if engine.inspect_image(ref) is None:
            evidence["live"] = f"not tried: pull {ref} first (or use solve)"
            return None
        try:
            run = engine.run(
                ref, ["cmd", "/c", "ver"], step=self.id, isolation=prediction.isolation
            )
        except EngineError as exc:
            evidence["live"] = f"refused: {exc.problem.detail or exc.problem.message}"
            return False
        evidence["live"] = f"started ({ref}, --isolation={prediction.isolation}): " + (
            run.output.strip() or f"exit code {run.exit_code}"
        )
        return True

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        host_build, image_build, isolation = 20348, 17763, "process"  # the classic mismatch
        try:
            info = engine.info(refresh=True)
            if str(info.get("OSType")).lower() == "windows":
                host = host_of(engine)
                if host.windows_build:
                    host_build = host.windows_build
                    isolation = default_isolation(info, host.kind == "windows-client-containers")
                    image = compat.image_for_host(host_build, "nanoserver", isolation)
                    image_build = compat.build_of_image(image) or image_build
                    images.pull(image, engine, on_progress=progress)
        except EngineError as exc:
            return self.engine_error(exc)
        except ValueError:
            pass  # no tag fits this host: predict the classic case by the rules alone
        starts = compat.decide(host_build, image_build, isolation).starts
        answer = f"{host_build} {image_build} {isolation} {'yes' if starts else 'no'}"
        return self.check(engine, answer=answer)
