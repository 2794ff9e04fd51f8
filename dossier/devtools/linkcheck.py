"""Internal link and anchor integrity of a built site, from its HTML.

MkDocs validates links written in Markdown, but not those in raw HTML (generated pages and
themes contain some): this checker reads every built HTML file, collects its ids, and checks
that every internal `href`/`src` points at an existing file and, with a fragment, an existing id.
Stdlib only; ~1,000 pages in seconds.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
               ("source", "src"), ("iframe", "src"), ("area", "href"), ("use", "href")}


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # path of the HTML file, relative to the site root
    target: str  # the href as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target!r}: {self.reason}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in _LINK_ATTRS:
                self.links.append(value)
        if tag == "base":
            self.base = dict(attrs).get("href")


def _parse(file: Path) -> _Collector:
    collector = _Collector()
    collector.feed(file.read_text(encoding="utf-8", errors="replace"))
    return collector


def _target_file(site: Path, page: str, path: str) -> str | None:
    """The site-relative file a link path points to, or None when it leaves the site."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    if joined.startswith(".."):
        return None
    if (site / joined).is_dir() or path.endswith("/"):
        joined = posixpath.join(joined, "index.html")
    return joined.lstrip("./") if joined != "." else "index.html"


def check_site(site: Path, site_url: str = "") -> list[BrokenLink]:
    """Every broken internal link or anchor in the built site under `site`."""
    pages = {f.relative_to(site).as_posix(): f for f in sorted(site.rglob("*.html"))}
    parsed = {page: _parse(file) for page, file in pages.items()}
    own = urlsplit(site_url) if site_url else None
    broken: list[BrokenLink] = []
    for page, info in parsed.items():
        for href in info.links:
            parts = urlsplit(href)
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            if parts.scheme or parts.netloc:
                if not own or parts.netloc != own.netloc or not parts.path.startswith(own.path):
                    continue  # an external link: not ours to check offline
                # an absolute URL into our own site (canonical, sitemap): resolve from the root
                target = _target_file(site, "index.html", parts.path[len(own.path):])
            elif parts.path.startswith("/"):
                continue  # host-absolute paths depend on where the site is served
            else:
                target = _target_file(site, page, parts.path) if parts.path else page
            if target is None:
                broken.append(BrokenLink(page, href, "points outside the site"))
                continue
            if not (site / target).is_file():
                broken.append(BrokenLink(page, href, f"no file {target}"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.endswith(".html"):
                ids = parsed[target].ids if target in parsed else _parse(site / target).ids
                if fragment not in ids:
                    broken.append(BrokenLink(page, href, f"no id {fragment!r} in {target}"))
    return sorted(set(broken))
