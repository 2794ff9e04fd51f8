"""Data strings are text, never markup — end to end, through a real strict build.

A copy of the project gets an entity, a source and a fact whose names, titles, summaries and
notes hold `<script>` and `<img onerror>` payloads. The build must pass; in Chromium every page
that shows them (timeline, entity, topic, sources, map, indexes), Material's search results and
the "Cite this" dialog must show them as literal text and run none of them (`window.__xss` stays
undefined, no `<img src=x>` exists, and the watch sees no failed image load as a console error).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Build, _new_page, _QuietHandler, build_site, copy_project

ENTITY_NAME = 'Works <script>window.__xss=1</script> <img src=x onerror="window.__xss=2">'
ALIAS = '<img src=x onerror="window.__xss=3">Alias'
ENTITY_DESCRIPTION = ('A test site <script>window.__xss=4</script> '
                      '<img src=x onerror="window.__xss=5">')
SOURCE_TITLE = 'Source <script>window.__xss=6</script> <img src=x onerror="window.__xss=7">'
FACT_TITLE = 'Fact <script>window.__xss=9</script> <img src=x onerror="window.__xss=10"> title'
FACT_SUMMARY = ('Summary <img src=x onerror="window.__xss=11"> and '
                '<script>window.__xss=12</script> ends.')
FACT_ID = "xss-fact-2019"
ENTITY_ID = "xss-works"


def q(value: str) -> str:
    """A single-quoted YAML scalar."""
    return "'" + value.replace("'", "''") + "'"


HOSTILE = {
    f"data/entities/{ENTITY_ID}.yml": f"""\
id: {ENTITY_ID}
kind: site
name: {q(ENTITY_NAME)}
aliases:
  - {q(ALIAS)}
description: {q(ENTITY_DESCRIPTION)}
coordinates: {{lat: 44.5, lon: 20.5}}
topics: [industry-mining]
""",
    "data/sources/xss-source.yml": f"""\
id: xss-source
type: news
title: {q(SOURCE_TITLE)}
publisher: {q('<img src=x onerror="window.__xss=8">')}
issued: '2019'
""",
    "data/facts/xss.yml": f"""\
- id: {FACT_ID}
  date: "2019-05-01"
  title: {q(FACT_TITLE)}
  summary: {q(FACT_SUMMARY)}
  topics: [industry-mining]
  entities: [{ENTITY_ID}, serbia]
  amounts:
    - value: 1000000
      currency: EUR
      kind: investment
      approximate: false
      note: {q('<img src=x onerror="window.__xss=13">')}
  sources:
    - source: xss-source
      locator: {q('p. 1 <img src=x onerror="window.__xss=15">')}
      quote: {q('<script>window.__xss=14</script>')}
      checked: "2026-11-28"
  verification: article-claim
  verification_note: Only the article says so.
