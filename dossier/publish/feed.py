"""An Atom feed (RFC 4287) of changes to facts and article pages, from the git history.

One entry per fact or page a commit added, corrected, disputed, changed or removed, newest
first, each linking to the fact's permanent anchor (`/timeline/#id`) or to the page. Everything
in it comes from git (dates are commit dates, never the build time), so two builds of the same
commit produce the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..core import routes
from .changes import Change, Commit, History

ATOM = "http://www.w3.org/2005/Atom"
FILE = "feed.xml"
LIMIT = 100
"""Entries kept: the newest changes (the change log has the full record)."""

_TITLES = {
    ("fact", "new"): "New fact", ("fact", "corrected"): "Corrected",
    ("fact", "disputed"): "Disputed", ("fact", "contradicted"): "Contradicted",
    ("fact", "changed"): "Updated fact",
    ("fact", "removed"): "Removed fact", ("page", "new"): "New page",
    ("page", "changed"): "Revised", ("page", "removed"): "Removed page",
}


def _stamp(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def entries(history: History, limit: int = LIMIT) -> list[tuple[Commit, Change]]:
    """The newest fact and page changes, newest commit first, in a stable order."""
    out = [(commit, change) for commit in history.commits for change in commit.changes
           if change.kind in ("fact", "page")]
    return out[:limit]


def atom(history: History, *, base_url: str, title: str, author: str,
         page_title: Callable[[str], str], limit: int = LIMIT) -> bytes:
    """The feed as UTF-8 XML. `base_url` is the site's URL (ending in '/'); `page_title` gives
    an article page's title from its path under docs/."""
    ET.register_namespace("", ATOM)
    base = base_url if base_url.endswith("/") else base_url + "/"
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base + FILE)}")
    _sub(feed, "title", f"{title}: changes")
    _sub(feed, "subtitle", "New, corrected, disputed and updated facts and article pages, "
         "from the dossier's history.")
    chosen = entries(history, limit)
    newest = chosen[0][0].time if chosen else (history.commits[0].time if history.commits else 0)
    _sub(feed, "updated", _stamp(newest))
    _sub(_sub(feed, "author"), "name", author)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=base + FILE)
    _sub(feed, "link", rel="alternate", type="text/html", href=base)
    for commit, change in chosen:
        entry = _sub(feed, "entry")
        _sub(entry, "id", "urn:uuid:" + str(uuid.uuid5(
            uuid.NAMESPACE_URL, f"{base}#{commit.hash}/{change.kind}/{change.id}")))
        if change.kind == "fact":
            name = change.title or change.id
            href = base + (routes.url(routes.CHANGELOG) if change.what == "removed"
                           else routes.url(routes.permalink(change.id)))
        else:
            name = page_title(change.id) or change.id
            href = base + (routes.url(routes.CHANGELOG) if change.what == "removed"
                           else routes.url_path(change.id))
        _sub(entry, "title", f"{_TITLES[(change.kind, change.what)]}: {name}")
        _sub(entry, "link", rel="alternate", type="text/html", href=href)
        _sub(entry, "updated", _stamp(commit.time))
        _sub(entry, "published", _stamp(commit.time))
        made = f"Commit {commit.hash[:7]}: {commit.subject}"
        summary = f"{change.summary} ({made})" if change.summary else made
        _sub(entry, "summary", summary, type="text")
        if change.kind == "fact":
            _sub(entry, "category", term=change.what)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
