"""The progress store under faults, through the real CLI and real processes: odd files never
break a command and lose nothing valid; concurrent writers and writers SIGKILLed mid-write lose
nothing and corrupt nothing. No engine is needed (DOCKER_HOST is a closed loopback port)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.faults.dockerd import CLOSED_PORT
from tests.faults.helpers import no_traceback, wintut
from tests.faults.table import Stopwatch
from wintut.results import CheckResult, Outcome
from wintut.store import FILENAME, Store


def _env(home) -> dict[str, str]:
    env = {
        **os.environ,
        "WINTUT_HOME": str(home),
        "WINTUT_SIMULATE": "none",
        "DOCKER_HOST": f"tcp://127.0.0.1:{CLOSED_PORT}",
    }
    env.pop("DOCKER_CONTEXT", None)
    return env


def _valid_file(home) -> dict:
    store = Store(home)
    store.record(CheckResult("engine", Outcome.PASS, "The engine answers."))
    store.record(CheckResult("run-ubuntu", Outcome.PASS, "A container from ubuntu ran."))
    return json.loads((home / FILENAME).read_text(encoding="utf-8"))


def _with_unknown_outcome(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    data["steps"]["find-kernel"] = {"real": {"best": {"outcome": "maybe"}, "latest": {}}}
    return data


CASES = {
    "utf-16": lambda data: json.dumps(data).encode("utf-16"),
    "utf-8-bom": lambda data: b"\xef\xbb\xbf" + json.dumps(data).encode(),
    "unknown-outcome": lambda data: json.dumps(_with_unknown_outcome(data)).encode(),
    "non-utf-8": lambda data: b"\xff\xfe\xfa not json",
    "truncated": lambda data: json.dumps(data).encode()[:40],
}


@pytest.mark.fault("progress-files")
@pytest.mark.parametrize("case", list(CASES))
def test_odd_progress_files_break_no_command_and_lose_nothing_valid(tmp_path, row, case):
    home = tmp_path / "home"
    data = _valid_file(home)
    (home / FILENAME).write_bytes(CASES[case](data))
    texts = []
    for command in (["progress"], ["steps"], ["check", "engine"], ["progress", "--json"]):
        done, _ = wintut(*command, env=_env(home))
        texts += [done.stdout, done.stderr]
        assert done.returncode in (0, 2), (command, done.stderr)  # 2: no engine answers
    no_traceback(*texts)
    kept = json.loads(texts[-2])["steps"]
    readable = case in ("utf-16", "utf-8-bom", "unknown-outcome")
    if readable:  # nothing valid lost
        assert kept["engine"]["outcome"] == "pass"
        assert kept["run-ubuntu"]["outcome"] == "pass"
        row.counted("valid records kept: 2 of 2")
    else:  # set aside, kept, never deleted
        aside = list(home.glob(f"{FILENAME}.corrupt-*"))
        assert len(aside) == 1 and aside[0].read_bytes() == CASES[case](data)
        row.counted(f"set aside as {FILENAME}.corrupt-STAMP, kept byte for byte")
    said = [line for line in texts[1::2] if "⚠" in line]
    if case != "utf-16" and case != "utf-8-bom":
        assert said, "a file that could not be read whole is said"
    row.seen = " ".join(said[0].split())[:200] if said else "read as it is, nothing said"


WRITER = """
import sys
from wintut.results import CheckResult, Outcome
from wintut.store import Store
store, source, rounds = Store(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for n in range(rounds):
    store.record(CheckResult("run-ubuntu", Outcome.PASS, f"round {n}"), source)
    print(n, flush=True)
"""


def _writer(home, source: str, rounds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), source, str(rounds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.fault("writers")
def test_20_concurrent_writers_and_60_sigkills_lose_and_corrupt_nothing(tmp_path, row):
    home = tmp_path / "home"
    home.mkdir()
    with Stopwatch() as watch:
        writers = [_writer(home, f"simulated:writer-{n}", 4) for n in range(20)]
        for writer in writers:
            out, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
    row.took("20 writers × 4 rounds", watch.seconds)
    records = Store(home).steps()["run-ubuntu"]
    lost = sum(4 - records[f"simulated:writer-{n}"].attempts for n in range(20))
    assert lost == 0

    rng = random.Random(12)
    killed = 0
    completed: dict[str, int] = {}
    while killed < 60:
        batch = [_writer(home, f"simulated:killed-{killed + n}", 1000) for n in range(6)]
        time.sleep(rng.uniform(0.4, 0.9))  # Python start-up, then writes under way
        for offset, writer in enumerate(batch):
            writer.send_signal(signal.SIGKILL)
            out, _ = writer.communicate(timeout=30)
            completed[f"simulated:killed-{killed + offset}"] = len(out.split())
        killed += len(batch)
        store = Store(home)
        assert "run-ubuntu" in store.steps() and store.notices() == [], "corrupt after a kill"
    final = Store(home)
    records = final.steps()["run-ubuntu"]
    assert final.notices() == []
    assert list(home.glob(f"{FILENAME}.corrupt-*")) == []
    lost += sum(4 - records[f"simulated:writer-{n}"].attempts for n in range(20))
    # a killed writer's record holds at least every round it said it finished
    lost += sum(
        max(0, done - (records[s].attempts if s in records else 0)) for s, done in completed.items()
    )
    assert lost == 0
    row.counted(
        f"{killed} SIGKILLs, {sum(completed.values())} writes they finished; 0 lost, 0 corrupt"
    )
    row.seen = "nothing: progress is simply all there"
