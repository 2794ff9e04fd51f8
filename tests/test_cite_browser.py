"""'Cite this' and copy-link in a real browser (Debian's Chromium via Playwright), on the real
site: two clicks from a paragraph or fact to its citation, the dialog's formats are the build's
(BibTeX, RIS and CSL-JSON written by the script equal citation.py's), keyboard use, clipboard,
axe with the dialog open, instant navigation, and the page-level block without JavaScript."""

from __future__ import annotations

import json

import pytest

from dossier.cite import citation

pytestmark = pytest.mark.browser

ARTICLE = "western-balkans-strategy/"
PARAGRAPH = "p-zijin-bor"


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


@pytest.fixture
def clip_page(open_page):
    """A desktop page allowed to read the clipboard back."""
    page, _ = open_page(viewport={"width": 1280, "height": 900},
                        permissions=["clipboard-read", "clipboard-write"])
    return page


def blob(page) -> dict:
    return json.loads(page.locator(".dossier-cite-data").text_content())


def open_dialog(page, anchor: str):
    target = page.locator(f"#{anchor}")
    target.hover()
    page.locator(f"button.dossier-cite-link[data-cite='{anchor}']").click()
    dialog = page.locator("dialog.dossier-cite-dialog")
    expect()(dialog).to_be_visible()
    return dialog


def test_paragraph_citation_in_two_clicks(clip_page, site_url):
    page = clip_page
    page.goto(site_url + ARTICLE)
    dialog = open_dialog(page, PARAGRAPH)  # click 1
    expect()(dialog.locator("#dossier-cite-dialog-title")).to_have_text("Cite this paragraph")
    entry = blob(page)["items"][PARAGRAPH]
    pres = dialog.locator("pre.dossier-cite__text")
    assert [p.get_attribute("data-cite-format") for p in pres.all()] == list(citation.FORMATS)
    # APA and Chicago are citeproc's build-time HTML; the rest equal citation.py's writers.
    assert pres.nth(0).inner_html() == entry["apa"]
    assert pres.nth(1).inner_html() == entry["chicago"]
    csl = entry["csl"]
    assert csl["URL"].endswith(f"/{ARTICLE}#{PARAGRAPH}")
    assert pres.nth(2).text_content() == citation.bibtex(csl).rstrip("\n")
    assert pres.nth(3).text_content() == citation.ris(csl).rstrip("\n")
    assert json.loads(pres.nth(4).text_content()) == [csl]
    assert csl["version"] in dialog.locator(".dossier-cite__pin").text_content()
    copy = dialog.get_by_role("button", name="Copy BibTeX citation")
    copy.click()  # click 2
    expect()(copy).to_have_text("Copied")  # the clipboard write has finished
    assert page.evaluate("navigator.clipboard.readText()") == citation.bibtex(csl)
    downloads = dialog.locator("a[download]")
    assert downloads.count() == 3
    assert downloads.first.get_attribute("download") == csl["id"] + ".bib"


def test_fact_citation_on_the_timeline(clip_page, site_url):
    page = clip_page
    page.goto(site_url + "timeline/2019/")
    fact = page.locator("article.dossier-fact[id]").first
    fid = fact.get_attribute("id")
    dialog = open_dialog(page, fid)
    expect()(dialog.locator("#dossier-cite-dialog-title")).to_have_text("Cite this fact")
    csl = blob(page)["items"][fid]["csl"]
    assert csl["URL"].endswith(f"/timeline/2019/#{fid}")
    assert csl["genre"].startswith("Timeline entry; ")  # and how well it is established
    copy = dialog.get_by_role("button", name="Copy APA (7th edition) citation")
    copy.click()
    expect()(copy).to_have_text("Copied")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text == citation.plain(blob(page)["items"][fid]["apa"])


def test_dialog_by_keyboard_returns_focus(page, site_url):
    page.goto(site_url + ARTICLE)
    button = page.locator(f"button.dossier-cite-link[data-cite='{PARAGRAPH}']")
    button.focus()
    page.wait_for_function(  # visible when focused (after the fade-in)
        "b => getComputedStyle(b).opacity === '1'", arg=button.element_handle())
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.dossier-cite-dialog")
    expect()(dialog).to_be_visible()
    assert page.evaluate("document.activeElement.textContent") == "Close"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('dialog') !== null")  # focus stays in
    page.keyboard.press("Escape")
    expect()(dialog).to_have_count(0)
    assert page.evaluate("document.activeElement.getAttribute('data-cite')") == PARAGRAPH


