"""Load on the class service (run by hand): 30 learners × 10 results at once, over loopback.

    PATH=…/configurable-http-proxy/bin:$PATH .venv/bin/python benchmarks/bench_class.py

It starts a real ``wintut class demo`` hub (JupyterHub + configurable-http-proxy + the service,
SQLite in WAL mode) with 30 learner accounts, gives each learner a hub token, then 30 threads
(one per learner) each POST 10 results as fast as the service answers, through the proxy the
way a learner's server does. It reports throughput and p50/p99 latency of those POSTs, and
counts what the service kept: every result must be there (zero lost). Runs ``ROUNDS`` rounds.

First, what sending costs a check: ``run_check("engine")`` on the test suite's fake engine,
outside JupyterHub and then "in a class" whose service is down (a closed loopback port), so
every result is queued; and ``send_result`` alone while the queue grows.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

LEARNERS = 30
RESULTS = 10
ROUNDS = 3
STEPS = ["engine", "run-ubuntu", "find-kernel", "search-microsoft", "iis-failure"]


def check_overhead(runs: int = 300) -> None:
    import os
    import socket

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

    from tests.engine_fake import FakeEngineAPI
    from wintut.classroom import sender
    from wintut.session import Session

    def timed() -> str:
        session, took = Session(), []
        session.point_at(FakeEngineAPI.linux().engine())
        for _ in range(runs):
            t0 = time.perf_counter()
            session.check("engine")
            took.append(time.perf_counter() - t0)
        took.sort()
        p99 = took[int(runs * 0.99) - 1]
        return f"median {statistics.median(took) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as home:
        os.environ["WINTUT_HOME"] = home
        os.environ.pop("JUPYTERHUB_API_TOKEN", None)
        print(f"a check outside JupyterHub: {timed()}")
        os.environ["JUPYTERHUB_API_TOKEN"] = "bench"
        os.environ["WINTUT_CLASS_URL"] = f"http://127.0.0.1:{closed}/"
        print(f"a check in a class, service down: {timed()}")
        record = {"step": "engine", "outcome": "pass", "reason": "", "at": "", "source": "real"}
        t0 = time.perf_counter()
        for _ in range(3000):
            sender.send_result({**record, "solved": False})
        each = (time.perf_counter() - t0) / 3000 * 1000
        print(f"send_result alone: {each:.3f} ms each; {sender.pending()} queued, none lost")
        for name in ("JUPYTERHUB_API_TOKEN", "WINTUT_CLASS_URL", "WINTUT_HOME"):
            os.environ.pop(name, None)


def main() -> int:
    from wintut.classroom.demo import Demo

    check_overhead()
    with tempfile.TemporaryDirectory(prefix="wintut-bench-class-") as state:
        demo = Demo(Path(state), learners=LEARNERS)
        started = time.perf_counter()
        demo.start()
        print(f"hub up in {time.perf_counter() - started:.1f} s")
        try:
            tokens = {name: demo.token_for(name) for name in demo.learner_names}
            teacher = demo.token_for("teacher")
            sent = 0
            for number in range(1, ROUNDS + 1):
                latencies, failures, wall = one_round(demo, tokens)
                sent += LEARNERS * RESULTS
                status, room = demo.http("GET", demo.service_url + "api/room", token=teacher)
                kept = room["results"] if status == 200 else -1
                ordered = sorted(latencies)
                p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
                print(
                    f"round {number}: {len(latencies)} POSTs in {wall:.2f} s = "
                    f"{len(latencies) / wall:.0f}/s; p50 {statistics.median(ordered) * 1000:.1f} ms"
                    f", p99 {p99 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms; "
                    f"failed {failures}; kept {kept} of {sent} sent so far "
                    f"({'zero lost' if kept == sent else 'LOST ' + str(sent - kept)})"
                )
                if kept != sent or failures:
                    return 1
        finally:
            demo.stop()
    return 0


def one_round(demo, tokens: dict[str, str]) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    gate = threading.Barrier(len(tokens) + 1)

    def learner(token: str) -> None:
        gate.wait()
        for i in range(RESULTS):
            record = {
                "step": STEPS[i % len(STEPS)],
                "outcome": "pass" if i % 3 else "fail",
                "reason": f"result {i}",
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "source": "simulated:docker-desktop-wsl2",
                "solved": False,
            }
            t0 = time.perf_counter()
            status, _ = demo.http("POST", demo.service_url + "api/results", record, token=token)
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                if status != 201:
                    failures[0] += 1

    threads = [threading.Thread(target=learner, args=(t,)) for t in tokens.values()]
    for thread in threads:
        thread.start()
    gate.wait()
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, failures[0], time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
