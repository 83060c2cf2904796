"""The 术语表 (assets/glossary/zh-CN.md), and the Chinese text that must follow it.

The glossary parses and cites a source for every term. The catalog and the Chinese notebooks
(``translations/zh-CN/*.md``) use none of its avoided variants, outside the 2016 post's own words
(quoted verbatim) and the one gloss that names Microsoft's 映像. A catalog entry whose English
names a core term (container, image, kernel…) says it with the glossary's Chinese. Each checker is
also run on planted mistakes, so a checker that finds nothing cannot pass unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.zh_text import KEPT_NAMES
from wintut import editions, glossary
from wintut.assets import asset_path
from wintut.glossary import GlossaryError, Term

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "wintut" / "locale" / "zh_CN" / "LC_MESSAGES" / "wintut.po"
TRANSLATIONS = sorted((ROOT / "translations" / "zh-CN").glob("*.md"))
TERMS = glossary.load()
BY_ENGLISH = glossary.by_english(TERMS)

ALLOWED_GLOSSES = ("镜像（微软文档称‘映像’）",)
"""Text that names an avoided variant on purpose: the glossary's D1 gloss of Microsoft's word."""

CORE = {
    "container": r"containers?",
    "image": r"images?",
    "isolation": r"isolation",
    "kernel": r"kernels?",
    "virtual machine": r"virtual machines?",
    "registry mirror": r"(?:registry )?mirrors?",
    "engine": r"engines?",
    "daemon": r"daemons?",
    "host": r"hosts?",
}
"""The English terms (glossary rows) whose Chinese a catalog entry naming them must contain."""

EXCEPTIONS: tuple[tuple[str, str, str], ...] = (
    # (a regex the msgid matches, the CORE term it may leave out, why)
    (
        r"^Containers$",
        "container",
        "the Windows feature's own name, written “容器”功能 or kept in English inside “”",
    ),
    (r"worker hosts its utility VM", "host", "“hosts” is the verb here (承载), not a host"),
)
"""Catalog entries that may say a core term otherwise: keep this short, each with its reason."""


# --- the checkers ------------------------------------------------------------------------------

_CODE = [re.compile(r"```.*?```", re.S), re.compile(r"`[^`]*`")]
_LITERALS = [
    re.compile(r"https?://\S+"),
    re.compile(r"\{[^{}]*\}"),  # placeholders
    re.compile(r"“[^”]*”|\"[^\"]*\""),  # quoted words: the daemon's, a menu item's
    re.compile(r"(?<!\w)--?[a-z][\w-]*"),  # flags
    re.compile(r"\b[\w-]+\.(?:json|py|md|ipynb|toml|yml|exe|iso|vhdx)\b"),  # file names
]


def _strip(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return text


def _kept_english() -> list[str]:
    """Names that stay English in Chinese text, longest first (``Docker Engine``, the menu)."""
    rows = [t.english for t in TERMS if t.keep_english == "yes"]
    return sorted({*KEPT_NAMES, *rows}, key=len, reverse=True)


def english_terms(msgid: str) -> set[str]:
    """The CORE terms the learner-facing English of ``msgid`` names (not in code or quotes)."""
    text = _strip(msgid, [*_CODE, *_LITERALS])
    for name in _kept_english():
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    return {term for term, words in CORE.items() if re.search(rf"\b{words}\b", text, re.I)}


def _accepted(term: Term) -> tuple[str, ...]:
    """The Chinese forms, and what stays English for the term (```dockerd``` for a daemon)."""
    return (*term.choices, *re.findall(r"`([^`]+)`", term.keep_english))


def _without_glosses(text: str) -> str:
    for gloss in ALLOWED_GLOSSES:
        text = text.replace(gloss, " ")
    return text


def avoided_in(text: str, terms: list[Term]) -> list[str]:
    """The glossary's avoided variants that ``text`` uses (the ``~`` ones are not looked for)."""
    text = _without_glosses(text)
    return [f"{v} (for {t.english})" for t in terms for v in t.avoid if v in text]


