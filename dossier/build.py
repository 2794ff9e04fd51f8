"""What a build of the site adds to the hand-written pages, engine-agnostic.

The MkDocs adapter (`plugin.py`) and `dossier export --markdown` both call these functions;
a feature that adds pages, files or HTML post-processing registers here, not in the adapter.
"""

from __future__ import annotations

from typing import Any

from . import charts as _charts
from . import map as _map
from . import pages as _pages
from . import reference as _reference
from . import publication as _publication
from . import search as _search
from .abbreviations import with_abbreviations
from .annotations import annotate
from .publication import Publication
from .site import Site

NOT_IN_NAV_PREFIXES = ("entities/", "topics/")
"""Generated pages kept out of the navigation (linked from their index page instead)."""
NOT_IN_NAV = frozenset({"changelog.md", "print.md"})
"""Linked from every page's footer and from the print link instead (nav may still list them)."""


def generated_pages(site: Site, pub: Publication | None = None) -> dict[str, str]:
    """{src_uri: Markdown} of every generated page (with `pub`: the change log and print pages)."""
    out = {**_pages.pages(site), _map.MAP: _map.page(site), _charts.CHARTS: _charts.page(site)}
    out[_reference.SCHEMA] = _reference.page()
    if pub is not None:
        out.update(_publication.pages(pub, site))
    return {src: with_abbreviations(md, site) for src, md in out.items()}  # glossary terms


def generated_files(site: Site, pub: Publication | None = None) -> dict[str, bytes]:
    """{src_uri: bytes} of every generated non-page file (downloads, images, feed.xml)."""
    out: dict[str, bytes] = {}
    if pub is not None:
        out.update(_publication.files(pub, site))
    return out


def page_inputs(site: Site) -> dict[str, list[str]]:
    """{src_uri: data files it is made from} for generated pages' last-updated dates."""
    return {**_pages.inputs(site), _map.MAP: _map.inputs(site),
            _charts.CHARTS: _charts.inputs(site)}


def in_nav(src_uri: str) -> bool:
    if src_uri in NOT_IN_NAV:
        return False
    return not (src_uri.startswith(NOT_IN_NAV_PREFIXES) and not src_uri.endswith("index.md"))


def page_markdown(markdown: str, src_uri: str, site: Site) -> str:
    """A hand-written page's Markdown with the data woven in (links, markers, footers)."""
    out = annotate(markdown, src_uri, site)
    return with_abbreviations(out, site)  # glossary terms as hover definitions


def page_html(html: str, src_uri: str, site: Site) -> str:
    """Post-processing of a page's rendered content HTML (none needed yet: the Markdown
    carries everything, so exported pages build the same without this step)."""
    return html


def search_index(index: dict[str, Any], site: Site) -> dict[str, Any]:
    """Post-processing of the parsed search index: folded, transliterated spellings and
    entity aliases in extra fields Material's search worker indexes (see search.py)."""
    return _search.fold_index(index, site)
