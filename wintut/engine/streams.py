"""A pull's or a push's progress stream: the daemon's messages as they come, and its refusal,
in the HTTP status or inside a 200 stream (docker-py does not raise those), as a PullError.

A daemon that goes quiet mid-pull (a frozen engine, a stuck registry) is said to be stalled
after :data:`STALL_NOTICE` seconds and given up after :data:`STALL_LIMIT` (issue 12: a cell
once showed "25% … Downloading" for 577 s while docker-py waited up to 900 s per read).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from queue import Empty, Queue
from typing import Any

from wintut.engine.problems import LAB_FIX, daemon_words
from wintut.errors import EngineError, Problem, PullError
from wintut.i18n import _

_OTHER_OS = ("no matching manifest for", "cannot be used on this platform")
_MISSING = ("not found", "does not exist", "manifest unknown")


def pull_problem(ref: str, words: str, cause: str = "") -> Problem:
    """Why a pull of ``ref`` failed, with the daemon's ``words`` kept verbatim."""
    lowered = words.lower()
    message = _("The engine could not pull {ref}.").format(ref=ref)
    if cause == "not-recorded":
        fix = _(
            "This simulated host has no recorded pull of that image: use one the notebook names."
        )
    elif cause == "registry-unreachable":
        message = _("The engine could not pull {ref}: it cannot reach the image registry.").format(
            ref=ref
        )
        fix = _(LAB_FIX)
    elif cause == "stalled":
        message = _(
            "The pull of {ref} stalled: the engine sent no progress, so wintut stopped it."
        ).format(ref=ref)
        fix = _(
            "Check your network or the registry (`wintut lab status` for the offline lab), "
            "then press “Do it for me” again (or run `docker pull` in a terminal to watch it)."
        )
    elif cause == "cancelled":
        message = _("You cancelled the pull of {ref}.").format(ref=ref)
        fix = _("Press “Do it for me” again when you want it (what was fetched is kept).")
    elif any(text in lowered for text in _OTHER_OS):
        fix = _("This image is built for another operating system: see the platforms it offers.")
    elif any(text in lowered for text in _MISSING):
        fix = _("Check the image name and tag (Windows base images have no `latest` tag).")
    else:
        fix = _("Read the daemon's message; check your network or the lab's registry.")
    return Problem(code="pull-failed", message=message, fix=fix, detail=words)


def push_problem(ref: str, words: str, cause: str = "") -> Problem:
    """Why a push of ``ref`` failed (the lab's ``seed``)."""
    return Problem(
        code="push-failed",
        message=_("The engine could not push {ref}.").format(ref=ref),
        fix=_(
            "Check that the lab's registry runs (`wintut lab status`) and that the engine "
            "trusts it (insecure-registries)."
        ),
        detail=words,
    )


PULL_CAUSES = ("", "not-recorded", "registry-unreachable", "stalled", "cancelled")
"""The causes :func:`pull_problem` words apart ("": the daemon's words decide)."""


def _seconds(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


STALL_NOTICE = _seconds("WINTUT_PULL_STALL_NOTICE", 30.0)
"""Seconds without a message from the daemon after which a pull is said to be stalled."""
STALL_LIMIT = _seconds("WINTUT_PULL_STALL_LIMIT", 120.0)
"""Seconds without a message after which wintut stops waiting for a pull (the bound)."""
STALL_TICK = 1.0
"""While stalled, the stalled state is re-sent this often (a Cancel is seen within it)."""
STALLED = "wintut.stalled"
"""The key of the message wintut adds to a stream when the daemon went quiet (its value: the
seconds since the daemon's last message); never sent by a daemon."""

_MESSAGE, _END, _FAILED = "message", "end", "failed"


def _read(open_stream: Callable[[], Any], queue: Queue[Any], stop: dict[str, str]) -> None:
    """The reading thread: opens the stream (the daemon may be silent before its first byte)
    and queues what comes. Told to stop, it reads to the end when the daemon said why it ends
    (so the socket goes back to the pool) and closes the stream when the learner left."""
    try:
        stream = open_stream()
        for message in stream:
            if stop.get("how") == "close":
                with contextlib.suppress(Exception):
                    stream.close()
                return
            if not stop:
                queue.put((_MESSAGE, message))
        queue.put((_END, None))
    except BaseException as exc:  # handed to the consumer, which raises it as a PullError
        queue.put((_FAILED, exc))


def progress_stream(
    open_stream: Callable[[], Any],
    ref: str,
    problem: Callable[[str, str, str], Problem],
    *,
    notice_after: float | None = None,
    give_up_after: float | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the messages of the stream ``open_stream()`` returns; a refusal raises.

    The stream is read in a thread, so a daemon that goes quiet cannot freeze the caller:
    after ``notice_after`` seconds (:data:`STALL_NOTICE`) without a message, a
    ``{STALLED: seconds}`` message is yielded every :data:`STALL_TICK`; after ``give_up_after``
    (:data:`STALL_LIMIT`) the pull is given up with a PullError.

    Raises:
        PullError: the daemon refused (in the HTTP status or inside the stream), the stream
            broke (its words kept: ``IncompleteRead``, …), or it stalled past the bound.
    """
    notice = STALL_NOTICE if notice_after is None else notice_after
    limit = STALL_LIMIT if give_up_after is None else give_up_after
    queue: Queue[Any] = Queue()
    stop: dict[str, str] = {}
    threading.Thread(
        target=_read, args=(open_stream, queue, stop), daemon=True, name=f"wintut-pull {ref}"
    ).start()
    last = time.monotonic()
    try:
        while True:
            quiet = time.monotonic() - last
            if quiet >= limit:
                # wintut's words, not the daemon's: the daemon said nothing
                words = _(
                    "no message from the engine for {quiet} s (wintut waits {limit} s)"
                ).format(quiet=f"{quiet:.0f}", limit=f"{limit:.0f}")
                raise PullError(problem(ref, words, "stalled"))
            wait = notice - quiet if quiet < notice else min(STALL_TICK, limit - quiet)
            try:
                kind, item = queue.get(timeout=max(wait, 0.01))
            except Empty:
                quiet = time.monotonic() - last
                if notice <= quiet < limit:
                    yield {STALLED: round(quiet, 1)}
                continue
            last = time.monotonic()
            if kind == _END:
                return
            if kind == _FAILED:
                if isinstance(item, EngineError):
                    raise PullError(problem(ref, daemon_words(item), item.problem.code)) from item
                raise PullError(problem(ref, f"{type(item).__name__}: {item}", "")) from item
            if not isinstance(item, dict):
                continue
            if "error" in item or "errorDetail" in item:
                detail = item.get("errorDetail")
                words = (detail.get("message") if isinstance(detail, dict) else None) or str(
                    item.get("error", "")
                )
                stop["how"] = "drain"  # the daemon ends the stream right after
                raise PullError(problem(ref, str(words), ""))
            yield item
    finally:
        stop.setdefault("how", "close")  # the caller left (a cancel, an error): hang up
