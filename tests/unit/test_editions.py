"""The two editions of the course hold together: same cells, same code, the 2016 post's own words.

``wintut.editions.problems`` says whether the translations are complete and the generated
notebooks up to date. The parity check here does not trust that module: it reads the committed
notebooks themselves and compares every cell of ``notebooks/zh-CN/X.ipynb`` with
``notebooks/X.ipynb`` (id, type, metadata, tags, code), and it is shown to catch a changed code
cell in either edition. The "2016" blocks: the English edition retells the post and offers the
original Chinese in a ``<details>`` fold; the Chinese edition quotes the post verbatim, and every
quoted passage is checked against the post's text (assets/seed/2016-windows-docker.zh-CN.txt).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_glossary import join_lines
from tests.zh_text import has_chinese
from wintut import editions, glossary

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "notebooks"
EDITION = "zh-CN"
NAMES = sorted(p.name for p in ENGLISH.glob("[0-9][0-9]-*.ipynb"))
ENGLISH_2016 = re.compile(r"^>\s*\*\*2016\.\*\*", re.M)
"""A "2016" block: the English edition's retelling of the post (notebook 00: "Blocks marked
**2016** retell the post")."""
SEED_LABEL = re.compile(r"^>\s*\*\*2016\s*原文\*\*.*$", re.M)


def cells(path: Path) -> list[dict[str, Any]]:
    cells_: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return cells_


def text_of(cell: dict[str, Any]) -> str:
    value = cell.get("source", "")
    return "".join(value) if isinstance(value, list) else str(value)


def without_comment(line: str) -> str:
    """A line of code without its comment (alone on the line, or after ``  # ``)."""
    if line.lstrip().startswith("#"):
        return ""
    return line.split("  # ", 1)[0]


def code_of(cell: dict[str, Any]) -> str:
    """A code cell's code, its comments (translated per edition) left out."""
    return "\n".join(without_comment(line) for line in text_of(cell).split("\n"))


def parity_problems(english: Path, translated: Path) -> list[str]:
    """How the edition in ``translated`` differs from ``english`` beyond its markdown's words."""
    found = []
    for name in sorted(p.name for p in english.glob("[0-9][0-9]-*.ipynb")):
        other = translated / name
        if not other.is_file():
            found.append(f"{name}: missing from {translated.name}/")
            continue
        meta = [
            json.loads(p.read_text(encoding="utf-8"))["metadata"] for p in (english / name, other)
        ]
        if meta[0].get("kernelspec") != meta[1].get("kernelspec"):
            found.append(f"{name}: the kernels differ")
        ours, theirs = cells(english / name), cells(other)
        if [c.get("id") for c in ours] != [c.get("id") for c in theirs]:
            found.append(f"{name}: the cells' ids or order differ")
            continue
        for mine, its in zip(ours, theirs, strict=True):
            where = f"{name} cell {mine.get('id')}"
            if mine["cell_type"] != its["cell_type"]:
                found.append(f"{where}: {mine['cell_type']} here, {its['cell_type']} there")
            elif mine.get("metadata") != its.get("metadata"):
                found.append(f"{where}: metadata (tags) differ")
            elif mine["cell_type"] == "code" and code_of(mine) != code_of(its):
                found.append(f"{where}: the code differs")
            elif mine["cell_type"] == "code" and mine.get("outputs") != its.get("outputs"):
                found.append(f"{where}: the saved outputs differ")
            elif (
                mine["cell_type"] == "markdown"
                and english_words(text_of(mine))
                and not has_chinese(text_of(its))
            ):
                found.append(f"{where}: the markdown has no Chinese")
    return found


def english_words(text: str) -> bool:
    """Whether markdown says anything in words (a cell of only a picture or code does not)."""
    prose = re.sub(r"```.*?```|`[^`]*`|<[^>]+>|\(https?://[^)]*\)", " ", text, flags=re.S)
    return re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", prose) is not None


def seed_text() -> tuple[str, str]:
    """The post as written (for code listings), and as joined prose (for quoted passages)."""
    seed = glossary.seed_post()
    return seed, join_lines(seed.splitlines())


def quoted_passages(quote: str) -> tuple[list[str], list[str]]:
    """A blockquote's (or fold's) passages of prose and the lines of its code blocks."""
    code_lines: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        code_lines.extend(line for line in match[1].splitlines() if line.strip())
        return "\n\n"

    quote = re.sub(r"```[^\n]*\n(.*?)```", keep_code, quote, flags=re.S)
    paragraphs = re.split(r"\n\s*\n", quote)
    passages = []
    for paragraph in paragraphs:
        joined = join_lines(paragraph.splitlines())
        for piece in re.split(r"`[^`]*`|[“”]|……|…|\[…\]|<[^>]+>", joined):
            piece = piece.strip()
            if re.search(r"[\u4e00-\u9fffA-Za-z0-9]", piece):
                passages.append(piece)
    return passages, [line.rstrip() for line in code_lines]


