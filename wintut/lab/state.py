"""Where the lab keeps its files, and which of its processes are really alive.

Layout under :func:`lab_home` (``$WINTUT_HOME/lab``, else platformdirs' user data dir)::

    state.json        what `up` started and where (removed by `down`)
    registry.yml      the registry's configuration
    registry/         the registry's storage (kept between runs: a warm `up` reuses it)
    registry.pid      {"pid": …, "marker": …}
    index.pid
    registry.log, index.log

A pidfile is trusted only when its process is alive AND its command line still carries the
pidfile's marker (a path inside the lab home): after a kill, or a reboot that reuses the pid,
a stale pidfile is recognised and removed, never obeyed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
REGISTRY_PORT = 5380
"""Fixed: dockerd here and in CI runs with ``--registry-mirror http://127.0.0.1:5380``."""
INDEX_PORT = 5381


def lab_home() -> Path:
    """The lab's directory (not created here)."""
    home = os.environ.get("WINTUT_HOME")
    if home:
        return Path(home) / "lab"
    from platformdirs import user_data_dir

    # appauthor=False as in progress.home(): on Windows the default nests wintut twice
    return Path(user_data_dir("wintut", appauthor=False)) / "lab"


def state_file() -> Path:
    return lab_home() / "state.json"


def read_state() -> dict[str, Any] | None:
    """What the last `up` recorded, or ``None`` (never raises for a missing or broken file)."""
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_state(data: dict[str, Any]) -> None:
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a file


def clear_state() -> None:
    state_file().unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# Processes


def pid_alive(pid: int) -> bool:
    """True when a process with this id exists (without touching it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would TERMINATE it on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else (so: not ours, see command_line)
    try:  # a zombie (our own exited child not yet reaped) is not alive
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def command_line(pid: int) -> str | None:
    """The process's command line, or ``None`` when this platform cannot tell."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        return raw.replace(b"\0", b" ").decode("utf-8", "replace")
    except FileNotFoundError:
        if Path("/proc/self").exists():
            return ""  # Linux, and the process is gone
    except OSError:
        return ""
    if sys.platform == "win32":
        return None
    try:  # macOS and other Unixes
        out = subprocess.run(
            ["ps", "-p", str(pid), "-o", "command="],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


@dataclass(frozen=True)
class PidFile:
    """One lab process's pidfile."""

    path: Path

    def write(self, pid: int, marker: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"pid": pid, "marker": marker}), encoding="utf-8")

    def read(self) -> tuple[int, str] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return int(data["pid"]), str(data["marker"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def live_pid(self) -> int | None:
        """The pid when it is alive and still ours; ``None`` otherwise (stale or absent)."""
        found = self.read()
        if found is None:
            return None
        pid, marker = found
        if not pid_alive(pid):
            return None
        cmdline = command_line(pid)
        if cmdline is not None and marker not in cmdline:
            return None  # the pid was reused by another program
        return pid

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def find_by_marker(marker: str, also: str) -> list[int]:
    """Live processes with both ``marker`` and ``also`` as whole arguments (Linux; else ``[]``).

    Finds lab processes whose pidfile was lost (killed between spawn and pidfile write). Whole
    arguments, so a shell or editor that merely mentions the path is never taken for ours.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker.encode() in args and also.encode() in args and pid_alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def stop_pid(pid: int, timeout: float = 5.0) -> None:
    """Ask the process to stop (SIGTERM), wait up to ``timeout``, then kill it."""
    try:
        os.kill(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not pid_alive(pid):
            return
        time.sleep(0.05)
    try:
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (ProcessLookupError, PermissionError):
        return
    # wait for the kill to land: its ports stay taken until the process is gone
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        _reap(pid)
        if not pid_alive(pid):
            return
        time.sleep(0.05)


def _reap(pid: int) -> None:
    """Collect the exit status if the process is our own child (else a zombie lingers)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def spawn(argv: list[str], log: Path, cwd: Path | None = None) -> int:
    """Start ``argv`` detached from this terminal (it outlives `wintut lab up`); returns its pid."""
    log.parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {}
    if sys.platform == "win32":
        kwargs["creationflags"] = 0x00000008 | 0x00000200  # DETACHED | NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True  # Ctrl-C in the terminal does not reach it
    with open(log, "wb") as out:  # one run per log: it never grows across runs
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=str(cwd) if cwd else None,
            **kwargs,
        )
    # Deliberately detached: we never wait() for it (`down` stops it by pid and reaps it), so
    # tell Popen not to warn "still running" when this object is garbage-collected.
    process.returncode = 0
    return process.pid
