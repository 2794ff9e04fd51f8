"""What a build publishes about itself: its version, the change history, and what is made from
them (the /changelog/ and /print/ pages, the Atom feed). Computed once per build.

`read()` runs read-only `git` (through `version` and `changes`) and reads the article files;
everything else is a pure function of the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path

from . import changelog, data_downloads, feed, gitdates

from ..core import buildcache, routes
from ..core.settings import Settings
from ..core.site import Site
from ..render import print_edition
from .changes import History, history
from .version import Version, site_version

DOWNLOADS = "downloads/"
PDF = DOWNLOADS + "china-serbia-dossier.pdf"
OFFLINE_ZIP = DOWNLOADS + "china-serbia-dossier-offline.zip"
"""Where `dossier publish` (run by scripts/build) puts the PDF and the offline copy."""

_DOWNLOADS_SPAN = re.compile(r'<span data-dossier-downloads="(?P<base>[^"]*)">.*?</span>', re.S)


def link_downloads(html: str, *, pdf: bool, zip_href: str | None) -> str:
    """The print page (overrides/print.html) with links to the downloads that were made: the
    PDF when `pdf`, the offline zip at `zip_href` (None: not made; '' : beside the PDF). A
    build without them keeps the sentence that says how they are made."""
    def links(m: re.Match[str]) -> str:
        base = m.group("base")
        out = []
        if pdf:
            out.append(f'<a href="{base}{PDF.removeprefix(DOWNLOADS)}" type="application/pdf" '
                       "download>the article as a PDF</a>")
        if zip_href is not None:
            href = zip_href or base + OFFLINE_ZIP.removeprefix(DOWNLOADS)
            out.append(f'<a href="{href}" data-dossier-download="offline" '
                       'type="application/zip" download>the whole site as a zip for offline '
                       "reading</a> (open <code>index.html</code> after unzipping; search works "
                       "offline)")
        if not out:
            return m.group(0)
        return '<span data-dossier-downloads="">Download: ' + " · ".join(out) + "</span>"

    return _DOWNLOADS_SPAN.sub(links, html, count=1)


@dataclass(frozen=True)
class Publication:
    version: Version
    history: History
    site_url: str
    site_name: str
    author: str
    articles: dict[str, str] = field(default_factory=dict)  # article src_uri → Markdown

    @property
    def footer(self) -> dict[str, str]:
        """The values the page footer shows (config.extra.dossier_version)."""
        date = f"{self.version.date:%Y-%m-%d}" if self.version.date else ""
        return {"label": self.version.label, "date": date,
                "release": "yes" if self.version.is_release else ""}


def read(root: Path, data_dir: str, docs_dir: str, *, site_url: str, site_name: str,
         author: str) -> Publication:
    articles = {}
    for src_uri in print_edition.ARTICLE:
        file = root / docs_dir / src_uri
        if file.is_file():
            articles[src_uri] = file.read_text(encoding="utf-8")
    # A shallow clone would make every record "new" at its cut-off commit: no history then.
    usable = gitdates.probe(root / data_dir).usable
    changes = history(root, data_dir, docs_dir) if usable else History([], [])
    return Publication(site_version(root), changes, site_url or "", site_name,
                       author or site_name, articles)


def _place(site: Site) -> Callable[[str, str], str | None]:
    """Where a record or page (kind, id) is in this build (`src_uri[#anchor]`), None when it
    is not in it: what the change log links to."""
    known: dict[str, Container[str]] = {
        "fact": site.facts, "entity": site.entities, "topic": site.topics,
        "source": site.sources, "glossary": {g["id"] for g in site.glossary},
        "page": {p.src_uri for p in site.pages}}

    def place(kind: str, ident: str) -> str | None:
        if ident not in known.get(kind, ()):
            return None
        if kind == "page":
            return ident
        return site.fact_place(ident) if kind == "fact" else routes.record(kind, ident)
    return place


def pages(pub: Publication, site: Site) -> dict[str, str]:
    """{src_uri: Markdown} of the change log and the print edition."""
    return {
        changelog.PAGE: changelog.page(pub.history, pub.version.label,
                                       changelog.site_linker(_place(site))),
        print_edition.PAGE: print_edition.page(pub.articles, pub.version.label, pub.site_url),
    }


def files(pub: Publication, site: Site) -> dict[str, bytes]:
    """{src_uri: bytes}: the Atom feed of changes."""
    titles = {p.src_uri: p.title for p in site.pages}
    return {feed.FILE: feed.atom(pub.history, base_url=pub.site_url or "/",
                                 title=pub.site_name, author=pub.author,
                                 page_title=lambda src: titles.get(src, ""))}


def build_downloads(site: Site, settings: Settings) -> list[data_downloads.Download]:
    """The data downloads, serialised once per build: the /data/ page, the files and every
    page's metadata share them (through the build's cache; without one, made anew)."""
    return buildcache.once(settings.cache, "downloads",
                           lambda: data_downloads.downloads(site, settings))
