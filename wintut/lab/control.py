"""`wintut lab up | down | status | seed`: start, stop, inspect and fill the offline lab.

``up`` starts the registry (the daemon's Docker Hub mirror, and the home of the Windows-only
stand-ins) and the search index, each as its own process with a pidfile, then pushes any
stand-in the registry lacks. ``down`` stops exactly what ``up`` started. Both recover from a
previous run that was killed: stale pidfiles are recognised and removed (see :mod:`.state`).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wintut.errors import EngineError, LabError
from wintut.i18n import N_, _, ngettext
from wintut.lab import standins
from wintut.lab import state as st
from wintut.lab.index import DEFAULT_DATA
from wintut.lab.labstatus import LabStatus
from wintut.lab.probe import find_lab, index_alive
from wintut.lab.registry import CONTAINER_IMAGE, INSTALL_HINT, RegistryClient, find_binary
from wintut.lab.registry import write_config as write_registry_config

Say = Callable[[str], None]
READY_TIMEOUT = 15.0
CONTAINER_NAME = "wintut-lab-registry"
LAN_WARNING = N_(
    "⚠ The lab listens on {host}: anyone on this network can pull from its registry "
    "(no password, plain HTTP) and push to it. Use it only on a workshop network you trust."
)


def _quiet(line: str) -> None:
    pass


@dataclass(frozen=True)
class Ports:
    registry: int = st.REGISTRY_PORT
    index: int = st.INDEX_PORT


def _local(host: str) -> str:
    """The address a client on this machine uses for a server listening on ``host``."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def _addr(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def pidfiles() -> dict[str, st.PidFile]:
    """The lab's pidfiles, by process (``registry``, ``index``)."""
    home = st.lab_home()
    return {"registry": st.PidFile(home / "registry.pid"), "index": st.PidFile(home / "index.pid")}


def markers() -> dict[str, str]:
    """What each lab process carries on its command line (how a pid is known to be ours)."""
    home = st.lab_home()
    return {"registry": str(home / "registry.yml"), "index": f"wintut-lab-index:{home}"}


# A second whole argument each lab process has (see state.find_by_marker).
_PROGRAM_ARGS = {"registry": "serve", "index": "wintut.lab.index"}


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if sys.platform != "win32":  # TIME_WAIT leftovers of a stopped lab must not count
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _port_frees(host: str, port: int, seconds: float = 2.0) -> bool:
    """True once ``port`` can be bound; a process stopped a moment ago may still hold it."""
    deadline = time.monotonic() + seconds
    while not _port_free(host, port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _port_taken(host: str, port: int, what: str) -> LabError:
    return LabError(
        _(
            "Port {port} on {host} is already in use by another program, so the lab's {what} "
            "cannot start there. Find it with {linux} (Linux) or {windows} (Windows), stop it, "
            "then run `wintut lab up` again."
        ).format(
            port=port,
            host=host,
            what=_(what),
            linux=f"`ss -ltnp 'sport = :{port}'`",
            windows=f"`netstat -ano | findstr :{port}`",
        )
    )


def _wait(check: Callable[[], bool], pid: int | None, what: str, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        if pid is not None and not st.pid_alive(pid):
            break
        time.sleep(0.05)
    tail = ""
    with contextlib.suppress(OSError):
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-5:])
    said = _("The lab's {what} did not start (log: {log}).").format(what=_(what), log=log)
    raise LabError(f"{said}\n{tail}".rstrip())


def _clean_stale(name: str, say: Say) -> int | None:
    """The live pid of ``name``; stale pidfiles and orphans of a killed run are dealt with."""
    pidfile, marker = pidfiles()[name], markers()[name]
    pid = pidfile.live_pid()
    if pid is None and pidfile.read() is not None:
        pidfile.remove()
        say(_("  removed a stale {name} pidfile (its process is gone)").format(name=name))
    if pid is None:
        for orphan in st.find_by_marker(marker, _PROGRAM_ARGS[name]):
            say(
                _(
                    "  stopping an orphaned lab {name} (pid {pid}) left by an interrupted run"
                ).format(name=name, pid=orphan)
            )
            st.stop_pid(orphan)
    return pid


