"""Lab files and pidfiles: a stale pidfile is recognised, never obeyed."""

from __future__ import annotations

import os
import subprocess
import sys

from wintut.lab import state as st


def test_lab_home_follows_wintut_home(wintut_home):
    assert st.lab_home() == wintut_home / "lab"


def test_lab_home_defaults_to_user_data_dir(monkeypatch):
    from platformdirs import user_data_dir

    monkeypatch.delenv("WINTUT_HOME", raising=False)
    assert st.lab_home() == st.Path(user_data_dir("wintut")) / "lab"


def test_state_round_trip_and_broken_file(wintut_home):
    assert st.read_state() is None
    st.write_state({"registry": "127.0.0.1:1"})
    assert st.read_state() == {"registry": "127.0.0.1:1"}
    st.state_file().write_text("{not json", encoding="utf-8")
    assert st.read_state() is None
    st.clear_state()
    st.clear_state()  # twice is fine
    assert not st.state_file().exists()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_pidfile_of_a_dead_process_is_stale(wintut_home):
    pidfile = st.PidFile(wintut_home / "x.pid")
    pidfile.write(_dead_pid(), "anything")
    assert pidfile.live_pid() is None


def test_pidfile_of_a_reused_pid_is_stale(wintut_home):
    # Our own pid is alive, but its command line does not carry the marker: another program.
    pidfile = st.PidFile(wintut_home / "x.pid")
    pidfile.write(os.getpid(), "/no/such/wintut-lab/registry.yml")
    assert pidfile.live_pid() is None


def test_pidfile_of_our_live_process_is_trusted(wintut_home):
    marker = "wintut-test-marker-7f3a"
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", marker])
    try:
        pidfile = st.PidFile(wintut_home / "x.pid")
        pidfile.write(process.pid, marker)
        assert pidfile.live_pid() == process.pid
        assert process.pid in st.find_by_marker(marker, "-c")
        assert process.pid not in st.find_by_marker(marker[:-1], "-c")  # whole arguments only
        st.stop_pid(process.pid, timeout=5)
        assert pidfile.live_pid() is None
    finally:
        process.kill()
        process.wait()


def test_garbage_pidfile_is_ignored(wintut_home):
    path = wintut_home / "x.pid"
    path.parent.mkdir(parents=True)
    path.write_text("12ab", encoding="utf-8")
    assert st.PidFile(path).read() is None
    assert st.PidFile(path).live_pid() is None
