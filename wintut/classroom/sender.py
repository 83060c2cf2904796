"""The learner side: send each step result to the class service, in the background.

:func:`send_result` is the one entry point. It returns at once: the record is appended to a
queue file in the learner's progress folder (``class-queue.jsonl``), and one daemon thread sends
the queue in order. A record leaves the file only once the service has answered 2xx, so while
the service is down results wait there (across kernel restarts too) and go with the next send.

Outside JupyterHub (no ``JUPYTERHUB_API_TOKEN``) it does nothing at all. The service's URL comes
from :mod:`wintut.classroom.locate`; when the hub says there is no class service, the queue is
dropped and nothing more is kept.
Every HTTP call is bounded by :data:`TIMEOUT`; nothing here ever raises into a check.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wintut.classroom import locate
from wintut.locking import locked

QUEUE_FILE = "class-queue.jsonl"
TIMEOUT = 3.0
"""Seconds for one HTTP call: a dead service costs the background thread this, never a check."""
LOCK_SECONDS = 1.0
"""At most this long waiting for the learner's other kernels to finish with the queue file."""
MAX_QUEUED = 10_000
MAX_QUEUE_BYTES = 4_000_000
"""Past this size the queue keeps its newest :data:`MAX_QUEUED` records: a bound on the disk."""

_lock = threading.Lock()
_thread_lock = threading.Lock()
_wake = threading.Event()
_thread: threading.Thread | None = None
_found: dict[str, str] = {}
"""The URL the hub API gave (or :data:`locate.NOT_FOUND`), for this process."""


def service_url() -> str | None:
    """The class service's base URL (ending in ``/``), once known; None while it is not.

    From the environment at once, else from the hub API (asked by the background thread only).
    """
    return locate.from_environment() or _found.get("url")


def in_class() -> bool:
    """True inside a JupyterHub server that has, or can find, a class service."""
    return locate.can_locate() and _found.get("url") != locate.NOT_FOUND


def queue_path() -> Path:
    from wintut.paths import home

    return home() / QUEUE_FILE


def send_result(record: dict[str, Any]) -> None:
    """Queue ``record`` for the class service and wake the sender; never blocks, never raises."""
    if not in_class():
        return
    try:
        _append({"id": uuid.uuid4().hex, **record})
    except OSError:
        return  # a full or read-only home, or a lock held too long: the check still stands
    with contextlib.suppress(RuntimeError):  # no thread to be had: the next send tries again
        _start()
    _wake.set()


def flush(timeout: float = TIMEOUT) -> int:
    """Send what is queued now, in the caller's thread; returns how many are still waiting.

    For tests and benchmarks; learners' checks never call it.
    """
    if not in_class():
        return 0
    _send_queue(timeout)
    return len(_read())


def pending() -> int:
    """How many records wait in the queue file."""
    return len(_read()) if in_class() else 0


# -- the queue file (one JSON record a line; a thread lock and a file lock around every touch) ---


def _append(record: dict[str, Any]) -> None:
    path = queue_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _queue_locked():
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        if path.stat().st_size > MAX_QUEUE_BYTES:  # a cheap test, so appending stays O(1)
            _rewrite_unlocked(_read_unlocked()[-MAX_QUEUED:])


@contextlib.contextmanager
def _queue_locked() -> Iterator[None]:
    """This process's threads and the learner's other kernels (one per notebook) take turns."""
    with _lock, locked(queue_path().with_name(QUEUE_FILE + ".lock"), LOCK_SECONDS):
        yield


def _read() -> list[dict[str, Any]]:
    with _queue_locked():
        return _read_unlocked()


def _read_unlocked() -> list[dict[str, Any]]:
    try:
        text = queue_path().read_text(encoding="utf-8")
    except OSError:
        return []
    records = []
    for line in text.splitlines():
        with contextlib.suppress(ValueError):
            item = json.loads(line)
            if isinstance(item, dict):
                records.append(item)
    return records


def _rewrite_unlocked(records: list[dict[str, Any]]) -> None:
    path = queue_path()
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(
        "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records),
        encoding="utf-8",
    )
    os.replace(temp, path)


def _drop(sent_ids: set[str]) -> None:
    with _queue_locked():
        keep = [r for r in _read_unlocked() if r.get("id") not in sent_ids]
        with contextlib.suppress(OSError):
            _rewrite_unlocked(keep)


# -- sending ------------------------------------------------------------------------------------


def _locate(timeout: float) -> str | None:
    """The service URL, asking the hub once if the environment does not say."""
    url = service_url()
    if url is None:
        found = locate.from_hub(timeout)
        if found is not None:
            _found["url"] = found
        if found == locate.NOT_FOUND:
            with contextlib.suppress(OSError):  # no class here: nothing will ever be sent
                queue_path().unlink()
            return None
        url = found
    return None if url == locate.NOT_FOUND else url


def _post(record: dict[str, Any], timeout: float) -> bool:
    """POST one record; True when the service has it (2xx, or 4xx it will never accept)."""
    url = _locate(timeout)
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if url is None or not token:
        return False
    request = urllib.request.Request(
        url + "api/results",
        method="POST",
        data=json.dumps(record, ensure_ascii=False, default=str).encode("utf-8"),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return 200 <= answer.status < 300
    except urllib.error.HTTPError as exc:
        exc.close()
        # 400/422: a record the service can never take; keeping it would block the queue forever.
        return exc.code in (400, 422)
    except (OSError, ValueError):
        return False  # down, refused, timed out: keep it for the next try


def _send_queue(timeout: float) -> bool:
    """Send queued records in order until one fails; True when the queue emptied."""
    sent: set[str] = set()
    try:
        for record in _read():
            if not _post(record, timeout):
                return False
            sent.add(str(record.get("id")))
        return True
    finally:
        if sent:
            _drop(sent)


RETRY_SECONDS = 5.0
"""While the service is down, the background thread tries again this often."""


def _loop() -> None:
    while True:
        _wake.wait(RETRY_SECONDS)
        _wake.clear()
        sent = False
        with contextlib.suppress(Exception):  # a sender bug must never reach the learner
            sent = _send_queue(TIMEOUT)
        if not sent:
            time.sleep(RETRY_SECONDS)  # the service is down: try again later, not at every check


def _start() -> None:
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="wintut-class-sender", daemon=True)
            _thread.start()
