"""The session's, progress file's and leftovers' notices in Chinese, and the short words of
evidence and quoted answers (the engine's own messages: test_zh_engine.py)."""

from __future__ import annotations

import json
import time

import pytest

from tests.engine_fake import FakeEngineAPI
from tests.unit.test_zh_engine import assert_chinese
from tests.unit.test_zh_engine import zh as zh  # the fixture: Chinese, then English again
from wintut.answers import ECHO_CHARS, quote
from wintut.leftovers import clean_once
from wintut.locking import locked
from wintut.plain import evidence_value
from wintut.session import Session
from wintut.store import Store


def test_leftovers_removed_are_said_in_chinese(zh):
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    container = fake.state.create(
        {
            "Image": "ubuntu",
            "Cmd": ["true"],
            "Labels": {"wintut": "1", "wintut.step": "run-ubuntu"},
        },
        "wintut-run-ubuntu-killed",
    )
    container.created = time.time() - 60
    container.status = "exited"
    done, said = clean_once(fake.engine())
    assert done and said is not None
    assert "1 个 wintut 自己的容器" in said
    assert_chinese(said)


def test_an_unreadable_progress_file_is_said_in_chinese(zh, tmp_path):
    store = Store(tmp_path)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json", encoding="utf-8")
    assert store.steps() == {}
    (said,) = store.notices()
    assert said.startswith("⚠ 无法读取你的进度文件（JSONDecodeError）；原文件已另存为 ")
    assert_chinese(said)
    store.path.write_text(json.dumps({"format": 2, "steps": {"engine": {"real": 7}}}), "utf-8")
    store.steps()
    (skipped,) = store.notices()
    assert skipped == "⚠ 你的进度文件里有 1 条记录无法读取，已经跳过；其余记录都保留着。"


def test_a_session_that_cannot_be_saved_says_so_in_chinese(zh, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    session = Session(not_a_folder, env={"WINTUT_SIMULATE": "none"})
    (said,) = session.notices()
    assert said.startswith("⚠ wintut 无法保存你的课程会话：“")
    assert_chinese(said)


def test_a_lock_held_too_long_is_said_in_chinese(zh, tmp_path):
    path = tmp_path / "held.lock"
    with locked(path), pytest.raises(TimeoutError) as raised, locked(path, timeout=0.05):
        pass
    assert str(raised.value) == f"{path} 被锁住了 0 秒，一直没有释放"


def test_short_words_in_chinese(zh):
    assert evidence_value([]) == "无"
    assert quote("x" * (ECHO_CHARS + 5)).endswith(f"…（共 {ECHO_CHARS + 5} 个字符）")
