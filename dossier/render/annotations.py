"""Article → data: what the hand-written pages gain at build time.

* `[text](@entity-id)` becomes a link to the entity page;
* a paragraph that is the source of facts gets a small marker linking to those facts, listed at
  the end of the page;
* each section page ends with its topics and its facts;
* every article paragraph gets a ¶ permalink like the headings have.

All of it is Markdown (attr_list), so an engine without plugins can build the exported pages.
"""

from __future__ import annotations

from ..core import routes
from ..core.article import ENTITY_LINK, PARA_ATTR
from ..core.site import Site
from .markup import link, rel, text
from .pages import fact_line


def annotate(markdown: str, src_uri: str, site: Site) -> str:
    """The page's Markdown with entity links resolved, fact markers and the section footer."""
    paragraphs = site.page_paragraphs(src_uri)
    if not paragraphs and "](@" not in markdown:
        return markdown
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        lines[i] = ENTITY_LINK.sub(
            lambda m: f"[{m.group(1)}]({rel(src_uri, routes.entity(m.group(2)))})", line)
        attr = PARA_ATTR.match(line)
        if attr and i and site.facts_by_paragraph.get(attr.group(1)):
            pid = attr.group(1)
            n = len(site.facts_by_paragraph[pid])
            label = f"{n} fact{'s' if n != 1 else ''}"
            lines[i - 1] += (f' [{label}](#facts-{pid}){{ .dossier-marker '
                             f'title="Facts from this paragraph" }}')
        if attr and i:
            pid = attr.group(1)
            lines[i - 1] += f' [¶](#{pid}){{ .headerlink title="Permanent link" }}'
    return "\n".join(lines) + footer(src_uri, site)


def footer(src_uri: str, site: Site) -> str:
    """'Topics and facts of this section' at the end of an article page."""
    paragraphs = [p for p in site.page_paragraphs(src_uri) if site.facts_by_paragraph.get(p.id)]
    topics = site.topics_by_page.get(src_uri, [])
    if not paragraphs and not topics:
        return ""
    out = ["", "", "---", "", "## Topics and facts in this section { #section-data }", ""]
    if topics:
        out += ["**Topics:** " + ", ".join(
            link(text(site.topics[t]["name"]), src_uri, routes.topic(t)) for t in sorted(topics)), ""]
    for para in paragraphs:
        out += [f'<div class="dossier-para-facts" id="facts-{para.id}" markdown>', "",
                f"**{link('From “' + text(para.excerpt(70)) + '”', src_uri, f'{src_uri}#{para.id}')}**",
                ""]
        out += [fact_line(site, fid, src_uri) for fid in site.facts_by_paragraph[para.id]]
        out += ["", "</div>", ""]
    return "\n".join(out)

