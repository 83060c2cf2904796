"""Helpers for the class tests: a demo hub fixture's checks and code run in a learner's kernel.

The kernel is driven the way JupyterLab drives it: ``POST …/api/kernels`` on the learner's own
single-user server (through the hub's proxy, with the learner's token), then an
``execute_request`` over the kernel's websocket, reading ``stream`` output until ``idle``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import uuid
from typing import Any

from tests.conftest import unavailable


def need_class_parts() -> None:
    """JupyterHub from PyPI and configurable-http-proxy from npm, or skip/fail (CI)."""
    try:
        import jupyterhub  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        unavailable("JupyterHub is not installed (pip install -e '.[class,test]')")
    if not shutil.which("configurable-http-proxy"):
        unavailable("no configurable-http-proxy on PATH: npm install -g configurable-http-proxy")


class Kernel:
    """One kernel in ``user``'s server, reached through the proxy at ``base`` with ``token``."""

    def __init__(self, demo: Any, user: str, token: str) -> None:
        self.demo, self.user, self.token = demo, user, token
        self.base = f"{demo.url}user/{user}/"
        status, model = demo.http("POST", self.base + "api/kernels", {"name": "python3"}, token)
        assert status == 201, (status, model)
        self.id = model["id"]

    def run(self, code: str, timeout: float = 120.0) -> str:
        """Run ``code``; returns its stdout; an error in the kernel fails with its traceback."""
        return asyncio.run(asyncio.wait_for(self._run(code), timeout))

    async def _run(self, code: str) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = self.base.replace("http://", "ws://") + f"api/kernels/{self.id}/channels"
        request = HTTPRequest(url, headers={"Authorization": f"token {self.token}"})
        socket = await websocket_connect(request)
        msg_id = uuid.uuid4().hex
        socket.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "session": uuid.uuid4().hex,
                        "username": self.user,
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {"code": code, "silent": False, "store_history": False},
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        out: list[str] = []
        try:
            while True:
                raw = await socket.read_message()
                assert raw is not None, "the kernel's websocket closed"
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    out.append(content["text"])
                elif kind == "error":
                    raise AssertionError("\n".join(content["traceback"]))
                elif kind == "status" and content["execution_state"] == "idle":
                    return "".join(out)
        finally:
            stream = socket.protocol.stream if socket.protocol else None
            socket.close()
            # Wait for the server's close frame, then drop the TCP stream while the loop lives.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.read_message(), 5)
            if stream is not None and not stream.closed():
                stream.close()

    def close(self) -> None:
        self.demo.http("DELETE", self.base + f"api/kernels/{self.id}", token=self.token)
