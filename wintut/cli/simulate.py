"""`wintut simulate`: serve a recorded host over the Engine API on 127.0.0.1."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wintut.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help=_("serve a recorded (simulated) Docker host on 127.0.0.1"),
        description=_(
            "Serve a recorded Docker host through the real Engine API. The first line "
            "printed is DOCKER_HOST=tcp://127.0.0.1:PORT; point docker or wintut at it. Everything "
            "it answers is recorded (see --sources); anything not recorded says so."
        ),
    )
    parser.add_argument("profile", nargs="?", help=_("profile id (see --list)"))
    parser.add_argument("--port", type=int, default=0, help=_("TCP port (default: a free one)"))
    parser.add_argument(
        "--idle-exit",
        type=float,
        metavar="SECONDS",
        help=_("stop after that long without a request (the course session's hosts use this)"),
    )
    parser.add_argument("--list", action="store_true", help=_("list the profiles and exit"))
    parser.add_argument(
        "--use",
        metavar="PROFILE",
        help=_(
            "follow the course on PROFILE from now on (every notebook and `wintut check`); "
            "`--use none` goes back to your own engine"
        ),
    )
    parser.add_argument(
        "--sources", action="store_true", help=_("show where each of PROFILE's values comes from")
    )
    parser.add_argument("--json", action="store_true", help=_("with --list or --sources: JSON"))
    parser.set_defaults(func=run_simulate)


def _use(profile: str, as_json: bool) -> int:
    from wintut.session import SessionError, current

    wanted = None if profile.lower() == "none" else profile
    try:
        engine = current().use(wanted)
    except KeyError as exc:
        print(f"✖ {exc.args[0]}", file=sys.stderr)
        return 2
    except SessionError as exc:
        print(f"✖ {exc}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps({"simulated": engine.simulated, "url": engine.endpoint.url}))
    elif engine.simulated:
        print(
            _(
                "✔ The course now runs on the simulated host {profile} at {url} (recorded "
                "outputs, not a real engine). For docker in a terminal: DOCKER_HOST={url}. "
                "Back: wintut simulate --use none"
            ).format(profile=engine.simulated, url=engine.endpoint.url)
        )
    else:
        print(
            _("✔ The course now uses your own engine ({endpoint}).").format(
                endpoint=engine.endpoint
            )
        )
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from wintut.replay.profiles import list_profiles, load, sources_table

    if args.use:
        return _use(args.use, args.json)
    if args.list:
        profiles = [load(p) for p in list_profiles()]
        if args.json:
            rows = [{"id": p.id, "title": p.title, "os_type": p.os_type} for p in profiles]
            print(json.dumps(rows, indent=2))
        else:
            for p in profiles:
                print(f"{p.id:<36}{p.os_type:<9}{_(p.title)}")
        return 0
    if not args.profile:
        print(_("✖ Name a profile (wintut simulate --list shows them)."), file=sys.stderr)
        return 2
    try:
        profile = load(args.profile)
    except KeyError as exc:
        print(f"✖ {exc.args[0]}", file=sys.stderr)
        return 2
    if args.sources:
        table = sources_table(profile)
        if args.json:
            print(json.dumps([{"path": p, "source": s} for p, s in table], indent=2))
        else:
            print(
                _("Sources of the simulated host {profile} ({title})").format(
                    profile=profile.id, title=_(profile.title)
                )
            )
            for path, source in table:
                print(f"  {path}\n      {source}")
        return 0
    if not 0 <= args.port <= 65535:
        print(_("✖ --port must be between 0 and 65535."), file=sys.stderr)
        return 2
    from wintut.replay.server import SimulatedHost

    try:
        host = SimulatedHost(profile, args.port)
    except OSError as exc:
        print(
            _("✖ Cannot listen on 127.0.0.1:{port}: {reason}").format(
                port=args.port, reason=exc.strerror
            ),
            file=sys.stderr,
        )
        return 1
    print(f"DOCKER_HOST={host.url}", flush=True)
    print(
        _(
            "Simulated host: {profile} ({title}). Recorded outputs, not a real engine. "
            "Stop with Ctrl+C."
        ).format(profile=profile.id, title=_(profile.title)),
        file=sys.stderr,
        flush=True,
    )
    try:
        host.serve_forever(idle_exit=args.idle_exit)
    except KeyboardInterrupt:
        pass
    finally:
        host.stop()
    return 0
