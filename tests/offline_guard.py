"""A pytest plugin that makes "no test reaches off this machine" a rule that fails, not a hope.

Loaded with ``python -m pytest -p tests.offline_guard`` for a whole run (the unit tests pass
under it); the faults suite installs it around each of its tests. In the test
process, a name lookup of anything but a loopback name, or a connection to anything but a
loopback address, raises ``OSError`` naming the host, so the test fails there. Where a test needs
"unreachable", it uses a closed loopback port. Processes the tests start are not covered: the
private dockerd's fallback goes through an HTTPS proxy on a closed loopback port instead
(tests/faults/dockerd.py).
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _loopback(host: Any) -> bool:
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    if text.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class OffMachine(OSError):
    """A test tried to look up or reach a host that is not this machine."""


_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not _loopback(host):
        raise OffMachine(f"a test looked up {host!r}: tests never reach off this machine")
    return _real_getaddrinfo(host, *args, **kwargs)


def _check(sock: socket.socket, address: Any) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
        raise OffMachine(f"a test connected to {address!r}: tests never reach off this machine")


def _connect(self: socket.socket, address: Any) -> None:
    _check(self, address)
    _real_connect(self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _check(self, address)
    return _real_connect_ex(self, address)


def install() -> None:
    socket.getaddrinfo = _getaddrinfo
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]


def uninstall() -> None:
    socket.getaddrinfo = _real_getaddrinfo
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


def pytest_configure(config: Any) -> None:
    install()