def seed_blockquotes(markdown: str) -> list[str]:
    """The "2016 原文" blockquotes of a cell, without their ``>`` and label."""
    quotes = []
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if SEED_LABEL.match(line):
            body = []
            for following in lines[index + 1 :]:
                if not following.startswith(">"):
                    break
                body.append(re.sub(r"^>\s?", "", following))
            quotes.append("\n".join(body))
    return quotes


def folds(markdown: str) -> list[str]:
    """The ``<details>`` folds of a cell, without their ``<summary>``."""
    found = re.findall(r"<details>(.*?)</details>", markdown, flags=re.S)
    return [re.sub(r"<summary>.*?</summary>", "", fold, flags=re.S) for fold in found]


def not_in_seed(text: str) -> list[str]:
    """The passages of a quote that are not the post's words (its label line aside)."""
    raw, prose = seed_text()
    lines = [re.sub(r"^>\s?", "", line) for line in text.splitlines()]
    lines = [line for line in lines if "《windows-docker介绍》" not in line]
    # the post's reference links ([text] with the address at its end) inlined: [text](address)
    lines = [re.sub(r"\[([^\]]+)\]\([^)\s]+\)", r"[\1]", line) for line in lines]
    passages, code = quoted_passages("\n".join(lines))
    missing = [p for p in passages if p not in prose]
    return missing + [line for line in code if line not in raw]


def blocks_2016() -> list[tuple[str, str, str | None]]:
    """(where, English, Chinese or None) for each English "2016" block (None: no edition yet)."""
    found = []
    for name in NAMES:
        translated = ENGLISH / EDITION / name
        zh = (
            {c.get("id"): text_of(c) for c in cells(translated) if c["cell_type"] == "markdown"}
            if translated.is_file()
            else {}
        )
        for cell in cells(ENGLISH / name):
            if cell["cell_type"] == "markdown" and ENGLISH_2016.search(text_of(cell)):
                found.append(
                    (f"{name} cell {cell.get('id')}", text_of(cell), zh.get(cell.get("id")))
                )
    return found


# --- the generated edition ---------------------------------------------------------------------


def test_the_chinese_edition_is_complete_and_up_to_date():
    found = editions.problems(EDITION)
    assert not found, f"{len(found)} problems (`python -m wintut.editions check`):\n" + "\n".join(
        found[:40]
    )


def test_both_editions_have_the_same_cells_and_code():
    assert len(NAMES) == 7
    found = parity_problems(ENGLISH, ENGLISH / EDITION)
    assert not found, "\n".join(found)


@pytest.fixture
def two_editions(tmp_path):
    """A copy of the English notebooks and an edition generated from them (markdown given
    Chinese), which the parity check passes, to change one thing in."""
    english, translated = tmp_path / "en", tmp_path / "en" / EDITION
    translated.mkdir(parents=True)
    for name in NAMES:
        shutil.copy(ENGLISH / name, english / name)
        notebook = editions.generate(ENGLISH / name, EDITION)
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = ["# 中文\n", *cell["source"]]
        (translated / name).write_text(editions.dump_notebook(notebook), encoding="utf-8")
    assert parity_problems(english, translated) == []
    return english, translated


def _edit(path: Path, change) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    change(notebook, code)
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return str(code.get("id"))


@pytest.mark.parametrize("side", ["english", "translated"])
def test_a_changed_code_cell_in_either_edition_fails_parity(two_editions, side):
    english, translated = two_editions
    folder = english if side == "english" else translated
    name = NAMES[2]

    def append_line(_notebook, code):
        code["source"] = [*code["source"], "\nprint('only in one edition')"]

    cell_id = _edit(folder / name, append_line)
    assert parity_problems(english, translated) == [f"{name} cell {cell_id}: the code differs"]


def test_parity_catches_tags_order_type_and_untranslated_markdown(two_editions):
    english, translated = two_editions

    def retag(_notebook, code):
        code.setdefault("metadata", {})["tags"] = ["hide-input"]

    cell_id = _edit(translated / NAMES[0], retag)
    assert parity_problems(english, translated) == [
        f"{NAMES[0]} cell {cell_id}: metadata (tags) differ"
    ]
    _edit(translated / NAMES[1], lambda notebook, _code: notebook["cells"].reverse())
    assert f"{NAMES[1]}: the cells' ids or order differ" in parity_problems(english, translated)
    shutil.copy(english / NAMES[3], translated / NAMES[3])  # the English text, not translated
    assert any(
        p.startswith(f"{NAMES[3]} cell") and p.endswith("the markdown has no Chinese")
        for p in parity_problems(english, translated)
    )
    (translated / NAMES[4]).unlink()
    assert f"{NAMES[4]}: missing from {EDITION}/" in parity_problems(english, translated)


