"""The class service: a Tornado app the hub starts, proxies at ``/services/wintut-class/`` and
authenticates (``HubOAuthenticated``: a learner's server token, or the hub's OAuth cookie).

Routes (under the service prefix):

- ``POST api/results``: a learner's record; the user comes from the token, never the body.
- ``GET api/learners/NAME``: one learner's row, for that learner or an instructor; 403 else.
- ``GET /``, ``GET room.csv``, ``GET api/room``: the room view, its CSV, its JSON; instructors
  (group ``instructors`` or the ``custom:wintut-class:room`` scope) only, 403 for anyone else.

Run it as ``python -m wintut.classroom.service`` (what the sample configs do) or
``wintut class serve``. The address and prefix come from the hub (``JUPYTERHUB_SERVICE_URL``,
``JUPYTERHUB_SERVICE_PREFIX``); the store from ``--db`` / ``WINTUT_CLASS_DB`` (a SQLAlchemy URL),
else SQLite in ``--data`` / ``WINTUT_CLASS_DATA``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import sys
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from wintut.classroom import INSTRUCTORS, LEARNERS, ROOM_SCOPE
from wintut.classroom.grid import DEFAULT_STUCK_MINUTES, Room, build_room
from wintut.classroom.options import add_options, data_folder
from wintut.classroom.page import room_page
from wintut.classroom.record import BadRecord, validate
from wintut.classroom.render import csv_text, text_grid
from wintut.classroom.roster import Roster
from wintut.classroom.store import ResultStore, default_url
from wintut.i18n import _

MAX_BODY = 64 * 1024


def room_json(room: Room) -> dict[str, Any]:
    """The room as JSON: the same order and fields the page shows."""
    return {
        "steps": list(room.steps),
        "stuck_minutes": room.stuck_minutes,
        "results": room.results,
        "learners": [
            {
                "name": learner.name,
                "stuck_on": learner.stuck_step,
                "minutes_since_last": room.minutes_since_last(learner),
                "cells": {
                    step: {
                        "outcome": c.outcome.value,
                        "words": c.words,
                        "reason": c.reason,
                        "at": c.at.isoformat(timespec="seconds"),
                        "source": c.source,
                        "solved": c.solved,
                    }
                    for step, c in learner.cells.items()
                },
            }
            for learner in room.learners
        ],
    }


def make_app(
    store: ResultStore,
    prefix: str,
    *,
    stuck_minutes: float = DEFAULT_STUCK_MINUTES,
    refresh: int = 10,
    roster: Roster | None = None,
) -> Any:
    """The Tornado application (imported lazily: only the service needs JupyterHub)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from tornado.web import Application, HTTPError, RequestHandler, authenticated

    from wintut.steps import STEP_IDS

    class Base(HubOAuthenticated, RequestHandler):
        def user_name(self) -> str:
            return str(self.current_user["name"])

        def is_instructor(self) -> bool:
            user = self.current_user or {}
            return INSTRUCTORS in (user.get("groups") or []) or ROOM_SCOPE in (
                user.get("scopes") or []
            )

        def require_instructor(self) -> None:
            if not self.is_instructor():
                raise HTTPError(403, "the room view is for the instructors' group only")

        def room(self) -> Room:
            names = roster.names() if roster else []
            return build_room(store.rows(), STEP_IDS, stuck_minutes=stuck_minutes, roster=names)

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            reason = self._reason
            exc = kwargs.get("exc_info", (None, None, None))[1]
            if isinstance(exc, HTTPError) and exc.log_message:
                reason = exc.log_message
            self.finish({"status": status_code, "reason": reason})

    class Results(Base):
        def check_xsrf_cookie(self) -> None:
            # Token callers (kernels) need no XSRF; cookie callers (browsers) still do.
            if not self.request.headers.get("Authorization"):
                super().check_xsrf_cookie()

        @authenticated
        def post(self) -> None:
            if len(self.request.body) > MAX_BODY:
                raise HTTPError(413, "a record is at most 64 KiB")
            try:
                record = validate(json.loads(self.request.body or b"null"))
            except (ValueError, BadRecord) as exc:
                raise HTTPError(400, str(exc)) from None
            added = store.add(self.user_name(), record)
            self.set_status(201 if added else 200)
            self.finish({"user": self.user_name(), "stored": added})

    class LearnerRow(Base):
        @authenticated
        def get(self, name: str) -> None:
            if name != self.user_name() and not self.is_instructor():
                raise HTTPError(403, "a learner can read only their own row")
            rows = store.rows(user=name)
            room = build_room(rows, STEP_IDS, stuck_minutes=stuck_minutes, roster=[name])
            self.finish(room_json(room)["learners"][0])

    class RoomJson(Base):
        @authenticated
        def get(self) -> None:
            self.require_instructor()
            if self.get_argument("format", "json") == "text":  # `wintut class status --url`
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish(text_grid(self.room()) + "\n")
                return
            self.finish(room_json(self.room()))

    class RoomCsv(Base):
        @authenticated
        def get(self) -> None:
            self.require_instructor()
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="wintut-room.csv"')
            self.finish(csv_text(self.room()))

    class RoomPage(Base):
        @authenticated
        def get(self) -> None:
            if not self.is_instructor():
                self.set_status(403)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish(_("403: the room view is for the instructors' group only.") + "\n")
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header(
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"
            )
            self.finish(room_page(self.room(), refresh=refresh))

    return Application(
        [
            (prefix, RoomPage),
            (prefix + "room.csv", RoomCsv),
            (prefix + "api/room", RoomJson),
            (prefix + "api/results", Results),
            (prefix + r"api/learners/([^/]+)", LearnerRow),
            (prefix + "oauth_callback", HubOAuthCallbackHandler),
        ],
        cookie_secret=secrets.token_bytes(32),
        xsrf_cookies=True,
    )


def serve(args: argparse.Namespace) -> int:
    """Run until the hub stops us (SIGINT or SIGTERM)."""
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop

    service_url = os.environ.get("JUPYTERHUB_SERVICE_URL")
    if not service_url or not os.environ.get("JUPYTERHUB_API_TOKEN"):
        print(
            _(
                "✖ wintut class serve runs as a JupyterHub service: start it from the hub's "
                "config (see deploy/jupyterhub_config.py), or try `wintut class demo`."
            ),
            file=sys.stderr,
        )
        return 2
    url = urlparse(service_url)
    folder = data_folder(args.data)
    store = ResultStore(args.db or default_url(folder))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/wintut-class/")
    app = make_app(
        store,
        prefix,
        stuck_minutes=args.stuck_minutes,
        refresh=args.refresh,
        roster=Roster(LEARNERS),
    )
    server = HTTPServer(app, xheaders=True)
    # WINTUT_CLASS_BIND: in a hub pod the URL's host (`hub`) is a Service name, not ours to bind.
    server.listen(
        url.port or 80, os.environ.get("WINTUT_CLASS_BIND") or url.hostname or "127.0.0.1"
    )
    if not args.db:
        (folder / "service.pid").write_text(str(os.getpid()), encoding="utf-8")  # for tests, ops
    # A hub started from a script may hand us SIGINT ignored, and it stops services with SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    print(
        _("wintut class service on {url} (store: {store})").format(
            url=service_url, store=repr(store.engine.url)
        ),
        flush=True,
    )
    try:
        IOLoop.current().start()
    finally:
        store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wintut.classroom.service")
    add_options(parser)
    return serve(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
