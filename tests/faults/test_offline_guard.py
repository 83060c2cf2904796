"""The guard that keeps tests on this machine (tests/offline_guard.py) really refuses."""

from __future__ import annotations

import socket

import pytest

from tests.faults.dockerd import CLOSED_PORT
from tests.offline_guard import OffMachine


def test_off_machine_lookups_and_connections_fail_loopback_works():
    # installed around every faults test by tests/faults/conftest.py
    with pytest.raises(OffMachine):
        socket.getaddrinfo("registry-1.docker.io", 443)
    with socket.socket() as sock, pytest.raises(OffMachine):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never reached, refused before
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", CLOSED_PORT))
    assert socket.getaddrinfo("localhost", 80)
