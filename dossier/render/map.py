"""The map page: every place and site in the data on Serbia and its neighbours, as inline SVG.

Drawn at build time from `geodata/balkans-50m.json` (Natural Earth boundaries, made once by
`scripts/update_boundaries.py`; nothing is fetched). Every marker is a link to its entity
page whose `<title>` lists the facts; markers that would overlap at this scale are pushed
apart, with a leader line to the true position. Colours come from the theme's
CSS variables, so the map follows the light and dark schemes. Kosovo's boundaries are dashed
with a visible note that its status is disputed. The numbered list under the map gives the
same places, linked, with their facts, for readers who cannot use the picture.

Links in the SVG use `xlink:href`: Material's instant navigation rewrites every `[href]` in a
page by assigning `el.href`, which throws on SVG links (their `href` is read-only).
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
MARKER = 8.0  # marker radius
DISPUTED = "kosovo"


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

    def __init__(self, bbox: list[float]) -> None:
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


def split(site: Site, proj: Projection) -> tuple[list[str], list[str]]:
    """(places inside the map, numbered in this order; places outside it)."""
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
    gap = 2 * MARKER + 2
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
    """Name labels (x, y, text-anchor) beside markers, right or else left, where they overlap
    no marker and no other label; a marker without room shows only its number."""
    boxes = list(taken) + [(x - MARKER, y - MARKER, x + MARKER, y + MARKER)
                           for x, y in markers.values()]
    out = {}
    for pid, (x, y) in markers.items():
        width = 6.6 * len(names[pid])  # 12px text, generous average advance
        for anchor, x0 in (("start", x + MARKER + 3), ("end", x - MARKER - 3 - width)):
            box = (x0, y - 9, x0 + width, y + 5)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in boxes):
                boxes.append(box)
                out[pid] = (x + MARKER + 3 if anchor == "start" else x - MARKER - 3, y + 4, anchor)
                break
    return out


def _path(rings: list[list[list[float]]], proj: Projection, close: bool = True) -> str:
    parts = []
    for ring in rings:
        xy = [proj(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + ("Z" if close else ""))
    return "".join(parts)


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
.dossier-map svg{display:block;width:100%;height:auto;font-family:var(--md-text-font-family,sans-serif)}
.dossier-map .m-sea{fill:var(--md-default-bg-color)}
.dossier-map .m-land{fill:var(--md-default-fg-color--lightest)}
.dossier-map .m-land--serbia{fill:var(--md-accent-fg-color--transparent)}
.dossier-map .m-border{fill:none;stroke:var(--md-default-fg-color--light);stroke-width:1;stroke-linejoin:round}
.dossier-map .m-border--disputed{stroke-dasharray:5 4;stroke-width:1.4}
.dossier-map .m-coast{fill:none;stroke:var(--md-default-fg-color--lighter);stroke-width:.8}
.dossier-map .m-country{fill:var(--md-default-fg-color--light);font-size:13px;letter-spacing:.05em;text-anchor:middle}
.dossier-map a .m-country{fill:var(--md-typeset-a-color)}
.dossier-map .m-label,.dossier-map .m-note{fill:var(--md-default-fg-color);font-size:12px;paint-order:stroke;stroke:var(--md-default-bg-color);stroke-width:3px;stroke-linejoin:round}
.dossier-map .m-note{font-size:11px;stroke-width:0}
.dossier-map .m-leader{stroke:var(--md-default-fg-color--light);stroke-width:1}
.dossier-map .m-dot{fill:var(--md-default-fg-color)}
.dossier-map .m-place circle{fill:var(--md-typeset-a-color);stroke:var(--md-default-bg-color);stroke-width:1.5}
.dossier-map .m-num{fill:var(--md-default-bg-color);font-size:9px;font-weight:700;text-anchor:middle}
.dossier-map a{text-decoration:none}
.dossier-map a:focus{outline:none}
.dossier-map a:focus-visible circle,.dossier-map a:hover circle{stroke:var(--dossier-focus,currentColor);stroke-width:3}
.dossier-map a:focus-visible text,.dossier-map a:hover text{text-decoration:underline}
""".strip()


