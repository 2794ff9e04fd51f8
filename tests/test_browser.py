"""The built site in a real browser (Debian's Chromium through Playwright): navigation, anchors,
search, the palette toggle and the phone layout. Every page opened through the `page`/`open_page`
fixtures also fails the test on a console error or a request to any origin but the local server."""

from __future__ import annotations

import re

import pytest
from conftest import ARTICLE, EDITORIAL, _new_page

pytestmark = pytest.mark.browser

SECTIONS = [url for _, url, _, _ in ARTICLE[1:]] + [EDITORIAL[1]]
# Pages the dossier plugin generates and lists in the navigation, in nav order; extend as
# pages appear.
GENERATED_NAV = ["timeline/", "map/", "charts/", "topics/", "entities/", "sources/", "data/",
                 "glossary/", "schema/", "changelog/", "print/"]
# Every kind of generated page: the above, a topic and an entity (linked from their indexes).
GENERATED = [*GENERATED_NAV, "topics/industry-mining/", "entities/zelezara-smederevo/"]
# A fact and the article paragraph it comes from (its marker links to the fact's permalink).
FACT, FACT_PARAGRAPH = "zijin-acquires-rtb-bor-2018", "p-zijin-bor"


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def nav_link(page, site_url: str, url: str):
    """The primary-navigation link whose resolved href is `url` (relative to the site root)."""
    target = site_url + url
    for link in page.locator("nav.md-nav--primary a.md-nav__link[href]").all():
        if link.evaluate("a => a.href") == target and link.is_visible():
            return link
    raise AssertionError(f"no visible navigation link to /{url} on {page.url}")


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


def top(locator) -> float:
    return locator.evaluate("e => e.getBoundingClientRect().top")


BELOW_HEADER = """e => e.getBoundingClientRect().top
    >= document.querySelector('.md-header').getBoundingClientRect().bottom - 1"""


