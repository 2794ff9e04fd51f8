"""The map page: every place and site in the data on Serbia and its neighbours, as inline SVG.

Drawn at build time from `geodata/balkans-50m.json` (Natural Earth boundaries and rivers, made
once by `scripts/update_boundaries.py`; nothing is fetched). Every marker is a link to its entity
page; markers that would overlap at this scale are pushed apart, with a leader line to the
true position. The places between Belgrade and Kostolac, a few kilometres apart, are drawn on
an enlarged inset instead, so each is labelled. Colours come from the theme's CSS variables,
so the map follows the light and dark schemes. Kosovo's boundaries are dashed with a visible
note that its status is disputed. The numbered list under the map gives the same places,
linked, with their facts: nothing is only in a marker's `<title>` tooltip, which touch
screens never show.

On a phone the drawings keep their size (text 12 px or more, markers 24 px across) and scroll
sideways inside their frame, rather than shrinking to the column's width.

Links in the SVG use `xlink:href`: Material's instant navigation rewrites every `[href]` in a
page by assigning `el.href`, which throws on SVG links (their `href` is read-only). Each has an
id (`map-place-<entity id>`, `map-inset-outline`), so that a place on the map can be linked to;
Lighthouse's "links are crawlable" audit, which reads only `href`, then counts them as anchors
(crawlers have the same links in the list under the map).
"""

from __future__ import annotations

import html
import json
import math
import posixpath
from functools import cache
from pathlib import Path
from typing import Any

from ..core import routes
from ..core.schema import PLACE_KINDS
from ..core.site import Site
from .folding import key
from .markup import link, text
from .pages import fact_list

MAP = routes.MAP
GEODATA = Path(__file__).parent / "geodata" / "balkans-50m.json"
WIDTH = 720.0  # SVG user units; the SVG scales to the column width
MARKER = 10.0  # marker radius (the link's target is TARGET, larger and invisible)
TARGET = 13.0  # radius of a marker's touch target: 26 px across at the drawing's own size
DISPUTED = "kosovo"
# The places from Belgrade to Kostolac lie a few kilometres apart: an enlarged inset
# (west, south, east, north) draws them, and the main map outlines its area.
INSET = (20.2, 44.58, 21.3, 44.92)
INSET_NAME = "Belgrade to Kostolac"
PLACE_ID = "map-place-"  # + entity id: the id of a place's (or country's) link on the map


@cache
def geodata() -> dict[str, Any]:
    return json.loads(GEODATA.read_text(encoding="utf-8"))


def in_country(lon: float, lat: float, country: str) -> bool:
    """Whether a point lies inside a country's drawn shape (even-odd over its rings)."""
    inside = False
    for c in geodata()["countries"]:
        if c["id"] != country:
            continue
        for ring in c["rings"]:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside


class Projection:
    """Equirectangular, longitudes shrunk by cos(middle latitude): true to shape at this size."""

    def __init__(self, bbox: list[float] | tuple[float, ...]) -> None:
        self.west, self.south, self.east, self.north = bbox
        self.kx = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = WIDTH / ((self.east - self.west) * self.kx)
        self.height = round((self.north - self.south) * self.scale, 1)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def km(self, km: float) -> float:
        return km / 111.2 * self.scale  # one degree of latitude ≈ 111.2 km


def href(from_uri: str, to_uri: str) -> str:
    """A relative link from one page to another in raw HTML (which MkDocs does not rewrite)."""
    return posixpath.relpath(routes.url_path(to_uri) or ".", routes.url_path(from_uri) or ".") + "/"


def places(site: Site) -> list[str]:
    """Ids of the places and sites with coordinates, alphabetical."""
    ids = [e for e, r in site.entities.items() if r["kind"] in PLACE_KINDS and r.get("coordinates")]
    return sorted(ids, key=lambda e: (key(site.entities[e]["name"]), e))


def in_inset(site: Site, eid: str) -> bool:
    c = site.entities[eid]["coordinates"]
    return Projection(INSET).contains(c["lon"], c["lat"])


def split(site: Site, proj: Projection) -> tuple[list[str], list[str]]:
    """(places inside the map or its inset, numbered in this order; places outside it)."""
    inside, outside = [], []
    for eid in places(site):
        c = site.entities[eid]["coordinates"]
        (inside if proj.contains(c["lon"], c["lat"]) else outside).append(eid)
    return inside, outside


