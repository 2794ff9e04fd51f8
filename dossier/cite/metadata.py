"""Machine-readable metadata for a page's <head>: what reference managers and search engines read.

* Highwire Press `citation_*` tags — Zotero's Embedded Metadata translator and Google Scholar
  read these (JSON-LD alone is not enough for them);
* schema.org JSON-LD: ScholarlyArticle for article pages, Dataset (with a DataDownload per file)
  for the data page, WebPage otherwise — entity pages say what they are `about`;
* OpenGraph tags for link previews.

Material already writes `<link rel="canonical">` (from site_url) and `<meta name="description">`
(from `page.meta.description`, which the adapter sets from `description()`).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..core import routes
from ..core.settings import Settings
from ..core.site import Site

_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_ATTRS = re.compile(r"\{\s*[:#.][^}]*\}")
_SKIP_BLOCK = re.compile(r"^(#|<|\||!!!|\?\?\?|-{3,}|\*{3,}|[-*+] |\d+\. |\{:|```|~~~)")
SCHEMA_TYPES = {"person": "Person", "organisation": "Organization", "company": "Corporation",
                "country": "Country", "place": "Place", "site": "Place", "event": "Event",
                "project": "Project", "agreement": "Legislation", "weapon-system": "Product",
                "initiative": "Project"}
"""Entity kind → schema.org type of what an entity page is `about`."""


@dataclass
class PageInfo:
    """What the head of one page says about it."""

    src_uri: str
    title: str
    description: str
    kind: str = "page"  # 'article', 'dataset' or 'page'
    keywords: list[str] = field(default_factory=list)
    about: dict[str, Any] | None = None  # schema.org thing an entity page describes
    downloads: list[tuple[str, str, str]] = field(default_factory=list)  # (name, url, mediatype)


def summary(markdown: str, limit: int = 200) -> str:
    """The first prose paragraph of a Markdown page as plain text, cut at a word boundary."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or _SKIP_BLOCK.match(block):
            continue
        text = _LINK.sub(r"\1", _ATTRS.sub("", block))
        text = re.sub(r"(?<!\\)[*_`]", "", text)
        text = html.unescape(re.sub(r"\\(.)", r"\1", re.sub(r"<[^>]+>", "", text)))
        text = " ".join(text.split())
        if text:
            return cut(text, limit)
    return ""


def cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"


def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{name}" content="{html.escape(content, quote=True)}">'


def _json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</" would end the element: escape the characters HTML cares about.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def json_ld(info: PageInfo, settings: Settings) -> dict[str, Any]:
    """The schema.org description of a page."""
    url = settings.url(routes.url_path(info.src_uri))
    org = {"@type": "Organization", "name": settings.author}
    data: dict[str, Any] = {"@context": "https://schema.org", "name": info.title, "url": url,
                            "description": info.description, "inLanguage": settings.language,
                            "version": settings.version,
                            "isPartOf": {"@type": "WebSite", "name": settings.site_name,
                                         "url": settings.url()}}
    if settings.license_url:
        data["license"] = settings.license_url
    if settings.version_date:
        data["dateModified"] = settings.version_date.isoformat()
    if settings.pinned:  # the immutable copy of the version this page belongs to
        data["archivedAt"] = settings.version_url(routes.url_path(info.src_uri))
    if info.keywords:
        data["keywords"] = info.keywords
    if info.kind == "article":
        data.update({"@type": "ScholarlyArticle", "headline": cut(info.title, 110),
                     "author": org, "publisher": org, "mainEntityOfPage": url})
    elif info.kind == "dataset":
        data.update({"@type": "Dataset", "creator": org, "publisher": org,
                     "isAccessibleForFree": True, "distribution": [
                         {"@type": "DataDownload", "name": name, "contentUrl": href,
                          "encodingFormat": mediatype} for name, href, mediatype in info.downloads]})
    else:
        data.update({"@type": "WebPage", "publisher": org})
    if info.about:
        data["about"] = info.about
    return {k: data[k] for k in ("@context", "@type", *sorted(set(data) - {"@context", "@type"}))}


