"""The print edition: the whole article (introduction and the five sections) on one page.

The page is assembled from the article pages' own Markdown (the same files the site renders),
so it cannot drift from them. Public ids stay unique: every heading and paragraph id gets the
prefix `print-` here (`#p-zijin-bor` → `#print-p-zijin-bor`), so a link or citation to
`/western-balkans-strategy/#p-zijin-bor` keeps landing on the section page. The PDF download
is this page printed by Chromium (see `pdf.py`).
"""

from __future__ import annotations

import posixpath
import re

from ..core import routes
from ..core.article import ENTITY_LINK, HEADING, PARA_ATTR
from .markup import attr, rel

PAGE = routes.PRINT
PREFIX = "print-"
ARTICLE = ("index.md", "historical-perspective.md", "western-balkans-strategy.md",
           "military-security-diplomacy.md", "culture-education.md", "future-prospects.md")
"""The article's pages in reading order (ARCHITECTURE.md, "Identifiers")."""
WEB_ONLY = frozenset({"how-to-use"})
"""Sections (by heading id) about using the website, left out of the print edition."""

_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)")
_ID_ATTR = re.compile(r"\{\s*#([A-Za-z0-9_-]+)")


def _heading(line: str, shift: int) -> tuple[str, str | None]:
    """A heading moved `shift` levels down with its `{ #id }` prefixed, and its id."""
    match = HEADING.match(line)
    assert match is not None
    level = min(len(match.group(1)) + shift, 6)
    ident = match.group(3)
    suffix = f" {{ #{PREFIX}{ident} }}" if ident else ""
    return f"{'#' * level} {match.group(2)}{suffix}", ident


def _links(line: str, src_uri: str, ids: set[str]) -> str:
    """Entity links resolved; links to other pages made relative to the print page; links to
    an id of this page pointed at its prefixed copy here."""
    line = ENTITY_LINK.sub(lambda m: f"[{m.group(1)}]({rel(PAGE, routes.entity(m.group(2)))})", line)

    def fix(m: re.Match[str]) -> str:
        target = m.group(2)
        if "://" in target or target.startswith(("mailto:", "/")):
            return m.group(0)
        path, _, anchor = target.partition("#")
        if not path and anchor in ids:
            return f"[{m.group(1)}](#{PREFIX}{anchor})"
        if path:
            full = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
            return f"[{m.group(1)}]({rel(PAGE, full + ('#' + anchor if anchor else ''))})"
        return m.group(0)

    return _LINK.sub(fix, line)


def section(markdown: str, src_uri: str, shift: int) -> list[str]:
    """One article page's Markdown for the print page: ids prefixed, headings shifted,
    web-only sections left out."""
    lines = markdown.splitlines()
    ids = {m.group(1) for line in lines for m in _ID_ATTR.finditer(line)}
    out: list[str] = []
    skip_level = 0
    in_fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if skip_level and level > skip_level:
                continue
            skip_level = level if heading.group(3) in WEB_ONLY else 0
            if skip_level:
                continue
            line, _ = _heading(line, shift)
        elif skip_level:
            continue
        elif not in_fence:
            attr_match = PARA_ATTR.match(line)
            if attr_match:
                line = f"{{: #{PREFIX}{attr_match.group(1)} }}"
            else:
                line = _links(line, src_uri, ids)
        out.append(line)
    return out


def page(articles: dict[str, str], version: str, site_url: str) -> str:
    """The print page's Markdown from {src_uri: Markdown} of the article pages."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    # overrides/print.html adds the download links (PDF, offline copy) above the text
    out = ["---", "title: The whole article (print edition)", "template: print.html", "---", ""]
    for src_uri in ARTICLE:
        if src_uri not in articles:
            continue
        first = src_uri == ARTICLE[0]
        body = section(articles[src_uri], src_uri, 0 if first else 1)
        url = base + routes.url_path(src_uri)
        online = (f'<p class="dossier-print-source">Online: '
                  f'<a href="{attr(url)}">{attr(url)}</a></p>')
        if first:
            notice = (f'<p class="dossier-print-source">The whole article on one page, for '
                      f"printing and as a PDF. Version {attr(version)}; each section's "
                      f"address is printed under its title.</p>")
            body[1:1] = ["", notice]
        elif base != "/":
            body[1:1] = ["", online]
        out += body + [""]
    return "\n".join(out).rstrip("\n") + "\n"
