"""Loopback endpoints that misbehave the way broken engines do (for the faults suite).

Each serves on 127.0.0.1 (or a unix socket) in a thread and stops when closed: one that accepts
and never answers, one that answers ``/_ping`` and ``/version`` and hangs elsewhere, one that
answers HTTP 500 everywhere (Docker Desktop starting), one that answers 200 with odd JSON.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# [DERIVED] a Linux engine's /version as a real one shapes it (the fields wintut reads).
VERSION = {
    "Version": "20.10.24+dfsg1",
    "ApiVersion": "1.41",
    "MinAPIVersion": "1.12",
    "Os": "linux",
    "Arch": "amd64",
    "KernelVersion": "6.1.0-faults",
}


class Silent:
    """Accepts connections (the kernel's backlog does) and never says a byte."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.url = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._hold, daemon=True).start()

    def _hold(self) -> None:
        self.server.settimeout(0.2)
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                self._held.append(self.server.accept()[0])

    def close(self) -> None:
        self._stop.set()
        for sock in [*self._held, self.server]:
            with contextlib.suppress(OSError):
                sock.close()


class _Handler(BaseHTTPRequestHandler):
    behaviour: Any = None

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        type(self).behaviour(self)

    do_GET = do_POST = do_DELETE = do_HEAD = _answer

    def send_json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Api-Version", "1.41")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class HttpEngine:
    """An HTTP endpoint whose every answer comes from ``behaviour(handler)``."""

    def __init__(self, behaviour: Any) -> None:
        handler = type("Handler", (_Handler,), {"behaviour": staticmethod(behaviour)})
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"tcp://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _path(handler: BaseHTTPRequestHandler) -> str:
    path = handler.path.split("?", 1)[0]
    parts = path.split("/", 2)
    return "/" + parts[2] if len(parts) > 2 and parts[1].startswith("v1.") else path


def half_answering() -> HttpEngine:
    """Answers ``/_ping`` and ``/version``; every other request hangs until closed."""

    def behaviour(handler: Any) -> None:
        path = _path(handler)
        if path == "/_ping":
            handler.send_response(200)
            handler.send_header("Content-Length", "2")
            handler.end_headers()
            handler.wfile.write(b"OK")
        elif path == "/version":
            handler.send_json(200, VERSION)
        else:
            engine.release.wait(120)

    engine = HttpEngine(behaviour)
    return engine


def starting() -> HttpEngine:
    """Docker Desktop while it starts: HTTP 500 everywhere."""
    return HttpEngine(lambda h: h.send_json(500, {"message": "Docker Desktop is starting..."}))


def odd_json(body: Any) -> HttpEngine:
    """200 with ``body`` on every path (``/_ping`` and ``/version`` too, after the first)."""

    def behaviour(handler: Any) -> None:
        if _path(handler) == "/_ping":
            handler.send_json(200, "OK")
        else:
            handler.send_json(200, body)

    return HttpEngine(behaviour)


def unix_listener(path: str) -> socket.socket:
    """A unix socket that listens (its owner and mode are the test's to set)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    sock.listen(8)
    return sock
