"""wintut.images.resolve: lab names while a lab is active, the real names otherwise."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wintut.images import resolve
from wintut.lab import state as st
from wintut.lab.probe import candidates, find_lab

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


def test_unchanged_without_a_lab():
    # WINTUT_LAB_REGISTRY=none (tests/unit/conftest.py): no lab, whatever answers on this machine
    ref = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    assert resolve(ref) == ref
    assert resolve("microsoft/iis") == "microsoft/iis"


class _Lab(BaseHTTPRequestHandler):
    """A registry's /v2/ and a search index's /v1/_ping on one port: what a lab answers."""

    def do_GET(self):
        self.send_response(200 if self.path in ("/v2/", "/v1/_ping") else 404)
        self.send_header("Docker-Distribution-Api-Version", "registry/2.0")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def answering_lab():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Lab)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_found_from_a_state_file_of_any_home(wintut_home, monkeypatch, answering_lab):
    monkeypatch.delenv("WINTUT_LAB_REGISTRY")
    st.write_state({"registry": answering_lab, "index": answering_lab})
    assert resolve("microsoft/iis") == f"{answering_lab}/microsoft/iis"
    assert find_lab().found_by == "state file"


def test_a_dead_address_is_never_taken_for_the_lab(wintut_home, monkeypatch):
    monkeypatch.delenv("WINTUT_LAB_REGISTRY")
    st.write_state({"registry": "127.0.0.1:1", "index": "127.0.0.1:1"})  # nothing on port 1
    found = find_lab()
    assert found is None or found.registry != "127.0.0.1:1"


def test_found_from_the_engines_mirror_without_any_file(wintut_home, monkeypatch, answering_lab):
    monkeypatch.delenv("WINTUT_LAB_REGISTRY")
    monkeypatch.setenv("WINTUT_LAB_INDEX", answering_lab)
    found = find_lab([f"http://{answering_lab}/"])
    assert (found.registry, found.found_by) == (answering_lab, "engine mirror")


def test_env_names_a_teachers_lab(wintut_home, monkeypatch, answering_lab):
    monkeypatch.setenv("WINTUT_LAB_REGISTRY", answering_lab)
    monkeypatch.setenv("WINTUT_LAB_INDEX", answering_lab)
    assert resolve("mcr.microsoft.com/windows/nanoserver:1809") == (
        f"{answering_lab}/windows/nanoserver:1809"
    )


def test_candidates_are_asked_in_order(wintut_home, monkeypatch):
    monkeypatch.setenv("WINTUT_LAB_REGISTRY", "10.0.0.5:5380")
    st.write_state({"registry": "127.0.0.1:6000", "index": "127.0.0.1:6001"})
    order = [(r, how) for r, _, how in candidates(["http://127.0.0.1:7000"])]
    assert order == [
        ("10.0.0.5:5380", "WINTUT_LAB_REGISTRY"),
        ("127.0.0.1:6000", "state file"),
        ("127.0.0.1:7000", "engine mirror"),
        ("127.0.0.1:5380", "default port"),
    ]


def test_stand_in_note_reads_the_labels():
    from wintut.images import stand_in_note

    labels = {"org.wintut.stand-in": "true", "org.wintut.description": "wintut lab stand-in"}
    assert stand_in_note({"Config": {"Labels": labels}}) == "wintut lab stand-in"
    assert stand_in_note({"Config": {"Labels": None}}) is None
    assert stand_in_note(None) is None


def test_a_simulated_host_keeps_the_real_names(wintut_home, monkeypatch, answering_lab):
    from wintut.engine import Engine

    monkeypatch.setenv("WINTUT_LAB_REGISTRY", answering_lab)
    monkeypatch.setenv("WINTUT_LAB_INDEX", answering_lab)
    ref = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
    assert resolve(ref) == f"{answering_lab}/windows/nanoserver:ltsc2022"
    assert resolve(ref, engine=Engine("tcp://127.0.0.1:1", simulated="x")) == ref
