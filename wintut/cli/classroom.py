"""`wintut class`: the classroom service, its demo hub and the room in a terminal."""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from wintut.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "class",
        help=_("a classroom on JupyterHub: the room view service, a demo hub, the room's status"),
        description=_(
            "A classroom on JupyterHub (see INSTRUCTOR.md). Needs pip install 'wintut[class]'."
        ),
    )
    sub = parser.add_subparsers(dest="class_command", metavar="SUBCOMMAND")

    serve = sub.add_parser("serve", help=_("run the class service (the hub starts it)"))
    from wintut.classroom.options import add_options

    add_options(serve)
    serve.set_defaults(func=run_serve)

    demo = sub.add_parser("demo", help=_("start a real JupyterHub on loopback with N learners"))
    demo.add_argument("--learners", type=int, default=3, help=_("learner accounts (default 3)"))
    demo.add_argument("--port", type=int, default=8000, help=_("the hub's port on 127.0.0.1"))
    demo.add_argument("--profile", help=_("the simulated host every learner gets"))
    demo.add_argument("--state", help=_("folder for the demo's state (default: a new temp one)"))
    demo.add_argument("--proxy", help=_("path of configurable-http-proxy, if not on PATH"))
    demo.add_argument("--no-spawn", action="store_true", help=_("do not start learners' servers"))
    demo.set_defaults(func=run_demo)

    status = sub.add_parser("status", help=_("print the room's grid in this terminal"))
    status.add_argument("--url", help=_("the service's URL (…/services/wintut-class/)"))
    status.add_argument(
        "--token", help=_("an instructor's API token (default $JUPYTERHUB_API_TOKEN)")
    )
    status.add_argument("--db", help=_("read this SQLAlchemy URL directly instead"))
    status.add_argument("--data", help=_("read class.sqlite in this folder directly instead"))
    status.add_argument("--stuck-minutes", type=float, default=10.0)
    status.set_defaults(func=run_status)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])


def _missing_extra(exc: ImportError) -> int:
    print(
        _("✖ {name} is not installed: pip install 'wintut[class]'.").format(name=exc.name or exc),
        file=sys.stderr,
    )
    return 2


def run_serve(args: argparse.Namespace) -> int:
    try:
        from wintut.classroom.service import serve
    except ImportError as exc:
        return _missing_extra(exc)
    return serve(args)


def run_demo(args: argparse.Namespace) -> int:
    try:
        from wintut.classroom import DEFAULT_PROFILE
        from wintut.classroom.demo import Demo, DemoError
    except ImportError as exc:
        return _missing_extra(exc)
    if not 1 <= args.learners <= 200:
        print(_("✖ --learners must be between 1 and 200."), file=sys.stderr)
        return 2
    state = Path(args.state) if args.state else Path(tempfile.mkdtemp(prefix="wintut-class-"))
    demo = Demo(
        state,
        learners=args.learners,
        profile=args.profile or DEFAULT_PROFILE,
        proxy=args.proxy,
        port=args.port,
    )
    # `timeout`, a service manager or a closed terminal sends SIGTERM: stop the hub then too.
    signal.signal(signal.SIGTERM, _interrupt)
    print(
        _("Starting a demo JupyterHub in {folder} (log: {log}) …").format(
            folder=state, log=demo.log_path
        ),
        flush=True,
    )
    try:
        demo.start(spawn=not args.no_spawn)
    except DemoError as exc:
        demo.stop()
        print(f"✖ {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        demo.stop()
        return 130
    print(
        _("Hub:        {url}  (any password: dummy logins, demo only)").format(
            url=f"{demo.url}hub/login"
        )
    )
    print(
        _("Room view:  {url}  (log in as {name})").format(
            url=demo.service_url, name=demo.instructor_names[0]
        )
    )
    print(
        _("Learners:   {names} on the simulated host {profile}").format(
            names=", ".join(demo.learner_names), profile=demo.profile
        )
    )
    print(_("Demo only: every learner's server runs as this user (SimpleLocalProcessSpawner)."))
    print(_("Ctrl-C stops the hub, the service and every server."), flush=True)
    try:
        while demo.process is not None and demo.process.poll() is None:
            time.sleep(1)
        print(_("✖ The hub stopped; its log:") + f"\n{demo.log_tail()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        demo.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_status(args: argparse.Namespace) -> int:
    if args.url:
        return _status_from_service(args)
    try:
        from wintut.classroom.grid import build_room
        from wintut.classroom.options import data_folder
        from wintut.classroom.render import text_grid
        from wintut.classroom.store import DB_FILE, ResultStore, default_url
        from wintut.steps import STEP_IDS
    except ImportError as exc:
        return _missing_extra(exc)
    folder = data_folder(args.data)
    if not args.db and not (folder / DB_FILE).exists():
        print(
            _(
                "✖ No class store at {path}: pass --data FOLDER (the service's "
                "WINTUT_CLASS_DATA), --db URL, or --url with an instructor's token."
            ).format(path=folder / DB_FILE),
            file=sys.stderr,
        )
        return 1
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    try:
        store = ResultStore(args.db or default_url(folder))
    except (ArgumentError, SQLAlchemyError, ImportError, OSError) as exc:
        print(
            _("✖ Cannot open the class store ({error}): check --db.").format(
                error=type(exc).__name__
            ),
            file=sys.stderr,
        )
        return 1
    try:
        print(text_grid(build_room(store.rows(), STEP_IDS, stuck_minutes=args.stuck_minutes)))
    except SQLAlchemyError as exc:
        print(
            _("✖ Cannot read the class store ({error}).").format(error=type(exc).__name__),
            file=sys.stderr,
        )
        return 1
    finally:
        store.close()
    return 0


def _status_from_service(args: argparse.Namespace) -> int:
    import os

    token = args.token or os.environ.get("JUPYTERHUB_API_TOKEN")
    if not token:
        print(
            _("✖ --url needs --token (an instructor's API token from the hub's token page)."),
            file=sys.stderr,
        )
        return 2
    url = args.url if args.url.endswith("/") else args.url + "/"
    request = urllib.request.Request(
        url + "api/room?format=text", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            print(answer.read().decode("utf-8"), end="")
        return 0
    except urllib.error.HTTPError as exc:
        why = _("this token is not an instructor's") if exc.code == 403 else f"HTTP {exc.code}"
        print(_("✖ The service refused: {why}.").format(why=why), file=sys.stderr)
    except (OSError, ValueError) as exc:
        print(
            _("✖ The service did not answer at {url} ({reason}).").format(url=url, reason=exc),
            file=sys.stderr,
        )
    return 1
