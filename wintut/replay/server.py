"""The HTTP side of a simulated host: a threaded server on 127.0.0.1 that speaks the Engine API.

It binds the loopback address only (never 0.0.0.0), on a free port unless one is given. Bad input
never stops it: malformed requests get 400, oversized ones 413, unknown endpoints 501, each with
docker's ``{"message": …}`` body. ``POST …/attach`` with ``Upgrade: tcp`` gets ``101 UPGRADED``
and then docker's raw stream, as the docker CLI expects for ``docker run``.
"""

from __future__ import annotations

import json
import logging
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from wintut.replay.profiles import Profile, load
from wintut.replay.routes import Response, common_headers, dispatch, error_response
from wintut.replay.state import ApiError, HostState

LOOPBACK = "127.0.0.1"
MAX_BODY = 1 << 20
"""Largest request body accepted (1 MiB): container configs are a few kilobytes."""
IDLE_TIMEOUT = 30.0
"""Seconds a connection may sit idle before it is closed."""

log = logging.getLogger(__name__)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def version_string(self) -> str:
        profile = self.server.host.profile
        return f"Docker/{profile.version['Version']} ({profile.os_type})"

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":
            self.send_error(400, "HTTP/0.9 requests are not supported")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors found while parsing the request, answered the way docker answers: JSON."""
        self.request_version = "HTTP/1.1"  # answer with a status line even to garbage
        self.close_connection = True
        reason = self.responses.get(code, ("Error",))[0]
        body = json.dumps({"message": message or reason}).encode()
        self.send_response_only(code, reason)
        self.send_header("Server", self.version_string())
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def _common(self) -> None:
        for key, value in common_headers(self.server.host.profile).items():
            self.send_header(key, value)

    def _send(self, response: Response) -> None:
        if response.hijack is not None:
            self.send_response(101, "UPGRADED")
            self.send_header("Content-Type", response.content_type)
            self.send_header("Connection", "Upgrade")
            self.send_header("Upgrade", "tcp")
            self._common()
            self.end_headers()
            self.wfile.flush()
            response.hijack(self._write)
            self.close_connection = True
            return
        self.send_response(response.status)
        self._common()
        for key, value in response.headers.items():
            self.send_header(key, value)
        if response.stream is not None:
            # Chunked, as the daemon streams: docker-py reads a stream only when it is chunked.
            self.send_header("Content-Type", response.content_type)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.flush()
            for chunk in response.stream:
                if not chunk and self._client_gone():
                    break
                if chunk:
                    self._write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self._write(b"0\r\n\r\n")
            self.close_connection = True
            return
        if response.status in (101, 204, 304) or response.body is None:
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = response.body
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _client_gone(self) -> bool:
        """True when the client closed its side (checked while a stream idles)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _write(self, data: bytes) -> None:
        if data:
            self.wfile.write(data)
            self.wfile.flush()

    def _error(self, exc: ApiError) -> None:
        self._send(error_response(exc))

    def _read_body(self) -> bytes:
        headers = self._headers()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            chunks: list[bytes] = []
            total = 0
            while True:
                line = self.rfile.readline(64)
                try:
                    size = int(line.split(b";")[0].strip() or b"x", 16)
                except ValueError as exc:
                    raise ApiError(400, "malformed chunked body") from exc
                if size == 0:
                    self.rfile.readline(64)
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    raise ApiError(413, f"request body larger than {MAX_BODY} bytes")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(64)
        length_text = headers.get("content-length", "0") or "0"
        try:
            length = int(length_text)
        except ValueError as exc:
            raise ApiError(400, f"bad Content-Length: {length_text[:40]!r}") from exc
        if length < 0:
            raise ApiError(400, "bad Content-Length")
        if length > MAX_BODY:
            raise ApiError(413, f"request body larger than {MAX_BODY} bytes")
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        self.server.last_request = time.monotonic()
        try:
            body = self._read_body()
        except ApiError as exc:
            self.close_connection = True  # the rest of the body is unread
            self._error(exc)
            return
        try:
            response = dispatch(self.server.host, self.command, self.path, self._headers(), body)
        except ApiError as exc:
            self._error(exc)
            return
        except Exception as exc:  # a bug must not take the host down: answer 500, keep serving
            log.exception("simulated host: %s %s failed", self.command, self.path)
            self._error(
                ApiError(500, f"simulated host: internal error: {type(exc).__name__}: {exc}")
            )
            return
        self._send(response)

    do_GET = do_POST = do_DELETE = do_HEAD = do_PUT = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, port: int, host: HostState) -> None:
        self.host = host
        self.last_request = time.monotonic()
        super().__init__((LOOPBACK, port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Broken pipes and resets from clients that went away are normal; log, keep serving.
        log.debug("simulated host: connection from %s ended badly", client_address, exc_info=True)


class SimulatedHost:
    """A recorded host served over the Engine API on 127.0.0.1.

    Args:
        profile: a profile id (see ``wintut simulate --list``) or a loaded :class:`Profile`.
        port: the TCP port; 0 picks a free one.
    """

    def __init__(self, profile: str | Profile, port: int = 0) -> None:
        self.profile = load(profile) if isinstance(profile, str) else profile
        self.state = HostState(self.profile)
        self._server = _Server(port, self.state)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The address for DOCKER_HOST / docker-py: ``tcp://127.0.0.1:PORT``."""
        return f"tcp://{LOOPBACK}:{self.port}"

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.socket.getsockname()[:2]
        return str(host), int(port)

    def start(self) -> SimulatedHost:
        """Serve in a background (daemon) thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.2},
                name=f"wintut-simulate-{self.profile.id}",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self, idle_exit: float | None = None) -> None:
        """Serve in this thread until :meth:`stop`, KeyboardInterrupt, or (with ``idle_exit``)
        that many seconds without a request."""
        if idle_exit:
            threading.Thread(target=self._exit_when_idle, args=(idle_exit,), daemon=True).start()
        self._server.serve_forever(poll_interval=0.2)

    def _exit_when_idle(self, seconds: float) -> None:
        while time.monotonic() - self._server.last_request < seconds:
            time.sleep(min(seconds / 10, 30.0))
        self._server.shutdown()

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> SimulatedHost:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<simulated host {self.profile.id} at {self.url}>"


def free_port() -> int:
    """A port free on 127.0.0.1 right now (for tests that need one before starting)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])
