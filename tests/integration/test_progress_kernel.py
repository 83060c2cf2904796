"""Progress survives a real Jupyter kernel restart (issue 4, "Done when")."""

from __future__ import annotations

import os

import pytest

jupyter_client = pytest.importorskip("jupyter_client")


def _run(client, code: str) -> str:
    """Execute ``code`` in the kernel; return what it printed (raise on an error)."""
    out: list[str] = []

    def collect(message):
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            raise AssertionError("\n".join(message["content"]["traceback"]))

    reply = client.execute_interactive(code, timeout=60, output_hook=collect)
    assert reply["content"]["status"] == "ok"
    return "".join(out)


@pytest.mark.slow
def test_progress_survives_a_kernel_restart(wintut_home):
    manager = jupyter_client.KernelManager(kernel_name="python3")
    manager.start_kernel(env={**os.environ, "WINTUT_HOME": str(wintut_home)})
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        _run(
            client,
            "from wintut.store import Store\n"
            "from wintut.results import CheckResult, Outcome\n"
            "Store().record(CheckResult('engine', Outcome.PASS, 'answered'))\n"
            "import os; print(os.getpid())",
        )
        before = _run(client, "import os; print(os.getpid())").strip()
        manager.restart_kernel(now=True)
        client.wait_for_ready(timeout=60)
        after = _run(
            client,
            "import os; from wintut.store import Store\n"
            "print(os.getpid()); print(Store().get('engine').best.outcome.value)",
        ).split()
        assert after[0] != before  # a new kernel process: nothing kept in memory
        assert after[1] == "pass"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        client.context.destroy(linger=0)
        manager.context.destroy(linger=0)
