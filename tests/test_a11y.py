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
    "timeline/2019/",
    "topics/",
    "entities/",
    "topics/industry-mining/",
    "entities/zelezara-smederevo/",
    "sources/",
    "glossary/",
    "data/",
    "map/",
    "charts/",
    "schema/",
    "changelog/",
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


# Keyboard-only use: pages whose every interactive element must be reachable with Tab.
KEYBOARD_PAGES = ["western-balkans-strategy/", "timeline/", "timeline/2019/", "map/"]

# Marks every element a keyboard user must be able to reach (rendered, enabled, tabbable;
# content of <details> counts: the test opens them, as a reader would with Enter), records the
# unfocused look of each element, its labels and (SVG) its shapes, then records what Tab focuses
# and whether it then looks different: an outline or box-shadow ring on the element or on its
# label (Material's hidden radio inputs), or for an SVG link a changed stroke or underline.
TAB_SETUP = r"""() => {
  const svg = e => e instanceof SVGElement;
  const look = e => [e, ...(svg(e) ? e.querySelectorAll('*') : [])].map(x => {
    const s = getComputedStyle(x);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
            s.stroke, s.strokeWidth, s.textDecorationLine].join('|'); }).join(';');
  const ring = e => { const s = getComputedStyle(e);
    return svg(e) || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1)
           || s.boxShadow !== 'none'; };
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const all = [...document.querySelectorAll(
    'a[href], a[*|href], area[href], button, input:not([type=hidden]), select, textarea, '
    + 'summary, [tabindex], [contenteditable=true]')];
  // Material's "Back to top" shows only while the reader scrolls up (Home does the same).
  const wanted = all.filter(e => e.tabIndex >= 0 && !e.disabled && !e.closest('[inert]')
    && !e.matches('.md-top') && e.getClientRects().length > 0
    && e.checkVisibility({checkVisibilityCSS: true}));
  window.__kbd = {looks: new Map(), seen: []};
  const describe = e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`
    + `${typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''}`
    + ` "${(e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 40)}"`;
  wanted.forEach((e, i) => {
    e.dataset.kbd = i;
    [e, ...(e.labels || [])].forEach(x => window.__kbd.looks.set(x, look(x)));
  });
  document.addEventListener('focusin', ev => {
    const e = ev.target;
    const shown = [e, ...(e.labels || [])].some(x => ring(x)
      && look(x) !== window.__kbd.looks.get(x));
    window.__kbd.seen.push({key: e.dataset.kbd ?? null, what: describe(e), shown});
  });
  return wanted.map(e => ({
    key: String(e.dataset.kbd), what: describe(e),
    group: e.type === 'radio' && e.name ? e.name : null}));
}"""


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_keyboard_reaches_every_interactive_element_with_a_visible_focus(
        open_page, site_url, path):
    page = open_in_scheme(open_page, site_url, path, "light")
    wanted = page.evaluate(TAB_SETUP)
    assert len(wanted) > 20, wanted
    page.locator("body").focus()

    def missed() -> list[str]:
        reached = {s["key"] for s in page.evaluate("window.__kbd.seen")}
        groups = {w["group"] for w in wanted if w["key"] in reached and w["group"]}
        return [w["what"] for w in wanted
                if w["key"] not in reached and not (w["group"] and w["group"] in groups)]

    presses = 0
    while (left := missed()) and presses < 2 * len(wanted) + 50:
        for _ in range(len(left) + 5):
            page.keyboard.press("Tab")
        presses += len(left) + 5
    assert not left, f"/{path}: not reachable with Tab ({len(left)}):\n" + "\n".join(left[:30])
    seen = page.evaluate("window.__kbd.seen")
    unseen = sorted({s["what"] for s in seen if not s["shown"]})
    assert not unseen, f"/{path}: no visible focus indicator:\n" + "\n".join(unseen[:30])


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
