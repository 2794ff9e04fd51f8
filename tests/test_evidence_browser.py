"""Issue 12 in a real browser: a paragraph of the article whose claim other sources contradict
says so inline and links to the evidence; the timeline filters by verification and by origin
(from the article or not), from a shared URL too."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser



def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def test_a_contradicted_paragraph_says_so_inline_and_links_to_the_evidence(page, site_url):
    page.goto(site_url + "western-balkans-strategy/")
    paragraphs = page.locator("p:has(a.dossier-flag--contradicted)")
    expect()(paragraphs.first).to_be_visible()
    flag = paragraphs.first.locator("a.dossier-flag--contradicted").first
    expect()(flag).to_contain_text("Contradicted by other sources")
    paragraph_id = paragraphs.first.get_attribute("id")
    assert paragraph_id and paragraph_id.startswith("p-")  # inline: inside the paragraph itself
    href = flag.get_attribute("href") or ""
    fact_id = href.rsplit("#", 1)[1]
    flag.click()
    page.wait_for_url(f"**/timeline/*/#{fact_id}")
    card = page.locator(f"article#{fact_id}")
    expect()(card).to_be_visible()
    expect()(card.locator(".dossier-badge--contradicted")).to_have_text("Contradicted")
    expect()(card.locator(".dossier-dispute")).to_contain_text("Other sources say:")
    expect()(card).to_contain_text("checked 20")  # the evidence carries its checked date


def test_the_timeline_filters_by_verification_and_origin(page, site_url):
    page.goto(site_url + "timeline/?verification=corrected")
    expect()(page.get_by_label("Verification")).to_have_value("corrected")
    items = page.locator(".dossier-filters__list li")
    expect()(items.first).to_be_visible()
    every = page.evaluate("() => window.dossierTimelineIndex.facts.map(f => [f[6], f[7]])")
    corrected = sum(v == "corrected" for v, _ in every)
    assert corrected and items.count() == corrected
    assert set(items.locator(".dossier-badge").all_text_contents()) == {"Corrected"}
    expect()(page.get_by_role("status")).to_have_text(
        f"Showing {corrected} of {len(every)} facts.")
    page.get_by_label("Verification").select_option("")
    page.get_by_label("Origin").select_option("other")
    assert "origin=other" in page.url and "verification" not in page.url
    other = sum(origin == "other" for _, origin in every)
    expect()(items).to_have_count(other)
    items.first.locator("a").click()  # the card says it is not from the article
    page.wait_for_url("**/timeline/*/#*")
    fid = page.url.rsplit("#", 1)[1]
    expect()(page.locator(f"article#{fid} .dossier-badge--other")).to_have_text(
        "Not from the article")
