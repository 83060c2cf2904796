"""`wintut open`'s command line: loopback, notebook 00, a fixed port, root; no server started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from wintut import __version__
from wintut.cli import main
from wintut.cli.open import lab_command


def test_jupyterlab_is_started_by_this_python_on_loopback_at_notebook_00(tmp_path):
    argv = lab_command(tmp_path, None, no_browser=False, as_root=False)
    assert argv[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ServerApp.ip=127.0.0.1" in argv
    assert f"--ServerApp.root_dir={tmp_path}" in argv
    assert "--LabApp.default_url=/lab/tree/00-before-you-start.ipynb" in argv
    assert not [a for a in argv if "port" in a or a in ("--no-browser", "--allow-root")]


def test_a_port_asked_for_is_that_port_or_nothing(tmp_path):
    argv = lab_command(tmp_path, 8123, no_browser=True, as_root=False)
    assert "--ServerApp.port=8123" in argv and "--ServerApp.port_retries=0" in argv
    assert "--no-browser" in argv


def test_as_root_it_passes_allow_root(tmp_path):
    assert "--allow-root" in lab_command(Path(tmp_path), None, no_browser=False, as_root=True)


def test_a_bad_port_is_a_usage_error_before_anything_is_copied(tmp_path, capsys):
    assert main(["open", str(tmp_path / "course"), "--port", "70000"]) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err
    assert not (tmp_path / "course").exists()


def test_a_file_in_the_way_is_one_line_not_a_traceback(tmp_path, capsys):
    (tmp_path / "course").write_text("")
    assert main(["open", str(tmp_path / "course"), "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("✖ ") and "is a file, not a folder" in err and len(err.splitlines()) == 1


def test_python_dash_m_wintut_is_the_wintut_command():
    out = subprocess.run(
        [sys.executable, "-m", "wintut", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"wintut {__version__}"
