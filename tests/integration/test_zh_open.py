"""`wintut open --lang zh-CN`: a real JupyterLab on 127.0.0.1 serves the Chinese edition, with
its own menus in Chinese from the language pack, set where only this JupyterLab looks.

Needs the ``zh`` extra (``jupyterlab-language-pack-zh-CN``) and the Chinese edition built
(``python -m wintut.editions build``): outside CI a missing one skips; with CI=true it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.wheelhouse import ROOT, borrowed_jupyter_env
from wintut.cli.lab_language import OVERRIDES, PLUGIN, config_folder, installed_packs

pytestmark = pytest.mark.slow
IN_CI = os.environ.get("CI", "").lower() == "true"
ANSWER_WITHIN = 60.0
FIRST = "zh-CN/00-before-you-start.ipynb"


def _needs(condition: bool, why: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"CI=true and {why}", pytrace=False)
        pytest.skip(why)


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
    except OSError:
        return 0, b""


@pytest.fixture
def opened(tmp_path):
    """`wintut open --lang zh-CN --no-browser` running; yields (base URL, token, paths, log)."""
    _needs("zh_CN" in installed_packs(), "jupyterlab-language-pack-zh-CN is not installed")
    _needs((ROOT / "notebooks" / FIRST).is_file(), "notebooks/zh-CN/ is not built")
    port, token = _free_port(), secrets.token_hex(16)
    home, work = tmp_path / "wintut-home", tmp_path / "我的课程"
    env = borrowed_jupyter_env(tmp_path)
    env.update(
        JUPYTER_TOKEN=token,
        WINTUT_HOME=str(home),
        WINTUT_SIMULATE="none",  # no engine is needed to open the course
        DOCKER_HOST="tcp://127.0.0.1:9",  # closed: nothing of this machine's engine is used
        LANG="C.UTF-8",  # the choice comes from --lang, not from the system
    )
    env.pop("WINTUT_LANG", None)
    log_path = tmp_path / "open.log"
    argv = [sys.executable, "-m", "wintut", "open", str(work), "--lang", "zh-CN"]
    argv += ["--no-browser", "--port", str(port)]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            argv, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ANSWER_WITHIN
        while time.monotonic() < deadline and process.poll() is None:
            if _get(f"{base}/api/contents", token)[0] == 200:
                break
            time.sleep(0.25)
        assert _get(f"{base}/api/contents", token)[0] == 200, log_path.read_text()
        yield base, token, {"home": home, "work": work, "env": env}, log_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # wintut stops its JupyterLab with it
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the session this test started
            process.wait()


def test_the_chinese_edition_is_served_with_jupyterlabs_menus_in_chinese(opened):
    base, token, paths, log_path = opened
    log = log_path.read_text()
    # both editions were copied, and the browser (here: the printed address) lands on zh-CN/00
    status, body = _get(f"{base}/api/contents/zh-CN", token)
    assert status == 200
    served = {item["name"] for item in json.loads(body)["content"]}
    english = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert served == english
    assert english <= {p.name for p in paths["work"].glob("*.ipynb")}
    assert _get(f"{base}/lab/tree/{FIRST}", token)[0] == 200
    assert f"/lab/tree/{FIRST}" in log
    assert f"课程在 {paths['work']}：复制了 {2 * len(english)} 个。" in log
    assert "正在启动 JupyterLab（按 Ctrl+C 停止）…" in log

    # the language pack is there, and the translation plugin's default is Chinese
    status, body = _get(f"{base}/lab/api/translations/", token)
    assert status == 200
    packs = json.loads(body)["data"]
    assert packs["zh_CN"]["nativeName"] == "中文 (简体, 中国)"
    status, body = _get(f"{base}/lab/api/settings/{PLUGIN}", token)
    assert status == 200
    setting = json.loads(body)
    assert setting["schema"]["properties"]["locale"]["default"] == "zh_CN"
    assert not setting.get("settings", {}).get("locale")  # the learner's own choice stays free

    # set in wintut's folder, never in the learner's JupyterLab config or settings
    written = config_folder(paths["home"]) / OVERRIDES
    assert json.loads(written.read_text(encoding="utf-8")) == {PLUGIN: {"locale": "zh_CN"}}
    for own in ("JUPYTER_CONFIG_DIR", "JUPYTERLAB_SETTINGS_DIR"):
        assert not list(Path(paths["env"][own]).rglob("*translation*"))

    # the choice is the session's from now on
    saved = json.loads((paths["home"] / "session.json").read_text(encoding="utf-8"))
    assert saved["lang"] == "zh_CN"
