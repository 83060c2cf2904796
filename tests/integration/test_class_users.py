"""The sample config's separate users, for real: LocalProcessSpawner, one system user each.

Runs as root only (CI does): it makes two throwaway system users and one in the ``docker``
group, starts the hub with the sample's spawner and socket guard (only the logins are dummy),
and shows that each learner's server runs as its own uid, that one learner cannot read the
other's server environment (where the hub token lives) or home, and that a user who could open
the host's Docker socket is refused at spawn with the reason.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import unavailable
from tests.integration.classhub import Kernel, need_class_parts

REPO = Path(__file__).resolve().parents[2]
pytestmark = [getattr(pytest.mark, "class"), pytest.mark.slow]


@pytest.fixture(scope="module")
def system_users():
    if os.getuid() != 0:
        unavailable("making system users needs root (CI runs as root)")
    tag = secrets.token_hex(3)
    names = [f"wtc{tag}a", f"wtc{tag}b", f"wtc{tag}d"]
    made = []
    try:
        for name in names:
            # As deploy/jupyterhub_config.py says: a home only its owner may enter.
            subprocess.run(
                ["useradd", "-m", "-K", "HOME_MODE=0700", "-s", "/bin/sh", name], check=True
            )
            made.append(name)
        if _socket_group():
            subprocess.run(["usermod", "-aG", _socket_group(), names[2]], check=True)
        yield names
    finally:
        for name in made:
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)  # their servers only
            subprocess.run(["userdel", "-r", name], check=False, capture_output=True)


def _socket_group() -> str | None:
    try:
        return grp.getgrgid(os.stat("/var/run/docker.sock").st_gid).gr_name
    except (OSError, KeyError):
        return None


@pytest.fixture(scope="module")
def hub(system_users, tmp_path_factory):
    need_class_parts()
    from wintut.classroom.demo import Demo

    state = tmp_path_factory.mktemp("class-users")
    demo = Demo(state, names=system_users, **_python_for_others())
    try:
        demo.start()
        yield demo
    finally:
        demo.stop()


def _python_for_others() -> dict:
    """This venv's interpreter may sit in a folder other users cannot enter (pyenv in /root).

    Then the servers run the system's Python of the same minor version on this venv's
    site-packages and this checkout (test-only; a real class installs wintut system-wide).
    """
    real = os.path.realpath(sys.executable)
    if _others_may_run(real):
        return {}
    system = shutil.which("python3", path="/usr/bin:/bin")
    if not system or not _others_may_run(os.path.realpath(system)):
        unavailable(f"no Python that other users may run ({real} is not)")
    version = subprocess.run(
        [system, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
    ).stdout.strip()
    if version != str(sys.version_info[:2]):
        unavailable(f"{system} is Python {version}, this venv {sys.version_info[:2]}")
    paths = [p for p in sys.path if p.endswith("site-packages")] + [str(REPO)]
    closed = [p for p in paths if not _others_may_enter(p)]
    if closed:
        # Not a missing part: this checkout sits where other users may not go (a private
        # mktemp folder, say), so a learner's server could not import wintut from it.
        pytest.skip(f"other users may not enter {closed[0]}, so no learner server can run it")
    return {"server_python": system, "server_pythonpath": os.pathsep.join(paths)}


def _others_may_enter(folder: str) -> bool:
    while folder not in ("/", ""):
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return False
        folder = os.path.dirname(folder)
    return True


def _others_may_run(path: str) -> bool:
    folder = os.path.dirname(path)
    while folder not in ("/", ""):
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return False
        folder = os.path.dirname(folder)
    return bool(os.stat(path).st_mode & stat.S_IXOTH)


def _server_pid(user: str) -> int:
    found = subprocess.run(
        ["pgrep", "-u", user, "-f", "jupyterhub.singleuser"], capture_output=True, text=True
    ).stdout.split()
    assert found, f"no server process runs as {user}"
    return int(found[0])


def test_each_learner_runs_as_their_own_user_and_cannot_read_the_other(hub, system_users):
    alice, bob, _ = system_users
    for name in (alice, bob):
        hub.spawn(name)
    for name in (alice, bob):
        assert os.stat(f"/proc/{_server_pid(name)}").st_uid == pwd.getpwnam(name).pw_uid
    kernel = Kernel(hub, alice, hub.token_for(alice))
    try:
        probe = (
            "import os\n"
            f"for path in ('/proc/{_server_pid(bob)}/environ', '{pwd.getpwnam(bob).pw_dir}'):\n"
            "    try:\n"
            "        open(path).read() if path.endswith('environ') else os.listdir(path)\n"
            "        print('read', path)\n"
            "    except PermissionError:\n"
            "        print('denied', path)\n"
            "print(os.getuid(), os.environ.get('WINTUT_SIMULATE'), 'DOCKER_HOST' in os.environ)\n"
        )
        lines = kernel.run(probe).splitlines()
    finally:
        kernel.close()
    assert [line.split()[0] for line in lines[:2]] == ["denied", "denied"], lines
    uid, profile, docker_host = lines[2].split()
    assert int(uid) == pwd.getpwnam(alice).pw_uid
    assert profile == hub.profile
    assert docker_host == "False"


def test_a_user_who_could_open_the_docker_socket_is_refused(hub, system_users):
    if _socket_group() is None:
        unavailable("no /var/run/docker.sock on this machine to guard")
    refused = system_users[2]
    status, answer = hub.api("POST", f"users/{refused}/server")
    assert status >= 400, (status, answer)
    assert "will not start" in hub.log_tail(20000)
    assert "docker.sock" in hub.log_tail(20000)
