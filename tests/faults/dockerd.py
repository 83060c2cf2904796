"""A private dockerd that a faults test starts, SIGKILLs, restarts and stops itself.

Its own socket, data root, exec root and pid file under one temporary folder, and its own
bridge, which the test makes and deletes: with ``--bridge=none`` dockerd 20.10 deletes the
machine's ``docker0`` (moby removes the default bridge interface whenever its own bridge is
disabled; seen here), and every later ``docker run`` on the other engine fails. No iptables.
Its Docker Hub mirror is the loopback registry proxy the test gives; any fallback to Docker Hub
goes through an HTTPS proxy on a closed loopback port, so it fails at once and no lookup or
connection leaves this machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

CLOSED_PORT = 9
"""127.0.0.1:9 (discard): nothing listens there in these tests; a connection is refused."""


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class PrivateDockerd:
    def __init__(self, mirror: str | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="wf-", dir="/tmp"))
        self.socket = self.root / "d.sock"
        self.url = f"unix://{self.socket}"
        self.mirror = mirror
        self.process: subprocess.Popen[bytes] | None = None
        self.bridge = f"wf{self.root.name[3:11]}"[:15]
        """Its own bridge interface (never docker0)."""
        self.log = self.root / "dockerd.log"

    # -- life ------------------------------------------------------------------------------

    def argv(self) -> list[str]:
        argv = [
            "dockerd",
            "-H",
            self.url,
            "--data-root",
            str(self.root / "data"),
            "--exec-root",
            str(self.root / "x"),
            "--pidfile",
            str(self.root / "dockerd.pid"),
            f"--bridge={self.bridge}",
            "--iptables=false",
            "--ip6tables=false",
        ]
        if self.mirror:
            argv += ["--registry-mirror", self.mirror]
        return argv

    def _make_bridge(self) -> None:
        if subprocess.run(["ip", "link", "show", self.bridge], capture_output=True).returncode == 0:
            return
        subnet = 10 + sum(self.bridge.encode()) % 200  # 10.231.N.0/24, N from the name
        for argv in (
            ["ip", "link", "add", self.bridge, "type", "bridge"],
            ["ip", "addr", "add", f"10.231.{subnet}.1/24", "dev", self.bridge],
            ["ip", "link", "set", self.bridge, "up"],
        ):
            subprocess.run(argv, capture_output=True, check=True, timeout=30)

    def start(self, timeout: float = 60.0) -> PrivateDockerd:
        self._make_bridge()
        env = {
            **os.environ,
            "HTTPS_PROXY": f"http://127.0.0.1:{CLOSED_PORT}",
            "HTTP_PROXY": f"http://127.0.0.1:{CLOSED_PORT}",
            "NO_PROXY": "127.0.0.1,localhost",
        }
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv(), stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while self.docker("version", check=False).returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the private dockerd did not start:\n{tail}")
            time.sleep(0.25)
        return self

    def kill9(self) -> None:
        """SIGKILL dockerd, as a crash would (its containerd and shims live on)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        with contextlib.suppress(FileNotFoundError):
            (self.root / "dockerd.pid").unlink()
        # Its containerd dies when its log pipe breaks; where no init reaps orphans it stays a
        # zombie, which dockerd's restart takes for a live containerd and waits on. Forget it.
        pidfile = self.root / "x" / "containerd" / "containerd.pid"
        try:
            pid = int(pidfile.read_text().strip())
        except (OSError, ValueError):
            return
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not _alive(pid):
            pidfile.unlink()

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Stop dockerd and the containerd it started (only those: by their pid files)."""
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        pidfile = self.root / "x" / "containerd" / "containerd.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
            time.sleep(1.0)
        # dockerd bind-mounts its data root on itself; a killed run may leave overlays mounted
        mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
        for mount in sorted((m for m in mounts if m.startswith(f"{self.root}/")), key=len)[::-1]:
            subprocess.run(["umount", "-l", mount], capture_output=True, check=False, timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True, check=False)

    # -- asking it -------------------------------------------------------------------------

    def docker(self, *args: str, check: bool = True, timeout: float = 120.0):
        return subprocess.run(
            ["docker", "-H", self.url, *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )

    def wintut_containers(self) -> list[str]:
        """Every ``wintut=1`` container, running or not, as ``NAME STATUS``."""
        listed = self.docker(
            "ps", "-a", "--filter", "label=wintut=1", "--format", "{{.Names}} {{.Status}}"
        )
        return [line for line in listed.stdout.splitlines() if line.strip()]