def in_view_below_header(page, target) -> None:
    """The target is in view and not under the sticky header, once scrolling has settled
    (Material may still adjust the scroll position right after navigating)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    expect()(target).to_be_in_viewport()
    try:
        page.wait_for_function(BELOW_HEADER, arg=target.element_handle(), timeout=3000)
    except PlaywrightTimeout:
        pass  # reported by the assertion, with the numbers
    where = (top(target), header_bottom(page))
    state = target.evaluate("""e => ({scrollY: window.scrollY, hash: location.hash,
        margin: getComputedStyle(e).scrollMarginTop, target: e.matches(':target'),
        header: getComputedStyle(document.querySelector('.md-header')).position,
        sheets: document.styleSheets.length})""")
    assert where[0] >= where[1] - 1, \
        f"target hidden under the header (top, header): {where} {state}"


def test_every_article_section_is_reached_through_the_nav(page, site_url):
    page.goto(site_url)
    expect()(page.locator("h1#china-serbia-relations")).to_be_visible()
    for (_, url, heading_id, paragraphs) in ARTICLE[1:]:
        nav_link(page, site_url, url).click()
        page.wait_for_url(site_url + url)
        expect()(page.locator(f"h1#{heading_id}")).to_be_visible()
        expect()(page.locator(f"#{paragraphs[0]}")).to_be_attached()
    nav_link(page, site_url, EDITORIAL[1]).click()
    page.wait_for_url(site_url + EDITORIAL[1])
    expect()(page.locator("article h1")).to_be_visible()


def test_every_generated_page_in_the_nav_is_reached_through_it(page, site_url):
    page.goto(site_url)
    for url in GENERATED_NAV:
        nav_link(page, site_url, url).click()
        page.wait_for_url(site_url + url)
        expect()(page.locator("article h1")).to_be_visible()


def test_heading_permalink_and_paragraph_anchor_land_in_view(page, site_url):
    url = "western-balkans-strategy/"
    # A paragraph's public address, opened directly, scrolls it into view below the header.
    page.goto(site_url + url + "#p-zijin-bor")
    in_view_below_header(page, page.locator("#p-zijin-bor"))

    # A heading's ¶ permalink: clicking it moves the URL to that heading and shows it.
    page.goto(site_url)
    heading_id = page.locator(".md-content__inner > :is(h2, h3)[id]").first.get_attribute("id")
    heading = page.locator(f".md-content__inner > [id='{heading_id}']")
    heading.hover()
    heading.locator("a.headerlink").click()
    page.wait_for_url(f"{site_url}#{heading_id}")
    in_view_below_header(page, heading)


def test_paragraph_and_fact_permalinks_are_followed_to_their_target(page, site_url):
    url = "western-balkans-strategy/"
    page.goto(site_url + url)
    # The paragraph's own ¶ link: the URL becomes its public address and it is in view.
    paragraph = page.locator(f"#{FACT_PARAGRAPH}")
    paragraph.hover()
    paragraph.locator(f"a.headerlink[href$='#{FACT_PARAGRAPH}']").click()
    page.wait_for_url(f"{site_url}{url}#{FACT_PARAGRAPH}")
    in_view_below_header(page, paragraph)

    # Its fact marker leads to the facts under the section, and from there to the fact's
    # permalink on the timeline (another page: Material's instant navigation scrolls there).
    paragraph.locator("a.dossier-marker").click()
    page.wait_for_url(f"{site_url}{url}#facts-{FACT_PARAGRAPH}")
    facts = page.locator(f"#facts-{FACT_PARAGRAPH}")
    in_view_below_header(page, facts)
    facts.locator(f"a[href$='/#{FACT}']").click()
    page.wait_for_url(re.compile(rf"{re.escape(site_url)}timeline/\d{{4}}/#{FACT}$"))
    card = page.url
    fact = page.locator(f"article#{FACT}")
    in_view_below_header(page, fact)

    # The fact's own ¶ link on its year page, and its permanent address /timeline/#<id>
    # opened directly (a link someone shared): forwarded to the card.
    page.goto(card.split("#")[0])
    fact.hover()
    fact.locator(f"a.headerlink[href$='#{FACT}']").click()
    page.wait_for_url(card)
    in_view_below_header(page, fact)
    page.goto(site_url + "sources/")
    page.goto(f"{site_url}timeline/#{FACT}")
    page.wait_for_url(card)
    in_view_below_header(page, page.locator(f"article#{FACT}"))


def test_search_finds_a_word_from_the_article(page, site_url):
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type("Smederevo")
    expect()(page.locator(".md-search-result__item").first).to_be_visible()
    result = page.locator(
        ".md-search-result__item a.md-search-result__link[href*='western-balkans-strategy/']"
    ).first
    expect()(result).to_be_visible()
    result.click()
    page.wait_for_url(f"{site_url}western-balkans-strategy/**")
    expect()(page.locator("mark[data-md-highlight]").first).to_be_visible()


def test_palette_follows_the_system_and_toggles(open_page, site_url):
    page, _ = open_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(site_url)
    body = page.locator("body")
    expect()(body).to_have_attribute("data-md-color-scheme", "slate")  # follows the system
    page.get_by_title("Switch to light mode").click()
    expect()(body).to_have_attribute("data-md-color-scheme", "default")
    # content.tooltips: Material holds an element's title while the pointer is over it, and
    # the next toggle appears right under the pointer. Move away so it gets its title back.
    page.mouse.move(5, 600)
    page.get_by_title("Switch to dark mode").click()
    expect()(body).to_have_attribute("data-md-color-scheme", "slate")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    page.reload()  # the reader's choice is remembered
    expect()(body).to_have_attribute("data-md-color-scheme", "slate")


def test_palette_toggle_reaches_dark_in_one_click(open_page, site_url):
    page, _ = open_page(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page.goto(site_url)
    body = page.locator("body")
    expect()(body).to_have_attribute("data-md-color-scheme", "default")  # the system's light
    page.get_by_title("Switch to dark mode").click()
    expect()(body).to_have_attribute("data-md-color-scheme", "slate")


def test_phone_width_has_no_horizontal_scroll_and_the_menu_opens(open_page, site_url):
    page, _ = open_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    for url in ["", *SECTIONS, *GENERATED]:
        page.goto(site_url + url)
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"/{url} scrolls sideways at 375px: {width}"

    page.goto(site_url)
    drawer = page.locator("nav.md-nav--primary")
    expect()(drawer).not_to_be_in_viewport()
    page.locator("label.md-header__button[for='__drawer']").click()
    expect()(drawer).to_be_in_viewport()
    link = nav_link(page, site_url, "culture-education/")
    link.click()
    page.wait_for_url(site_url + "culture-education/")
    expect()(page.locator("h1#culture-education")).to_be_visible()


@pytest.mark.parametrize("url", ["", *SECTIONS, *GENERATED])
def test_page_loads_cleanly(page, site_url, url):
    """Console errors and foreign requests are checked by the fixture on teardown."""
    page.goto(site_url + url)
    page.wait_for_load_state("networkidle")
    expect()(page.locator("article h1")).to_be_visible()


def test_the_watch_catches_foreign_requests_and_console_errors(browser, site_url):
    """The guard used by every browser test really sees what it must forbid (and stops it: the
    request is aborted before it leaves the browser; `.invalid` never resolves anyway)."""

    context, page, watch = _new_page(browser, site_url)
    try:
        page.goto(site_url)
        page.evaluate(
            """() => {
                const s = document.createElement('script');
                s.src = 'https://cdn.example.invalid/x.js';
                document.head.append(s);
                console.error('boom');
            }"""
        )
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert watch.foreign_requests == ["https://cdn.example.invalid/x.js"]
    assert any("boom" in e for e in watch.console_errors)


def test_the_watch_serves_the_sites_own_address_from_its_files(browser, site_url, built_site):
    """A request to the build's own address (its site_url, e.g. an instant preview of a
    citation's absolute link) is the site, not another origin: answered from the built files,
    not counted as foreign and not failed; any other origin still is."""
    assert built_site.site_url and not built_site.site_url.startswith(site_url)
    context, page, watch = _new_page(browser, site_url, built_site)
    try:
        page.goto(site_url)
        status = page.evaluate(
            "u => fetch(u).then(r => r.status)", built_site.site_url + "western-balkans-strategy/")
        page.evaluate("() => fetch('https://cdn.example.invalid/y.js').catch(() => 0)")
    finally:
        context.close()
    assert status == 200
    assert watch.foreign_requests == ["https://cdn.example.invalid/y.js"]


def test_hovering_an_entity_link_shows_a_preview_of_its_page(published):
    """Material's instant previews (`navigation.instant.preview`): hovering an entity link in
    the article shows the entity page's heading in a tooltip. Material previews only pages
    listed in sitemap.xml, i.e. at the site's own address (the `published` fixture)."""
    page, base = published
    page.goto(base)
    link = page.locator("article a[href$='entities/china/']").first
    link.hover()
    preview = page.locator(".md-tooltip2")
    expect()(preview.first).to_be_visible(timeout=5000)
    expect()(preview.first).to_contain_text("China")


