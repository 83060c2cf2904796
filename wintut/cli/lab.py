"""`wintut lab up | down | status | seed`: the offline lab, for workshops and CI."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wintut.i18n import _


def register(subparsers: Any) -> None:
    lab = subparsers.add_parser(
        "lab",
        help=_("the offline lab: local registry, Docker Hub mirror, stand-ins, search index"),
    )
    commands = lab.add_subparsers(dest="lab_command", metavar="ACTION")
    lab.set_defaults(func=lambda args: (lab.print_help(), 2)[1])

    up = commands.add_parser("up", help=_("start the registry and the search index"))
    up.add_argument(
        "--listen",
        metavar="ADDR",
        default="127.0.0.1",
        help=_("address to bind (default 127.0.0.1; e.g. 0.0.0.0 exposes the lab to the LAN)"),
    )
    up.add_argument("--registry-port", type=int, default=5380, metavar="PORT")
    up.add_argument("--index-port", type=int, default=5381, metavar="PORT")
    up.add_argument(
        "--no-stand-ins", action="store_true", help=_("do not push the stand-in images")
    )
    up.set_defaults(func=run_up)

    down = commands.add_parser("down", help=_("stop everything `lab up` started"))
    down.set_defaults(func=run_down)

    status = commands.add_parser("status", help=_("what runs, where, and what it holds"))
    status.add_argument("--json", action="store_true", help=_("print the status as JSON"))
    status.set_defaults(func=run_status)

    seed = commands.add_parser(
        "seed", help=_("copy images this engine has (or can pull) into the lab registry")
    )
    seed.add_argument("images", nargs="+", metavar="IMAGE")
    seed.add_argument("--host", metavar="URL", help=_("engine address (default: resolved)"))
    seed.set_defaults(func=run_seed)


def _say(line: str) -> None:
    print(line, flush=True)


def run_up(args: argparse.Namespace) -> int:
    from wintut.errors import EngineError, LabError
    from wintut.lab.control import Ports, up
    from wintut.lab.seed import daemon_json

    print(_("Starting the wintut lab (files in {folder})").format(folder=_home()), flush=True)
    try:
        found = up(
            args.listen,
            ports=Ports(args.registry_port, args.index_port),
            standins_too=not args.no_stand_ins,
            say=_say,
        )
    except LabError as exc:
        print(f"✖ {exc}", file=sys.stderr)
        return 1
    except EngineError as exc:  # only the registry:2 fallback asks the engine
        print(f"✖ {exc.problem}", file=sys.stderr)
        return 1
    print(found)
    if found.running:
        shown = (
            found.registry
            if args.listen.startswith("127.")
            else f"THIS-MACHINE:{args.registry_port}"
        )
        print(
            "\n"
            + _("Engines use the lab through these daemon.json lines (then restart the engine):")
            + "\n"
            + daemon_json(shown)
        )
        print(_("Search it: {command}").format(command=f"docker search {found.index}/microsoft"))
    return 0 if found.running else 1


def run_down(args: argparse.Namespace) -> int:
    from wintut.lab.control import down

    down(say=_say)
    return 0


def run_status(args: argparse.Namespace) -> int:
    from wintut.engine import Engine
    from wintut.lab.control import status

    # The engine's own mirrors are asked too: a lab another WINTUT_HOME started still counts.
    engine = Engine().status()
    mirrors = (
        (engine.info.get("RegistryConfig") or {}).get("Mirrors") or [] if engine.reachable else []
    )
    found = status(tuple(str(m) for m in mirrors))
    print(json.dumps(found.to_dict(), indent=2) if args.json else found)
    return 0 if found.running else 1


def run_seed(args: argparse.Namespace) -> int:
    from wintut.cli.args import engine_from
    from wintut.errors import EngineError, LabError
    from wintut.lab.control import status
    from wintut.lab.seed import daemon_json, seed

    found = status()
    if not found.registry_up:
        print(_("✖ The lab is not running: start it with `wintut lab up`."), file=sys.stderr)
        return 1
    engine = engine_from(args)
    try:
        seed(args.images, found.registry, engine, say=_say)
    except LabError as exc:
        print(f"✖ {exc}", file=sys.stderr)
        return 1
    except EngineError as exc:
        print(f"✖ {exc.problem}", file=sys.stderr)
        return 1
    print(
        "\n"
        + _(
            "Learners' engines need these daemon.json lines (use this machine's LAN address if "
            "the lab listens on the network; then restart the engine):"
        )
        + "\n"
        + daemon_json(found.registry)
    )
    return 0


def _home() -> str:
    from wintut.lab.state import lab_home

    return str(lab_home())
