"""The Chinese catalog: complete, placeholders kept, and found the way the course looks it up.

The messages are extracted afresh from the package here (as ``make catalog`` does), so a new
learner-facing string without a translation fails this test, not a learner.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from wintut import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "wintut" / "locale" / "zh_CN" / "LC_MESSAGES" / "wintut.po"


def catalog():
    with PO.open("rb") as source:
        return read_po(source, locale="zh_CN")


def extracted() -> dict[tuple[str, str | None], str]:
    """Every marked message of the package: (msgid, context) → where it is (file:line)."""
    found: dict[tuple[str, str | None], str] = {}
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options_map
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault((msgid, context), f"{filename}:{lineno}")
    return found


def fields(text: str) -> list[str]:
    """The ``{placeholders}`` of a message (the course formats with ``str.format``)."""
    try:
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)
    except ValueError as exc:
        return [f"unparsable: {exc}"]


def test_every_marked_message_has_a_chinese_translation():
    po = catalog()
    missing = []
    for (msgid, context), where in extracted().items():
        entry = po.get(msgid, context=context)
        text = entry.string if entry is not None else ""
        text = text[0] if isinstance(text, tuple) else text
        if not text or (entry is not None and entry.fuzzy):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, f"{len(missing)} untranslated (run `make catalog`):\n" + "\n".join(missing)


def test_the_catalog_has_no_leftover_entries():
    stale = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog() if m.id}
    stale -= set(extracted())
    assert not stale, f"in the .po but no longer in the code (run `make catalog`): {sorted(stale)}"


def test_placeholders_are_the_same_in_both_languages():
    # pybabel compile misses a misspelt {placeholder}: this is the check that does not
    wrong = []
    for entry in catalog():
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for text in strings:
            if text and fields(text) != fields(ids[-1]) and fields(text) != fields(ids[0]):
                wrong.append(f"{ids[0]!r}: {fields(ids[0])} vs {fields(text)}")
    assert not wrong, "\n".join(wrong)


def test_babel_finds_no_errors_in_the_catalog():
    errors = [(m.id, e) for m, e in catalog().check() if e]
    assert not errors


def test_the_chinese_catalog_loads_for_every_spelling_of_the_language():
    translation = i18n.catalog("zh_CN", strict=True)
    entries = [m for m in catalog() if m.id and isinstance(m.id, str) and m.string]
    if entries:
        assert translation.gettext(entries[0].id) == entries[0].string
    spellings = ("zh-CN", "zh", "zh_Hans", "zh_CN.UTF-8", "zh-Hans-CN", "Chinese (PRC)_China")
    for spelling in spellings:
        assert i18n.normalise(spelling) == "zh_CN", spelling
    for spelling in ("zh-TW", "zh_Hant", "fr_FR", "", None):
        assert i18n.normalise(spelling) is None, spelling
    assert i18n.normalise("en_GB.UTF-8") == "en"


@pytest.mark.parametrize(
    ("env", "edition", "saved", "expected"),
    [
        ({"WINTUT_LANG": "zh-CN"}, None, "en", "zh_CN"),  # the environment first
        ({"WINTUT_LANG": "en"}, "zh-CN", None, "en"),
        ({}, "zh-CN", "en", "zh_CN"),  # then the edition of the notebook being run
        ({}, "notebooks", "zh_CN", "en"),
        ({}, None, "zh_CN", "zh_CN"),  # then the learner's saved choice
        ({"LANG": "zh_CN.UTF-8"}, None, None, "zh_CN"),  # then the system's
        ({"LANG": "de_DE.UTF-8"}, None, None, "en"),  # else English
    ],
)
def test_the_language_is_chosen_in_order(tmp_path, env, edition, saved, expected, monkeypatch):
    monkeypatch.setattr("locale.getlocale", lambda *a: ("en_US", "UTF-8"))
    cwd = tmp_path / (edition or "elsewhere")
    cwd.mkdir()
    if edition:
        (cwd / i18n.FIRST_NOTEBOOK).write_text("{}")
    assert i18n.choose(env, cwd, saved) == expected
