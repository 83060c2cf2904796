"""`wintut open` from the built wheel, installed into a clean venv far from the repository.

The venv holds only the wheel; its dependencies are borrowed from the test environment
(tests/wheelhouse.py says how), so nothing is fetched. JupyterLab is really started, asked
over HTTP on 127.0.0.1 for the working folder's contents, and stopped again.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.wheelhouse import (
    ROOT,
    borrowed_jupyter_env,
    build_wheel,
    install_into_clean_venv,
    venv_python,
    venv_script,
)
from wintut.cli.open import ROOT_WARNING

pytestmark = pytest.mark.slow
ANSWER_WITHIN = 60.0  # seconds; JupyterLab answers in a few here


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The venv (outside the repository) with the wheel installed."""
    tmp = tmp_path_factory.mktemp("installed")
    venv = tmp / "venv"
    install_into_clean_venv(build_wheel(tmp), venv, borrow_dependencies=True)
    return venv


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_wintut_open_serves_the_course_from_the_installed_wheel(installed, tmp_path):
    work = tmp_path / "my course"  # a space, as in many Windows user folders
    port = _free_port()
    token = secrets.token_hex(16)
    env = borrowed_jupyter_env(tmp_path)
    env.update(JUPYTER_TOKEN=token, WINTUT_HOME=str(tmp_path / "wintut-home"))
    log_path = tmp_path / "open.log"
    wintut = venv_script(installed, "wintut")
    argv = [str(wintut), "open", str(work), "--no-browser", "--port", str(port)]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            argv, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + ANSWER_WITHIN
        status, body = 0, b""
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(port):
                status, body = _get(f"http://127.0.0.1:{port}/api/contents", token)
                if status == 200:
                    break
            time.sleep(0.25)
        log = log_path.read_text()
        assert status == 200, f"JupyterLab did not answer on 127.0.0.1:{port}:\n{log}"
        listed = {item["name"] for item in json.loads(body)["content"]}
        shipped = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
        assert shipped <= listed and "00-before-you-start.ipynb" in listed
        assert {p.name for p in work.glob("*.ipynb")} == shipped
        # the Chinese edition, once built, is copied too (`wintut open --lang zh-CN` opens it)
        chinese = {p.name for p in (ROOT / "notebooks" / "zh-CN").glob("*.ipynb")}
        assert {p.name for p in work.glob("zh-CN/*.ipynb")} == chinese
        assert ("zh-CN" in listed) == bool(chinese)
        assert (work / ".wintut-course.json").is_file()
        page, _ = _get(f"http://127.0.0.1:{port}/lab/tree/00-before-you-start.ipynb", token)
        assert page == 200
        assert f"127.0.0.1:{port}/lab/tree/00-before-you-start.ipynb" in log
        assert f"Course in {work}: {len(shipped) + len(chinese)} copied." in log
        as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        assert log.count(ROOT_WARNING) == (1 if as_root else 0)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # wintut stops its JupyterLab with it
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGKILL)  # the session this test started
            else:
                process.kill()
            process.wait()
    deadline = time.monotonic() + 10
    while _answers(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _answers(port), "JupyterLab outlived `wintut open`"


def test_wintut_open_twice_keeps_an_edited_notebook(installed, tmp_path):
    # the copy half of `wintut open`, from the installed wheel, on a port nothing listens on
    work = tmp_path / "course"
    python = str(venv_python(installed))
    code = "from pathlib import Path; from wintut.workspace import copy_course; "
    code += f"print(chr(10).join(copy_course(Path({str(work)!r})).lines()))"
    env = borrowed_jupyter_env(tmp_path)
    subprocess.run([python, "-c", code], env=env, cwd=tmp_path, check=True, timeout=60)
    (work / "02-whose-kernel.ipynb").write_text("my notes")
    out = subprocess.run(
        [python, "-c", code], env=env, cwd=tmp_path, check=True, timeout=60,
        capture_output=True, text=True,
    )  # fmt: skip
    shipped = list((ROOT / "notebooks").glob("*.ipynb"))
    shipped += (ROOT / "notebooks" / "zh-CN").glob("*.ipynb")  # the Chinese edition, once built
    current = len(shipped) - 1
    assert f"1 with your edits, left as they are, {current} already current." in out.stdout
    assert (work / "02-whose-kernel.ipynb").read_text() == "my notes"


@pytest.mark.docker
def test_wintut_check_engine_works_from_the_install(installed, tmp_path):
    env = borrowed_jupyter_env(tmp_path)
    env["WINTUT_HOME"] = str(tmp_path / "wintut-home")
    out = subprocess.run(
        [str(venv_script(installed, "wintut")), "check", "engine"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr


def test_a_port_in_use_is_a_clear_stop_not_a_traceback(installed, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = borrowed_jupyter_env(tmp_path)
        env["WINTUT_HOME"] = str(tmp_path / "wintut-home")
        argv = [str(venv_script(installed, "wintut")), "open", str(tmp_path / "course")]
        out = subprocess.run(
            [*argv, "--no-browser", "--port", str(port)],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=ANSWER_WITHIN,
        )  # fmt: skip
    assert out.returncode == 1
    assert "✖ JupyterLab stopped with exit code 1; its last lines say why." in out.stderr
    assert "Traceback" not in out.stdout + out.stderr