def _start_registry(host: str, port: int, say: Say, engine: Any) -> tuple[str, int | None]:
    home = st.lab_home()
    config = home / "registry.yml"
    binary = find_binary()
    if binary:
        write_registry_config(config, home / "registry", _addr(host, port))
        pid = st.spawn([binary, "serve", str(config)], home / "registry.log")
        pidfiles()["registry"].write(pid, markers()["registry"])
        say(
            _("  registry: {binary} (pid {pid}) on {address}").format(
                binary=binary, pid=pid, address=_addr(host, port)
            )
        )
        return "binary", pid
    engine = engine or _get_engine()
    try:
        has_image = engine.inspect_image(CONTAINER_IMAGE) is not None
    except EngineError:
        has_image = False
    if not has_image:
        raise LabError(_("No registry is available to the lab. {fix}").format(fix=_(INSTALL_HINT)))
    engine.stop_service(CONTAINER_NAME)
    engine.start_service(
        CONTAINER_IMAGE,
        name=CONTAINER_NAME,
        ports={"5000/tcp": (host, port)},
        labels={"wintut.lab": "registry"},
    )
    say(
        _("  registry: the {image} image (container {name}) on {address}").format(
            image=CONTAINER_IMAGE, name=CONTAINER_NAME, address=f"{host}:{port}"
        )
    )
    return "container", None


def _get_engine() -> Any:
    """The machine's own engine: the lab's registry container never runs on a simulated host."""
    from wintut.engine import Engine

    return Engine()


def up(
    listen: str = st.DEFAULT_HOST,
    *,
    ports: Ports | None = None,
    standins_too: bool = True,
    engine: Any = None,
    say: Say = _quiet,
) -> LabStatus:
    """Start the lab (idempotent: what already runs is kept) and push missing stand-ins.

    Args:
        listen: the address to bind; anything but loopback exposes the lab to the network.
        ports: registry and index ports (the defaults are what the daemon's mirror expects).
        standins_too: push the stand-in images the registry lacks.
        engine: the engine for the ``registry:2`` fallback (default: the course's engine).
        say: where progress lines go.

    Raises:
        LabError: a port is taken, no registry is available, or a server did not start.
    """
    ports = ports or Ports()
    home = st.lab_home()
    home.mkdir(parents=True, exist_ok=True)
    if not (listen.startswith("127.") or listen in ("localhost", "::1")):
        say(_(LAN_WARNING).format(host=listen))
    previous = st.read_state() or {}
    local = _local(listen)
    registry_addr, index_addr = _addr(local, ports.registry), _addr(local, ports.index)
    client = RegistryClient(registry_addr)
    moved = (previous.get("registry"), previous.get("index")) != (registry_addr, index_addr)
    if previous and moved and any(f.live_pid() for f in pidfiles().values()):
        raise LabError(
            _(
                "The lab already runs on {registry} and {index}. "
                "Run `wintut lab down` first to start it elsewhere."
            ).format(registry=previous.get("registry"), index=previous.get("index"))
        )
    started: list[str] = []
    mode = previous.get("mode")
    try:
        if _clean_stale("registry", say) is not None or (mode == "container" and client.ping()):
            say(_("  registry: already running on {address}").format(address=registry_addr))
        else:
            if not _port_frees(listen, ports.registry):
                raise _port_taken(listen, ports.registry, N_("registry"))
            mode, pid = _start_registry(listen, ports.registry, say, engine)
            started.append("registry")
            _wait(client.ping, pid, N_("registry"), home / "registry.log")
        if _clean_stale("index", say) is not None:
            say(_("  index: already running on {address}").format(address=index_addr))
        else:
            if not _port_frees(listen, ports.index):
                raise _port_taken(listen, ports.index, N_("search index"))
            data = DEFAULT_DATA  # the index reads it as package data: no --data, zip-safe
            argv = [
                sys.executable,
                "-m",
                "wintut.lab.index",
                "--listen",
                _addr(listen, ports.index),
                "--marker",
                markers()["index"],
            ]
            pid = st.spawn(argv, home / "index.log")
            pidfiles()["index"].write(pid, markers()["index"])
            started.append("index")
            say(
                _("  index: {data} (pid {pid}) on {address}").format(
                    data=data.name, pid=pid, address=_addr(listen, ports.index)
                )
            )
            _wait(lambda: index_alive(index_addr), pid, N_("search index"), home / "index.log")
        st.write_state(
            {
                "registry": registry_addr,
                "index": index_addr,
                "listen": listen,
                "mode": mode,
                "started": time.time(),
            }
        )
        if standins_too:
            missing = standins.missing(client)
            if missing:
                say(
                    ngettext(
                        "  {count} stand-in image(s) missing: building and pushing the "
                        "stand-ins (offline, labelled org.wintut.stand-in=true)",
                        "  {count} stand-in image(s) missing: building and pushing the "
                        "stand-ins (offline, labelled org.wintut.stand-in=true)",
                        len(missing),
                    ).format(count=len(missing))
                )
                standins.seed_standins(client, lambda line: say(f"    {line}"))
    except BaseException:
        for name in reversed(started):  # leave nothing half-started behind
            _stop(name, _quiet, engine, mode)
        if started:
            st.clear_state()
        raise
    return status()


