"""What a build of the site adds to the hand-written pages, engine-agnostic.

The MkDocs adapter (`plugin.py`) and `dossier export --markdown` both call these functions;
a feature that adds pages, files or HTML post-processing registers here, not in the adapter.
"""

from __future__ import annotations

from typing import Any

from . import map as _map
from . import pages as _pages
from . import search as _search
from .annotations import annotate
from .site import Site

NOT_IN_NAV_PREFIXES = ("entities/", "topics/")
"""Generated pages kept out of the navigation (linked from their index page instead)."""


def generated_pages(site: Site) -> dict[str, str]:
    """{src_uri: Markdown} of every generated page."""
    return {**_pages.pages(site), _map.MAP: _map.page(site)}


def generated_files(site: Site) -> dict[str, bytes]:
    """{src_uri: bytes} of every generated non-page file (downloads, images)."""
    return {}


def page_inputs(site: Site) -> dict[str, list[str]]:
    """{src_uri: data files it is made from} for generated pages' last-updated dates."""
    return {**_pages.inputs(site), _map.MAP: _map.inputs(site)}


def in_nav(src_uri: str) -> bool:
    return not (src_uri.startswith(NOT_IN_NAV_PREFIXES) and not src_uri.endswith("index.md"))


def page_markdown(markdown: str, src_uri: str, site: Site) -> str:
    """A hand-written page's Markdown with the data woven in (links, markers, footers)."""
    return annotate(markdown, src_uri, site)


def page_html(html: str, src_uri: str, site: Site) -> str:
    """Post-processing of a page's rendered content HTML (none needed yet: the Markdown
    carries everything, so exported pages build the same without this step)."""
    return html


def search_index(index: dict[str, Any], site: Site) -> dict[str, Any]:
    """Post-processing of the parsed search index: folded, transliterated spellings and
    entity aliases in extra fields Material's search worker indexes (see search.py)."""
    return _search.fold_index(index, site)
