"""`wintut class demo`: a real JupyterHub on loopback, for a teacher to try and for the tests.

It writes a hub config that calls the sample's :func:`~wintut.classroom.hubconfig.configure`,
then changes what a one-machine demo cannot have: logins are dummy (any password) and every
server runs as the hub's own user through ``SimpleLocalProcessSpawner``, so the demo's learners
share one uid and could read each other's files and tokens. That is for trying only; a class
uses the sample config's separate system users. Every learner gets a simulated host.

A token-only ``wintut-demo-driver`` service (admin of users, servers, tokens) lets the demo and
the tests make users, start servers and issue tokens through the hub's REST API.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wintut.classroom import DEFAULT_PROFILE, SERVICE_NAME
from wintut.i18n import _

DRIVER = "wintut-demo-driver"
START_SECONDS = 60.0


class DemoError(RuntimeError):
    """The demo hub could not start or answer; the message says what to do."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def learner_names(count: int) -> list[str]:
    return [f"learner{n:02d}" for n in range(1, count + 1)]


CONFIG = """\
# Written by `wintut class demo`: the sample one-machine config, made a loopback demo.
import json, os
from wintut.classroom.demo import demo_config
demo_config(get_config(), json.load(open(os.path.join(os.path.dirname(__file__), "demo.json"))))
"""


def demo_config(c: Any, settings: dict[str, Any]) -> None:
    """The sample config, then the demo's changes (called from the written config file)."""
    from wintut.classroom.hubconfig import configure, make_pre_spawn_hook

    configure(
        c,
        state=settings["state"],
        learners=settings["learners"],
        instructors=settings["instructors"],
        port=settings["port"],
        hub_port=settings["hub_port"],
        proxy_api_port=settings["proxy_api_port"],
        service_port=settings["service_port"],
        profile=settings["profile"],
        stuck_minutes=settings["stuck_minutes"],
        refresh=settings.get("refresh", 10),
    )
    if settings.get("proxy"):
        c.ConfigurableHTTPProxy.command = [settings["proxy"]]
    c.JupyterHub.services.append({"name": DRIVER, "api_token": settings["driver_token"]})
    c.JupyterHub.load_roles.append(
        {
            "name": DRIVER,
            "services": [DRIVER],
            "scopes": ["admin:users", "admin:servers", "admin:groups", "tokens", "list:users"],
        }
    )
    c.JupyterHub.authenticator_class = "dummy"  # any password: a demo on loopback only
    c.Authenticator.allow_all = True
    if settings.get("system_users"):
        # The sample's own LocalProcessSpawner and socket guard: the names are system users.
        if settings.get("server_python"):  # a Python the learners' uids may run
            c.Spawner.cmd = [settings["server_python"], "-m", "jupyterhub.singleuser"]
            env = dict(c.Spawner.environment)
            env["PYTHONPATH"] = settings["server_pythonpath"]
            c.Spawner.environment = env
        return
    # SimpleLocalProcessSpawner: every learner runs as the hub's own uid (demo and tests only).
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(
        Path(settings["state"]) / "homes/{username}"
    )
    # The learners are not system users here, so the guard cannot tell their uid: it is the hub's.
    c.Spawner.pre_spawn_hook = make_pre_spawn_hook({}, settings["profile"], guard=False)
    if os.getuid() == 0:
        c.Spawner.args = ["--allow-root"]  # else jupyter-server exits at once as root


