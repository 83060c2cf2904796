"""The buttons the notebooks tell the learner to press exist, in both editions, by the same name.

Notebook text says “press **Check**” (or 点击**检查**); the widget's label comes from the code
(English) or the catalog (Chinese). A renamed button, or a translator's guess, fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "wintut" / "locale" / "zh_CN" / "LC_MESSAGES" / "wintut.po"
EDITIONS = {
    "en": (ROOT / "notebooks", re.compile(r"(?:[Pp]ress|[Cc]lick) \*\*([^*]+)\*\*")),
    "zh_CN": (ROOT / "notebooks" / "zh-CN", re.compile(r"(?:点击|按下)\*\*([^*]+)\*\*")),
}


def labels() -> dict[str, set[str]]:
    with PO.open("rb") as source:
        catalog = read_po(source, locale="zh_CN")
    found: dict[str, set[str]] = {"en": set(), "zh_CN": set()}
    for message in catalog:
        if message.id and isinstance(message.id, str) and len(message.id) <= 40:
            found["en"].add(message.id)
            found["zh_CN"].add(str(message.string))
    return found


def pressed(folder: Path, pattern: re.Pattern[str]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                for name in pattern.findall("".join(cell["source"])):
                    names.setdefault(name, set()).add(path.name)
    return names


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_every_button_the_text_names_is_a_widget_label(lang):
    folder, pattern = EDITIONS[lang]
    named = pressed(folder, pattern)
    assert named, f"no “press **…**” found in {folder}: the pattern is wrong"
    known = labels()[lang]
    unknown = {name: sorted(where) for name, where in named.items() if name not in known}
    assert not unknown, f"buttons no widget has: {unknown}"
