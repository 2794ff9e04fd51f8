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
    page.wait_for_url(f"**/timeline/#{fact_id}")
    card = page.locator(f"article#{fact_id}")
    expect()(card).to_be_visible()
    expect()(card.locator(".dossier-badge--contradicted")).to_have_text("Contradicted")
    expect()(card.locator(".dossier-dispute")).to_contain_text("Other sources say:")
    expect()(card).to_contain_text("checked 20")  # the evidence carries its checked date


def test_the_timeline_filters_by_verification_and_origin(page, site_url):
    page.goto(site_url + "timeline/?verification=corrected")
    expect()(page.get_by_label("Verification")).to_have_value("corrected")
    cards = page.locator("article.dossier-fact")
    states = cards.evaluate_all(
        "els => els.map(el => [el.dataset.verification, el.dataset.origin, el.checkVisibility()])")
    shown = [s for s in states if s[2]]
    assert shown and all(v == "corrected" for v, _, _ in shown)
    assert len(shown) == sum(v == "corrected" for v, _, _ in states)
    expect()(page.get_by_role("status")).to_have_text(
        f"Showing {len(shown)} of {len(states)} facts.")
    page.get_by_label("Verification").select_option("")
    page.get_by_label("Origin").select_option("other")
    assert "origin=other" in page.url and "verification" not in page.url
    states = cards.evaluate_all(
        "els => els.map(el => [el.dataset.origin, el.checkVisibility()])")
    assert all((origin == "other") == visible for origin, visible in states)
    assert any(visible for _, visible in states)
    expect()(page.locator("article.dossier-fact:visible .dossier-badge--other").first).to_have_text(
        "Not from the article")
