"""Every course step has three hint tiers, and they render without raw HTML."""

from __future__ import annotations

import pytest

from wintut.assets import asset_path
from wintut.markdown import render
from wintut.steps import STEP_IDS


@pytest.mark.parametrize("step_id", STEP_IDS)
def test_three_tiers_that_render_safely(step_id):
    folder = asset_path("hints", step_id)
    tiers = sorted(p.name for p in folder.glob("*.md"))
    assert tiers == ["1.md", "2.md", "3.md"]
    for name in tiers:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.strip(), f"{step_id}/{name} is empty"
        html = render(text)
        assert "<script" not in html and "javascript:" not in html


def test_hint_tiers_sort_by_number_not_text(tmp_path, monkeypatch):
    import wintut.assets
    from wintut.steps import get

    folder = tmp_path / "hints" / "engine"
    folder.mkdir(parents=True)
    for tier in (1, 2, 10):
        (folder / f"{tier}.md").write_text(f"tier {tier}")
    monkeypatch.setattr(wintut.assets, "ROOT", tmp_path)
    assert get("engine").hints() == ["tier 1", "tier 2", "tier 10"]
