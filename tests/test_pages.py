"""Golden Markdown for every generated page kind, built from the fixture tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossier.engine.assembly import generated_pages, page_markdown
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"
GOLDEN = Path(__file__).parent / "golden" / "pages"


def _rendered() -> dict[str, str]:
    loaded = load(EXAMPLE)
    assert loaded.problems == []
    assert loaded.site is not None
    out = dict(generated_pages(loaded.site))
    index = (EXAMPLE / "docs" / "index.md").read_text(encoding="utf-8")
    out["article/index.md"] = page_markdown(index, "index.md", loaded.site)
    return out


RENDERED = _rendered()


def _update(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens", default=False)
                or os.environ.get("UPDATE_GOLDENS"))


@pytest.mark.parametrize("src_uri", sorted(RENDERED))
def test_page_matches_golden(src_uri: str, request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / src_uri
    if _update(request):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(RENDERED[src_uri], encoding="utf-8")
    assert golden.exists(), f"no golden file for {src_uri}; run pytest --update-goldens"
    assert RENDERED[src_uri] == golden.read_text(encoding="utf-8")


def test_no_stale_goldens() -> None:
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert on_disk <= set(RENDERED), f"golden files for pages no longer generated: {on_disk - set(RENDERED)}"


def test_backlinks_are_derived_both_ways() -> None:
    """Every fact → paragraph link has its paragraph → fact marker, and entity ↔ facts."""
    site = load(EXAMPLE).site
    assert site is not None
    for fid in site.facts:
        for pid in site.fact_paragraphs(fid):
            assert fid in site.facts_by_paragraph[pid]
        for eid in site.facts[fid]["entities"]:
            assert fid in site.facts_by_entity[eid]
    # related entities are symmetric although only one side states them
    assert "hbis" in site.related_entities["zelezara-smederevo"]
    # an explicit [text](@id) link in the article counts as a mention
    assert "p-steel" in site.paragraphs_by_entity["hbis"]


def test_data_strings_are_escaped() -> None:
    page = RENDERED["entities/ada-bridge.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    timeline = RENDERED["timeline.md"]
    assert "\\*undated\\*" in timeline and "\\[x\\]\\(y\\)" in timeline
