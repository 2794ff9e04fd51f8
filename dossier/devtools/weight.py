"""Page weight of a built site: the gzip-compressed bytes a browser transfers on a first load.

A page's first load is its HTML plus every local resource the HTML names (stylesheets,
scripts, icons, preloads, images, the page scripts named by `data-dossier-script`) and what
those stylesheets name with `url(...)` (fonts, images). Search costs nothing before it is
used: the site's dossier-search.js holds Material's search worker and index back until the
reader focuses or opens the search box, so they are reported apart (`search`: what the first
search then loads). Pure apart from reading files under the site folder.
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..core import routes

LEVEL = 6  # gzip level of common static hosts (nginx `gzip_comp_level` is often 5–6)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=LEVEL, mtime=0))


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.config: dict | None = None
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and set(rel) & {
                "stylesheet", "icon", "preload", "modulepreload", "manifest"}:
            self.urls.append(a["href"] or "")
        elif tag in ("script", "img", "source", "video", "audio") and a.get("src"):
            self.urls.append(a["src"] or "")
        elif tag == "script" and "__config" in (a.get("id") or ""):
            self._in_config = True
        if a.get("data-dossier-script"):  # loaded at once by dossier-search.js
            self.urls.append(a["data-dossier-script"] or "")

    def handle_data(self, data: str) -> None:
        if self._in_config:
            try:
                self.config = json.loads(data)
            except ValueError:
                pass
            self._in_config = False


def _local(site: Path, page_url: str, ref: str) -> Path | None:
    """The file under `site` that `ref` (relative to `page_url`) names; None if external."""
    target = urlsplit(urljoin(page_url, ref))
    if target.scheme not in ("", "file", "http") or (target.netloc and target.netloc != "site"):
        return None
    path = unquote(target.path).lstrip("/")
    file = site / path
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


def page(site: Path, url_path: str) -> dict:
    """First-load weight of the page at `url_path` ('' = home, 'x/' = /x/)."""
    base = f"http://site/{url_path}"
    html_file = _local(site, base, base)
    if html_file is None:
        return {"page": url_path, "missing": True}
    parser = _Resources()
    parser.feed(html_file.read_text(encoding="utf-8"))
    seen: dict[Path, str] = {html_file: base}
    queue = [(base, ref) for ref in parser.urls]
    while queue:
        origin, ref = queue.pop(0)
        file = _local(site, origin, ref)
        if file is None or file in seen:
            continue
        url = urljoin(origin, ref)
        seen[file] = url
        if file.suffix == ".css":
            queue += [(url, r) for r in _CSS_URL.findall(file.read_text("utf-8", "replace"))
                      if not r.startswith("data:")]
    items = []
    for file in seen:
        data = file.read_bytes()
        items.append({"file": file.relative_to(site).as_posix(), "bytes": len(data),
                      "gzip": gzip_size(data)})
    search = _search(site, base, parser.config)
    return {
        "page": url_path or "(home)",
        "html_bytes": items[0]["bytes"],
        "html_gzip": items[0]["gzip"],
        "first_load_bytes": sum(i["bytes"] for i in items),
        "first_load_gzip": sum(i["gzip"] for i in items),
        "resources": sorted(items, key=lambda i: -i["gzip"]),
        "search": search,
    }


def _search(site: Path, base: str, config: dict | None) -> dict:
    """Material's search worker and the index it fetches after the page has loaded."""
    files = []
    if config and config.get("search"):
        worker = _local(site, urljoin(base, config.get("base", ".") + "/"), config["search"])
        if worker is not None:
            files.append(worker)
    index = site / "search" / "search_index.json"
    if index.is_file():
        files.append(index)
    sizes = [(f, f.read_bytes()) for f in files]
    return {"files": [f.relative_to(site).as_posix() for f, _ in sizes],
            "bytes": sum(len(d) for _, d in sizes), "gzip": sum(gzip_size(d) for _, d in sizes)}


def kinds(site: Path, article: str) -> dict[str, str]:
    """{page kind: URL path of one page of that kind} in a built site: every kind of generated
    page, an article page (`article`, a URL path), and the largest entity, topic and timeline
    year page."""
    pages = html_pages(site)
    out = {"home": "", "article": article}
    for kind, prefix in (("entity", routes.ENTITY_PREFIX), ("topic", routes.TOPIC_PREFIX),
                         ("timeline year", routes.url_path(routes.TIMELINE))):
        found = [u for u in pages if u.startswith(prefix) and u != prefix]
        if found:
            out[kind] = max(found, key=pages.__getitem__)
    for kind, src in (("timeline", routes.TIMELINE), ("map", routes.MAP),
                      ("charts", routes.CHARTS), ("entity index", routes.ENTITIES),
                      ("topic index", routes.TOPICS), ("sources", routes.SOURCES),
                      ("glossary", routes.GLOSSARY), ("data", routes.DATA),
                      ("schema", routes.SCHEMA), ("changelog", routes.CHANGELOG),
                      ("print", routes.PRINT)):
        if routes.url_path(src) in pages:
            out[kind] = routes.url_path(src)
    return out


def first_loads(site: Path, article: str) -> dict[str, dict]:
    """{page kind: {page, first_load_gzip, html_gzip}} before any interaction (`kinds`)."""
    out = {}
    for kind, url in kinds(site, article).items():
        p = page(site, url)
        if not p.get("missing"):
            out[kind] = {"page": p["page"], "first_load_gzip": p["first_load_gzip"],
                         "html_gzip": p["html_gzip"]}
    return out


def search_index(site: Path) -> dict:
    """Raw and gzip size of the search index."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return {"bytes": 0, "gzip": 0}
    data = index.read_bytes()
    return {"bytes": len(data), "gzip": gzip_size(data)}


def nav_bytes(html: str) -> int:
    """Bytes of the primary navigation sidebar in a Material page (0 if not found): the part
    of every page that would grow with the site if pages were listed in the nav."""
    start = html.find('<div class="md-sidebar md-sidebar--primary"')
    end = html.find('<div class="md-sidebar md-sidebar--secondary"', start)
    if start < 0 or end < 0:
        return 0
    return len(html[start:end].encode("utf-8"))


def html_pages(site: Path) -> dict[str, int]:
    """{URL path: bytes} of every HTML page of a built site (404 page excluded)."""
    out = {}
    for file in site.rglob("*.html"):
        rel = file.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        out[rel.removesuffix("index.html")] = file.stat().st_size
    return out
