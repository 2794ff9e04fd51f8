"""What a build of the site adds to the hand-written pages, engine-agnostic.

The MkDocs adapter (`plugin.py`) and `dossier export --markdown` both call these functions;
a feature that adds pages, files or HTML post-processing registers here, not in the adapter.
"""

from __future__ import annotations

from typing import Any

from ..cite.citebox import with_citations
from ..cite.metadata import head, page_info
from ..core import routes
from ..core.settings import Settings
from ..core.site import Site
from ..publish import publication as _publication
from ..publish.anchors import Retired, add_aliases
from ..publish.data_downloads import FOLDER
from ..publish.data_page import SRC_URI as DATA_PAGE
from ..publish.data_page import data_page
from ..publish.publication import Publication, build_downloads
from ..render import charts as _charts
from ..render import map as _map
from ..render import pages as _pages
from ..render import schema_page as _reference
from ..render import search as _search
from ..render import theme_html
from ..render.annotations import annotate
from ..render.external_links import mark_external_links
from ..render.glossary import with_abbreviations

NOT_IN_NAV_PREFIXES = (*routes.RECORD_PAGE_PREFIXES, routes.TIMELINE_PREFIX)
"""Generated pages kept out of the navigation (linked from their index page, or for the
timeline's year pages from the timeline's landing page, instead)."""
NOT_IN_NAV = frozenset({routes.CHANGELOG, routes.PRINT})
"""Linked from every page's footer and from the print link instead (nav may still list them)."""
NO_CITE = frozenset({routes.PRINT})
"""Generated pages without a "Cite this" block (the print edition repeats the articles)."""


def generated_pages(site: Site, pub: Publication | None = None,
                    settings: Settings | None = None) -> dict[str, str]:
    """{src_uri: Markdown} of every generated page (with `pub`: the change log and print pages;
    with `settings`: the /data/ page, and "Cite this" on every page)."""
    cache = settings.cache if settings is not None else None
    out = {**_pages.pages(site), _map.MAP: _map.page(site),
           _charts.CHARTS: _charts.page(site, cache)}
    out[_reference.SCHEMA] = _reference.page()
    if pub is not None:
        out.update(_publication.pages(pub, site))
    if settings is not None:
        out[DATA_PAGE] = data_page(build_downloads(site, settings), settings)
        out = {src: with_citations(md, src, site, settings) if src not in NO_CITE else md
               for src, md in out.items()}
    return {src: with_abbreviations(md, site) for src, md in out.items()}  # glossary terms


def generated_files(site: Site, pub: Publication | None = None,
                    settings: Settings | None = None) -> dict[str, bytes]:
    """{src_uri: bytes} of every generated non-page file (the timeline's index of facts,
    downloads, images, feed.xml)."""
    out: dict[str, bytes] = {routes.TIMELINE_INDEX: _pages.timeline_index(site).encode()}
    if pub is not None:
        out.update(_publication.files(pub, site))
    if settings is not None:
        out.update({FOLDER + d.path: d.content for d in build_downloads(site, settings)})
    return out


def page_inputs(site: Site) -> dict[str, list[str]]:
    """{src_uri: data files it is made from} for generated pages' last-updated dates."""
    return {**_pages.inputs(site), DATA_PAGE: sorted(set(site.record_paths.values())),
            _map.MAP: _map.inputs(site),
            _charts.CHARTS: _charts.inputs(site)}


def in_nav(src_uri: str) -> bool:
    return routes.in_nav(src_uri, NOT_IN_NAV)


def page_markdown(markdown: str, src_uri: str, site: Site,
                  settings: Settings | None = None) -> str:
    """A hand-written page's Markdown with the data woven in (links, markers, footers; with
    `settings`: "Cite this" for the page and each paragraph)."""
    out = annotate(markdown, src_uri, site)
    out = with_citations(out, src_uri, site, settings) if settings is not None else out
    return with_abbreviations(out, site)  # glossary terms as hover definitions


def page_html(html: str, src_uri: str, site: Site, settings: Settings | None = None) -> str:
    """Post-processing of a page's rendered content HTML: alias targets for retired anchors
    (retired.yml). Everything else is in the Markdown, so exported pages build the same."""
    out = add_aliases(html, src_uri, settings.retired if settings else None)
    return mark_external_links(out)  # print.css prints the address of external links


def page_description(src_uri: str, markdown: str, site: Site, settings: Settings) -> str:
    """Plain-text summary of a page (its <meta name="description">)."""
    return page_info(src_uri, markdown, site, settings).description


def repair_html(output: str) -> str:
    """A built page with the theme's invalid HTML attributes removed (`render/theme_html.py`)."""
    return theme_html.repair(output)


def page_head(src_uri: str, markdown: str, site: Site, settings: Settings) -> str:
    """Highwire citation_*, OpenGraph and schema.org JSON-LD tags for a page's <head>."""
    return head(page_info(src_uri, markdown, site, settings), settings)


def redirect_maps(retired: Retired | None) -> dict[str, str]:
    """mkdocs-redirects' `redirect_maps` for moved pages (retired.yml `redirects`)."""
    return dict(retired.redirects) if retired else {}


def search_index(index: dict[str, Any], site: Site) -> dict[str, Any]:
    """Post-processing of the parsed search index: folded, transliterated spellings and
    entity aliases in extra fields Material's search worker indexes (see search.py)."""
    return _search.fold_index(index, site)
