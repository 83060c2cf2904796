"""The course's translated editions, generated from one source.

The English notebooks (``notebooks/*.ipynb``) are the source of every cell: its order, id, tags
and code. A translation is one text file per notebook (``translations/zh-CN/NN-name.md``) that
holds only the markdown, one block per markdown cell::

    <!-- cell cell-02 en:3f2a9c1b07 -->
    ## 2016：这是谁的内核？
    ...

Comment lines of code cells (``# Setup: run this cell first…``) are translated once for all
notebooks in ``translations/zh-CN/code-comments.md``, in blocks of the same form; nothing else
of a code cell may differ between the editions.

``en:`` is a short hash of the English text the block was translated from. So a block whose
English has changed since is reported as stale, as gettext would mark it fuzzy, and code cells
cannot drift apart because the edition copies them.

Maintainers run ``python -m wintut.editions build`` after editing either side (``make
editions``), ``check`` to see what is missing or stale, and ``stub`` to add a block, with the
English text to translate, for every markdown cell that has none.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wintut import i18n

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TRANSLATIONS = ROOT / "translations"
EDITIONS = tuple(i18n.EDITIONS.values())  # the folders: zh-CN
MARKER = re.compile(r"^<!-- cell (?P<id>\S+) en:(?P<hash>[0-9a-f]+)(?P<todo> TODO)? -->$", re.M)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Block:
    cell_id: str
    en_hash: str
    text: str
    todo: bool


def source(cell: dict[str, Any]) -> str:
    value = cell.get("source", "")
    return "".join(value) if isinstance(value, list) else str(value)


def read_notebook(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def dump_notebook(notebook: dict[str, Any]) -> str:
    """The notebook as JupyterLab writes it, so a saved notebook does not show as changed."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def read_blocks(path: Path) -> dict[str, Block]:
    """The translation's blocks by cell id (none when the file does not exist)."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    marks = list(MARKER.finditer(text))
    blocks: dict[str, Block] = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[mark.end() : end].strip("\n")
        blocks[mark["id"]] = Block(mark["id"], mark["hash"], body, bool(mark["todo"]))
    return blocks


def write_blocks(path: Path, blocks: list[Block]) -> None:
    parts = []
    for block in blocks:
        todo = " TODO" if block.todo else ""
        parts.append(f"<!-- cell {block.cell_id} en:{block.en_hash}{todo} -->\n{block.text}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")


def english_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def translation_of(notebook: Path, edition: str) -> Path:
    return TRANSLATIONS / edition / notebook.with_suffix(".md").name


def edition_of(notebook: Path, edition: str) -> Path:
    return NOTEBOOKS / edition / notebook.name


def comments_of(edition: str) -> Path:
    return TRANSLATIONS / edition / "code-comments.md"


def comment_lines(notebooks: list[Path]) -> list[str]:
    """Every distinct comment of the English code cells (``# …``, alone on its line or after
    the code), in order of appearance."""
    found: dict[str, None] = {}
    for notebook in notebooks:
        for cell in read_notebook(notebook)["cells"]:
            if cell["cell_type"] == "code":
                found.update(dict.fromkeys(filter(None, map(_comment, source(cell).split("\n")))))
    return list(found)


def _comment(line: str) -> str | None:
    """The comment that ends ``line``, if any (the course's code has no ``  #`` in strings)."""
    if line.lstrip().startswith("#"):
        return line.strip()
    if "  # " in line:
        return line[line.index("  # ") + 2 :].strip()
    return None


def _comment_id(comment: str) -> str:
    return f"comment-{text_hash(comment)}"


def translate_comments(code: str, blocks: dict[str, Block]) -> str:
    """``code`` with each comment that has a translated block replaced (the code kept)."""
    lines = []
    for line in code.split("\n"):
        comment = _comment(line)
        block = blocks.get(_comment_id(comment)) if comment else None
        if comment and block is not None and not block.todo:
            line = line[: line.rindex(comment)] + block.text.strip()
        lines.append(line)
    return "\n".join(lines)


def generate(notebook: Path, edition: str) -> dict[str, Any]:
    """The edition of one English notebook: the same cells, the markdown translated.

    A markdown cell without a translated block keeps its English text (``check`` reports it).
    """
    english = read_notebook(notebook)
    blocks = read_blocks(translation_of(notebook, edition))
    comments = read_blocks(comments_of(edition))
    cells = []
    for cell in english["cells"]:
        cell = json.loads(json.dumps(cell))
        block = blocks.get(cell.get("id", ""))
        if cell["cell_type"] == "markdown" and block is not None and not block.todo:
            cell["source"] = _lines(block.text)
        elif cell["cell_type"] == "code" and any(map(_comment, source(cell).split("\n"))):
            cell["source"] = _lines(translate_comments(source(cell), comments))
        cells.append(cell)
    metadata = {**english["metadata"], "wintut": {"edition": edition, "source": notebook.name}}
    return {**english, "cells": cells, "metadata": metadata}


def _lines(text: str) -> list[str]:
    lines = (text + "\n").splitlines(keepends=True)
    lines[-1] = lines[-1].rstrip("\n")
    return lines


def problems(edition: str) -> list[str]:
    """What keeps an edition from matching its source: one line each."""
    comments = read_blocks(comments_of(edition))
    found = [
        f"code comment {line.strip()!r} has no {edition} block"
        for line in comment_lines(english_notebooks())
        if _comment_id(line) not in comments or comments[_comment_id(line)].todo
    ]
    for notebook in english_notebooks():
        name = notebook.name
        blocks = read_blocks(translation_of(notebook, edition))
        markdown = {
            cell["id"]: source(cell)
            for cell in read_notebook(notebook)["cells"]
            if cell["cell_type"] == "markdown"
        }
        for cell_id, text in markdown.items():
            block = blocks.get(cell_id)
            if block is None:
                found.append(f"{name}: cell {cell_id} has no {edition} block")
            elif block.todo:
                found.append(f"{name}: cell {cell_id} is still marked TODO")
            elif block.en_hash != text_hash(text):
                found.append(
                    f"{name}: cell {cell_id} changed in English since it was translated"
                    f" (now en:{text_hash(text)})"
                )
        found += [f"{name}: block {i} names no markdown cell" for i in blocks if i not in markdown]
        target = edition_of(notebook, edition)
        if not target.is_file():
            found.append(f"{edition}/{name} is missing: run `make editions`")
        elif target.read_text(encoding="utf-8") != dump_notebook(generate(notebook, edition)):
            found.append(f"{edition}/{name} is stale: run `make editions`")
    return found


def build(edition: str) -> list[Path]:
    written = []
    for notebook in english_notebooks():
        target = edition_of(notebook, edition)
        text = dump_notebook(generate(notebook, edition))
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def stub(edition: str) -> list[Path]:
    """Add a TODO block, holding the English, for each markdown cell that has none; keep order."""
    changed = []
    for notebook in english_notebooks():
        path = translation_of(notebook, edition)
        blocks = read_blocks(path)
        ordered = []
        for cell in read_notebook(notebook)["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = source(cell)
            ordered.append(blocks.get(cell["id"]) or Block(cell["id"], text_hash(text), text, True))
        if [b.cell_id for b in ordered] != list(blocks) or any(b.todo for b in ordered):
            write_blocks(path, ordered)
            changed.append(path)
    path, blocks = comments_of(edition), read_blocks(comments_of(edition))
    lines = comment_lines(english_notebooks())
    if any(_comment_id(line) not in blocks for line in lines):
        write_blocks(
            path,
            [
                blocks.get(_comment_id(line))
                or Block(_comment_id(line), text_hash(line), line, True)
                for line in lines
            ],
        )
        changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wintut.editions", description=__doc__)
    parser.add_argument("action", choices=["build", "check", "stub"])
    parser.add_argument("--edition", default=EDITIONS[0], choices=EDITIONS)
    args = parser.parse_args(argv)
    if args.action == "build":
        for path in build(args.edition):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if args.action == "stub":
        for path in stub(args.edition):
            print(f"added blocks to {path.relative_to(ROOT)}")
        return 0
    found = problems(args.edition)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
