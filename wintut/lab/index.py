"""The lab's search index: answers ``docker search HOST:PORT/TERM`` from a data file.

The registry has no ``/v1/search`` (distribution/distribution#975), so ``docker search`` needs
a separate index. The daemon calls ``GET /v1/_ping`` and then ``GET /v1/search?q=TERM&n=25``.
The default data is the 2016 ``docker search microsoft`` listing from the blog post the course
follows (``assets/lab/search-2016.json``, which records its source): a recording, not Docker Hub.

Run it as its own process::

    python -m wintut.lab.index --listen 127.0.0.1:5381 --data assets/lab/search-2016.json
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from wintut.assets import Traversable, asset_path

DEFAULT_DATA = asset_path("lab", "search-2016.json")


def load(path: Path | Traversable) -> dict[str, Any]:
    """Read an index data file: ``{"query": …, "source": …, "results": [...]}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError(f"{path}: expected an object with a 'results' list")
    return data


def search(data: dict[str, Any], query: str, limit: int = 25) -> list[dict[str, Any]]:
    """The results for ``query``, in the recorded order.

    The recorded query (``microsoft``) returns the recording exactly as Docker Hub answered in
    2016 (it listed ``mono`` too, whose name and description lack the word); other terms match
    the name or description, case-insensitively.
    """
    results: list[dict[str, Any]] = list(data["results"])
    term = query.strip().lower()
    if term != str(data.get("query", "")).lower():
        results = [
            r
            for r in results
            if term in str(r.get("name", "")).lower()
            or term in str(r.get("description", "")).lower()
        ]
    return results[: max(limit, 0) or 25]


def make_handler(data: dict[str, Any]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "wintut-lab-index/1"

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path in ("/v1/_ping", "/_ping"):
                self._send(200, True, {"X-Docker-Registry-Standalone": "true"})
            elif url.path == "/v1/search":
                params = parse_qs(url.query)
                query = (params.get("q") or [""])[0]
                try:
                    limit = int((params.get("n") or ["25"])[0])
                except ValueError:
                    limit = 25
                results = search(data, query, limit)
                self._send(
                    200,
                    {
                        "num_pages": 1,
                        "num_results": len(results),
                        "page": 1,
                        "page_size": limit,
                        "query": query,
                        "results": results,
                    },
                )
            else:
                self._send(404, {"error": f"not found: {url.path}"})

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            # The daemon tries TLS first: every search starts with one garbled request. Quiet.
            return

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # a workshop room searches at once; the default backlog is 5


class _Server6(_Server):
    address_family = socket.AF_INET6


def serve(listen: str, data_path: Path | Traversable) -> ThreadingHTTPServer:
    """A ready server (not yet serving: call ``serve_forever``)."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    server_class = _Server6 if ":" in host else _Server
    return server_class((host, int(port)), make_handler(load(data_path)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wintut.lab.index")
    parser.add_argument("--listen", default="127.0.0.1:5381", metavar="HOST:PORT")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--marker", default="", help="ignored; lets `lab down` recognise us")
    args = parser.parse_args(argv)
    try:
        server = serve(args.listen, args.data)
    except (OSError, ValueError) as exc:
        print(f"wintut lab index: cannot start on {args.listen}: {exc}", file=sys.stderr)
        return 1
    print(f"wintut lab index serving {args.data} on {args.listen}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