def catalog_problems(
    entries: Iterable[tuple[str, list[str]]],
    terms: list[Term],
    exceptions: Iterable[tuple[str, str, str]] = EXCEPTIONS,
) -> list[str]:
    """What breaks the glossary in ``(msgid, [msgstr…])`` entries: one line each."""
    by_english = glossary.by_english(terms)
    allowed = list(exceptions)
    found = []
    for msgid, strings in entries:
        for text in (s for s in strings if s):
            own = _strip(text, _CODE)
            found += [f"{msgid!r}: uses {variant}" for variant in avoided_in(own, terms)]
            for term in terms:
                english = term.english.split(" (")[0]  # "build (an image)" is said "build"
                if re.search(rf"\b{re.escape(english)}s?\b", msgid, re.I):
                    wrong = [v for v in term.avoid_in_context if v in own]
                    found += [f"{msgid!r}: says {v} for {term.english}" for v in wrong]
            # URL forms (tcp://HOST:PORT) and `code` name no term
            prose_id = re.sub(r"\S+://\S+|`[^`]*`|\b\w+(?:-\w+)+\b", " ", msgid)  # and step-ids
            for name in sorted(english_terms(prose_id)):
                if any(re.search(pattern, msgid) and n == name for pattern, n, _ in allowed):
                    continue
                forms = _accepted(by_english[name])
                if not any(form in text for form in forms):
                    found += [f"{msgid!r}: names {name} but says none of {'/'.join(forms)}"]
    return found


def _seed_words(seed: str) -> str:
    """The post as one line per paragraph's text, so a quote wrapped anywhere still matches."""
    return join_lines(seed.splitlines())


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines as markdown shows Chinese: no space, except between two Latin words;
    list markers dropped."""
    joined = ""
    for raw in lines:
        line = re.sub(r"^\s*(?:[-*]\s+)?", "", raw).strip()
        latin = re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9]$", joined)
        if joined and line and latin:
            joined += " "
        joined += line
    return joined


def seed_quotes_removed(text: str, seed: str) -> str:
    """``text`` without the 2016 post's own words: its "2016 原文" blockquotes, and any “quote”
    that is the post's text verbatim."""
    kept: list[str] = []
    in_seed_quote = False
    for line in text.splitlines():
        if line.startswith(">"):
            if re.match(r">\s*\*\*2016\s*原文", line):
                in_seed_quote = True
            if in_seed_quote:
                continue
        else:
            in_seed_quote = False
        kept.append(line)
    words = _seed_words(seed)
    return re.sub(r"“([^”]*)”", lambda m: " " if m[1] and m[1] in words else m[0], "\n".join(kept))


def translation_problems(text: str, seed: str, terms: list[Term]) -> list[str]:
    """The avoided variants a translated block uses in the course's own words."""
    own = _strip(seed_quotes_removed(text, seed), [*_CODE, re.compile(r"https?://\S+")])
    return avoided_in(own, terms)


def catalog_entries() -> list[tuple[str, list[str]]]:
    with PO.open("rb") as source:
        catalog = read_po(source, locale="zh_CN")
    entries = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        entries += [(msgid, [str(s) for s in strings]) for msgid in ids]
    return entries


# --- the glossary itself -----------------------------------------------------------------------


def test_the_glossary_parses_and_holds_the_terms_the_issue_names():
    assert len(TERMS) >= 60
    chosen = {
        "container": "容器",
        "image": "镜像",
        "isolation": "隔离",
        "process isolation": "进程隔离",
        "Hyper-V isolation": "Hyper-V 隔离",
        "kernel": "内核",
        "virtual machine": "虚拟机",
        "daemon": "守护进程",
        "pull": "拉取",
        "build (an image)": "构建",
        "tag": "标签",
        "registry mirror": "镜像加速器",
    }
    for english, chinese in chosen.items():
        assert BY_ENGLISH[english].choices[0] == chinese, english
    for kept in ("Hyper-V", "WSL 2", "LinuxKit", "Nano Server", "Docker Desktop", "Docker Hub"):
        assert BY_ENGLISH[kept].keep_english.startswith("yes"), kept
    assert len(BY_ENGLISH) == len(TERMS), "a term appears twice"
    assert set(CORE) <= set(BY_ENGLISH)


def test_every_term_cites_a_source_the_glossary_defines():
    text = asset_path("glossary", "zh-CN.md").read_text(encoding="utf-8")
    section = text.split("\n## Sources\n", 1)[1].split("\n## ", 1)[0]
    defined = set(re.findall(r"^- \*\*([\w-]+)\*\*:", section, re.M))
    assert defined == set(glossary.SOURCES)
    unsourced = [t.english for t in TERMS if not t.sources]
    assert not unsourced, f"terms without a source: {unsourced}"
    # the NC-SA book gives terms only: a row citing it cites a page, not a paragraph
    assert all(len(t.source) < 300 for t in TERMS)


def test_no_avoided_variant_is_one_of_the_chosen_terms():
    chosen = {form for t in TERMS for form in t.choices}
    clashes = [(t.english, v) for t in TERMS for v in t.avoid if v in chosen]
    assert not clashes
    assert avoided_in("这个镜像（微软文档称‘映像’）", TERMS) == []  # the one allowed gloss


