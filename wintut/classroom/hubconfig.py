"""The one-machine hub configuration, as a function both the sample config and the demo call.

``deploy/jupyterhub_config.py`` is the teacher's file: it calls :func:`configure` with the class's
settings. In the style of The Littlest JupyterHub, each learner is a system user
(``LocalProcessSpawner``) so nobody can read another's token or files; every spawn goes through
:func:`wintut.classroom.guard.refuse_docker_socket`, so no learner's server can use the host's
Docker socket, and each learner gets a simulated host (``WINTUT_SIMULATE``) instead.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from wintut.classroom import (
    ACCESS_SCOPE,
    DEFAULT_PROFILE,
    INSTRUCTORS,
    LEARNERS,
    ROOM_SCOPE,
    SERVICE_NAME,
    URL_VARIABLE,
)
from wintut.classroom.guard import DockerSocketRefused, learner_environment, socket_reachers
from wintut.i18n import _, pgettext

READ_SCOPE = f"read:services!service={SERVICE_NAME}"
SERVER_TOKEN_SCOPES = [
    "users:activity!user",
    "access:servers!server",
    ACCESS_SCOPE,  # the default server token lacks it; kept only for users whose role grants it
    READ_SCOPE,  # lets wintut ask the hub where the service is, if WINTUT_CLASS_URL is unset
]


def proxy_command() -> list[str]:
    """configurable-http-proxy from PATH, else next to this Python (a venv), else the bare name."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return [found]
    beside = Path(sys.executable).parent / "configurable-http-proxy"
    return [str(beside)] if beside.exists() else ["configurable-http-proxy"]


def make_pre_spawn_hook(
    profiles: Mapping[str, str], default_profile: str, *, guard: bool = True
) -> Callable[[Any], None]:
    """The hook: refuse a server that could reach the socket, then pick the learner's host."""

    def hook(spawner: Any) -> None:
        name = spawner.user.name
        if guard:
            reasons = socket_reachers(name)
            if reasons:
                raise DockerSocketRefused(
                    _(
                        "wintut class will not start {name}'s server: {reasons}. A Docker socket "
                        "is root on this machine: take the user out of that group, never spawn "
                        "as root. Learners get a simulated host instead."
                    ).format(name=name, reasons=pgettext("joins reasons", "; ").join(reasons))
                )
        learner_environment(spawner.environment, profiles.get(name, default_profile))

    return hook


def configure(
    c: Any,
    *,
    state: str | os.PathLike[str],
    learners: Iterable[str],
    instructors: Iterable[str],
    port: int = 8000,
    hub_port: int = 8081,
    proxy_api_port: int = 8001,
    service_port: int = 8090,
    bind_ip: str = "127.0.0.1",
    profile: str = DEFAULT_PROFILE,
    profiles: Mapping[str, str] | None = None,
    stuck_minutes: float = 10.0,
    refresh: int = 10,
    class_db: str | None = None,
) -> None:
    """Fill the hub config ``c`` for a class on one machine.

    Args:
        state: folder for the hub's database, cookie secret and the class service's SQLite.
        learners, instructors: system user names; instructors see the room view.
        bind_ip: where the proxy listens (loopback by default; put TLS in front to open it).
        profile: the simulated host every learner gets; ``profiles`` sets one per learner.
        class_db: a SQLAlchemy URL for the service instead of SQLite in ``state``.
    """
    state = Path(state)
    state.mkdir(parents=True, exist_ok=True)
    learners, instructors = sorted(set(learners)), sorted(set(instructors))

    c.JupyterHub.bind_url = f"http://{bind_ip}:{port}"
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{hub_port}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api_port}"
    c.ConfigurableHTTPProxy.command = proxy_command()
    c.JupyterHub.db_url = "sqlite:///" + str(state / "jupyterhub.sqlite")
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

    c.JupyterHub.authenticator_class = "pam"  # the system users' own passwords
    c.Authenticator.allowed_users = set(learners) | set(instructors)
    c.JupyterHub.spawner_class = "localprocess"  # one system user per learner
    c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]  # the hub's PATH may lack it
    c.Spawner.default_url = "/lab"
    c.Spawner.server_token_scopes = list(SERVER_TOKEN_SCOPES)
    # No JupyterHub variable tells a server where the proxy is: say where the service is.
    c.Spawner.environment = {URL_VARIABLE: f"http://127.0.0.1:{port}/services/{SERVICE_NAME}/"}
    c.Spawner.pre_spawn_hook = make_pre_spawn_hook(dict(profiles or {}), profile)

    service_env = {
        "WINTUT_CLASS_STUCK_MINUTES": str(stuck_minutes),
        "WINTUT_CLASS_REFRESH": str(refresh),
    }
    service_env["WINTUT_CLASS_DB" if class_db else "WINTUT_CLASS_DATA"] = class_db or str(
        state / "class-service"
    )
    if os.environ.get("WINTUT_LANG"):  # the hub keeps LANG for its services, not ours
        service_env["WINTUT_LANG"] = os.environ["WINTUT_LANG"]
    c.JupyterHub.services = [
        {
            "name": SERVICE_NAME,
            "url": f"http://127.0.0.1:{service_port}",
            "command": [sys.executable, "-m", "wintut.classroom.service"],
            "environment": service_env,
            "oauth_no_confirm": True,
            "oauth_client_allowed_scopes": [ROOM_SCOPE],
            "display": True,
        }
    ]
    c.JupyterHub.custom_scopes = {
        ROOM_SCOPE: {"description": "See the whole wintut class: the room view, CSV and API."}
    }
    c.JupyterHub.load_groups = {
        LEARNERS: {"users": learners},
        INSTRUCTORS: {"users": instructors},
    }
    c.JupyterHub.load_roles = [
        {
            "name": "wintut-learner",
            "scopes": [ACCESS_SCOPE, READ_SCOPE],
            "groups": [LEARNERS, INSTRUCTORS],
        },
        {"name": "wintut-instructor", "scopes": [ROOM_SCOPE], "groups": [INSTRUCTORS]},
        {"name": "wintut-class-service", "scopes": ["read:groups"], "services": [SERVICE_NAME]},
    ]