def svg(site: Site, here: str = MAP) -> str:
    """The map as one inline `<svg>` (no blank lines: it sits in Markdown as a raw HTML block)."""
    geo = geodata()
    proj = Projection(geo["bbox"])
    numbered, _ = split(site, proj)
    inside = {e: proj(site.entities[e]["coordinates"]["lon"], site.entities[e]["coordinates"]["lat"])
              for e in numbered}
    markers = layout(inside)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {WIDTH:g} {proj.height:g}" '
           'role="group" aria-labelledby="dossier-map-title" aria-describedby="dossier-map-desc">',
           '<title id="dossier-map-title">Map of Serbia and its neighbours with the places and '
           'sites named in the dossier</title>',
           f'<desc id="dossier-map-desc">{len(inside)} numbered markers, each a link to its '
           "entity page, in the order of the list below the map. Kosovo's boundaries are drawn "
           "dashed: its status is disputed.</desc>",
           f"<style>{STYLE}</style>",
           f'<rect class="m-sea" width="{WIDTH:g}" height="{proj.height:g}"/>']
    for c in geo["countries"]:
        out.append(f'<path class="m-land m-land--{c["id"]}" fill-rule="evenodd" '
                   f'd="{_path(c["rings"], proj)}"/>')
    out.append(f'<path class="m-coast" d="{_path(geo["coasts"], proj, close=False)}"/>')
    for disputed in (False, True):
        lines = [b["line"] for b in geo["borders"] if (DISPUTED in b["between"]) == disputed]
        cls = "m-border m-border--disputed" if disputed else "m-border"
        out.append(f'<path class="{cls}" d="{_path(lines, proj, close=False)}"/>')
    for c in geo["countries"]:
        if "label" not in c:
            continue
        x, y = proj(*c["label"])
        star = "*" if c["id"] == DISPUTED else ""
        label = f'<text class="m-country" x="{x:.1f}" y="{y:.1f}">{_h(c["name"].upper())}{star}</text>'
        entity = site.entities.get(c["id"])
        if entity and entity["kind"] == "country":
            label = (f'<a xlink:href="{_h(href(here, routes.entity(c["id"])))}"><title>{_h(entity["name"])}'
                     f"</title>{label}</a>")
        out.append(label)
    for eid, (x, y) in inside.items():  # true positions of moved markers, with leaders
        mx, my = markers[eid]
        if math.dist((mx, my), (x, y)) > 3:
            out.append(f'<line class="m-leader" x1="{x:.1f}" y1="{y:.1f}" x2="{mx:.1f}" '
                       f'y2="{my:.1f}"/><circle class="m-dot" cx="{x:.1f}" cy="{y:.1f}" r="2"/>')
    countries = [_box(*proj(*c["label"]), c["name"], 7.8) for c in geo["countries"] if "label" in c]
    named = labels(markers, {e: site.entities[e]["name"] for e in markers}, countries)
    for number, eid in enumerate(numbered, 1):
        mx, my = markers[eid]
        label = ""
        if eid in named:
            lx, ly, anchor = named[eid]
            label = (f'<text class="m-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">'
                     f'{_h(site.entities[eid]["name"])}</text>')
        out.append(f'<a class="m-place" xlink:href="{_h(href(here, routes.entity(eid)))}">'
                   f"<title>{_h(_facts_title(site, eid, number))}</title>"
                   f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="{MARKER:g}"/>'
                   f'<text class="m-num" x="{mx:.1f}" y="{my + 3.2:.1f}">{number}</text>{label}</a>')
    bar = proj.km(100)
    y0 = proj.height - 30
    out += [f'<path class="m-border" d="M12,{y0:.1f}v4h{bar:.1f}v-4"/>',
            f'<text class="m-note" x="12" y="{y0 - 4:.1f}">100 km</text>',
            f'<text class="m-note" x="12" y="{proj.height - 10:g}">* Kosovo: status disputed '
            "(declared independence from Serbia in 2008); boundaries dashed.</text>",
            "</svg>"]
    return "".join(out)


def page(site: Site) -> str:
    """The Markdown of /map/."""
    here = MAP
    geo = geodata()
    numbered, outside = split(site, Projection(geo["bbox"]))
    out = ["# Map { #map }", "",
           f"The {len(numbered)} places and sites in the dossier's data that lie in Serbia and its "
           "neighbours, drawn from the data at each build. Each numbered marker links to its "
           "entity page; hover over or focus it to see its facts. Markers that would overlap "
           "are moved apart, with a line to their true position. The numbered list "
           "under the map gives the same places with their facts.", "",
           '<figure class="dossier-map" data-search-exclude>',
           svg(site, here),
           "<figcaption>Places and sites named in the dossier. Boundaries: Natural Earth 1:50m. "
           "Kosovo’s boundaries are dashed: its status is disputed.</figcaption>",
           "</figure>", "",
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