def head(info: PageInfo, settings: Settings) -> str:
    """The tags to add to a page's <head> (one per line)."""
    path = routes.url_path(info.src_uri)
    url = settings.url(path)
    # Citation managers cite what was read: a release's snapshot (the current URL otherwise).
    cited = settings.version_url(path)
    tags = [_meta("citation_title", info.title), _meta("citation_author", settings.author)]
    if settings.version_date:
        day = f"{settings.version_date:%Y/%m/%d}"
        tags += [_meta("citation_publication_date", day), _meta("citation_date", day),
                 _meta("citation_online_date", day)]
    tags += [_meta("citation_publisher", settings.author),
             _meta("citation_language", settings.language),
             _meta("citation_public_url", cited), _meta("citation_abstract_html_url", cited),
             _meta("citation_fulltext_html_url", cited)]
    if settings.pinned:  # what "Copy link" offers (dossier-cite.js): this version, the latest
        tags += [_meta("dossier:version-url", cited), _meta("dossier:latest-url",
                                                             settings.latest(path))]
    tags += [_meta("citation_keywords", k) for k in info.keywords]
    tags += [_meta("og:type", "article" if info.kind == "article" else "website", "property"),
             _meta("og:title", info.title, "property"),
             _meta("og:description", info.description, "property"),
             _meta("og:url", url, "property"),
             _meta("og:site_name", settings.site_name, "property"),
             _meta("og:locale", settings.language.replace("-", "_"), "property")]
    if info.kind == "article" and settings.version_date:
        tags.append(_meta("article:modified_time", settings.version_date.isoformat(), "property"))
    tags.append(_json_ld(json_ld(info, settings)))
    return "\n".join(tags) + "\n"


def page_info(src_uri: str, markdown: str, site: Site, settings: Settings) -> PageInfo:
    """What the head says about a page, from the data where there is data."""
    from .citebox import page_title  # late: citebox imports citeproc lazily, keep it that way
    from ..publish.data_page import SRC_URI as DATA_PAGE
    from ..publish.data_downloads import FOLDER
    from ..publish.publication import build_downloads

    title = page_title(src_uri, markdown, site)
    articles = {p.src_uri for p in site.pages if p.paragraphs}
    info = PageInfo(src_uri, title, summary(markdown) or settings.description)
    if src_uri in articles:
        info.kind = "article"
        info.keywords = [site.topics[t]["name"] for t in sorted(site.topics_by_page.get(src_uri, []))]
        first = site.page_paragraphs(src_uri)[0]  # the annotated Markdown has markers and ¶
        info.description = summary(first.text) or info.description
        if src_uri == routes.HOME and settings.description:
            info.description = cut(" ".join(settings.description.split()), 200)
    elif src_uri == DATA_PAGE:
        info.kind = "dataset"
        info.keywords = [t["name"] for t in site.topics.values()]
        media = {"csv": "text/csv", "json": "application/json",
                 "datapackage": "application/json", "schema": "application/schema+json"}
        info.downloads = [(d.path, settings.url(FOLDER + d.path), media[d.kind])
                          for d in build_downloads(site, settings)]
    kind, ident = routes.page_record(src_uri) or ("", "")
    if kind == "entity" and ident in site.entities:
        e = site.entities[ident]
        info.description = cut(f"{e['name']}: {e['description']}", 200)
        info.keywords = [site.topics[t]["name"] for t in e.get("topics") or [] if t in site.topics]
        info.about = {"@type": SCHEMA_TYPES.get(e["kind"], "Thing"), "name": e["name"],
                      "description": e["description"]}
        names = list((e.get("names") or {}).values()) + list(e.get("aliases") or [])
        if names:
            info.about["alternateName"] = names
        if e.get("coordinates"):
            c = e["coordinates"]
            info.about["geo"] = {"@type": "GeoCoordinates", "latitude": c["lat"],
                                 "longitude": c["lon"]}
    elif kind == "topic" and ident in site.topics:
        t = site.topics[ident]
        info.description = cut(" ".join(t["description"].split()), 200)
        info.keywords = [t["name"]]
    return info
