"""The print stylesheet (docs/assets/stylesheets/print.css) and the build step it relies on
(dossier/render/external_links.py): external links marked with the address to print; in a real browser's
print mode, only the content, black on white in a sans-serif face, URLs after external links,
facts kept whole."""

from __future__ import annotations

import pytest

from dossier.render.external_links import mark_external_links


def test_external_links_are_marked_with_the_address_to_print() -> None:
    html = ('<p><a href="https://ex.org/a?x=1&amp;y=2" title="T">the <abbr title="A">EU</abbr> '
            'page</a>, <a href="../entities/bor/">Bor</a>, <a href="#p-1">¶</a>, '
            '<a href="https://ex.org/b">https://ex.org/b</a></p>')
    out = mark_external_links(html)
    assert ('<a href="https://ex.org/a?x=1&amp;y=2" title="T" '
            'data-print-url="https://ex.org/a?x=1&amp;y=2">the <abbr') in out
    assert '<a href="../entities/bor/">Bor</a>' in out and '<a href="#p-1">' in out
    assert '<a href="https://ex.org/b">https://ex.org/b</a>' in out  # a bare URL prints once
    assert mark_external_links(out) == out


def printed(open_page, site_url: str, path: str):
    """A page opened in the dark scheme, then switched to print media."""
    page, _ = open_page(viewport={"width": 900, "height": 1200}, color_scheme="dark")
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    return page


def style(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.locator(selector).first.evaluate(
        "(el, [prop, pseudo]) => getComputedStyle(el, pseudo).getPropertyValue(prop)",
        [prop, pseudo])


@pytest.mark.browser
def test_article_page_prints_only_its_content_black_on_white(open_page, site_url) -> None:
    page = printed(open_page, site_url, "western-balkans-strategy/")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                     ".md-search", ".md-top", "article .headerlink"):
        if page.locator(selector).count():
            assert not page.locator(selector).first.is_visible(), f"{selector} prints"
    assert style(page, "body", "background-color") == "rgb(255, 255, 255)"
    assert style(page, "article.md-content__inner", "color") == "rgb(0, 0, 0)"
    font = style(page, "article.md-content__inner", "font-family")
    assert font.startswith("system-ui") and "serif" not in font.replace("sans-serif", "")
    width = page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")
    assert width > 0.9 * page.viewport_size["width"] - 40  # the text takes the page width
    assert page.pdf()[:5] == b"%PDF-"  # and it does print


@pytest.mark.browser
def test_external_links_print_their_address_internal_ones_do_not(open_page, site_url) -> None:
    page = printed(open_page, site_url, "data/")
    external = "article a[data-print-url]"
    assert page.locator(external).count() > 0
    url = page.locator(external).first.get_attribute("data-print-url")
    assert url and url.startswith("http")
    after = style(page, external, "content", "::after")
    assert url in after, after  # " <https://…>" after the link text
    internal = "article p a[href]:not([data-print-url])"
    assert page.locator(internal).count() > 0
    assert style(page, internal, "content", "::after") in ("none", "normal")


@pytest.mark.browser
def test_a_fact_is_never_split_across_pages(open_page, site_url) -> None:
    page = printed(open_page, site_url, "timeline/2019/")
    assert style(page, "article.dossier-fact", "break-inside") == "avoid"
    assert not page.locator(".dossier-filters").is_visible()
