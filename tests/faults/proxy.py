"""A throttled loopback proxy in front of the offline lab's registry, to make windows in a pull.

``mode`` is ``pass`` (bytes flow, ``rate`` bytes/s at most), ``freeze`` (a blob download stops
after ``freeze_after`` bytes and then nothing more is sent, the connection stays open), or
``down`` (new connections are refused: the registry is gone). Loopback only.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

LAB_REGISTRY = ("127.0.0.1", 5380)


class RegistryProxy:
    def __init__(self, upstream: tuple[str, int] = LAB_REGISTRY) -> None:
        self.upstream = upstream
        self.mode = "pass"
        self.rate = 0.0
        self.freeze_after = 64 * 1024
        self.frozen = threading.Event()
        """Set once a blob download froze (the test knows the pull is mid-way)."""
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopping = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if self.mode == "down":
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            self._sockets += [client, upstream]
            state = {"blob": False}
            threading.Thread(
                target=self._pipe, args=(client, upstream, state, True), daemon=True
            ).start()
            threading.Thread(
                target=self._pipe, args=(upstream, client, state, False), daemon=True
            ).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, state: dict, asks: bool) -> None:
        sent = 0
        with contextlib.suppress(OSError):
            while True:
                data = source.recv(16384)
                if not data:
                    break
                if asks:
                    state["blob"] = state["blob"] or b"/blobs/" in data
                elif state["blob"] and self.mode == "freeze":
                    room = self.freeze_after - sent
                    if room <= 0 or len(data) > room:
                        sink.sendall(data[: max(room, 0)])
                        self.frozen.set()
                        while not self._stopping.is_set() and self.mode == "freeze":
                            time.sleep(0.1)
                        source.close()  # thawed: this download is dropped, the next one flows
                        sink.close()
                        return
                if self.rate:
                    time.sleep(len(data) / self.rate)
                sink.sendall(data)
                sent += len(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._server.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()
