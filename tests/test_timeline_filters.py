"""Timeline filters (docs/assets/javascripts/dossier-filters.js) in a real browser. On the
landing page: the form in the HTML, the facts' index loaded when a filter is chosen, the
matching facts listed and linked to their cards, the choice kept in the query string, restored
on load, counted, reset, and set up after Material's instant navigation too. On a year page:
the same fields over its cards. Without JavaScript every card shows on its year page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

TOPIC, KIND = "military-security", "weapon-system"
YEAR = "2019"  # a year page of the real data with facts of several kinds


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def cards(page) -> list[dict]:
    """Every fact card on a year page: id, year, topics, kinds and whether it is shown."""
    return page.locator("article.dossier-fact").evaluate_all(
        """els => els.map(el => ({id: el.id, year: el.dataset.year,
            topics: el.dataset.topics.split(' '), kinds: el.dataset.kinds.split(' ').filter(Boolean),
            verification: el.dataset.verification, shown: el.checkVisibility()}))""")


def listed(page) -> list[str]:
    """The fact ids the landing page lists, from the links to their cards."""
    hrefs = page.locator(".dossier-filters__list li a").evaluate_all(
        "els => els.map(el => el.getAttribute('href'))")
    return [h.rsplit("#", 1)[1] for h in hrefs]


def index(page) -> list[dict]:
    """Every fact of the facts' index the page loaded (what the list is chosen from)."""
    return page.evaluate("""() => window.dossierTimelineIndex.facts.map(f => ({id: f[0],
        period: f[1], topics: f[4], kinds: f[5], verification: f[6], origin: f[7]}))""")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_without_javascript_every_card_shows_on_its_year_page(open_page, site_url):
    page, _ = open_page(java_script_enabled=False)
    page.goto(site_url + "timeline/?topic=military-security&from=2018&to=2022")
    expect()(page.locator("noscript, .dossier-filters").first).to_be_attached()
    assert page.locator(f"a#y{YEAR}").get_attribute("href") == f"{YEAR}/"
    page.goto(site_url + f"timeline/{YEAR}/?topic={TOPIC}")
    all_cards = cards(page)
    assert len(all_cards) > 10 and all(c["shown"] for c in all_cards)
    assert all(c["year"] == YEAR for c in all_cards)


def test_the_index_is_loaded_only_when_a_filter_is_chosen(page, site_url):
    page.goto(site_url + "timeline/")
    expect()(page.get_by_label("Topic")).to_be_visible()
    assert page.evaluate("() => window.dossierTimelineIndex === undefined")
    page.get_by_label("Topic").select_option(TOPIC)
    expect()(page.locator(".dossier-filters__list li").first).to_be_visible()
    assert page.evaluate("() => Array.isArray(window.dossierTimelineIndex.facts)")


def test_filters_from_a_shared_url_are_restored_and_applied(page, site_url):
    page.goto(site_url + f"timeline/?topic={TOPIC}&from=2018&to=2022")
    expect()(page.get_by_label("Topic")).to_have_value(TOPIC)
    expect()(page.get_by_label("From year")).to_have_value("2018")
    expect()(page.get_by_label("To year")).to_have_value("2022")
    expect()(page.locator(".dossier-filters__list li").first).to_be_visible()
    every = index(page)
    expected = [f["id"] for f in every if TOPIC in f["topics"] and f["period"] != "undated"
                and 2018 <= int(f["period"]) <= 2022]
    assert expected and listed(page) == expected
    expect()(page.get_by_role("status")).to_have_text(
        f"Showing {len(expected)} of {len(every)} facts.")


def test_a_listed_fact_leads_to_its_card(page, site_url):
    page.goto(site_url + f"timeline/?kind={KIND}")
    first = page.locator(".dossier-filters__list li a").first
    fid = first.get_attribute("href").rsplit("#", 1)[1]
    first.click()
    page.wait_for_url(re.compile(rf"/timeline/\d{{4}}/#{fid}$"))
    expect()(page.locator(f"article#{fid}")).to_be_in_viewport()


def test_choosing_a_filter_updates_the_list_and_the_url_and_survives_a_reload(page, site_url):
    page.goto(site_url + "timeline/")
    status = page.get_by_role("status")
    initial = status.text_content()
    assert "choose a filter" in initial
    page.get_by_label("Entity kind").select_option(KIND)
    page.get_by_label("From year").select_option("2019")
    assert query(page) == {"kind": [KIND], "from": ["2019"]}
    expect()(page.locator(".dossier-filters__list li").first).to_be_visible()
    shown = listed(page)
    every = {f["id"]: f for f in index(page)}
    assert shown and all(KIND in every[f]["kinds"] and int(every[f]["period"]) >= 2019
                         for f in shown)
    page.reload()
    expect()(page.get_by_label("Entity kind")).to_have_value(KIND)
    expect()(page.locator(".dossier-filters__list li").first).to_be_visible()
    assert listed(page) == shown
    page.get_by_role("button", name="Show all").click()
    expect()(status).to_have_text(initial)
    assert query(page) == {}
    expect()(page.locator(".dossier-filters__list li")).to_have_count(0)
    expect()(page.get_by_label("Topic")).to_be_focused()


