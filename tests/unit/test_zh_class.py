"""The teacher's side of the class in Chinese: the room view page, the status grid, `class serve`'s
help. Learners' names, step ids, sources and reasons stay as sent; everything else is Chinese."""

from __future__ import annotations

import argparse
import os
import re
import socket
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from tests.zh_text import english_runs, has_chinese
from wintut import i18n
from wintut.classroom import guard as guard_module
from wintut.classroom.grid import build_room
from wintut.classroom.guard import DockerSocketRefused
from wintut.classroom.hubconfig import configure, make_pre_spawn_hook
from wintut.classroom.options import add_options
from wintut.classroom.page import room_page
from wintut.classroom.render import csv_text, text_grid

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
STEPS = ("engine", "run-ubuntu", "find-kernel")
NAMES = ("alice smith", "dan brown", "eve")  # learner names with spaces: never translated
REASON = "Bob wrote <b>this</b> himself"  # a learner's stored reason: shown as sent, escaped


def row(user, step, outcome, minutes_ago, source="simulated:docker-desktop-wsl2", solved=False):
    return {
        "user": user,
        "step": step,
        "outcome": outcome,
        "reason": REASON,
        "at": NOW - timedelta(minutes=minutes_ago),
        "source": source,
        "solved": solved,
    }


ROWS = [
    row("alice smith", "engine", "pass", 0.5),
    row("alice smith", "run-ubuntu", "fail", 200, solved=True),
    row("dan brown", "engine", "fail", 25, source="real"),
    row("dan brown", "find-kernel", "pass", 3, source="real", solved=True),
]


@pytest.fixture
def zh():
    """Chinese for this test only: the language is process-wide."""
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def room():
    return build_room(ROWS, STEPS, now=NOW, stuck_minutes=10, roster=["eve"])


def without_learner_text(text: str) -> str:
    """Drop what the learners and the engine said (names, step ids, sources, reasons)."""
    for kept in (*NAMES, *STEPS, "simulated:docker-desktop-wsl2", "real"):
        text = text.replace(kept, " ")
    return re.sub(r"title=\"[^\"]*\"", " ", text)  # a cell's title is source · time · reason


def test_the_room_page_is_chinese_and_keeps_learner_text_escaped(zh):
    page = room_page(room(), refresh=7)
    assert '<html lang="zh-CN">' in page
    for words in ("课堂视图", "学员 3 人", "卡住了 2 人", "下载 CSV", "已通过", "最近结果"):
        assert words in page
    assert "! 在 run-ubuntu 卡住了 200 分钟" in page
    assert "✖ 还没通过，已替学员完成（模拟主机）" in page
    assert "✔ 已通过，已替学员完成（真实引擎）" in page
    assert "3 分钟前" in page and "刚刚" in page and "从未" in page
    assert "<b>this</b>" not in page and "&lt;b&gt;this&lt;/b&gt;" in page
    assert ">alice smith<" in page  # the name as sent, not translated
    body = page.split("</style>", 1)[1]  # the CSS is not text anyone reads
    assert english_runs(without_learner_text(body)) == []


def test_the_status_grid_is_chinese(zh):
    grid = text_grid(room())
    assert has_chinese(grid)
    assert "；在 run-ubuntu 卡住了 200 分钟" in grid
    assert "最近结果" in grid.splitlines()[1]
    assert grid.splitlines()[-1].endswith("· 模拟主机  ! 卡住了")
    assert english_runs(without_learner_text(grid)) == []
    assert text_grid(build_room([], STEPS, now=NOW)) == "还没有学员发来结果。"


def test_the_csv_keeps_its_columns_and_codes_but_shows_chinese_words(zh):
    lines = csv_text(room()).splitlines()
    assert lines[0] == "learner,step,outcome,words,source,solved,at,reason,stuck_on"
    assert "alice smith,engine,pass,✔ 已通过（模拟主机）,simulated:" in lines[1]


def test_the_grid_built_after_switching_back_is_english_again(zh):
    text_grid(room())
    i18n.set_language("en")
    grid = text_grid(room())
    assert "; stuck on run-ubuntu for 200 min" in grid
    assert grid.splitlines()[-1].endswith("· simulated  ! stuck")
    assert not has_chinese(grid + room_page(room()))
    assert english_runs(without_learner_text(grid))  # the leak check does find English


def test_class_serve_help_is_chinese(zh):
    parser = argparse.ArgumentParser(prog="wintut class serve")
    add_options(parser)
    shown = parser.format_help()
    assert "课堂视图每隔多少秒自动刷新一次" in shown
    assert "存放 class.sqlite 的文件夹" in shown


def test_the_hub_hands_the_teachers_language_to_the_service(tmp_path, monkeypatch):
    Config = pytest.importorskip("traitlets.config").Config

    monkeypatch.setenv("WINTUT_LANG", "zh_CN")
    c = Config()
    configure(c, state=tmp_path, learners=["ann"], instructors=["teacher"])
    (service,) = c.JupyterHub.services
    assert service["environment"]["WINTUT_LANG"] == "zh_CN"
    monkeypatch.delenv("WINTUT_LANG")
    c = Config()
    configure(c, state=tmp_path, learners=["ann"], instructors=["teacher"])
    (service,) = c.JupyterHub.services
    assert "WINTUT_LANG" not in service["environment"]


def test_the_refusal_to_start_a_server_that_could_reach_the_socket_is_chinese(
    zh, tmp_path, monkeypatch
):
    path = tmp_path / "docker.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        os.chmod(path, 0o666)
        monkeypatch.setattr(guard_module, "SOCKET", str(path))
        hook = make_pre_spawn_hook({}, "docker-desktop-wsl2")
        with pytest.raises(DockerSocketRefused) as refused:
            hook(SimpleNamespace(user=SimpleNamespace(name="root"), environment={}))
    finally:
        server.close()
    said = str(refused.value)
    assert said.startswith("wintut 课堂不会启动 root 的服务器：root 是 root；")
    assert f"任何人都可以写 {path}" in said and said.endswith("学员改用模拟主机。")
    assert english_runs(said) == []


def test_the_demo_hubs_failures_are_chinese(zh, tmp_path):
    from wintut.classroom.demo import Demo, DemoError

    with pytest.raises(DemoError) as failed:
        Demo(tmp_path / "state").wait_ready(limit=0)  # no hub was started: nothing answers
    assert str(failed.value) == "Hub 在 0 秒内没有响应，它的日志：\n（没有日志）"