def test_copy_link_buttons_copy_the_full_url(clip_page, site_url):
    page = clip_page
    page.goto(site_url + ARTICLE)
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    paragraph = page.locator(f"#{PARAGRAPH}")
    paragraph.hover()
    button = paragraph.get_by_role("button", name="Copy link to this paragraph")
    expect()(button).to_be_visible()
    button.click()
    expect()(button).to_have_attribute("data-copied", "")
    assert page.evaluate("navigator.clipboard.readText()") == f"{canonical}#{PARAGRAPH}"
    heading = page.locator(".md-content__inner h2[id]").first
    hid = heading.get_attribute("id")
    heading.hover()
    copy = heading.get_by_role("button", name="Copy link to this section")
    copy.click()
    expect()(copy).to_have_attribute("data-copied", "")
    assert page.evaluate("navigator.clipboard.readText()") == f"{canonical}#{hid}"
    expect()(page.get_by_role("status")).to_have_text("Link copied")
    # entity and topic titles: the button copies the page's own address
    page.goto(site_url + "entities/zelezara-smederevo/")
    title = page.locator(".md-content__inner h1")
    title.hover()
    copy = title.get_by_role("button", name="Copy link to this page")
    copy.click()
    expect()(copy).to_have_attribute("data-copied", "")
    assert page.evaluate("navigator.clipboard.readText()") == \
        page.locator("link[rel=canonical]").get_attribute("href")


def test_every_permalink_has_a_copy_button(page, site_url):
    for url in (ARTICLE, "timeline/2019/", "topics/", "entities/zelezara-smederevo/"):
        page.goto(site_url + url)
        links = page.locator(".md-content a.headerlink").count()
        assert links and page.locator(".md-content .dossier-copylink").count() == links, url


def test_works_after_instant_navigation(page, site_url):
    page.goto(site_url)
    page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{ARTICLE}']").first.click()
    page.wait_for_url(site_url + ARTICLE)
    expect()(page.locator(f"button.dossier-cite-link[data-cite='{PARAGRAPH}']")).to_be_attached()
    open_dialog(page, PARAGRAPH)
    # Material swaps the <head> too: the citation tags are this page's
    assert page.locator("meta[name=citation_public_url]").get_attribute("content").endswith(ARTICLE)


def test_dialog_has_no_wcag_violations(open_page, site_url):
    from test_a11y import describe, run_axe, settle

    for scheme in ("light", "dark"):
        page, _ = open_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page.goto(site_url + ARTICLE)
        open_dialog(page, PARAGRAPH)
        settle(page)
        violations = run_axe(page)
        assert not violations, f"cite dialog ({scheme}):\n{describe(violations)}"
        page.keyboard.press("Escape")
        page.goto(site_url + "data/")  # the page-level block, open, on the data page
        page.locator("details#dossier-cite > summary").click()
        settle(page)
        violations = run_axe(page)
        assert not violations, f"cite block on /data/ ({scheme}):\n{describe(violations)}"


def test_page_citation_works_without_javascript(open_page, site_url):
    page, _ = open_page(java_script_enabled=False)
    page.goto(site_url + ARTICLE)
    link = page.locator(f"a.dossier-cite-link[data-cite='{PARAGRAPH}']")
    assert link.get_attribute("href") == "#dossier-cite"
    link.click()
    block = page.locator("details#dossier-cite")
    block.locator("summary").click()
    expect()(block.locator("pre[data-cite-format='apa']")).to_be_visible()
    assert block.locator("pre").count() == 5
    assert block.locator("a[download][href^='data:application/x-bibtex']").count() == 1


def test_copy_link_on_a_release_offers_this_version_and_the_latest(clip_page, site_url):
    """A release's pages name their snapshot (dossier/cite/metadata.py): "Copy link" then
    offers the link to this version and the one that always leads to the latest text."""
    page = clip_page
    page.goto(site_url + ARTICLE)
    pinned, latest = "https://example.org/v/2026.12.15/" + ARTICLE, "https://example.org/" + ARTICLE
    page.evaluate("""([pinned, latest]) => {
        for (const [name, content] of [["dossier:version-url", pinned],
                                       ["dossier:latest-url", latest]]) {
          const meta = document.createElement("meta");
          meta.name = name; meta.content = content; document.head.appendChild(meta);
        }}""", [pinned, latest])
    paragraph = page.locator(f"#{PARAGRAPH}")
    paragraph.hover()
    paragraph.get_by_role("button", name="Copy link to this paragraph").click()
    paragraph.get_by_role("button", name="Copy link: this version").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{pinned}#{PARAGRAPH}"
    paragraph.hover()
    paragraph.get_by_role("button", name="Copy link to this paragraph").click()
    paragraph.get_by_role("button", name="Copy link: always the latest").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{latest}#{PARAGRAPH}"
