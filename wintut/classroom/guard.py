"""Keep the host's Docker socket away from learners' servers.

A Docker socket is root on its machine (Docker's docs: "The docker group grants root-level
privileges to the user"), and a learner's kernel runs any code. So the sample hub
config's pre-spawn hook (:func:`wintut.classroom.hubconfig.make_pre_spawn_hook`) refuses a
server whose user could open the socket (root, a member of the socket's group, or a socket
others may write), and hands the server no ``DOCKER_HOST`` but a simulated host
(``WINTUT_SIMULATE``) instead.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from typing import Any

from wintut.classroom import DEFAULT_PROFILE
from wintut.i18n import _

SOCKET = "/var/run/docker.sock"


class DockerSocketRefused(RuntimeError):
    """The learner's server would be able to use the host's Docker socket."""


def socket_reachers(user: str, socket: str | None = None) -> list[str]:
    """Why ``user`` (a system user) could open ``socket``; empty when they cannot."""
    socket = socket or SOCKET
    try:
        info = os.stat(socket)
    except OSError:
        return []  # no socket on this machine: nothing to reach
    try:
        account = pwd.getpwnam(user)
    except KeyError:
        return [
            _("{user} is not a system user, so the server would run as the hub's own user").format(
                user=user
            )
        ]
    reasons = []
    if account.pw_uid == 0:
        reasons.append(_("{user} is root").format(user=user))
    if account.pw_uid == info.st_uid and info.st_mode & stat.S_IWUSR:
        reasons.append(_("{user} owns {socket}").format(user=user, socket=socket))
    groups = {account.pw_gid} | {g.gr_gid for g in grp.getgrall() if user in g.gr_mem}
    if info.st_gid in groups and info.st_mode & stat.S_IWGRP:
        reasons.append(
            _("{user} is in the group {group} that may write {socket}").format(
                user=user, group=_group_name(info.st_gid), socket=socket
            )
        )
    if info.st_mode & stat.S_IWOTH:
        reasons.append(_("anyone may write {socket}").format(socket=socket))
    return reasons


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def learner_environment(environment: dict[str, Any], profile: str | None = None) -> None:
    """No ``DOCKER_HOST`` from the hub; a simulated host unless the teacher chose one."""
    for name in ("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"):
        environment.pop(name, None)
    environment.setdefault("WINTUT_SIMULATE", profile or DEFAULT_PROFILE)
