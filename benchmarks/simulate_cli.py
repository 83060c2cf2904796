"""How long the real docker CLI takes against each simulated host (run by hand).

    .venv/bin/python benchmarks/simulate_cli.py [ROUNDS]

For each profile: start the server, then time docker version, info, images, ps -a, a recorded
`run --rm`, a wrong-platform pull and search. Prints seconds per profile (best of ROUNDS).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

from wintut.replay import PROFILE_IDS, SimulatedHost


def session(profile_id: str, docker: str) -> float:
    profile_commands: list[list[str]] = [["version"], ["info"], ["images"], ["ps", "-a"]]
    with SimulatedHost(profile_id) as host, tempfile.TemporaryDirectory() as config:
        profile = host.profile
        run = next(c for c in profile.commands if c["command"] in ("uname -a", "cmd /c ver"))
        image = next(i["ref"] for i in profile.images if i["ref"] in run["images"])
        wrong = next(iter(profile.pull_errors))
        profile_commands += [
            ["run", "--rm", image, *run["command"].split()],
            ["pull", wrong],
            ["search", "microsoft"],
        ]
        env = {**os.environ, "DOCKER_HOST": host.url, "DOCKER_CONFIG": config}
        started = time.perf_counter()
        for args in profile_commands:
            subprocess.run([docker, *args], env=env, capture_output=True, timeout=30, check=False)
        return time.perf_counter() - started


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    docker = shutil.which("docker")
    if docker is None:
        print("no docker CLI on PATH", file=sys.stderr)
        return 1
    print(f"{docker}: 7 commands per profile, best of {rounds}")
    for profile_id in PROFILE_IDS:
        best = min(session(profile_id, docker) for _ in range(rounds))
        print(f"  {profile_id:<36}{best:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
