"""`wintut class`: the terminal grid from a real store, and one-line refusals."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlalchemy", reason="the class extra is not installed")

from wintut.classroom.record import validate
from wintut.classroom.store import ResultStore, default_url
from wintut.cli import main


def test_status_prints_the_rooms_grid_from_the_store(tmp_path, capsys):
    store = ResultStore(default_url(tmp_path))
    for user, outcome in (("ann", "pass"), ("bob", "fail")):
        store.add(
            user,
            validate(
                {
                    "step": "engine",
                    "outcome": outcome,
                    "reason": "",
                    "at": "2026-12-01T08:00:00+00:00",
                    "source": "simulated:docker-desktop-wsl2",
                    "solved": False,
                }
            ),
        )
    store.close()
    assert main(["class", "status", "--data", str(tmp_path), "--stuck-minutes", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1=engine")
    assert out[2].startswith("! bob")  # failing since 08:00, long past a minute: stuck
    assert "✖·" in out[2]
    assert out[3].startswith("  ann")
    assert "✔·" in out[3]


@pytest.mark.parametrize(
    "argv, code, words",
    [
        (["class", "status", "--data", "{tmp}/none"], 1, "No class store"),
        (["class", "status", "--db", "nonsense://"], 1, "Cannot open the class store"),
        (["class", "status", "--url", "http://127.0.0.1:9/"], 2, "needs --token"),
        (["class", "serve"], 2, "runs as a JupyterHub service"),
        (["class", "demo", "--learners", "0"], 2, "--learners must be"),
    ],
)
def test_refusals_are_one_line_with_the_fix(argv, code, words, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    monkeypatch.delenv("JUPYTERHUB_SERVICE_URL", raising=False)
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == code
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_status_from_a_service_that_does_not_answer(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = ["class", "status", "--url", f"http://127.0.0.1:{port}/", "--token", "t"]
    assert main(argv) == 1
    assert "did not answer" in capsys.readouterr().err