def test_hidden_cite_controls_take_no_space_where_a_pointer_hovers(open_page, site_url):
    """¶, copy and Cite are invisible until hover: on no article page, at desktop widths, may
    they make a paragraph or a heading taller (a line of their own), and showing them on hover
    must not move the text. (With the controls in the flow, several did at each width.)"""
    taller = """() => [...document.querySelectorAll('article :is(p, h1, h2, h3)')]
      .filter(e => e.querySelector(':scope > .headerlink')).map(e => {
        const c = e.cloneNode(true);
        c.querySelectorAll('.headerlink, .dossier-copylink, .dossier-cite-link')
          .forEach(x => x.remove());
        c.removeAttribute('id'); e.after(c);
        const d = e.getBoundingClientRect().height - c.getBoundingClientRect().height;
        c.remove(); return [e.id, d] }).filter(([, d]) => d > 0)"""
    for width in (1280, 1100, 960, 800):
        page, _ = open_page(viewport={"width": width, "height": 900})
        for path in ["", *SECTIONS]:
            page.goto(site_url + path)
            expect()(page.locator(".dossier-copylink").first).to_be_attached()  # script ran
            assert page.evaluate(taller) == [], (width, path)
    page.goto(site_url)
    para = page.locator("article p[id^='p-']").first
    before = para.evaluate("e => e.getBoundingClientRect().height")
    para.hover()
    assert para.evaluate("e => e.getBoundingClientRect().height") == before
