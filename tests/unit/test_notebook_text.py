"""The course's text: a recap and real sources in every notebook, nothing the learner lacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
HASH = re.compile(r"@[0-9a-f]{7,40}\b|\b[0-9a-f]{40}\b")


def markdown(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def words(path: Path) -> int:
    return sum(len(re.findall(r"\S+", text)) for text in markdown(path))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_key_points_and_sources_before_the_closing_cells(path):
    text = "\n".join(markdown(path))
    assert "## Key points" in text and "## Sources" in text
    sources = text.split("## Sources", 1)[1]
    links = LINK.findall(sources)
    assert links and all(link.startswith("https://") for link in links)
    assert text.index("## Key points") < text.index("## Sources")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_no_files_the_learner_does_not_have_and_no_inline_hashes(path):
    for text in markdown(path):
        assert "DESIGN.md" not in text and "engine-facts" not in text
        prose = LINK.sub("](link)", text)  # a hash inside a link's address is fine
        assert not HASH.search(prose), HASH.search(prose)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_cited_number_is_in_the_sources(path):
    text = "\n".join(markdown(path))
    body, sources = text.split("## Sources", 1)
    listed = set(re.findall(r"^(\d+)\. ", sources, flags=re.M))
    cited = set(re.findall(r"\[(\d+)\](?!\()", body))
    assert cited <= listed, cited - listed


def test_glossary_has_the_jargon():
    text = "\n".join(markdown(NOTEBOOKS / "00-before-you-start.ipynb"))
    glossary = text.split("## Glossary", 1)[1]
    for term in ("UTS namespace", "SKU", "LinuxKit", "manifest list", "Isolation", "LTSC"):
        assert term in glossary, term


def test_notebook_05_stays_short():
    assert words(NOTEBOOKS / "05-windows-containers.ipynb") <= 1250
