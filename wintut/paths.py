"""Where the learner's files live, and which OS the client runs on.

One data folder holds everything wintut keeps for a learner: the course session, progress and
the lab's files. ``WINTUT_HOME`` moves it; otherwise it is platformdirs' user data folder
(``%LOCALAPPDATA%\\wintut`` on Windows, ``~/Library/Application Support/wintut`` on macOS,
``~/.local/share/wintut`` on Linux).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def home() -> Path:
    """The learner's data folder (not created here)."""
    override = os.environ.get("WINTUT_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("wintut", appauthor=False))


def client_os() -> str:
    """Where the docker client (this process) runs: ``windows``, ``darwin`` or ``linux``."""
    return {"win32": "windows", "darwin": "darwin"}.get(sys.platform, "linux")
