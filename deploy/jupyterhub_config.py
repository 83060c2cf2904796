# A wintut class on one machine: JupyterHub + the `wintut class` service.
#
#   sudo jupyterhub -f deploy/jupyterhub_config.py          (from the venv that has wintut[class])
#
# In the style of The Littlest JupyterHub: every learner is a system user (LocalProcessSpawner),
# so learners cannot read each other's tokens or files. The hub runs as root to switch users;
# learners' servers never can use the host's /var/run/docker.sock: a learner who is root, or in
# the socket's group, is refused at spawn (the hook says why), and each gets a simulated host.
# Make the users first, each home private and NOT in the docker group:
#   sudo useradd -m -K HOME_MODE=0700 learner01   (Debian's default home mode 0755 lets learners
#   read each other's notebooks)
# The settings below are the knobs; wintut.classroom.hubconfig.configure shows what they set.
import os

from wintut.classroom.hubconfig import configure

c = get_config()  # noqa: F821 - JupyterHub's config loader provides get_config

configure(
    c,
    state=os.environ.get("WINTUT_HUB_STATE", "/srv/wintut-class"),
    learners=[f"learner{n:02d}" for n in range(1, 31)],  # system user names
    instructors=["teacher"],  # they see the room view at /services/wintut-class/
    port=8000,  # the proxy, on loopback: put TLS (nginx, caddy) in front to open it to the room
    bind_ip="127.0.0.1",
    profile="docker-desktop-wsl2",  # every learner's simulated host (a Linux engine) ...
    profiles={  # ... or one per learner (`wintut simulate --list`)
        # "learner07": "docker-desktop-mac",
    },
    stuck_minutes=10,  # a step not passing for longer than this puts the learner on top
    class_db=None,  # or a SQLAlchemy URL, e.g. "postgresql+psycopg://wintut@db/wintut"
)
