"""Material's own search box, in a real browser, finds Serbian names however they are typed:
with or without diacritics, in either script, or by an alias (the extra index fields written
by dossier/render/search.py). Runs against the real site built once per session."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from conftest import Build

pytestmark = pytest.mark.browser

# (typed query, a page it must find although no entry of that page spells the query that way:
# found only thanks to the folded fields; the test checks the "although" part too)
FOLDED = [
    ("Zelezara", "western-balkans-strategy/"),  # text: Železara — diacritics
    ("Vucic", "historical-perspective/"),  # text: Vučić
    ("Cukaru", "western-balkans-strategy/"),  # text: Čukaru Peki
    ("Borca", "western-balkans-strategy/"),  # text: Zemun-Borča
    ("Nis", "culture-education/"),  # text: Niš
    ("Вучић", "historical-perspective/"),  # Cyrillic query, Latin text
    ("Смедерево", "western-balkans-strategy/"),
    ("Железара", "western-balkans-strategy/"),
    ("Hesteel", "topics/"),  # alias: text says HBIS / Železara Smederevo
    ("CRBC", "entities/e763-motorway/"),  # alias: text says China Road and Bridge Corporation
    ("Zijin", "entities/hbis/"),  # alias: text says RTB Bor (a.k.a. Serbia Zijin Copper)
]
# (typed query, the page that must come first)
FIRST = [
    ("Železara", "entities/zelezara-smederevo/"),  # as written: still found natively
    ("Zelezara", "entities/zelezara-smederevo/"),
    ("Vucic", "entities/aleksandar-vucic/"),
    ("Cukaru Peki", "entities/cukaru-peki/"),
    ("Borca", "entities/borca/"),
    ("Вучић", "entities/aleksandar-vucic/"),
    ("Hesteel", "entities/hbis/"),
    ("Zijin", "entities/zijin-mining/"),
]


SCROLL_TO_BOTTOM_ANEW = """async el => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
    el.scrollTop = 0; await frame()
    el.scrollTop = el.scrollHeight; await frame()
}"""


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def search(page, site_url: str, query: str) -> list[str]:
    """Type `query` into the search box of the open page; the URL paths of the results."""
    if not page.url.startswith(site_url):
        page.goto(site_url)
    box = page.locator(".md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    # Empty the box and wait for the idle message, so no result of the previous query can be
    # read as this one's; then the whole query at once and the keyup Material searches on
    # (typing letter by letter would show results of a partial query for a moment, and
    # Playwright types characters absent from the US layout, such as Cyrillic, without keyup).
    box.fill("")
    page.keyboard.press("End")
    expect()(meta).not_to_contain_text("matching")
    box.fill(query)
    page.keyboard.press("End")
    expect()(meta).to_contain_text("matching document")
    # Material renders ten result pages, then four more each time the list reaches its bottom
    # edge anew: scroll up, let a frame pass, scroll down, until every page counted is there.
    total = int(re.search(r"\d+", meta.inner_text()).group())  # type: ignore[union-attr]
    items = page.locator(".md-search-result__list > li")
    while (shown := items.count()) < total:
        page.locator(".md-search__scrollwrap").evaluate(SCROLL_TO_BOTTOM_ANEW)
        expect()(items).not_to_have_count(shown)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path)
            for href in links.evaluate_all("els => els.map(a => a.href)")]


def spelled_on(built_site: Build, page_path: str, query: str) -> bool:
    """Whether any search entry of the page has the query's words in its own title or text."""
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text("utf-8"))
    entries = [d for d in index["docs"]
               if d["location"] == page_path or d["location"].startswith(page_path + "#")]
    assert entries, f"/{page_path} is not in the search index"
    text = " ".join(d["title"] + " " + d["text"] for d in entries).lower()
    return any(word in text for word in query.lower().split())


def test_search_finds_names_however_typed(page, site_url, built_site):
    missed = []
    for query, expected in FOLDED:
        assert not spelled_on(built_site, expected, query), f"/{expected} spells {query!r}"
        found = search(page, site_url, query)
        if expected not in found:
            missed.append(f"{query!r} did not find /{expected}: {found[:8]}")
    assert not missed, "\n".join(missed)


def test_names_rank_their_entity_page_first(page, site_url):
    wrong = []
    for query, expected in FIRST:
        found = search(page, site_url, query)
        if found[0] != expected:
            wrong.append(f"{query!r}: /{expected} not first in {found[:5]}")
    assert not wrong, "\n".join(wrong)


def test_a_result_opens_its_page(page, site_url):
    search(page, site_url, "Cukaru")
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    page.wait_for_url(f"{site_url}entities/cukaru-peki/**")
    expect()(page.locator("article h1")).to_contain_text("Čukaru Peki")


def test_no_search_request_before_the_search_is_used(open_page, site_url):
    """The index and the worker are fetched only once the reader focuses the search box."""
    page, _watch = open_page(viewport={"width": 375, "height": 800})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    for path in ("", "timeline/", "entities/hbis/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "search_index" in u or "/workers/search" in u], requested
    with page.expect_request(lambda r: "search/search_index.json" in r.url):
        page.locator("label[for=__search]").first.click()
    expect()(page.locator(".md-search-result__meta")).to_contain_text("Type to start searching")


def test_matches_in_another_spelling_are_highlighted(page, site_url):
    for query, shown in (("Vucic", "Vučić"), ("Вучић", "Vučić"), ("Smederevo", "Smederevo"),
                         ("Смедерево", "Smederevo"), ("zelezara", "Železara")):
        search(page, site_url, query)
        marks = page.locator(".md-search-result__list mark")
        expect()(marks.first).to_be_visible()
        texts = {t.strip() for t in marks.all_inner_texts()}
        assert shown in texts, (query, sorted(texts)[:10])
