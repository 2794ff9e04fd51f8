"""Glossary terms as hover definitions (dossier/render/glossary.py): only the terms a page uses,
as whole words, case-sensitively; rendered as <abbr title> without touching links or ids; on
the real site's article and generated pages; shown as a tooltip in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import markdown as md
import pytest
from conftest import ARTICLE, Build

from dossier.render.glossary import MARK, definitions, with_abbreviations
from dossier.engine.assembly import generated_pages, page_markdown
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "toc"]


@pytest.fixture(scope="module")
def site():
    loaded = load(EXAMPLE)
    assert loaded.site is not None
    s = loaded.site
    s.glossary = [*s.glossary,
                  {"term": "EU", "id": "eu", "expansion": "European Union",
                   "definition": "A union\n of states."},
                  {"term": "Western Balkans", "id": "western-balkans",
                   "expansion": "Western Balkans", "definition": "South-eastern Europe."}]
    return s


def test_only_terms_used_as_whole_words_and_in_the_same_case(site) -> None:
    assert definitions("Costs in EUR; eu; the EUROPE", site) == []
    assert definitions("The EU and HBIS.", site) == [
        "*[HBIS]: Hebei Iron and Steel Group — A Chinese steel maker.",
        "*[EU]: European Union — A union of states.",  # one line
    ]
    # A term that is its own expansion is not repeated.
    assert definitions("the Western Balkans", site) == ["*[Western Balkans]: South-eastern Europe."]


def test_definitions_are_appended_once(site) -> None:
    once = with_abbreviations("HBIS bought it.\n", site)
    assert once.count(MARK) == 1 and with_abbreviations(once, site) == once
    assert with_abbreviations("Nothing here.\n", site) == "Nothing here.\n"


def test_rendered_terms_leave_links_and_ids_alone(site) -> None:
    source = with_abbreviations(
        "## The EU and HBIS { #eu-hbis }\n\n"
        "[HBIS in the EU](entities/hbis.md#EU \"HBIS\") and `HBIS` in code.\n{: #p-eu-hbis }\n",
        site)
    html = md.markdown(source, extensions=EXTENSIONS)
    assert '<h2 id="eu-hbis">The <abbr title="European Union — A union of states.">EU</abbr>' in html
    assert '<p id="p-eu-hbis">' in html
    assert 'href="entities/hbis.md#EU"' in html and 'title="HBIS"' in html
    assert "<code>HBIS</code>" in html
    assert html.count("<abbr") == 4  # heading ×2, link text ×2; not the code span


def test_article_and_generated_pages_carry_the_definitions(site) -> None:
    pages = generated_pages(site)
    assert "*[HBIS]:" in pages["timeline/2016.md"] and "*[HBIS]:" in pages["glossary.md"]
    assert MARK not in pages["topics/infrastructure.md"]  # no term there
    article = page_markdown((EXAMPLE / "docs" / "index.md").read_text("utf-8"), "index.md", site)
    assert "*[HBIS]:" in article  # from the facts listed under the article


def test_real_site_marks_terms_on_article_and_generated_pages(built_site: Build) -> None:
    html = built_site.html("western-balkans-strategy/")
    assert re.search(r'<abbr title="Belt and Road Initiative — [^"]+">BRI</abbr>', html)
    assert re.search(r'<abbr title="European Union — [^"]+">EU</abbr>', html)
    for _, url, _, paragraphs in ARTICLE:  # paragraph ids survive
        page = built_site.html(url)
        for pid in paragraphs:
            assert f'id="{pid}"' in page, (url, pid)
    timeline = built_site.html("timeline/2023/")
    assert re.search(r'<abbr title="free trade agreement — [^"]+">FTA</abbr>', timeline)
    assert "<abbr" not in " ".join(re.findall(r'(?:href|id)="[^"]*"', timeline))
    glossary = built_site.html("glossary/")
    assert 'id="bri"' in glossary and "<abbr" in glossary


@pytest.mark.browser
def test_hovering_a_term_shows_its_definition(page, site_url) -> None:
    from playwright.sync_api import expect

    page.goto(site_url + "western-balkans-strategy/")
    term = page.locator("article abbr", has_text="BRI").first
    term.scroll_into_view_if_needed()
    term.hover()
    expect(page.locator(".md-tooltip2--active")).to_contain_text("Belt and Road Initiative")
