"""Article → data: what the hand-written pages gain at build time.

* `[text](@entity-id)` becomes a link to the entity page;
* a paragraph that is the source of facts gets a small marker linking to those facts, listed at
  the end of the page;
* each section page ends with its topics and its facts;
* every article paragraph gets a ¶ permalink like the headings have;
* a paragraph whose claim other sources dispute, contradict or correct says so inline, with a
  link to the evidence (the fact's card on the timeline);
* `<!-- dossier:evidence-summary -->` (home page) and `<!-- dossier:corrections -->` (editorial
  notes) become the verification counts and the list of corrections, from the data.

All of it is Markdown (attr_list), so an engine without plugins can build the exported pages.
"""

from __future__ import annotations

from ..core import routes
from ..core.article import ENTITY_LINK, PARA_ATTR
from ..core.schema import VERIFICATION_LABELS
from ..core.site import Site
from .markup import date_label, link, rel, text
from .pages import source_refs, fact_line

FLAGGED = ("disputed", "contradicted", "corrected")
"""Verifications a paragraph shows inline: its claim is not simply confirmed."""

_FLAG_TEXT = {
    "disputed": "Disputed by other sources",
    "contradicted": "Contradicted by other sources",
    "corrected": "Corrected",
}

SUMMARY_MARKER = "<!-- dossier:evidence-summary -->"
CORRECTIONS_MARKER = "<!-- dossier:corrections -->"


def annotate(markdown: str, src_uri: str, site: Site) -> str:
    """The page's Markdown with entity links resolved, fact markers and the section footer."""
    if SUMMARY_MARKER in markdown:
        markdown = markdown.replace(SUMMARY_MARKER, evidence_summary(site, src_uri))
    if CORRECTIONS_MARKER in markdown:
        markdown = markdown.replace(CORRECTIONS_MARKER, corrections(site, src_uri))
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
            for fid in site.facts_by_paragraph[pid]:
                value = site.facts[fid]["verification"]
                if value in FLAGGED:
                    lines[i - 1] += (
                        f" [{_FLAG_TEXT[value]}: {text(site.facts[fid]['title'])}]"
                        f"({rel(src_uri, site.fact_place(fid))}){{ .dossier-flag "
                        f".dossier-flag--{value} }}")
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


def evidence_summary(site: Site, here: str) -> str:
    """How well the dossier's facts are established, in one paragraph with the counts."""
    n = len(site.facts)
    counts = site.verification_counts()
    from_article = sum(1 for fid in site.facts if site.from_article(fid))
    timeline = routes.TIMELINE

    def filtered(value: str, label: str) -> str:  # the timeline showing only those facts
        return f"[{label}]({rel(here, timeline)}?verification={value})"

    disagree = counts.get("disputed", 0) + counts.get("contradicted", 0)
    return (
        f"**The evidence in numbers.** {counts.get('corroborated', 0)} of the {n} facts in the "
        f"dossier are {filtered('corroborated', 'independently corroborated')}; "
        f"{disagree} are {filtered('disputed', 'disputed')} or "
        f"{filtered('contradicted', 'contradicted')} by other sources, "
        f"{counts.get('corrected', 0)} {filtered('corrected', 'corrected')} (the article's date, "
        f"figure or name was wrong), and {counts.get('article-claim', 0)} rest on "
        f"{filtered('article-claim', 'the article alone')}. {from_article} facts come from the "
        f"article and {n - from_article} from other sources."
    )


def corrections(site: Site, here: str) -> str:
    """Every fact where the article is wrong or contested, with what it said and the sources,
    then what stayed unverifiable: the closing note of the evidence work."""
    out: list[str] = []
    for value in ("corrected", "contradicted", "disputed"):
        fids = [f for f in site.timeline if site.facts[f]["verification"] == value
                and site.from_article(f)]
        if not fids:
            continue
        out += [f"### {VERIFICATION_LABELS[value]} ({len(fids)}) {{ #{value}-facts }}", ""]
        for fid in fids:
            f = site.facts[fid]
            said = (f" The article says: “{text(f['article_says'])}”." if value == "corrected"
                    else f" Other sources say: {text(f['counter_claim'])}")
            out += [f"- **{link(text(f['title']), here, site.fact_place(fid))}**"
                    f"{' (' + text(date_label(f['date'])) + ')' if f.get('date') else ''}."
                    f"{said} {text(f.get('verification_note', ''))} Sources: "
                    f"{source_refs(site, site.evidence(fid), here)}.", ""]
    unverified = [f for f in site.timeline if site.facts[f]["verification"] == "article-claim"]
    out += [f"### Unverifiable so far ({len(unverified)}) {{ #unverified-facts }}", "",
            "The article's claims no independent source we could read confirms or refutes; "
            "each says what was searched.", ""]
    out += [f"- {link(text(site.facts[fid]['title']), here, site.fact_place(fid))}: "
            f"{text(site.facts[fid].get('verification_note', ''))}" for fid in unverified]
    return "\n".join(out) + "\n"