def _h(value: object) -> str:
    """Data text inside raw HTML/SVG (MkDocs does not touch raw HTML: no Markdown escaping)."""
    return html.escape(str(value), quote=True)


def layout(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Marker positions: markers that would overlap are pushed apart (rounds of repulsion
    between neighbours, each marker pulled back towards its true position); lone
    ones stay. Neighbours are found on a grid, so a thousand places stay cheap. Deterministic:
    markers at the very same spot start spread round it in the order given."""
    ids = list(points)
    seen: dict[tuple[float, float], int] = {}
    pos = []
    for pid in ids:
        x, y = points[pid]
        twins = seen[(x, y)] = seen.get((x, y), -1) + 1
        angle = twins * 2.4  # radians: the golden angle spreads any number of twins
        pos.append([x + 0.5 * twins * math.cos(angle), y + 0.5 * twins * math.sin(angle)])
    gap = 2 * TARGET + 1  # touch targets never overlap
    # Hundreds of places cannot all fit apart anyway: fewer rounds keep the build quick.
    for _ in range(min(300, max(30, 30_000 // max(1, len(ids))))):
        grid: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(pos):
            grid.setdefault((int(x // gap), int(y // gap)), []).append(i)
        moved = False
        for i in range(len(pos)):
            cx, cy = int(pos[i][0] // gap), int(pos[i][1] // gap)
            near = sorted(j for gx in (cx - 1, cx, cx + 1) for gy in (cy - 1, cy, cy + 1)
                          for j in grid.get((gx, gy), ()) if j > i)
            for j in near:
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                d = math.hypot(dx, dy)
                if d >= gap:
                    continue
                moved = True
                if d == 0:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (gap - d) / 2 / d
                pos[i][0] -= dx * push
                pos[i][1] -= dy * push
                pos[j][0] += dx * push
                pos[j][1] += dy * push
        for i, pid in enumerate(ids):
            pos[i][0] += (points[pid][0] - pos[i][0]) * 0.02
            pos[i][1] += (points[pid][1] - pos[i][1]) * 0.02
        if not moved:
            break
    return {pid: (round(pos[i][0], 1), round(pos[i][1], 1)) for i, pid in enumerate(ids)}


def labels(markers: dict[str, tuple[float, float]], names: dict[str, str],
           taken: list[tuple[float, float, float, float]]) -> dict[str, tuple[float, float, str]]:
    """Name labels (x, y, text-anchor) beside markers, right, left, above or below, where they
    overlap no marker and no other label; a marker without room shows only its number."""
    boxes = list(taken) + [(x - TARGET, y - TARGET, x + TARGET, y + TARGET)
                           for x, y in markers.values()]
    out = {}
    for pid, (x, y) in markers.items():
        width = 7.2 * len(names[pid])  # 13px text, generous average advance
        gap = MARKER + 3
        for lx, ly, anchor in ((x + gap, y + 4, "start"), (x - gap, y + 4, "end"),
                               (x, y - gap - 3, "middle"), (x, y + gap + 11, "middle"),
                               (x + gap - 4, y - gap, "start"), (x - gap + 4, y - gap, "end"),
                               (x + gap - 4, y + gap + 8, "start"), (x - gap + 4, y + gap + 8, "end")):
            x0 = lx if anchor == "start" else lx - width if anchor == "end" else lx - width / 2
            box = (x0, ly - 11, x0 + width, ly + 4)
            if box[0] < 2 or box[2] > WIDTH - 2 or box[1] < 2:
                continue
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in boxes):
                boxes.append(box)
                out[pid] = (lx, ly, anchor)
                break
    return out


MARGIN = 20.0  # drawing units kept around the viewport when clipping (strokes, round joins)


def _path(rings: list[list[list[float]]], proj: Projection, close: bool = True) -> str:
    """SVG path data of closed rings (land) or open lines (coasts, borders, rivers), clipped
    to the drawing: an enlarged inset would otherwise carry every country's whole outline at
    its scale, far outside its frame. What is visible is unchanged."""
    box = (-MARGIN, -MARGIN, WIDTH + MARGIN, proj.height + MARGIN)
    parts = []
    for ring in rings:
        xy = [proj(lon, lat) for lon, lat in ring]
        pieces = [_clip_ring(xy, box)] if close else _clip_line(xy, box)
        for piece in pieces:
            if len(piece) >= (3 if close else 2):
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in piece)
                             + ("Z" if close else ""))
    return "".join(parts)


Point = tuple[float, float]
Box = tuple[float, float, float, float]


def _clip_ring(ring: list[Point], box: Box) -> list[Point]:
    """Sutherland–Hodgman: the ring cut to the box. Inside the box, every point is inside the
    clipped ring exactly when it was inside the original, so an even-odd fill is unchanged."""
    x0, y0, x1, y1 = box
    edges = ((lambda p: p[0] >= x0, lambda p, q: _at_x(p, q, x0)),
             (lambda p: p[0] <= x1, lambda p, q: _at_x(p, q, x1)),
             (lambda p: p[1] >= y0, lambda p, q: _at_y(p, q, y0)),
             (lambda p: p[1] <= y1, lambda p, q: _at_y(p, q, y1)))
    out = list(ring)
    for inside, cross in edges:
        points, out = out, []
        for i, q in enumerate(points):
            p = points[i - 1]
            if inside(q):
                if not inside(p):
                    out.append(cross(p, q))
                out.append(q)
            elif inside(p):
                out.append(cross(p, q))
        if not out:
            break
    return out


def _at_x(p: Point, q: Point, x: float) -> Point:
    return (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))


def _at_y(p: Point, q: Point, y: float) -> Point:
    return (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)


def _clip_line(line: list[Point], box: Box) -> list[list[Point]]:
    """The runs of a polyline's segments that meet the box, each segment kept whole (what
    lies outside the drawing is not shown anyway)."""
    runs: list[list[Point]] = []
    current: list[Point] = []
    for p, q in zip(line, line[1:]):
        if _meets(p, q, box):
            if not current:
                current = [p]
            current.append(q)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _meets(p: Point, q: Point, box: Box) -> bool:
    """Whether the segment p–q meets the box (Liang–Barsky)."""
    x0, y0, x1, y1 = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    low, high = 0.0, 1.0
    for d, near, far in ((dx, x0 - p[0], x1 - p[0]), (dy, y0 - p[1], y1 - p[1])):
        if d == 0:
            if near > 0 or far < 0:
                return False
            continue
        t0, t1 = sorted((near / d, far / d))
        low, high = max(low, t0), min(high, t1)
        if low > high:
            return False
    return True


def _box(x: float, y: float, name: str, advance: float) -> tuple[float, float, float, float]:
    """Approximate box of a centred country label (upper case, letter-spaced)."""
    half = advance * len(name) / 2
    return (x - half, y - 11, x + half, y + 3)


def _facts_title(site: Site, eid: str, number: int) -> str:
    e = site.entities[eid]
    facts = site.facts_by_entity.get(eid, [])
    head = f"{number}. {e['name']} ({e['kind']}): {e['description']}"
    lines = [f"{site.facts[f]['date'] or 'undated'}: {site.facts[f]['title']}" for f in facts[:8]]
    more = [f"… and {len(facts) - 8} more"] if len(facts) > 8 else []
    count = f"{len(facts)} fact{'s' if len(facts) != 1 else ''}"
    return "\n".join([head, count + (":" if facts else "."), *lines, *more])


STYLE = """
.md-typeset figure.dossier-map{display:block;width:100%;max-width:none}
.dossier-map__frame{overflow-x:auto;overscroll-behavior-x:contain}
@media screen{#map-inset .dossier-map__frame{content-visibility:auto;contain-intrinsic-size:auto 314px}
.md-typeset #places~ol>li{content-visibility:auto;contain-intrinsic-size:auto 240px}}
.dossier-map svg{display:block;width:100%;min-width:720px;height:auto;font-family:var(--md-text-font-family,sans-serif)}
.dossier-map .m-sea{fill:var(--md-default-bg-color)}
.dossier-map .m-land{fill:var(--md-default-fg-color--lightest)}
.dossier-map .m-land--serbia{fill:var(--md-accent-fg-color--transparent)}
.dossier-map .m-border{fill:none;stroke:var(--md-default-fg-color--light);stroke-width:1;stroke-linejoin:round}
.dossier-map .m-border--disputed{stroke-dasharray:5 4;stroke-width:1.4}
.dossier-map .m-coast{fill:none;stroke:var(--md-default-fg-color--lighter);stroke-width:.8}
.dossier-map .m-river{fill:none;stroke:var(--dossier-water,#3b78b0);stroke-width:2;stroke-linejoin:round;stroke-linecap:round;opacity:.8}
.dossier-map .m-river--major{stroke-width:3.5}
[data-md-color-scheme="slate"] .dossier-map{--dossier-water:#6fa8dc}
.dossier-map .m-river-name{fill:var(--dossier-water,#3b78b0);font-size:13px;font-style:italic;paint-order:stroke;stroke:var(--md-default-bg-color);stroke-width:3px}
.dossier-map .m-country{fill:var(--md-default-fg-color--light);font-size:13px;letter-spacing:.05em;text-anchor:middle}
.dossier-map a .m-country{fill:var(--md-typeset-a-color)}
.dossier-map .m-label,.dossier-map .m-note{fill:var(--md-default-fg-color);font-size:13px;paint-order:stroke;stroke:var(--md-default-bg-color);stroke-width:3px;stroke-linejoin:round}
.dossier-map .m-note{font-size:12px}
.dossier-map .m-inset{fill:none;stroke:var(--md-typeset-a-color);stroke-width:1.5}
.dossier-map .m-leader{stroke:var(--md-default-fg-color--light);stroke-width:1}
.dossier-map .m-dot{fill:var(--md-default-fg-color)}
.dossier-map .m-target{fill:transparent}
.dossier-map .m-place circle.m-marker{fill:var(--md-typeset-a-color);stroke:var(--md-default-bg-color);stroke-width:1.5}
.dossier-map .m-num{fill:var(--md-default-bg-color);font-size:12px;font-weight:700;text-anchor:middle}
.dossier-map a{text-decoration:none}
.dossier-map a:focus{outline:none}
.dossier-map a:focus-visible circle.m-marker,.dossier-map a:hover circle.m-marker{stroke:var(--dossier-focus,currentColor);stroke-width:3}
.dossier-map a:focus-visible text,.dossier-map a:hover text{text-decoration:underline}
""".strip()


def _draw(site: Site, here: str, proj: Projection, ids: list[str], numbers: dict[str, int],
          ident: str, title: str, desc: str, extra: list[str], rivers: bool = True,
          style: bool = True) -> str:
    """One map drawing: land, boundaries, rivers, the given places as numbered markers. With
    `style`, the map's stylesheet (which styles every drawing on the page: the main map has it,
    the inset below it does not repeat it)."""
    geo = geodata()
    inside = {e: proj(site.entities[e]["coordinates"]["lon"], site.entities[e]["coordinates"]["lat"])
              for e in ids}
    markers = layout(inside)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {WIDTH:g} {proj.height:g}" '
           f'role="group" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">',
           f'<title id="{ident}-title">{title}</title>', f'<desc id="{ident}-desc">{desc}</desc>',
           *([f"<style>{STYLE}</style>"] if style else []),
           f'<rect class="m-sea" width="{WIDTH:g}" height="{proj.height:g}"/>']

    def shape(attributes: str, d: str) -> None:  # nothing for what lies outside the frame
        if d:
            out.append(f'<path {attributes} d="{d}"/>')

    for c in geo["countries"]:
        shape(f'class="m-land m-land--{c["id"]}" fill-rule="evenodd"', _path(c["rings"], proj))
    shape('class="m-coast"', _path(geo["coasts"], proj, close=False))
    for disputed in (False, True):
        lines = [b["line"] for b in geo["borders"] if (DISPUTED in b["between"]) == disputed]
        cls = "m-border m-border--disputed" if disputed else "m-border"
        shape(f'class="{cls}"', _path(lines, proj, close=False))
    for major in (False, True) if rivers else ():
        lines = [r["line"] for r in geo.get("rivers", []) if bool(r.get("name")) == major]
        cls = "m-river m-river--major" if major else "m-river"
        shape(f'class="{cls}"', _path(lines, proj, close=False))
    taken: list[tuple[float, float, float, float]] = []
    for name, (lon, lat) in {r["name"]: r["label"] for r in geo.get("rivers", [])
                             if r.get("label")}.items():
        if rivers and proj.contains(lon, lat):
            x, y = proj(lon, lat)
            out.append(f'<text class="m-river-name" x="{x:.1f}" y="{y:.1f}">{_h(name)}</text>')
            taken.append((x, y - 11, x + 7.5 * len(name), y + 3))
    for c in geo["countries"]:
        if "label" not in c or not proj.contains(*c["label"]):
            continue
        x, y = proj(*c["label"])
        star = "*" if c["id"] == DISPUTED else ""
        label = f'<text class="m-country" x="{x:.1f}" y="{y:.1f}">{_h(c["name"].upper())}{star}</text>'
        entity = site.entities.get(c["id"])
        if entity and entity["kind"] == "country":
            label = (f'<a id="{_h(PLACE_ID + c["id"])}" '
                     f'xlink:href="{_h(href(here, routes.entity(c["id"])))}"><title>{_h(entity["name"])}'
                     f"</title>{label}</a>")
        out.append(label)
        taken.append(_box(x, y, c["name"], 7.8))
    out += extra
    for eid, (x, y) in inside.items():  # true positions of moved markers, with leaders
        mx, my = markers[eid]
        if math.dist((mx, my), (x, y)) > 3:
            out.append(f'<line class="m-leader" x1="{x:.1f}" y1="{y:.1f}" x2="{mx:.1f}" '
                       f'y2="{my:.1f}"/><circle class="m-dot" cx="{x:.1f}" cy="{y:.1f}" r="2"/>')
    named = labels(markers, {e: site.entities[e]["name"] for e in markers}, taken)
    for eid in ids:
        number = numbers[eid]
        mx, my = markers[eid]
        label = ""
        if eid in named:
            lx, ly, anchor = named[eid]
            label = (f'<text class="m-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">'
                     f'{_h(site.entities[eid]["name"])}</text>')
        out.append(f'<a class="m-place" id="{_h(PLACE_ID + eid)}" '
                   f'xlink:href="{_h(href(here, routes.entity(eid)))}">'
                   f"<title>{_h(_facts_title(site, eid, number))}</title>"
                   f'<circle class="m-target" cx="{mx:.1f}" cy="{my:.1f}" r="{TARGET:g}"/>'
                   f'<circle class="m-marker" cx="{mx:.1f}" cy="{my:.1f}" r="{MARKER:g}"/>'
                   f'<text class="m-num" x="{mx:.1f}" y="{my + 4.2:.1f}">{number}</text>{label}</a>')
    bar = proj.km(100 if proj.km(100) < WIDTH / 3 else 10)
    km = "100 km" if proj.km(100) < WIDTH / 3 else "10 km"
    y0 = proj.height - (30 if ident == "dossier-map" else 12)
    out += [f'<path class="m-border" d="M12,{y0:.1f}v4h{bar:.1f}v-4"/>',
            f'<text class="m-note" x="12" y="{y0 - 4:.1f}">{km}</text>']
    return "".join(out)


def svg(site: Site, here: str = MAP) -> str:
    """The map as one inline `<svg>` (no blank lines: it sits in Markdown as a raw HTML block);
    the places in the inset's area are outlined there, not drawn."""
    proj = Projection(geodata()["bbox"])
    numbered, _ = split(site, proj)
    numbers = {e: n for n, e in enumerate(numbered, 1)}
    main = [e for e in numbered if not in_inset(site, e)]
    enlarged = [e for e in numbered if in_inset(site, e)]
    extra = []
    if enlarged:
        (x0, y0), (x1, y1) = proj(INSET[0], INSET[3]), proj(INSET[2], INSET[1])
        extra = [f'<a id="map-inset-outline" xlink:href="#map-inset"><title>{INSET_NAME}: {len(enlarged)} places, '
                 "on the enlarged map below</title>"
                 f'<rect class="m-inset" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
                 f'height="{y1 - y0:.1f}"/><text class="m-label" x="{x0 - 4:.1f}" '
                 f'y="{y0 + 2:.1f}" text-anchor="end">{INSET_NAME}: see below</text></a>']
    desc = (f"{len(main)} numbered markers, each a link to its entity page, in the order of "
            f"the list below the map; the {len(enlarged)} places from {INSET_NAME} are on the "
            "enlarged map below it. Kosovo's boundaries are drawn dashed: its status is "
            "disputed.")
    body = _draw(site, here, proj, main, numbers, "dossier-map", "Map of Serbia and its "
                 "neighbours with the places and sites named in the dossier", desc, extra)
    return body + (f'<text class="m-note" x="12" y="{proj.height - 10:g}">* Kosovo: status '
                   "disputed (declared independence from Serbia in 2008); boundaries "
                   "dashed.</text></svg>")


def inset_svg(site: Site, here: str = MAP) -> str:
    """The enlarged map of the places from Belgrade to Kostolac ('' when there are none),
    styled by the main map's stylesheet (`svg`) on the same page. Below the first screen, it is
    laid out and painted only when scrolled near (`content-visibility`), as are the places in
    the list under it: on a phone, styling and laying out that long list at once was most of
    the page's main-thread work (about 300 ms of 1.5 s at a 4× slowed CPU)."""
    numbered, _ = split(site, Projection(geodata()["bbox"]))
    numbers = {e: n for n, e in enumerate(numbered, 1)}
    enlarged = [e for e in numbered if in_inset(site, e)]
    if not enlarged:
        return ""
    desc = (f"{len(enlarged)} numbered markers from Belgrade to Kostolac, each a link to its "
            "entity page, numbered as in the list below.")
    # No rivers: Natural Earth's 1:50m Danube is kilometres off at this scale.
    return _draw(site, here, Projection(INSET), enlarged, numbers, "dossier-map-inset",
                 f"Enlarged map: {INSET_NAME}", desc, [], rivers=False, style=False) + "</svg>"


def page(site: Site) -> str:
    """The Markdown of /map/."""
    here = MAP
    geo = geodata()
    numbered, outside = split(site, Projection(geo["bbox"]))
    out = ["# Map { #map }", "",
           f"The {len(numbered)} places and sites in the dossier's data that lie in Serbia and its "
           "neighbours, drawn from the data at each build. Each numbered marker links to its "
           "entity page; the numbered list under the maps gives the same places with their "
           "facts. Markers that would overlap are moved apart, with a line to their true "
           f"position; the places from {INSET_NAME}, a few kilometres apart, are on an "
           "enlarged map. On a narrow screen, scroll a map sideways.", "",
           '<figure class="dossier-map" data-search-exclude>',
           # Focusable, so a keyboard can scroll the map sideways on a narrow screen.
           '<div class="dossier-map__frame" tabindex="0" role="region" aria-label="Map, '
           'scrollable">' + svg(site, here) + "</div>",
           "<figcaption>Places and sites named in the dossier. Boundaries and rivers: Natural "
           "Earth 1:50m. Kosovo’s boundaries are dashed: its status is disputed.</figcaption>",
           "</figure>", ""]
    inset = inset_svg(site, here)
    if inset:
        out += ['<figure class="dossier-map" id="map-inset" data-search-exclude>',
                '<div class="dossier-map__frame" tabindex="0" role="region" '
                'aria-label="Enlarged map, scrollable">' + inset + "</div>",
                f"<figcaption>Enlarged: {INSET_NAME}, along the Danube (not drawn: Natural "
                "Earth's 1:50m river line is too coarse at this scale).</figcaption>",
                "</figure>", ""]
    out += [
           "## Places on the map { #places }", ""]
    for number, eid in enumerate(numbered, 1):
        out += _place_item(site, eid, f"{number}.", here)
    if outside:
        out += ["## Outside the map { #outside }", "",
                "Places in the data beyond the area drawn:", ""]
        for eid in outside:
            out += _place_item(site, eid, "-", here)
    kosovo = (link("Kosovo", here, routes.entity(DISPUTED)) if DISPUTED in site.entities
              else "Kosovo")
    out += ["## About the map { #about }", "",
            f"{kosovo} declared independence from Serbia in 2008; Serbia, China and a number of "
            "other states do not recognise it, while many others do. As reference works do, the "
            "map shows it without taking a position: its boundaries are drawn dashed.", "",
            f"Boundaries: {text(geo['source'])}. {text(geo['licence'])}. Positions of places "
            "come from the `coordinates` of each entity in `data/entities/`.", ""]
    return "\n".join(out)


def inputs(site: Site) -> list[str]:
    """The data files the map page is made from: its places' entity files and their facts."""
    found = {site.record_paths.get(("entity", e)) for e in places(site)}
    found |= {site.fact_paths[f] for e in places(site) for f in site.facts_by_entity.get(e, [])}
    return sorted(p for p in found if p)


def _place_item(site: Site, eid: str, bullet: str, here: str) -> list[str]:
    e = site.entities[eid]
    c = e["coordinates"]
    where = (f"{abs(c['lat']):.4f}° {'N' if c['lat'] >= 0 else 'S'}, "
             f"{abs(c['lon']):.4f}° {'E' if c['lon'] >= 0 else 'W'}")
    facts = fact_list(site, site.facts_by_entity.get(eid, []), here)
    head = (f"{bullet} {link(text(e['name']), here, routes.entity(eid))} — {text(e['kind'])}, "
            f"{where}. {text(e['description'])}")
    return [head, "", *(f"    {line}" for line in facts), ""] if facts else [head, ""]
