"""What every faults test asserts besides its bound: the learner's text holds no traceback, and
no ``wintut=1`` container is left; and a way to run the real CLI."""

from __future__ import annotations

import subprocess
import sys
import time


def wintut(*args: str, env: dict[str, str], timeout: float = 120.0, uid: int | None = None):
    """Run the real CLI (as ``uid`` when given); returns (completed process, wall seconds)."""
    argv = [sys.executable, "-m", "wintut", *args]
    if uid is not None:
        argv = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *argv]
    started = time.monotonic()
    done = subprocess.run(
        argv, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    return done, time.monotonic() - started


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text, text[-2000:]
