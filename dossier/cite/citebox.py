"""The "Cite this" interface, as Markdown with raw HTML (so exported pages keep it).

* every page ends with a `<details id="dossier-cite">` block: the page's citation in five
  formats in `<pre>` blocks, with download links (data: URIs) — it works without JavaScript;
* every article paragraph and timeline fact gets a small "Cite" link next to its ¶ permalink;
  `dossier-cite.js` turns it into a button opening a dialog with that anchor's citation, read
  from one hidden JSON blob per page. Without JavaScript the link leads to the page citation.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from ..core import routes
from ..core.article import parse_page
from ..core.schema import VERIFICATION_LABELS
from ..core.settings import Settings
from ..core.site import Site
from . import citation, corrections

BLOCK_ID = "dossier-cite"
_HEADERLINK = re.compile(r"\[¶\]\(#([a-z0-9][a-z0-9-]*)\)\{ *\.headerlink[^}\n]*\}")
_H1 = re.compile(r"^# .*\n?", re.M)
_MD_ESCAPE = re.compile(r"\\(.)")
DATA_URI = "data:{type};charset=utf-8,{body}"


def plain_title(markdown_title: str) -> str:
    """Heading text as plain text: Markdown escapes and entities undone, emphasis dropped."""
    return html.unescape(_MD_ESCAPE.sub(r"\1", re.sub(r"(?<!\\)[*_`]", "", markdown_title)))


def page_title(src_uri: str, markdown: str, site: Site) -> str:
    """The title a page is cited by: data names for entities and topics, else its first H1."""
    shown = routes.page_record(src_uri)
    records = {"entity": site.entities, "topic": site.topics}
    if shown and shown[1] in records[shown[0]]:
        return records[shown[0]][shown[1]]["name"]
    title = parse_page(markdown, src_uri).title
    return plain_title(title) if title else src_uri


def _latest(path: str, settings: Settings) -> str:
    return settings.latest(path) if settings.pinned else ""


def page_work(src_uri: str, title: str, settings: Settings, dataset: bool = False) -> citation.Work:
    path = routes.url_path(src_uri)
    return citation.Work(citation.key(path), title, settings.version_url(path), dataset=dataset,
                         latest=_latest(path, settings))


def anchor_work(src_uri: str, anchor: str, title: str, genre: str,
                settings: Settings) -> citation.Work:
    path = f"{routes.url_path(src_uri)}#{anchor}"
    return citation.Work(citation.key(routes.url_path(src_uri), anchor), title,
                         settings.version_url(path), genre, latest=_latest(path, settings))


# ---------------------------------------------------------------- HTML


def _a(url: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(url)}</a>'


def _pin(work: citation.Work, settings: Settings) -> str:
    """Which version the citation pins, with the link to it and to the latest text."""
    when = f" of {settings.version_date:%-d %B %Y}" if settings.version_date else ""
    out = (f'<p class="dossier-cite__pin">Version <code>{html.escape(settings.version)}</code>'
           f'{when} · this version: {_a(work.url)}')
    if work.latest:
        out += f" · always the latest: {_a(work.latest)}"
    elif work.url:
        out += " (not a release: this link shows the current text, which may change)"
    return out + "</p>"


def _download(fmt: str, text: str, key: str) -> str:
    ext, mediatype = citation.FILES[fmt]
    href = DATA_URI.format(type=mediatype, body=quote(text, safe=""))
    return (f' <a class="dossier-cite__download" download="{key}{ext}" href="{href}">'
            f"download {ext}</a>")


def block(work: citation.Work, settings: Settings, noun: str = "page") -> str:
    """The page-level `<details>` with all five formats (raw HTML, one block, no blank line)."""
    formats = citation.cite(work, settings)
    parts = [f'<details class="dossier-cite" id="{BLOCK_ID}" data-search-exclude="true">',
             f"<summary>Cite this {noun}</summary>", _pin(work, settings),
             '<div class="dossier-cite__formats">']
    for fmt, label in citation.FORMATS.items():
        body = formats[fmt] if fmt in citation.STYLES else html.escape(formats[fmt], quote=False)
        extra = _download(fmt, formats[fmt], work.key) if fmt in citation.FILES else ""
        parts += ['<div class="dossier-cite__format">',
                  f'<p class="dossier-cite__label"><span class="dossier-cite__name">{label}</span>'
                  f"{extra}</p>",
                  f'<pre class="dossier-cite__text" data-cite-format="{fmt}">{body.rstrip()}</pre>',
                  "</div>"]
    parts += ["</div>", "</details>"]
    return "\n".join(parts)


def anchor_data(works: dict[str, tuple[str, citation.Work]], settings: Settings) -> str:
    """One hidden JSON blob with the citations of a page's paragraphs or facts: for each, its
    CSL item and the APA and Chicago text citeproc made from it."""
    items = {}
    for anchor, (noun, work) in works.items():
        item = citation.csl_item(work, settings)
        # Only the citeproc output is stored; the script writes BibTeX, RIS and CSL-JSON from
        # the CSL item as citation.py does (tests compare them), which keeps pages light.
        items[anchor] = {"noun": noun, "csl": item, "latest": work.latest,
                         **{k: citation.styled(k, item, settings.cache) for k in citation.STYLES}}
    blob = {"version": settings.version, "pinned": settings.pinned,
            "date": f"{settings.version_date:%-d %B %Y}" if settings.version_date else "",
            "formats": citation.FORMATS,
            "files": {k: list(v) for k, v in citation.FILES.items()}, "items": items}
    text = json.dumps(blob, ensure_ascii=False, separators=(",", ":"))
    return (f'<div class="dossier-cite-data" hidden data-search-exclude="true">'
            f"{html.escape(text, quote=False)}</div>")


def cite_link(anchor: str, noun: str) -> str:
    """Markdown (attr_list) for the small 'Cite' link after an anchor's ¶ permalink."""
    return (f'[Cite](#{BLOCK_ID}){{ .dossier-cite-link data-cite="{anchor}" '
            f'aria-label="Cite this {noun}" title="Cite this {noun}" }}')