# --- the 2016 blocks ---------------------------------------------------------------------------


def test_the_seed_copy_is_the_post_with_its_source():
    header = glossary.asset_path(*glossary.SEED_POST).read_text(encoding="utf-8")[:400]
    assert "2016-08-05" in header and "《windows-docker介绍》" in header
    raw, prose = seed_text()
    assert "title:  windows-docker介绍" in raw
    # the quirks the quotes must keep: the typo 再镜像, HyperV, the half-width comma
    for quirk in (
        "再镜像里面运行",
        "开启HyperV服务",
        "涌上心头, windows",
        "作为启动盘来加载linux系统",
    ):
        assert quirk in prose, quirk


def test_every_english_2016_block_offers_the_chinese_original_in_a_fold():
    blocks = blocks_2016()
    assert len(blocks) >= 6, "the 2016 retellings"
    problems = []
    for where, english, _zh in blocks:
        chinese = [fold for fold in folds(english) if has_chinese(fold)]
        if not chinese:
            problems.append(f"{where}: no <details> fold with the post's Chinese")
        for fold in chinese:
            problems += [f"{where}: not in the post: {p!r}" for p in not_in_seed(fold)]
    assert not problems, "\n".join(problems)


def test_every_chinese_2016_block_quotes_the_post_verbatim():
    problems = []
    for where, _english, zh in blocks_2016():
        if zh is None:
            problems.append(f"{where}: no {EDITION} edition of it (`make editions`)")
            continue
        quotes = seed_blockquotes(zh)
        if not quotes:
            problems.append(f"{where}: no “> **2016 原文**” blockquote")
        for quote in quotes:
            problems += [f"{where}: not in the post: {p!r}" for p in not_in_seed(quote)]
    assert not problems, "\n".join(problems)


def test_the_verbatim_check_catches_a_back_translation_and_keeps_the_posts_quirks():
    raw, _prose = seed_text()
    listing = next(line for line in raw.splitlines() if line.startswith("microsoft/iis "))
    faithful = (
        "> **2016 原文**（《windows-docker介绍》，2016-08-05）\n"
        "> 进入镜像不免想看看，到底是什么情况。uname -a 来查看下内核版本。\n"
        "> 4.4.5的内核出现在了眼前。……打开HyperV的管理器，可以看到，的确启动了一台虚拟机。\n"
        ">\n"
        "> “使用” `docker search microsoft` “有些惊喜的发现”\n"
        f"> ```\n> {listing}\n> ```\n"
        "\n"
        "这段是我们自己的话，不必出自原文。\n"
    )
    (quote,) = seed_blockquotes(faithful)
    assert not_in_seed(quote) == []
    tidied = faithful.replace("打开HyperV的管理器", "打开 Hyper-V 管理器")
    assert not_in_seed(seed_blockquotes(tidied)[0]) == [
        "打开 Hyper-V 管理器，可以看到，的确启动了一台虚拟机。"
    ]
    back_translated = faithful.replace("到底是什么情况", "看看里面究竟怎么回事")
    assert not_in_seed(seed_blockquotes(back_translated)[0]) == [
        "进入镜像不免想看看，看看里面究竟怎么回事。uname -a 来查看下内核版本。"
        "4.4.5的内核出现在了眼前。"
    ]
    spaced = faithful.replace(listing, re.sub(r" +", " ", listing))
    assert not_in_seed(seed_blockquotes(spaced)[0]) == [re.sub(r" +", " ", listing)]
    english = "> **2016.** The author looked.\n\n<details><summary>2016 原文</summary>\n\n"
    english += "> 进入镜像不免想看看，到底是什么情况。\n>\n> ——《windows-docker介绍》，2016-08-05\n"
    (fold,) = folds(english + "\n</details>\n")
    assert "summary" not in fold and not_in_seed(fold) == []
    assert not_in_seed(fold.replace("到底", "究竟")) == ["进入镜像不免想看看，究竟是什么情况。"]


def test_code_comments_are_translated_and_nothing_else_of_the_code():
    for name in NAMES:
        for mine, its in zip(cells(ENGLISH / name), cells(ENGLISH / EDITION / name), strict=True):
            if mine["cell_type"] != "code":
                continue
            english, chinese = text_of(mine).split("\n"), text_of(its).split("\n")
            assert len(english) == len(chinese), f"{name} {mine.get('id')}"
            for line, translated in zip(english, chinese, strict=True):
                assert without_comment(line) == without_comment(translated)
                if line != without_comment(line):
                    assert has_chinese(translated), f"{name}: comment {line!r} not translated"
