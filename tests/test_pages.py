"""Golden Markdown for every page kind, exactly as the real build renders it: one strict build
of the example project (conftest.example_site) with its generated pages, "Cite this" blocks,
/data/, /changelog/ and /print/, and the article pages with the data woven in."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import EXAMPLE, ExampleBuild

from dossier.core.site import load

GOLDEN = Path(__file__).parent / "golden" / "pages"


def _normalised(markdown: str, commits: set[str]) -> str:
    """The example project's commit hash depends on files copied from the repository (styles,
    scripts, templates): written as <commit> so a change there does not churn the goldens."""
    for sha in sorted(commits, key=len, reverse=True):
        markdown = markdown.replace(sha, "<commit>")
    return markdown


def _commits(project: Path) -> set[str]:
    full = subprocess.run(["git", "-C", str(project), "log", "--format=%H"], capture_output=True,
                          text=True, check=True).stdout.split()
    return {sha[:n] for sha in full for n in (40, 12, 10, 9, 8, 7)}


def test_every_page_matches_its_golden(example_site: ExampleBuild, golden) -> None:
    commits = _commits(example_site.project)
    rendered = example_site.markdown
    # one of each kind at least: article, record pages, indexes, data, change log, print
    for kind in ("index.md", "timeline.md", "entities/index.md", "topics/index.md", "sources.md",
                 "data/index.md", "changelog.md", "print.md", "map.md", "charts.md",
                 "glossary.md", "schema.md"):
        assert kind in rendered, f"the build rendered no {kind}"
    failures = []
    for src_uri, markdown in sorted(rendered.items()):
        try:
            golden(GOLDEN / src_uri, _normalised(markdown, commits))
        except AssertionError as err:
            failures.append(str(err).splitlines()[0])
    assert not failures, "\n".join(failures)
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert on_disk <= set(rendered), f"golden files for pages no longer built: {on_disk - set(rendered)}"


def test_pages_carry_cite_this_as_the_build_shows_it(example_site: ExampleBuild) -> None:
    rendered = example_site.markdown
    for src_uri, markdown in rendered.items():
        if src_uri == "print.md":  # the print edition repeats the articles, uncited
            assert 'id="dossier-cite"' not in markdown
        else:
            assert 'id="dossier-cite"' in markdown, src_uri


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


def test_data_strings_are_escaped(example_site: ExampleBuild) -> None:
    page = example_site.markdown["entities/ada-bridge.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    timeline = example_site.markdown["timeline/undated.md"]
    assert "\\*undated\\*" in timeline and "\\[x\\]\\(y\\)" in timeline
