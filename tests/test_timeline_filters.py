"""Timeline filters (docs/assets/javascripts/dossier-filters.js) in a real browser: the full
list without JavaScript; with it, filters by topic, entity kind and year range kept in the
query string, restored on load, counted, reset, and set up after Material's instant
navigation too."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

TOPIC, KIND = "military-security", "weapon-system"


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def facts(page) -> list[dict]:
    """Every fact on the page: id, year, topics, kinds and whether it is shown."""
    return page.locator("article.dossier-fact").evaluate_all(
        """els => els.map(el => ({id: el.id, year: el.dataset.year,
            topics: el.dataset.topics.split(' '), kinds: el.dataset.kinds.split(' ').filter(Boolean),
            shown: el.checkVisibility()}))""")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_without_javascript_the_whole_list_shows(open_page, site_url):
    page, _ = open_page(java_script_enabled=False)
    page.goto(site_url + "timeline/?topic=military-security&from=2018&to=2022")
    all_facts = facts(page)
    assert len(all_facts) > 40 and all(f["shown"] for f in all_facts)
    expect()(page.locator("[data-dossier-filters]")).to_be_hidden()


def test_filters_from_a_shared_url_are_restored_and_applied(page, site_url):
    page.goto(site_url + f"timeline/?topic={TOPIC}&from=2018&to=2022")
    expect()(page.get_by_label("Topic")).to_have_value(TOPIC)
    expect()(page.get_by_label("From year")).to_have_value("2018")
    expect()(page.get_by_label("To year")).to_have_value("2022")
    all_facts = facts(page)
    shown = [f for f in all_facts if f["shown"]]
    expected = [f for f in all_facts if TOPIC in f["topics"] and f["year"]
                and 2018 <= int(f["year"]) <= 2022]
    assert shown and [f["id"] for f in shown] == [f["id"] for f in expected]
    expect()(page.get_by_role("status")).to_have_text(
        f"Showing {len(shown)} of {len(all_facts)} facts.")
    # Year headings with nothing left under them go too; the undated section as well.
    expect()(page.locator("h2#y1955")).to_be_hidden()
    expect()(page.locator("h2#undated")).to_be_hidden()
    expect()(page.locator("h2#y2020")).to_be_visible()


def test_choosing_a_filter_updates_the_list_and_the_url_and_survives_a_reload(page, site_url):
    page.goto(site_url + "timeline/")
    total = len(facts(page))
    expect()(page.get_by_role("status")).to_have_text(f"Showing all {total} facts.")
    page.get_by_label("Entity kind").select_option(KIND)
    page.get_by_label("From year").select_option("2019")
    assert query(page) == {"kind": [KIND], "from": ["2019"]}
    shown = [f for f in facts(page) if f["shown"]]
    assert shown and all(KIND in f["kinds"] and int(f["year"]) >= 2019 for f in shown)
    page.reload()
    expect()(page.get_by_label("Entity kind")).to_have_value(KIND)
    assert [f["id"] for f in facts(page) if f["shown"]] == [f["id"] for f in shown]
    page.get_by_role("button", name="Show all").click()
    expect()(page.get_by_role("status")).to_have_text(f"Showing all {total} facts.")
    assert query(page) == {} and all(f["shown"] for f in facts(page))
    expect()(page.get_by_label("Topic")).to_be_focused()


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
    assert all(TOPIC in f["topics"] for f in facts(page) if f["shown"])
    expect()(page.locator("form.dossier-filters__form")).to_have_count(1)
    # And back to the timeline from elsewhere: set up once, not twice.
    page.locator("nav.md-nav--primary a.md-nav__link[href$='historical-perspective/']").first.click()
    page.wait_for_url(base + "historical-perspective/")
    page.go_back()
    page.wait_for_url(base + f"timeline/?topic={TOPIC}")
    expect()(page.locator("form.dossier-filters__form")).to_have_count(1)
    expect()(page.get_by_label("Topic")).to_have_value(TOPIC)
    assert page.evaluate("() => window.dossierSamePage === true")


def test_an_inverted_or_empty_range_says_why_nothing_shows(page, site_url):
    page.goto(site_url + "timeline/?from=2020&to=2010")
    status = page.get_by_role("status")
    expect()(status).to_contain_text("is after")
    expect()(status).to_contain_text("(2020)")
    assert not any(f["shown"] for f in facts(page))
    page.goto(site_url + "timeline/?kind=weapon-system&from=1955&to=1955")
    expect()(page.get_by_role("status")).to_have_text(
        "No fact matches these filters. Choose fewer, or “Show all”.")


@pytest.mark.parametrize("width", [320, 375])
def test_the_filter_form_fits_a_narrow_phone(open_page, site_url, width):
    page, _ = open_page(viewport={"width": width, "height": 800})
    page.goto(site_url + "timeline/")
    expect()(page.get_by_label("Topic")).to_be_visible()
    widths = page.evaluate("""() => [document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
        ...[...document.querySelectorAll('.dossier-filters select')].map(
            s => s.getBoundingClientRect().right)]""")
    page_width, viewport = widths[0], widths[1]
    assert page_width <= viewport, f"the page scrolls sideways at {width} px"
    assert all(right <= viewport for right in widths[2:]), widths