""",
}

# Page (URL path) → strings it must show as text.
PAGES = {
    "timeline/2019/": [FACT_TITLE, FACT_SUMMARY],
    f"entities/{ENTITY_ID}/": [ENTITY_NAME, ENTITY_DESCRIPTION, ALIAS, FACT_TITLE],
    "topics/industry-mining/": [FACT_TITLE, ENTITY_NAME],
    "entities/": [ENTITY_NAME],
    "entities/serbia/": [FACT_TITLE],
    "sources/": [SOURCE_TITLE],
    "map/": [ENTITY_NAME],
    "data/": [],
    "charts/": [],
}
RAW = re.compile(r"<script>window\.__xss|<img src=[\"']?x\b", re.I)


@dataclass
class Hostile:
    build: Build
    url: str


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    for rel, text in HOSTILE.items():
        (project / rel).write_text(text, encoding="utf-8")
    result = build_site(project, project.parent / "site")
    assert not result.warnings, result.warnings
    handler = functools.partial(_QuietHandler, directory=str(result.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Hostile(result, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --------------------------------------------------------------------------- the built files


def test_no_built_page_or_file_carries_the_payload_as_markup(hostile: Hostile) -> None:
    site = hostile.build.site_dir
    offenders = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".svg", ".xml") or not path.is_file():
            continue
        for match in RAW.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(site)}: …{match.string[match.start() - 60:match.end() + 20]}…")
    assert not offenders, "\n".join(offenders[:20])
    # The pages really carry the text (escaped), so the check above is not vacuous.
    assert "Works &lt;script&gt;window.__xss=1&lt;/script&gt;" in hostile.build.html(
        f"entities/{ENTITY_ID}/")


def test_every_field_of_the_search_index_is_escaped_html(hostile: Hostile) -> None:
    # Material renders result titles and texts as HTML: each string field must be escaped.
    index = json.loads((hostile.build.site_dir / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    hits = [(doc["location"], key) for doc in index["docs"] for key, value in doc.items()
            if isinstance(value, str) and RAW.search(value)]
    assert not hits, hits
    entry = next(d for d in index["docs"] if d["location"] == f"entities/{ENTITY_ID}/")
    assert entry["title"].startswith("Works &lt;script&gt;")


def test_data_downloads_keep_the_strings_verbatim(hostile: Hostile) -> None:
    # Downloads are data, not HTML: the exact string, unescaped.
    facts = json.loads((hostile.build.site_dir / "data" / "facts.json").read_text("utf-8"))
    records = facts if isinstance(facts, list) else next(
        v for v in facts.values() if isinstance(v, list))
    fact = next(f for f in records if f["id"] == FACT_ID)
    assert fact["title"] == FACT_TITLE and fact["summary"] == FACT_SUMMARY


# --------------------------------------------------------------------------- in the browser


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


@pytest.fixture
def hostile_page(browser, hostile: Hostile):
    context, page, watch = _new_page(browser, hostile.url,
                                     viewport={"width": 1280, "height": 900})
    yield page
    context.close()
    problems = [f"console error: {e}" for e in watch.console_errors]
    problems += [f"request to another origin: {u}" for u in watch.foreign_requests]
    assert not problems, "\n".join(problems)


def assert_inert(page) -> None:
    state = page.evaluate("""() => ({
        xss: typeof window.__xss,
        imgs: document.querySelectorAll('img[onerror], img[src="x"]').length,
        scripts: [...document.scripts].filter(s => s.text.includes('__xss')
                  && s.type !== 'application/ld+json' && s.type !== 'application/json').length,
    })""")
    assert state == {"xss": "undefined", "imgs": 0, "scripts": 0}, f"{page.url}: {state}"


def visible_text(page) -> str:
    # Off-screen cards and lists are rendered only when scrolled near (content-visibility:
    # auto), and innerText leaves out what is not rendered yet: render everything first.
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    return " ".join(page.evaluate("document.body.innerText").split())


@pytest.mark.browser
def test_pages_show_the_payloads_as_text_and_run_nothing(hostile_page, hostile: Hostile) -> None:
    page = hostile_page
    missing = []
    for path, strings in PAGES.items():
        page.goto(hostile.url + path)
        page.wait_for_load_state("networkidle")
        assert_inert(page)
        text = visible_text(page)
        missing += [f"/{path}: {s!r}" for s in strings if " ".join(s.split()) not in text]
    assert not missing, "not shown literally:\n" + "\n".join(missing)


@pytest.mark.browser
def test_search_results_show_the_payloads_as_text(hostile_page, hostile: Hostile) -> None:
    page = hostile_page
    page.goto(hostile.url)
    page.locator(".md-search__input").click()
    for query, shown in (("Works", ENTITY_NAME), ("Summary ends", FACT_TITLE)):
        page.locator(".md-search__input").fill(query)
        page.keyboard.press("End")
        results = page.locator(".md-search-result")
        expect()(results).to_contain_text(" ".join(shown.split()))
        assert_inert(page)
        assert results.locator("img, script").count() == 0
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    page.wait_for_load_state("networkidle")
    assert_inert(page)


@pytest.mark.browser
def test_cite_dialog_shows_the_payload_as_text(hostile_page, hostile: Hostile) -> None:
    page = hostile_page
    page.goto(hostile.url + "timeline/2019/")
    page.locator(f"#{FACT_ID} button.dossier-cite-link, #{FACT_ID} a.dossier-cite-link").first.click()
    dialog = page.locator("dialog[open]")
    expect()(dialog).to_be_visible()
    text = " ".join(dialog.inner_text().split())
    assert "Fact <script>window.__xss=9</script>" in text, text[:600]
    assert "&lt;" not in text and "&amp;" not in text, text[:600]
    assert_inert(page)
