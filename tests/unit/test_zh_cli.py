"""The command line in Chinese: argparse's help, what the CLI prints, the course copy, and
`wintut open --lang zh-CN` (the choice kept, the edition picked, JupyterLab's menus set).

No JupyterLab is started here (tests/integration/test_zh_open.py starts one).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePosixPath

import pytest

from tests.zh_text import english_runs, has_chinese
from wintut import i18n
from wintut.cli import build_parser, main
from wintut.cli.args import pad, width
from wintut.cli.lab_language import OVERRIDES, PLUGIN, config_folder, lab_environment
from wintut.cli.open import first_notebook, jupyterlab_language, lab_command
from wintut.cli.parser import wrap
from wintut.lab.labstatus import LabStatus
from wintut.session import Session
from wintut.workspace import FIRST_NOTEBOOK, copy_course

SUBCOMMANDS = [
    ["doctor"],
    ["cleanup"],
    ["lab"],
    ["lab", "up"],
    ["lab", "down"],
    ["lab", "status"],
    ["lab", "seed"],
    ["steps"],
    ["check"],
    ["solve"],
    ["progress"],
    ["simulate"],
    ["open"],
    ["class"],
    ["class", "demo"],
    ["class", "status"],
]
OPTION_OR_METAVAR = re.compile(r"(?<![\w-])-{1,2}[\w-]+|\b[A-Z][A-Z_]+\b|\[|\]|\.\.\.")


@pytest.fixture
def zh():
    """Chinese for this test only: the language is process-wide."""
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


@pytest.fixture
def zh_env(monkeypatch):
    """``WINTUT_LANG=zh_CN`` for commands run through :func:`main`; English again afterwards."""
    monkeypatch.setenv("WINTUT_LANG", "zh_CN")
    yield
    i18n.set_language("en")


def help_of(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


def leaks(help_text: str) -> list[str]:
    """English runs left once option names, metavars and the prog (`wintut lab up`) go."""
    text = re.sub(r"\bwintut(?: [a-z]+)*", " ", help_text)
    return english_runs(OPTION_OR_METAVAR.sub(" ", text))


def test_the_top_level_help_is_chinese_under_wintut_lang(zh_env, capsys):
    out = help_of([], capsys)
    assert out.startswith("用法：wintut ")
    assert "显示这条帮助信息并退出" in out and "显示程序的版本号并退出" in out
    assert "位置参数" in out and "选项" in out
    assert "检查 Python、小组件扩展和 Docker 引擎" in out  # doctor's one line
    assert leaks(out) == [], out


@pytest.mark.parametrize("argv", SUBCOMMANDS, ids=" ".join)
def test_every_subcommands_help_is_chinese(argv, zh_env, capsys):
    out = help_of(argv, capsys)
    assert out.startswith(f"用法：wintut {' '.join(argv)}")
    assert leaks(out) == [], out


def test_lang_on_the_command_line_wins_and_is_not_kept(capsys, monkeypatch):
    try:
        out = help_of(["--lang", "zh-CN", "check"], capsys)
        assert "你的答案（用于需要作答的步骤）" in out
        monkeypatch.setenv("WINTUT_LANG", "zh_CN")
        assert "your answer, for steps that ask one" in help_of(["--lang", "en", "check"], capsys)
    finally:
        i18n.set_language("en")
    assert "lang" not in json.loads(Session().path.read_text(encoding="utf-8"))


def test_english_help_is_argparses_own_words(capsys):
    out = help_of(["check"], capsys)
    assert out.startswith("usage: wintut check [-h]")
    assert "\npositional arguments:\n" in out and "\noptions:\n" in out
    assert "  -h, --help     show this help message and exit\n" in out


def test_an_unknown_language_is_a_usage_error_in_the_language_in_use(zh_env, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "fr", "steps"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "wintut：错误：" in err and "不认识的语言“fr”：请用 en 或 zh-CN" in err


@pytest.mark.parametrize(
    "argv, chinese, english",
    [
        (["check"], "缺少必需的参数：STEP", "the following arguments are required: STEP"),
        (
            ["chek"],
            "参数 COMMAND：没有 'chek' 这个选项（可选：'doctor', ",
            "invalid choice: 'chek'",
        ),
        (["steps", "extra"], "无法识别的参数：extra", "unrecognized arguments: extra"),
        (["open", "--port", "abc"], "参数 --port：'abc' 不是有效的 int 值", "invalid int value"),
        (["open", "--lang"], "参数 --lang：需要一个值", "expected one argument"),
    ],
)
def test_argparses_usage_errors_are_said_in_the_language_in_use(
    argv, chinese, english, capsys, monkeypatch
):
    for lang, expected in (("zh_CN", chinese), ("en", english)):
        monkeypatch.setenv("WINTUT_LANG", lang)
        try:
            with pytest.raises(SystemExit) as stopped:
                main(argv)
        finally:
            i18n.set_language("en")
        err = capsys.readouterr().err
        assert stopped.value.code == 2 and expected in err, err
        assert ("：错误：" in err) == (lang == "zh_CN")


def test_an_unknown_step_is_said_in_chinese(zh_env, capsys):
    assert main(["check", "no-such-step"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("✖ 没有“no-such-step”这个步骤。现有步骤：engine, ")
    assert english_runs(err) == []


def test_progress_reset_and_cleanup_speak_chinese(zh_env, capsys):
    assert main(["progress", "--reset"]) == 0
    assert capsys.readouterr().out == "✔ 进度已重置。\n"
    assert main(["progress", "--reset", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"reset": True}  # JSON stays as it was


def test_the_course_copy_reports_in_chinese(zh, tmp_path):
    source = tmp_path / "course"
    (source / "zh-CN").mkdir(parents=True)
    files = []
    for rel in ("00-a.ipynb", "zh-CN/00-a.ipynb"):
        (source / rel).write_text(json.dumps({"cells": [], "name": rel}))
        files.append((PurePosixPath(rel), source / rel))
    work = tmp_path / "work"
    assert copy_course(work, files).lines() == [f"课程在 {work}：复制了 2 个。"]
    (work / "zh-CN" / "00-a.ipynb").write_text("我的笔记")
    lines = copy_course(work, files).lines()
    assert lines == [f"课程在 {work}：1 个有你的修改，保持原样，1 个已是最新。"]
    assert (work / "zh-CN" / "00-a.ipynb").read_text() == "我的笔记"


def test_a_file_in_the_way_is_one_chinese_line(zh_env, tmp_path, capsys):
    (tmp_path / "course").write_text("")
    assert main(["open", str(tmp_path / "course"), "--lang", "zh-CN"]) == 1
    err = capsys.readouterr().err
    where = (tmp_path / "course").resolve()
    assert err == f"✖ {where} 是文件，不是文件夹。请给 `wintut open` 一个文件夹。\n"


def test_open_lang_keeps_the_choice_for_the_session(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("WINTUT_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")  # the system's language must not be what answers below
    (tmp_path / "course").write_text("")  # stops `open` before JupyterLab, after the choice
    try:
        assert main(["open", str(tmp_path / "course"), "--lang", "zh-CN"]) == 1
        assert "是文件，不是文件夹" in capsys.readouterr().err
        assert Session().lang == "zh_CN"  # a new process of the learner reads it back
        assert main(["open", str(tmp_path / "course")]) == 1  # no --lang: the session's
        assert "是文件，不是文件夹" in capsys.readouterr().err
        assert main(["open", str(tmp_path / "course"), "--lang", "en"]) == 1
        assert "is a file, not a folder" in capsys.readouterr().err
        assert Session().lang == "en"
    finally:
        i18n.set_language("en")


def test_the_chinese_edition_opens_at_its_notebook_00(zh, tmp_path):
    said: list[str] = []
    (tmp_path / "zh-CN").mkdir()
    (tmp_path / "zh-CN" / FIRST_NOTEBOOK).write_text("{}")
    first = first_notebook(tmp_path, "zh_CN", said.append)
    assert first == f"zh-CN/{FIRST_NOTEBOOK}" and said == []
    argv = lab_command(tmp_path, None, no_browser=True, as_root=False, first=first)
    assert f"--LabApp.default_url=/lab/tree/zh-CN/{FIRST_NOTEBOOK}" in argv
    assert first_notebook(tmp_path, "en", said.append) == FIRST_NOTEBOOK


def test_without_the_chinese_edition_the_english_one_opens_and_says_so(zh, tmp_path):
    said: list[str] = []
    assert first_notebook(tmp_path, "zh_CN", said.append) == FIRST_NOTEBOOK
    assert said == ["⚠ 这个 wintut 没有附带中文版笔记本，打开的是英文版。"]


def test_jupyterlabs_menus_are_set_in_a_folder_wintut_owns(tmp_path):
    env = {"JUPYTER_CONFIG_PATH": "/elsewhere"}
    added = lab_environment(tmp_path, "zh_CN", env, installed={"zh_CN"})
    folder = config_folder(tmp_path)
    assert added == {"JUPYTER_CONFIG_PATH": f"{folder}{os.pathsep}/elsewhere"}
    saved = json.loads((folder / OVERRIDES).read_text(encoding="utf-8"))
    assert saved == {PLUGIN: {"locale": "zh_CN"}}
    assert str(folder).startswith(str(tmp_path))  # never the learner's own JupyterLab settings


def test_english_or_a_missing_pack_leaves_jupyterlab_alone(tmp_path):
    assert lab_environment(tmp_path, "en", {}, installed={"zh_CN"}) == {}
    assert lab_environment(tmp_path, "zh_CN", {}, installed=set()) == {}
    assert not config_folder(tmp_path).exists()


def test_without_the_pack_one_chinese_line_says_how_to_install_it(zh, tmp_path):
    said: list[str] = []
    assert jupyterlab_language(tmp_path, "zh_CN", said.append, installed=set()) == {}
    assert len(said) == 1
    assert said[0].startswith("⚠ JupyterLab 自己的菜单在装好中文语言包之前仍是英文，安装命令：")
    assert said[0].endswith(" -m pip install jupyterlab-language-pack-zh-CN`")
    assert english_runs(said[0]) == []


def test_the_lab_status_reads_in_chinese(zh):
    text = str(
        LabStatus(running=False, registry="127.0.0.1:5380", index="127.0.0.1:5381", home="/tmp/lab")
    )
    assert text.splitlines()[0] == "✖ wintut 离线实验环境没有运行。"
    assert "  Registry  127.0.0.1:5380      ✖ 没有响应" in text
    assert english_runs(text) == [], text


def test_chinese_columns_and_wrapping_count_terminal_cells():
    assert width("连接你的 Docker 引擎") == 20 and width("engine") == 6
    assert pad("这是谁的内核？", 16) == "这是谁的内核？  " and pad("abc", 5) == "abc  "
    lines = wrap("把课程笔记本复制到 DIR（默认是当前文件夹下的 wintut-course），然后启动。", 30)
    # a full-width comma or bracket hangs past the edge rather than start a line (悬挂标点)
    assert all(width(line.rstrip("，。）")) <= 30 for line in lines) and len(lines) == 3
    assert not any(line.startswith(("，", "）", "。")) for line in lines)
    assert wrap("keep `wintut open --lang` whole", 12) == ["keep", "`wintut open --lang`", "whole"]


def test_every_chinese_message_of_the_cli_has_chinese_in_it(zh):
    # built in Chinese from start to end: nothing of the parser was made before the switch
    parser = build_parser()
    assert has_chinese(parser.format_help()) and parser.prog == "wintut"


CLI_FILES = ("wintut/cli/", "wintut/lab/", "wintut/workspace.py")


def test_no_english_is_left_in_the_chinese_of_the_cli_lab_and_course_copy():
    from babel.messages.pofile import read_po

    po = Path(i18n.LOCALE_DIR, "zh_CN", "LC_MESSAGES", "wintut.po")
    with po.open("rb") as source:
        catalog = read_po(source, locale="zh_CN")
    left = {}
    for message in catalog:
        if not message.id or not any(f.startswith(CLI_FILES) for f, _line in message.locations):
            continue
        text = message.string if isinstance(message.string, str) else message.string[0]
        runs = english_runs(re.sub(r"\{\w*\}", " ", text))  # a placeholder's value may be English
        if runs:
            left[text] = runs
    assert left == {}
