"""A pull's or a push's progress stream: the daemon's messages as they come, and its refusal,
in the HTTP status or inside a 200 stream (docker-py does not raise those), as a PullError.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from wintut.engine.problems import daemon_words
from wintut.errors import EngineError, Problem, PullError

_OTHER_OS = ("no matching manifest for", "cannot be used on this platform")
_MISSING = ("not found", "does not exist", "manifest unknown")


def pull_problem(ref: str, words: str, cause: str = "") -> Problem:
    """Why a pull of ``ref`` failed, with the daemon's ``words`` kept verbatim."""
    lowered = words.lower()
    message = f"The engine could not pull {ref}."
    if cause == "not-recorded":
        fix = "This simulated host has no recorded pull of that image: use one the notebook names."
    elif cause == "registry-unreachable":
        message = f"The engine could not pull {ref}: it cannot reach the image registry."
        fix = (
            "Start the offline lab (`wintut lab up`) and add its mirror as it says, or check "
            "your network, then try again."
        )
    elif any(text in lowered for text in _OTHER_OS):
        fix = "This image is built for another operating system: see the platforms it offers."
    elif any(text in lowered for text in _MISSING):
        fix = "Check the image name and tag (Windows base images have no `latest` tag)."
    else:
        fix = "Read the daemon's message; check your network or the lab's registry."
    return Problem(code="pull-failed", message=message, fix=fix, detail=words)


def push_problem(ref: str, words: str, cause: str = "") -> Problem:
    """Why a push of ``ref`` failed (the lab's ``seed``)."""
    return Problem(
        code="push-failed",
        message=f"The engine could not push {ref}.",
        fix="Check that the lab's registry runs (`wintut lab status`) and that the engine "
        "trusts it (insecure-registries).",
        detail=words,
    )


def _drain(stream: Iterator[Any]) -> None:
    """Read a stream to its end after an in-stream error (the daemon ends it right after).

    docker-py never closes a streamed response itself; left half-read, its socket leaks
    (an unclosed-socket ResourceWarning). Read to the end, it goes back to the pool.
    """
    with contextlib.suppress(Exception):
        for _ in stream:
            pass


def progress_stream(
    open_stream: Callable[[], Any],
    ref: str,
    problem: Callable[[str, str, str], Problem],
) -> Iterator[dict[str, Any]]:
    """Yield the messages of the stream ``open_stream()`` returns; a refusal raises.

    Raises:
        PullError: the daemon refused, in the HTTP status or inside the stream.
    """
    try:
        stream = open_stream()
    except EngineError as exc:
        raise PullError(problem(ref, daemon_words(exc), exc.problem.code)) from exc
    try:
        for message in stream:
            if not isinstance(message, dict):
                continue
            if "error" in message or "errorDetail" in message:
                detail = message.get("errorDetail")
                words = (detail.get("message") if isinstance(detail, dict) else None) or str(
                    message.get("error", "")
                )
                _drain(stream)
                raise PullError(problem(ref, str(words), ""))
            yield message
    except PullError:
        raise
    except Exception as exc:
        raise PullError(problem(ref, f"{type(exc).__name__}: {exc}", "")) from exc