def _stop(name: str, say: Say, engine: Any = None, mode: str | None = None) -> bool:
    """Stop one lab process (or the registry container); True when something was stopped."""
    stopped = False
    pidfile = pidfiles()[name]
    pid = pidfile.live_pid()
    if pid is not None:
        st.stop_pid(pid)
        say(_("✔ stopped the lab {name} (pid {pid})").format(name=name, pid=pid))
        stopped = True
    elif pidfile.read() is not None:
        say(_("  removed a stale {name} pidfile (its process was already gone)").format(name=name))
    pidfile.remove()
    for orphan in st.find_by_marker(markers()[name], _PROGRAM_ARGS[name]):
        st.stop_pid(orphan)
        say(_("✔ stopped an orphaned lab {name} (pid {pid})").format(name=name, pid=orphan))
        stopped = True
    if name == "registry" and (mode or (st.read_state() or {}).get("mode")) == "container":
        try:
            if (engine or _get_engine()).stop_service(CONTAINER_NAME):
                say(_("✔ removed the registry container {name}").format(name=CONTAINER_NAME))
                stopped = True
        except EngineError as exc:
            say(
                _("⚠ could not remove the registry container: {reason}").format(
                    reason=exc.problem.message
                )
            )
    return stopped


def down(*, engine: Any = None, say: Say = _quiet) -> bool:
    """Stop everything ``up`` started. Returns False when nothing was running (not an error)."""
    stopped = [_stop(name, say, engine) for name in ("index", "registry")]
    st.clear_state()
    if not any(stopped):
        say(_("Nothing to stop: the wintut lab is not running."))
    return any(stopped)


def status(mirrors: tuple[str, ...] = ()) -> LabStatus:
    """What runs, where, and what the registry holds. Never raises.

    A lab that answers counts as running even when another ``WINTUT_HOME`` started it (its
    pids and files are then not ours to show); ``mirrors`` are the engine's, asked as well.
    """
    saved = st.read_state() or {}
    found = find_lab(mirrors)
    local = _local(str(saved.get("listen", st.DEFAULT_HOST)))
    registry = (
        found.registry if found else str(saved.get("registry") or _addr(local, st.REGISTRY_PORT))
    )
    index = found.index if found else str(saved.get("index") or _addr(local, st.INDEX_PORT))
    pids = {name: pid for name, f in pidfiles().items() if (pid := f.live_pid()) is not None}
    client = RegistryClient(registry, timeout=2.0)
    # Nothing found: nothing answered where a lab could be (or WINTUT_LAB_REGISTRY=none).
    registry_up = found is not None and client.ping()
    index_up = found is not None and index_alive(index)
    try:
        repositories = client.catalog() if registry_up else {}
    except LabError:
        repositories = {}
    return LabStatus(
        running=registry_up and index_up,
        registry=registry,
        index=index,
        registry_up=registry_up,
        index_up=index_up,
        listen=str(saved.get("listen", st.DEFAULT_HOST)),
        mode=saved.get("mode") if saved else None,
        home=str(st.lab_home()),
        found_by=found.found_by if found else "",
        pids=pids,
        repositories=repositories,
    )