def test_a_malformed_table_is_refused_with_its_line():
    header = "| " + " | ".join(glossary.COLUMNS) + " |\n|---|---|---|---|---|\n"
    with pytest.raises(GlossaryError, match="line 3: 4 cells"):
        glossary.parse(header + "| image | 镜像 | no | DP |\n")
    with pytest.raises(GlossaryError, match="no table"):
        glossary.parse("| English | Chinese |\n")
    (term,) = glossary.parse(header + "| tag | 标签 / tag（标签） | `tag` | 标签页; ~标记 | DP |\n")
    assert term.choices == ("标签", "tag") and term.avoid == ("标签页",)
    assert term.avoid_in_context == ("标记",) and term.sources == ("DP",)


# --- the catalog -------------------------------------------------------------------------------


def test_the_catalog_follows_the_glossary():
    problems = catalog_problems(catalog_entries(), TERMS)
    assert not problems, "\n".join(problems)


def test_the_catalog_check_finds_each_kind_of_mistake():
    planted = [
        ("The container stopped.", ["容器停止了。"]),
        ("Pull the image `ubuntu`.", ["拉取映像 `ubuntu`。"]),
        ("Is the tag right?", ["这个标记对吗？"]),
        ("Marked {n} steps.", ["已标记 {n} 个步骤。"]),
        ("Your kernel is {kernel}.", ["您的内核是 {kernel}。"]),
        ("The engine said “no such image”.", ["引擎说：“no such image”。"]),
        ("The host runs a virtual machine.", ["主机运行着一个 VM。"]),
        ("Containers", ["“容器”功能"]),
        ("Start the daemon.", ["启动 `dockerd`。"]),
    ]
    found = catalog_problems(planted, TERMS)
    assert found == [
        "'Pull the image `ubuntu`.': uses 映像 (for image)",
        "'Pull the image `ubuntu`.': names image but says none of 镜像",
        "'Is the tag right?': says 标记 for tag",
        "'Your kernel is {kernel}.': uses 您 (for you (the learner))",
        "'The host runs a virtual machine.': names virtual machine but says none of 虚拟机",
    ]
    assert catalog_problems([("Containers", ["Containers"])], TERMS, exceptions=()) == [
        "'Containers': names container but says none of 容器"
    ]


def test_english_terms_skip_code_quotes_placeholders_flags_and_kept_names():
    assert english_terms("Run `docker image ls` with --isolation=process.") == set()
    assert english_terms("The daemon said “image not found” for {image}.") == {"daemon"}
    assert english_terms("Open Docker Desktop, then Docker Engine.") == set()
    assert english_terms("Images and containers share the host's kernel.") == {
        "image",
        "container",
        "host",
        "kernel",
    }
    assert english_terms("containerd on localhost") == set()
    assert english_terms("Edit daemon.json through the Engine API.") == set()


# --- the Chinese notebooks ---------------------------------------------------------------------


@pytest.mark.parametrize("path", TRANSLATIONS, ids=[p.stem for p in TRANSLATIONS])
def test_the_chinese_notebooks_follow_the_glossary(path):
    seed = glossary.seed_post()
    problems = []
    for block in editions.read_blocks(path).values():
        if block.todo:
            continue  # still English: `python -m wintut.editions check` lists it
        found = translation_problems(block.text, seed, TERMS)
        problems += [f"cell {block.cell_id}: uses {variant}" for variant in found]
    assert not problems, "\n".join(problems)


def test_the_notebook_check_exempts_only_the_seeds_own_words_and_the_gloss():
    seed = glossary.seed_post()
    quoted = (
        "> **2016 原文**（《windows-docker介绍》，2016-08-05）\n"
        "> 首先环境需要64bit Windows 10 Pro，然后需要开启HyperV服务。\n"
        "\n"
        "作者说“然后需要开启HyperV服务。”，今天请确认已开启 Hyper-V。"
    )
    assert translation_problems(quoted, seed, TERMS) == []
    own = "> **2016.** 作者开启了 HyperV。\n\n请拉取这个映像。`映像` 不算。"
    assert translation_problems(own, seed, TERMS) == [
        "映像 (for image)",
        "HyperV (for Hyper-V)",
    ]
    gloss = "镜像（微软文档称‘映像’）是一个只读模板。您可以……"
    assert translation_problems(gloss, seed, TERMS) == ["您 (for you (the learner))"]


def test_the_chinese_readme_follows_the_glossary_and_never_wraps_inside_chinese():
    text = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert translation_problems(text, glossary.seed_post(), TERMS) == []
    prose = _strip(text, [_CODE[0]])  # fenced code may wrap as it likes
    cjk = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
    # a newline inside a Chinese paragraph renders as a space between two characters
    wrapped = re.findall(rf"{cjk}\n(?!\n|[#>|`-]|\*\*|<){cjk}", prose)
    assert not wrapped, wrapped
