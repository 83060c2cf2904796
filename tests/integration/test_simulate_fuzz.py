"""Malformed and oversized requests over raw sockets: the simulated host answers and stays up."""

from __future__ import annotations

import random
import socket

import pytest

from wintut.replay import SimulatedHost

pytestmark = pytest.mark.simulate

ALLOWED = {200, 201, 204, 400, 404, 405, 409, 413, 414, 431, 501, 505}
"""500 is not allowed: here it could only mean a bug in the simulated host."""
CASES = 400
"""Bounded number of random requests (seeded, so a failure replays)."""


def exchange(port: int, payload: bytes, timeout: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close early on oversized input; it must still be up
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


def status_of(answer: bytes) -> int:
    line = answer.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0


def ping_ok(port: int) -> bool:
    return exchange(port, b"GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").endswith(
        b"OK"
    )


@pytest.fixture(scope="module")
def host():
    with SimulatedHost("docker-desktop-wsl2") as served:
        yield served


def test_binds_loopback_only(host):
    assert host.address[0] == "127.0.0.1"
    assert host.url.startswith("tcp://127.0.0.1:")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET\r\n\r\n", 400),
        (b"GET /_ping HTTP/9.9\r\n\r\n", 505),
        (b"POST /containers/create HTTP/1.1\r\nContent-Length: 7\r\n\r\n{broken", 400),
        (b"POST /containers/create HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400),
        (b"POST /containers/create HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400),
        (b"POST /containers/create HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n{}", 413),
        (b"POST /containers/create HTTP/1.1\r\nContent-Length: 2\r\n\r\n[]", 400),
        (b"GET /v1.99/info HTTP/1.1\r\n\r\n", 400),
        (b"GET /nothing/here HTTP/1.1\r\n\r\n", 501),
        (b"GET /containers/json?filters=%7Bbad HTTP/1.1\r\n\r\n", 400),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET /_ping HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n", 431),
        (b"POST /images/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
    ],
)
def test_malformed_requests_get_an_error_and_the_host_stays_up(host, payload, expected):
    answer = exchange(host.port, payload)
    assert status_of(answer) == expected, answer[:200]
    assert ping_ok(host.port)


def test_random_requests_never_crash_the_host(host):
    rng = random.Random(5)
    methods = [b"GET", b"POST", b"DELETE", b"HEAD", b"PUT", b"\x00\xff", b""]
    paths = [b"/_ping", b"/info", b"/containers/create", b"/images/create", b"/v1.41/x/../y", b"/%"]
    for _ in range(CASES):
        body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 2048)))
        header = b"Content-Length: %d\r\n" % rng.choice([len(body), 0, len(body) + 5, 10**9])
        payload = b"%s %s HTTP/1.1\r\n%s\r\n%s" % (
            rng.choice(methods),
            rng.choice(paths) + bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 20))),
            header if rng.random() < 0.8 else b"",
            body,
        )
        answer = exchange(host.port, payload, timeout=2.0)
        # Every answer has a status line and a known status; an empty answer is a closed
        # connection (a client that sent garbage the server gave up on).
        assert answer == b"" or status_of(answer) in ALLOWED, answer[:120]
    assert ping_ok(host.port)
    assert host.state.profile.id == "docker-desktop-wsl2"
