"""The learner side: send each step result to the class service, in the background.

:func:`send_result` is the one entry point. It returns at once: the record is appended to a
queue file in the learner's progress folder (``class-queue.jsonl``), and one daemon thread sends
the queue in order. A record leaves the file only once the service has answered 2xx, so while
the service is down results wait there (across kernel restarts too) and go with the next send.

Outside JupyterHub (no ``JUPYTERHUB_API_TOKEN``, or no service URL) it does nothing at all.
Every HTTP call is bounded by :data:`TIMEOUT`; nothing here ever raises into a check.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from wintut.classroom import SERVICE_NAME, URL_VARIABLE

QUEUE_FILE = "class-queue.jsonl"
TIMEOUT = 3.0
"""Seconds for one HTTP call: a dead service costs the background thread this, never a check."""
MAX_QUEUED = 10_000
"""Past this many waiting records the oldest are dropped: a bound on the learner's disk."""

_lock = threading.Lock()
_wake = threading.Event()
_thread: threading.Thread | None = None


def service_url() -> str | None:
    """The class service's base URL (ending in ``/``), or None outside a class.

    ``WINTUT_CLASS_URL`` (set by the hub config: no JupyterHub variable names the proxy) wins;
    else the service's route on the hub's public URL, when the hub sets one.
    """
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        public = os.environ.get("JUPYTERHUB_PUBLIC_URL", "").strip()
        if not public:
            return None
        url = public.rstrip("/") + f"/services/{SERVICE_NAME}/"
    return url if url.endswith("/") else url + "/"


def in_class() -> bool:
    """True inside a JupyterHub server that knows where the class service is."""
    return bool(os.environ.get("JUPYTERHUB_API_TOKEN")) and service_url() is not None


def queue_path() -> Path:
    from wintut.progress import home

    return home() / QUEUE_FILE


def send_result(record: dict[str, Any]) -> None:
    """Queue ``record`` for the class service and wake the sender; never blocks, never raises."""
    if not in_class():
        return
    try:
        _append({"id": uuid.uuid4().hex, **record})
    except OSError:
        return  # a full or read-only home: the check's own result still stands
    _start()
    _wake.set()


def flush(timeout: float = TIMEOUT) -> int:
    """Send what is queued now, in the caller's thread; returns how many are still waiting.

    For tests and ``wintut class send``; learners' checks never call it.
    """
    if not in_class():
        return 0
    _send_queue(timeout)
    return len(_read())


def pending() -> int:
    """How many records wait in the queue file."""
    return len(_read()) if in_class() else 0


# -- the queue file (one JSON record a line; the lock keeps kernels of one process apart) ---------


def _append(record: dict[str, Any]) -> None:
    path = queue_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        lines = _read_unlocked()
        if len(lines) > MAX_QUEUED:
            _rewrite_unlocked(lines[-MAX_QUEUED:])


def _read() -> list[dict[str, Any]]:
    with _lock:
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
    with _lock:
        keep = [r for r in _read_unlocked() if r.get("id") not in sent_ids]
        with contextlib.suppress(OSError):
            _rewrite_unlocked(keep)


# -- sending ------------------------------------------------------------------------------------


def _post(record: dict[str, Any], timeout: float) -> bool:
    """POST one record; True when the service has it (2xx, or 4xx it will never accept)."""
    url = service_url()
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
        with contextlib.suppress(Exception):  # a sender bug must never reach the learner
            if _read():
                _send_queue(TIMEOUT)


def _start() -> None:
    global _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="wintut-class-sender", daemon=True)
            _thread.start()
