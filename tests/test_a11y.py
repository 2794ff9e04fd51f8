"""axe-core (bundled with axe-playwright-python, injected from disk: nothing is fetched) finds no
WCAG 2.1 A/AA violation on the built pages, in the light and the dark palette."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# URL paths (relative to the site root) checked by axe. Extend this one list as pages appear,
# e.g. "data/", "map/", "charts/".
PAGES = [
    "",
    "western-balkans-strategy/",
    "editorial-notes/",
    "timeline/",
    "topics/",
    "entities/",
    "entities/zelezara-smederevo/",
    "sources/",
    "glossary/",
    "data/",
    "map/",
    "charts/",
]

SCHEMES = ["light", "dark"]


def run_axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    )
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def settle(page) -> None:
    """Wait until CSS transitions end: axe measures colours mid-fade otherwise."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')"
    )


def open_in_scheme(open_page, site_url: str, path: str, scheme: str):
    page, _ = open_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(site_url + path)
    expected = "slate" if scheme == "dark" else "default"
    page.wait_for_function(
        "s => document.body.getAttribute('data-md-color-scheme') === s", arg=expected
    )
    settle(page)
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations(open_page, site_url, path, scheme):
    page = open_in_scheme(open_page, site_url, path, scheme)
    violations = run_axe(page)
    assert not violations, f"/{path} ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_dialog_has_no_wcag_violations(open_page, site_url, scheme):
    page = open_in_scheme(open_page, site_url, "western-balkans-strategy/", scheme)
    page.keyboard.press("s")  # Material's search shortcut
    page.keyboard.type("Smederevo")
    page.locator(".md-search-result__item").first.wait_for()
    settle(page)
    violations = run_axe(page)
    assert not violations, f"search dialog ({scheme}):\n{describe(violations)}"


def test_keyboard_focus_is_visible(open_page, site_url):
    page = open_in_scheme(open_page, site_url, "western-balkans-strategy/", "light")
    for _ in range(4):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            """() => {
                const el = document.activeElement;
                const s = getComputedStyle(el);
                return {tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                        shadow: s.boxShadow};
            }"""
        )
        visible = (outline["style"] != "none" and outline["width"] >= 2) or outline["shadow"] != "none"
        assert visible, f"focused {outline['tag']} has no visible focus indicator: {outline}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_layout_with_the_menu_open_has_no_wcag_violations(open_page, site_url, scheme):
    page, _ = open_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                        color_scheme=scheme)
    page.goto(site_url + "western-balkans-strategy/")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator("nav.md-nav--primary").wait_for()
    settle(page)
    violations = run_axe(page)
    assert not violations, f"phone menu ({scheme}):\n{describe(violations)}"
