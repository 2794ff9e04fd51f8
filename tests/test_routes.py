"""The route table (dossier/core/routes.py): record ↔ page ↔ URL ↔ anchor, and every
generated page's path. Pure: the real data and articles, no MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core import routes
from dossier.core.settings import Settings
from dossier.core.site import load
from dossier.engine.assembly import generated_pages
from dossier.publish import publication

ROOT = Path(__file__).resolve().parents[1]
SITE = load(ROOT).site
SETTINGS = Settings("https://example.org/dossier/", "Example dossier", "Example dossier editors")


def test_record_pages_round_trip_through_page_and_url() -> None:
    for kind, records in (("entity", SITE.entities), ("topic", SITE.topics)):
        for ident in records:
            src_uri = routes.record(kind, ident)
            assert routes.page_record(src_uri) == (kind, ident)
            url = routes.url(src_uri)
            assert url == f"{'entities' if kind == 'entity' else 'topics'}/{ident}/"
            assert routes.location_record(url) == (kind, ident)
            assert routes.location_record(url.rstrip("/") + ".html") == (kind, ident)
            assert src_uri in routes.sources_of("/" + url)


def test_anchored_records_round_trip_through_url_and_anchor() -> None:
    for kind, records, page in (("fact", SITE.facts, routes.TIMELINE),
                                ("source", SITE.sources, routes.SOURCES)):
        for ident in records:
            target = routes.record(kind, ident)
            assert target == f"{page}#{ident}"
            path, _, anchor = routes.url(target).partition("#")
            assert anchor == ident and page in routes.sources_of("/" + path)
    assert SITE.paragraphs
    for para in SITE.paragraphs.values():
        target = routes.paragraph(para.page, para.id)
        assert routes.url(target) == f"{routes.url_path(para.page)}#{para.id}"
        assert routes.page_record(para.page) is None


@pytest.mark.parametrize(("src_uri", "url"), [
    ("index.md", ""), ("timeline.md", "timeline/"), ("entities/index.md", "entities/"),
    ("topics/industry.md", "topics/industry/"), ("data/index.md", "data/"),
    ("timeline.md#f1", "timeline/#f1"), ("sources.md#s1", "sources/#s1"),
])
def test_urls_are_directory_urls(src_uri: str, url: str) -> None:
    assert routes.url(src_uri) == url


@pytest.mark.parametrize("src_uri", ["entities/index.md", "topics/index.md", "timeline.md",
                                     "index.md", "entities/a/b.md", "data/index.md"])
def test_pages_that_show_no_single_record(src_uri: str) -> None:
    assert routes.page_record(src_uri) is None
    assert routes.location_record(routes.url(src_uri)) is None
    assert routes.location_record(routes.url(src_uri) + "#section") is None


def test_every_generated_page_is_in_the_route_table() -> None:
    pub = publication.read(ROOT, "data", "docs", site_url=SETTINGS.site_url,
                           site_name=SETTINGS.site_name, author=SETTINGS.author)
    made = generated_pages(SITE, pub, SETTINGS)
    years = {src for src in made if src.startswith(routes.TIMELINE_PREFIX)}
    assert years == {routes.timeline_page(name) for name in SITE.periods()}
    fixed = {src for src in made if routes.page_record(src) is None} - years
    assert fixed == set(routes.GENERATED)
    shown = {routes.page_record(src) for src in made} - {None}
    assert shown == ({("entity", e) for e in SITE.entities} | {("topic", t) for t in SITE.topics})
    assert all(routes.in_nav(src) == (not routes.page_record(src) and src not in years)
               for src in made)


@pytest.mark.parametrize(("date", "period", "page"), [
    ("2019-05-03", "2019", "timeline/2019.md"), ("2019", "2019", "timeline/2019.md"),
    ("198X", "1980", "timeline/1980.md"), ("2008/..", "2008", "timeline/2008.md"),
    ("2024?", "2024", "timeline/2024.md"), (None, "undated", "timeline/undated.md")])
def test_a_fact_is_filed_under_its_earliest_year(date: str | None, period: str, page: str) -> None:
    assert routes.period(date) == period
    assert routes.fact("f-1", date) == f"{page}#f-1"
    assert routes.url(routes.fact("f-1", date)) == f"timeline/{period}/#f-1"
    assert routes.permalink("f-1") == routes.record("fact", "f-1") == "timeline.md#f-1"
    assert routes.url(routes.permalink("f-1")) == "timeline/#f-1"
