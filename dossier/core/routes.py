"""The route table: where every generated page lives, and record ↔ page ↔ URL ↔ anchor.

A page is named by its Markdown source path (`src_uri`, as MkDocs' `File.src_uri`), a link
target by `src_uri#anchor`, and a public address by the site-relative URL path of directory
URLs (`timeline/#<fact-id>`). Everything that links to, cites, describes or lists a generated
page asks this module; nothing else spells a generated page's path.

| record | page | URL path |
| --- | --- | --- |
| fact | `timeline/<year>.md#<id>` (or `timeline/undated.md#<id>`) | `timeline/<year>/#<id>` |
| fact, permanent address | `timeline.md#<id>` | `timeline/#<id>`, forwarded to the fact's year page |
| entity | `entities/<id>.md` | `entities/<id>/` |
| topic | `topics/<id>.md` | `topics/<id>/` |
| source | `sources.md#<id>` | `sources/#<id>` |
| paragraph | `<article page>.md#<id>` | `<article page>/#<id>` |
"""

from __future__ import annotations

import re

from . import dates

HOME = "index.md"
TIMELINE = "timeline.md"
TOPICS = "topics/index.md"
ENTITIES = "entities/index.md"
SOURCES = "sources.md"
GLOSSARY = "glossary.md"
MAP = "map.md"
CHARTS = "charts.md"
SCHEMA = "schema.md"
DATA = "data/index.md"
CHANGELOG = "changelog.md"
PRINT = "print.md"

TIMELINE_PREFIX = "timeline/"
"""Folder of the timeline's year pages (beside the timeline's landing page, `TIMELINE`)."""
UNDATED = "undated"
"""The period of facts whose sources give no date (their page: 'timeline/undated.md')."""
TIMELINE_INDEX = "timeline/facts.js"
"""Every fact's period, title and filter fields, as a script the timeline pages load on demand:
to forward a permanent address (`/timeline/#<id>`) to the fact's page, and to filter the
whole timeline from its landing page. A script (not JSON) so that it loads from file:// too."""
VERIFICATION_LEGEND = SCHEMA + "#verifications"
"""What each verification label means: the vocabulary on /schema/, made from the same
declarations as the labels (so it exists in every project)."""
TIMELINE_SCRIPT = "assets/javascripts/dossier-filters.js"
"""The timeline pages' script (filters, forwarding of permanent addresses): linked from those
pages only, not from every page (it is no use elsewhere, and every page's first load counts)."""

DOWNLOADS = "data/"
"""Folder of the data downloads (JSON, CSV, data package, JSON Schemas), beside /data/."""

ENTITY_PREFIX = "entities/"
TOPIC_PREFIX = "topics/"
RECORD_PAGE_PREFIXES = (ENTITY_PREFIX, TOPIC_PREFIX)
"""Folders of the one-page-per-record pages (each beside its index page)."""

GENERATED = (TIMELINE, TOPICS, ENTITIES, SOURCES, GLOSSARY, MAP, CHARTS, SCHEMA, DATA,
             CHANGELOG, PRINT)
"""Every generated page with a fixed path (record pages come on top: `entity`, `topic`)."""

KINDS = ("fact", "entity", "topic", "source")
"""Record kinds with a public address."""

_RECORD_PAGE = re.compile(r"^(entities|topics)/([a-z0-9-]+)\.md$")
_LOCATION = re.compile(r"^(entities|topics)/([a-z0-9-]+)(?:/|\.html)$")
_PAGE_KIND = {"entities": "entity", "topics": "topic"}


def entity(eid: str) -> str:
    """The page of an entity: 'entities/<id>.md'."""
    return f"{ENTITY_PREFIX}{eid}.md"


def topic(tid: str) -> str:
    """The page of a topic: 'topics/<id>.md'."""
    return f"{TOPIC_PREFIX}{tid}.md"


def period(date: str | None) -> str:
    """The timeline period a fact is filed under: its (earliest) year, or 'undated'."""
    year = dates.year(date)
    return UNDATED if year is None else str(year)


def timeline_page(name: str) -> str:
    """The timeline page of a period: 'timeline/2019.md', 'timeline/undated.md'."""
    return f"{TIMELINE_PREFIX}{name}.md"


def fact(fid: str, date: str | None) -> str:
    """A fact's place: its card on the page of its year, 'timeline/2019.md#<id>'. Links and
    citations use it; `permalink` is the address that finds the fact wherever it is filed."""
    return f"{timeline_page(period(date))}#{fid}"


def permalink(fid: str) -> str:
    """A fact's permanent address, 'timeline.md#<id>': the timeline pages forward it to the
    fact's card (through `TIMELINE_INDEX`), so it survives a corrected date moving the fact."""
    return f"{TIMELINE}#{fid}"


def source(sid: str) -> str:
    """A source's place: its entry on the sources page, 'sources.md#<id>'."""
    return f"{SOURCES}#{sid}"


def term(tid: str) -> str:
    """A glossary term's place: its entry on the glossary page, 'glossary.md#<id>'."""
    return f"{GLOSSARY}#{tid}"


def paragraph(page: str, pid: str) -> str:
    """An article paragraph's place: '<page>.md#<id>'."""
    return f"{page}#{pid}"


def record(kind: str, ident: str) -> str:
    """The `src_uri[#anchor]` of a record of `kind` (one of `KINDS`, or 'glossary'): for a
    fact its permanent address (`permalink`), which needs no date."""
    return {"fact": permalink, "entity": entity, "topic": topic, "source": source,
            "glossary": term}[kind](ident)


def page_record(src_uri: str) -> tuple[str, str] | None:
    """The record a page shows, as (kind, id): 'entities/hbis.md' → ('entity', 'hbis');
    None for every other page, the index pages included. The caller checks that the record
    exists."""
    match = _RECORD_PAGE.match(src_uri)
    if match is None or match.group(2) == "index":
        return None
    return _PAGE_KIND[match.group(1)], match.group(2)


def location_record(location: str) -> tuple[str, str] | None:
    """The record a built page's location shows (a search index entry's 'entities/hbis/' or,
    without directory URLs, 'entities/hbis.html'); None for sections and other pages."""
    match = _LOCATION.match(location)
    if match is None or match.group(2) == "index":
        return None
    return _PAGE_KIND[match.group(1)], match.group(2)


def url_path(src_uri: str) -> str:
    """Site-relative URL path of a Markdown source (directory URLs): 'index.md' → '',
    'timeline.md' → 'timeline/', 'entities/index.md' → 'entities/'."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def sources_of(url: str) -> list[str]:
    """The Markdown sources a page URL path can come from, the inverse of `url_path`:
    '/x/' → ['x.md', 'x/index.md'], '/' → ['index.md']."""
    path = url.strip("/")
    return [f"{path}.md", f"{path}/index.md"] if path else [HOME]


def url(target: str) -> str:
    """Site-relative URL of `src_uri[#anchor]`: 'timeline.md#f1' → 'timeline/#f1'."""
    path, _, anchor = target.partition("#")
    return url_path(path) + (f"#{anchor}" if anchor else "")


def in_nav(src_uri: str, hidden: frozenset[str] = frozenset()) -> bool:
    """Whether a generated page belongs in the navigation: record pages are linked from their
    index page instead, and `hidden` pages from elsewhere (footer, print link)."""
    if src_uri in hidden or src_uri.startswith(TIMELINE_PREFIX):
        return False  # the year pages are linked from the timeline's landing page
    return not (src_uri.startswith(RECORD_PAGE_PREFIXES) and not src_uri.endswith("index.md"))