@dataclass
class Demo:
    """A running demo hub. ``with Demo(state, learners=3) as demo: ...`` stops it at the end."""

    state: Path
    learners: int = 3
    instructors: int = 1
    profile: str = DEFAULT_PROFILE
    stuck_minutes: float = 10.0
    refresh: int = 10
    proxy: str | None = None
    port: int = 0
    names: list[str] | None = None
    """System user names to use as learners (the sample's separate users) instead of demo ones."""
    server_python: str | None = None
    """With ``names``: the interpreter learners' servers run, and its ``PYTHONPATH``."""
    server_pythonpath: str = ""
    process: subprocess.Popen | None = None
    driver_token: str = field(default_factory=lambda: secrets.token_hex(32))
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def learner_names(self) -> list[str]:
        return list(self.names) if self.names else learner_names(self.learners)

    @property
    def instructor_names(self) -> list[str]:
        return ["teacher"] + [f"teacher{n}" for n in range(2, self.instructors + 1)]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['port']}/"

    @property
    def service_url(self) -> str:
        return f"{self.url}services/{SERVICE_NAME}/"

    @property
    def log_path(self) -> Path:
        return self.state / "jupyterhub.log"

    def write_config(self) -> Path:
        self.state.mkdir(parents=True, exist_ok=True)
        self.ports = {
            "port": self.port or free_port(),
            "hub_port": free_port(),
            "proxy_api_port": free_port(),
            "service_port": free_port(),
        }
        settings = {
            "state": str(self.state),
            "learners": self.learner_names,
            "instructors": self.instructor_names,
            "profile": self.profile,
            "stuck_minutes": self.stuck_minutes,
            "refresh": self.refresh,
            "proxy": self.proxy,
            "driver_token": self.driver_token,
            "system_users": bool(self.names),
            "server_python": self.server_python,
            "server_pythonpath": self.server_pythonpath,
            **self.ports,
        }
        (self.state / "demo.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
        (self.state / "demo.json").chmod(0o600)  # it holds the driver's admin token
        path = self.state / "jupyterhub_config.py"
        path.write_text(CONFIG, encoding="utf-8")
        return path

    def start(self, spawn: bool = False) -> Demo:
        config = self.write_config()
        hub = Path(sys.executable).parent / "jupyterhub"
        command = [str(hub) if hub.exists() else "jupyterhub", "-f", str(config)]
        log = open(self.log_path, "ab")  # noqa: SIM115 - the hub writes it while it runs
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        try:
            self.process = subprocess.Popen(
                command,
                cwd=self.state,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise DemoError(
                _("could not run jupyterhub ({error}): pip install 'wintut[class]'").format(
                    error=exc
                )
            ) from exc
        finally:
            log.close()
        self.wait_ready()
        if spawn:
            for name in self.learner_names:
                self.spawn(name)
        return self

    def wait_ready(self, limit: float = START_SECONDS) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise DemoError(_("the hub exited at once; its log:") + f"\n{self.log_tail()}")
            try:
                # Through the proxy: it answers 404 until the hub has added its routes.
                if self.http("GET", self.url + "hub/health", token=None)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)  # polling a starting hub
        said = _("the hub did not answer in {seconds} s; its log:").format(seconds=f"{limit:.0f}")
        raise DemoError(f"{said}\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return _("(no log)")

    def http(
        self,
        method: str,
        url: str,
        body: Any = None,
        token: str | None = "driver",
        timeout: float = 10.0,
    ) -> tuple[int, Any]:
        """One request; ``token="driver"`` uses the demo's admin token. Returns (status, JSON)."""
        headers = {"Content-Type": "application/json"}
        if token == "driver":
            token = self.driver_token
        if token:
            headers["Authorization"] = f"token {token}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                raw = answer.read()
                status = answer.status
        except urllib.error.HTTPError as exc:
            with exc:
                raw, status = exc.read(), exc.code
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode("utf-8", errors="replace")

    def api(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        return self.http(method, f"{self.url}hub/api/{path}", body)

    def spawn(self, name: str, limit: float = 90.0) -> None:
        """Start ``name``'s server and wait until the hub says it is ready."""
        status, answer = self.api("POST", f"users/{name}/server")
        if status not in (201, 202, 400):  # 400: already running
            raise DemoError(
                _("could not start {name}'s server: {answer}").format(
                    name=name, answer=f"{status} {answer}"
                )
            )
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            status, model = self.api("GET", f"users/{name}")
            server = (model or {}).get("servers", {}).get("", {}) if status == 200 else {}
            if server.get("ready"):
                return
            time.sleep(0.3)  # polling the hub's own spawn state
        said = _("{name}'s server was not ready in {seconds} s:").format(
            name=name, seconds=f"{limit:.0f}"
        )
        raise DemoError(f"{said}\n{self.log_tail()}")

    def token_for(self, name: str, scopes: list[str] | None = None) -> str:
        """A new API token of ``name`` (all their scopes, or only ``scopes``)."""
        body: dict[str, Any] = {"note": "wintut class demo", "expires_in": 86400}
        if scopes is not None:
            body["scopes"] = scopes
        status, answer = self.api("POST", f"users/{name}/tokens", body)
        if status != 201:
            raise DemoError(
                _("no token for {name}: {answer}").format(name=name, answer=f"{status} {answer}")
            )
        return str(answer["token"])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the hub stops its servers and the service
        try:
            self.process.wait(timeout=45)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> Demo:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
