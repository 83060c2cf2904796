"""wintut.images.resolve: lab names while a lab is active, the real names otherwise."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import wintut.lab
from wintut.images import resolve
from wintut.lab import state as st

LAB = "127.0.0.1:5380"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (
            "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
            f"{LAB}/windows/servercore/iis:windowsservercore-ltsc2022",
        ),
        ("mcr.microsoft.com/windows/nanoserver:ltsc2025", f"{LAB}/windows/nanoserver:ltsc2025"),
        ("microsoft/iis", f"{LAB}/microsoft/iis"),
        ("docker.io/microsoft/iis:latest", f"{LAB}/microsoft/iis:latest"),
        ("ubuntu", "ubuntu"),  # the daemon's mirror serves it under its own name
        ("docker.io/library/ubuntu", "docker.io/library/ubuntu"),
        ("ghcr.io/someone/tool:1", "ghcr.io/someone/tool:1"),
        ("microsoftish/thing", "microsoftish/thing"),
    ],
)
def test_lab_names(ref, expected):
    assert resolve(ref, registry=LAB) == expected


def test_unchanged_without_a_lab(wintut_home, monkeypatch):
    monkeypatch.delenv("WINTUT_LAB_REGISTRY", raising=False)
    ref = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    assert resolve(ref) == ref
    assert resolve("microsoft/iis") == "microsoft/iis"


class _V2(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/v2/" else 404)
        self.send_header("Docker-Distribution-Api-Version", "registry/2.0")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def answering_registry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _V2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    wintut.lab._cache.clear()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    wintut.lab._cache.clear()


def test_active_when_state_file_and_live_registry(wintut_home, monkeypatch, answering_registry):
    monkeypatch.delenv("WINTUT_LAB_REGISTRY", raising=False)
    st.write_state({"registry": answering_registry})
    assert resolve("microsoft/iis") == f"{answering_registry}/microsoft/iis"


def test_inactive_when_state_file_but_registry_gone(wintut_home, monkeypatch, answering_registry):
    monkeypatch.delenv("WINTUT_LAB_REGISTRY", raising=False)
    st.write_state({"registry": "127.0.0.1:1"})  # nothing listens on port 1
    assert resolve("microsoft/iis") == "microsoft/iis"


def test_env_names_a_teachers_lab(wintut_home, monkeypatch, answering_registry):
    monkeypatch.setenv("WINTUT_LAB_REGISTRY", answering_registry)
    assert resolve("mcr.microsoft.com/windows/nanoserver:1809") == (
        f"{answering_registry}/windows/nanoserver:1809"
    )


def test_stand_in_note_reads_the_labels():
    from wintut.images import stand_in_note

    labels = {"org.wintut.stand-in": "true", "org.wintut.description": "wintut lab stand-in"}
    assert stand_in_note({"Config": {"Labels": labels}}) == "wintut lab stand-in"
    assert stand_in_note({"Config": {"Labels": None}}) is None
    assert stand_in_note(None) is None


def test_a_simulated_host_keeps_the_real_names(monkeypatch):
    import wintut.engine
    from wintut.engine import Engine
    from wintut.images import resolve

    monkeypatch.setattr(wintut.lab, "active_registry", lambda: LAB)  # a lab is up
    ref = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
    assert resolve(ref) == "127.0.0.1:5380/windows/nanoserver:ltsc2022"
    monkeypatch.setattr(wintut.engine, "_default", Engine("tcp://127.0.0.1:1", simulated="x"))
    assert resolve(ref) == ref
