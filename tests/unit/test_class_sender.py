"""The learner-side sender, against a real HTTP server on loopback (no fake HTTP layer).

Outside JupyterHub nothing happens; a dead service costs the check nothing and the record waits
in the progress folder; a live one gets every record, in order, with the hub token.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.engine_fake import FakeEngineAPI
from wintut.classroom import sender
from wintut.paths import home

RECORD = {
    "step": "run-ubuntu",
    "outcome": "fail",
    "reason": "no run yet",
    "at": "2026-12-01T08:00:00+00:00",
    "source": "real",
    "solved": False,
}


class Service:
    """A loopback HTTP server that keeps what is POSTed and answers ``status``."""

    def __init__(self, status: int = 201) -> None:
        self.status = status
        self.got: list[tuple[str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.got.append((self.headers.get("Authorization", ""), body))
                self.send_response(outer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/services/wintut-class/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def in_hub(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "learner-token")

    def at(url: str) -> None:
        monkeypatch.setenv("WINTUT_CLASS_URL", url)

    return at


def _wait(predicate, limit: float = 10.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_outside_jupyterhub_nothing_is_sent_nor_kept(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    monkeypatch.setenv("WINTUT_CLASS_URL", "http://127.0.0.1:9/")
    sender.send_result(dict(RECORD))
    assert not sender.in_class()
    assert not (home() / sender.QUEUE_FILE).exists()


def test_a_dead_service_costs_the_caller_nothing_and_the_record_waits(in_hub):
    in_hub(f"http://127.0.0.1:{_closed_port()}/services/wintut-class/")
    started = time.perf_counter()
    sender.send_result(dict(RECORD))
    assert time.perf_counter() - started < 0.1
    assert sender.flush() == 1
    waiting = [json.loads(line) for line in sender.queue_path().read_text().splitlines()]
    assert [{k: v for k, v in r.items() if k != "id"} for r in waiting] == [RECORD]
    assert sender.queue_path().parent == home()


def test_queued_records_go_in_order_once_the_service_answers(in_hub):
    in_hub(f"http://127.0.0.1:{_closed_port()}/")
    for step in ("engine", "run-ubuntu", "find-kernel"):
        sender.send_result({**RECORD, "step": step})
    assert sender.flush() == 3
    service = Service()
    try:
        in_hub(service.url)
        sender.send_result({**RECORD, "step": "nanoserver"})  # wakes the background thread
        assert _wait(lambda: len(service.got) == 4), service.got
        assert [body["step"] for _, body in service.got] == [
            "engine",
            "run-ubuntu",
            "find-kernel",
            "nanoserver",
        ]
        assert {auth for auth, _ in service.got} == {"token learner-token"}
        assert _wait(lambda: sender.pending() == 0)
    finally:
        service.close()


def test_a_record_the_service_rejects_is_dropped_and_one_it_cannot_take_now_is_kept(in_hub):
    service = Service(status=400)
    try:
        in_hub(service.url)
        sender.send_result(dict(RECORD))
        assert sender.flush() == 0
        service.status = 503
        sender.send_result(dict(RECORD))
        assert sender.flush() == 1
    finally:
        service.close()


def test_a_session_check_sends_the_record_with_its_source(in_hub):
    from wintut.session import current

    service = Service()
    try:
        in_hub(service.url)
        session = current()
        session.point_at(
            FakeEngineAPI("docker-desktop-wsl2").engine(simulated="docker-desktop-wsl2")
        )
        result = session.check("engine")
        assert _wait(lambda: len(service.got) == 1)
        body = service.got[0][1]
        assert body["step"] == "engine"
        assert body["outcome"] == result.outcome.value
        assert body["reason"] == result.reason
        assert body["source"] == "simulated:docker-desktop-wsl2"
        assert body["solved"] is False
        assert body["at"].endswith("+00:00")
    finally:
        service.close()


class Hub(Service):
    """A loopback stand-in for the hub's API: ``GET /services/wintut-class`` answers ``model``."""

    def __init__(self, status: int, model: dict) -> None:
        self.asked: list[str] = []
        outer = self
        body = json.dumps(model).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.asked.append(self.path)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()


def test_without_a_class_url_the_hub_api_says_where_the_service_is(monkeypatch):
    service = Service()
    address = service.url.split("/services/")[0]
    hub = Hub(200, {"name": "wintut-class", "url": address, "prefix": "/services/wintut-class/"})
    monkeypatch.setattr(sender, "_found", {})
    try:
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "learner-token")
        monkeypatch.delenv("WINTUT_CLASS_URL", raising=False)
        monkeypatch.delenv("JUPYTERHUB_PUBLIC_URL", raising=False)
        monkeypatch.setenv("JUPYTERHUB_API_URL", hub.url)
        assert sender.in_class()
        sender.send_result(dict(RECORD))
        assert _wait(lambda: len(service.got) == 1)
        assert hub.asked == ["/hub/api/services/wintut-class"]
    finally:
        hub.close()
        service.close()


def test_a_hub_without_a_class_service_gets_nothing_kept(monkeypatch):
    hub = Hub(404, {"status": 404})
    monkeypatch.setattr(sender, "_found", {})
    try:
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "learner-token")
        monkeypatch.delenv("WINTUT_CLASS_URL", raising=False)
        monkeypatch.delenv("JUPYTERHUB_PUBLIC_URL", raising=False)
        monkeypatch.setenv("JUPYTERHUB_API_URL", hub.url)
        sender.send_result(dict(RECORD))
        assert sender.flush() == 0
        assert not sender.in_class()
        assert not sender.queue_path().exists()
        sender.send_result(dict(RECORD))
        assert not sender.queue_path().exists()
    finally:
        hub.close()