# ---------------------------------------------------------------- pages


def fact_genre(site: Site, fid: str) -> str:
    """What a fact citation says it is: a timeline entry and how well it is established, so a
    reader of the citation knows whether the dossier had it corroborated (issue 12)."""
    value = site.facts[fid]["verification"]
    checked = site.last_checked(fid)
    return (f"Timeline entry; {VERIFICATION_LABELS[value].lower()}"
            + (f", last checked {checked}" if checked else ""))


def with_citations(markdown: str, src_uri: str, site: Site, settings: Settings) -> str:
    """A page's Markdown plus cite links for its paragraphs/facts, their data and the block."""
    title = page_title(src_uri, markdown, site)
    works: dict[str, tuple[str, citation.Work]] = {}
    paragraphs = {p.id for p in site.page_paragraphs(src_uri)}

    def add_link(m: re.Match[str]) -> str:
        anchor = m.group(1)
        if anchor in paragraphs:
            noun, work = "paragraph", anchor_work(src_uri, anchor, title,
                                                  f"Paragraph {anchor}", settings)
            current = site.paragraphs[anchor].text
        elif src_uri.startswith(routes.TIMELINE_PREFIX) and anchor in site.facts:
            fact = site.facts[anchor]
            noun, work = "fact", anchor_work(src_uri, anchor, fact["title"],
                                             fact_genre(site, anchor), settings)
            current = f"{fact['title']}. {fact['summary']}"
        else:
            return m.group(0)
        works[anchor] = (noun, work)
        report = corrections.link(settings, noun, anchor, current, work.url)
        return f"{m.group(0)} {cite_link(anchor, noun)}" + (f" {report}" if report else "")

    body = _HEADERLINK.sub(add_link, markdown)
    dataset = src_uri == routes.DATA
    page = page_work(src_uri, title, settings, dataset=dataset)
    tail = ["", "", block(page, settings, "data set" if dataset else "page"), ""]
    if works:
        body = _after_title(body, anchor_data(works, settings))
    return body.rstrip("\n") + "\n".join(tail)


def _after_title(markdown: str, raw_html: str) -> str:
    """`raw_html` as a block right after the page's H1 (at the end when it has none).

    Not at the end of the page: Python-Markdown's md_in_html copies the rest of the page
    each time a `markdown` block closes, so a data blob after the timeline's fact cards made
    that page's conversion quadratic (`dossier bench`: 48 s instead of 12 s for 10,000 facts)."""
    title = _H1.search(markdown)
    if title is None:
        return f"{markdown.rstrip(chr(10))}\n\n{raw_html}\n"
    head, rest = markdown[:title.end()].rstrip("\n"), markdown[title.end():].lstrip("\n")
    return f"{head}\n\n{raw_html}\n\n{rest}"