def test_a_year_page_filters_its_cards(page, site_url):
    page.goto(site_url + f"timeline/{YEAR}/?verification=corroborated")
    expect()(page.get_by_label("Verification")).to_have_value("corroborated")
    assert page.get_by_label("From year").count() == 0  # one year: no year range
    all_cards = cards(page)
    shown = [c for c in all_cards if c["shown"]]
    assert shown and [c["id"] for c in shown] == [
        c["id"] for c in all_cards if c["verification"] == "corroborated"]
    expect()(page.get_by_role("status")).to_have_text(
        f"Showing {len(shown)} of {len(all_cards)} facts.")
    page.get_by_label("Verification").select_option("")
    assert query(page) == {} and all(c["shown"] for c in cards(page))


def test_filters_are_set_up_after_instant_navigation(published):
    page, base = published
    page.goto(base)
    page.evaluate("() => { window.dossierSamePage = true }")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='timeline/']").first.click()
    page.wait_for_url(base + "timeline/")
    expect()(page.locator("h1#timeline")).to_be_visible()
    # No full load happened: Material swapped the page in (instant navigation).
    assert page.evaluate("() => window.dossierSamePage === true")
    page.get_by_label("Topic").select_option(TOPIC)
    assert query(page) == {"topic": [TOPIC]}
    expect()(page.locator(".dossier-filters__list li").first).to_be_visible()
    every = {f["id"]: f for f in index(page)}
    assert all(TOPIC in every[f]["topics"] for f in listed(page))
    expect()(page.locator("form.dossier-filters__form")).to_have_count(1)
    # And back to the timeline from elsewhere: set up once, not twice.
    page.locator("nav.md-nav--primary a.md-nav__link[href$='historical-perspective/']").first.click()
    page.wait_for_url(base + "historical-perspective/")
    page.go_back()
    page.wait_for_url(base + f"timeline/?topic={TOPIC}")
    expect()(page.get_by_label("Topic")).to_have_value(TOPIC)
    expect()(page.locator(".dossier-filters__list li").first).to_be_visible()
    count = page.locator(".dossier-filters__list li").count()
    page.get_by_label("Topic").select_option(TOPIC)  # a second set-up would list them twice
    expect()(page.locator(".dossier-filters__list li")).to_have_count(count)
    assert page.evaluate("() => window.dossierSamePage === true")


def test_an_inverted_or_empty_range_says_why_nothing_shows(page, site_url):
    page.goto(site_url + "timeline/?from=2020&to=2010")
    status = page.get_by_role("status")
    expect()(status).to_contain_text("is after")
    expect()(status).to_contain_text("(2020)")
    expect()(page.locator(".dossier-filters__list li")).to_have_count(0)
    page.goto(site_url + "timeline/?kind=weapon-system&from=1955&to=1955")
    expect()(page.get_by_role("status")).to_have_text(
        "No fact matches these filters. Choose fewer, or “Show all”.")


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", ["timeline/?topic=military-security", f"timeline/{YEAR}/"])
def test_the_filter_form_fits_a_narrow_phone(open_page, site_url, width, path):
    page, _ = open_page(viewport={"width": width, "height": 800})
    page.goto(site_url + path)
    fold = page.locator("details.dossier-filters__fold")  # a year page's filter is folded
    if fold.count():
        fold.locator("summary").click()
    expect()(page.get_by_label("Topic")).to_be_visible()
    widths = page.evaluate("""() => [document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
        ...[...document.querySelectorAll('.dossier-filters select')].map(
            s => s.getBoundingClientRect().right)]""")
    page_width, viewport = widths[0], widths[1]
    assert page_width <= viewport, f"the page scrolls sideways at {width} px"
    assert all(right <= viewport for right in widths[2:]), widths


def test_a_fact_linked_on_another_year_page_is_forwarded_to_its_card(page, site_url):
    """A citation of /timeline/<year>/#<id> still leads to the fact after a corrected date
    moved it to another year; an unknown id leaves the page alone."""
    page.goto(site_url + f"timeline/{YEAR}/")
    other = page.evaluate("""async () => {
        const s = document.createElement('script');
        s.src = '../facts.js';
        await new Promise(r => { s.onload = r; document.head.appendChild(s); });
        return window.dossierTimelineIndex.facts.find(f => f[1] !== '""" + YEAR + """'); }""")
    fid, period = other[0], other[1]
    page.goto(site_url + f"timeline/{YEAR}/#{fid}")
    page.wait_for_url(f"{site_url}timeline/{period}/#{fid}")
    expect()(page.locator(f"article#{fid}")).to_be_in_viewport()
    page.goto(site_url + f"timeline/{YEAR}/#no-such-fact")
    page.wait_for_timeout(1000)
    assert page.url == f"{site_url}timeline/{YEAR}/#no-such-fact"
