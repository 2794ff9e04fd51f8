"""Generated pages: `pages(site) -> {src_uri: markdown}`. Pure functions of the `Site`.

Every page is plain Markdown (with `attr_list` and `md_in_html`), so any engine that reads
MkDocs-style Markdown can build it; `dossier export --markdown DIR` writes them out as files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from ..core import dates, routes
from ..core.checks import ARTICLE_SOURCE
from ..core.schema import (ENTITY_KINDS, LANGUAGE_TAGS, SOURCE_TYPES,
                           VERIFICATION_LABELS)
from ..core.site import Site
from . import fact_history
from .markup import attr, built_rel, date_label, link, money, quantity, rel, text

TIMELINE = routes.TIMELINE
TOPICS = routes.TOPICS
ENTITIES = routes.ENTITIES
SOURCES = routes.SOURCES
GLOSSARY = routes.GLOSSARY


# ---------------------------------------------------------------- shared fragments


def _entity_links(site: Site, ids: Iterable[str], here: str) -> str:
    return ", ".join(link(text(site.entities[e]["name"]), here, routes.entity(e)) for e in ids)


def _topic_links(site: Site, ids: Iterable[str], here: str) -> str:
    return ", ".join(link(text(site.topics[t]["name"]), here, routes.topic(t)) for t in ids)


def _paragraph_label(site: Site, pid: str) -> str:
    para = site.paragraphs[pid]
    return f"{text(para.section)} — “{text(para.excerpt(110))}”"


def source_refs(site: Site, refs: list[dict], here: str) -> str:
    """Each reference as a reader checks it: the source, where in it (the article's paragraph,
    or a page/section), the quote, and for an independent source the day it was checked."""
    out = []
    for ref in refs:
        source = site.sources[ref["source"]]
        label = link(text(source["title"]), here, routes.source(ref["source"]))
        if ref["source"] == ARTICLE_SOURCE and ref.get("locator") in site.paragraphs:
            para = site.paragraphs[ref["locator"]]
            where = ", " + link(f"¶ {text(ref['locator'])}", here,
                                routes.paragraph(para.page, para.id))
        else:
            where = f", {text(ref['locator'])}" if ref.get("locator") else ""
        quote = f" — “{text(ref['quote'])}”" if ref.get("quote") else ""
        checked = f" (checked {text(ref['checked'])})" if ref.get("checked") else ""
        out.append(f"{label}{where}{quote}{checked}")
    return "; ".join(out)


def _time(value: str | None) -> str:
    """A date as `<time datetime>` when it is a plain year, month or day, which HTML accepts;
    an uncertain, open or seasonal EDTF value (2024?, 201X, 2008/.., 2024-21) is a `<span>` with its string in
    `data-edtf` (HTML has no `datetime` for it)."""
    if not value:
        return '<span class="dossier-date">date not stated</span>'
    if re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", value) or dates.is_calendar_date(value):
        return f'<time class="dossier-date" datetime="{attr(value)}">{text(date_label(value))}</time>'
    return f'<span class="dossier-date" data-edtf="{attr(value)}">{text(date_label(value))}</span>'


def badge(site: Site, fid: str) -> str:
    """The fact's verification as a labelled badge (text, not only colour), plus "not from the
    article" for the facts the article does not state."""
    value = site.facts[fid]["verification"]
    # No `title` tooltip: the label says it, the schema's vocabulary explains it
    # (`routes.VERIFICATION_LEGEND`, linked from each year page), and Material gives every
    # element with a title its own tooltip component, which on a long list cost a phone more
    # than the list itself.
    out = f'<span class="dossier-badge dossier-badge--{value}">{VERIFICATION_LABELS[value]}</span>'
    if not site.from_article(fid):
        out += ' <span class="dossier-badge dossier-badge--other">Not from the article</span>'
    return out


def verification_block(site: Site, fid: str, here: str) -> list[str]:
    """What the evidence shows, in words: the note, both sides of a disagreement, or the
    article's wrong value next to the right one."""
    f = site.facts[fid]
    value = f["verification"]
    note = text(f.get("verification_note", ""))
    if value in ("disputed", "contradicted"):
        said = ("The article says" if site.from_article(fid) else "The cited sources say")
        return [
            f'<div class="dossier-dispute dossier-dispute--{value}" markdown>',
            "",
            f"**This claim is {value}.** {note}",
            "",
            f"- **{said}:** {text(f['summary'])}",
            f"- **Other sources say:** {text(f['counter_claim'])} "
            f"({source_refs(site, f['counter_sources'], here)})",
            "",
            "</div>",
            "",
        ]
    if value == "corrected":
        return [
            '<div class="dossier-dispute dossier-dispute--corrected" markdown>',
            "",
            f"**Corrected.** The article says: “{text(f['article_says'])}”. {note}",
            "",
            "</div>",
            "",
        ]
    if value == "article-claim":
        return [f"*Only the article says so.* {note}", ""]
    return [f"*{note}*", ""] if note else []


def _kinds(site: Site, fid: str) -> list[str]:
    """The kinds of the entities a fact names: what the timeline's "Entity kind" filters."""
    return sorted({site.entities[e]["kind"] for e in site.facts[fid]["entities"]})


def _origin(site: Site, fid: str) -> str:
    """'article' when the article states the fact, else 'other': what "Origin" filters."""
    return "article" if site.from_article(fid) else "other"


def fact_card(site: Site, fid: str, here: str) -> str:
    """The full record of a fact, as an element whose id is the fact id (timeline only). Its
    data attributes are the filter fields, as `timeline_index` gives them for every fact."""
    f = site.facts[fid]
    year = dates.year(f["date"])
    kinds = _kinds(site, fid)
    value = f["verification"]
    origin = _origin(site, fid)
    data = (f'data-year="{year if year is not None else ""}" '
            f'data-topics="{attr(" ".join(f["topics"]))}" data-kinds="{attr(" ".join(kinds))}" '
            f'data-verification="{value}" data-origin="{origin}"')
    lines = [
        f'<article class="dossier-fact dossier-fact--{value}" id="{fid}" {data} markdown>',
        "",
        f'{_time(f["date"])} **{text(f["title"])}** '
        f'[¶](#{fid}){{ .headerlink title="Permanent link to this fact" }}',
        "",
        badge(site, fid),
        "",
        f'{text(f["summary"])}',
        "",
    ]
    lines += verification_block(site, fid, here)
    if f["date"] is None:
        lines += [f'*Date:* {text(f.get("date_note", "not stated"))}', ""]
    items = []
    if f.get("amounts"):
        items.append("**Amounts:** " + "; ".join(text(money(a)) + (f" — {text(a['note'])}"
                     if a.get("note") else "") for a in f["amounts"]))
    if f.get("quantities"):
        items.append("**Figures:** " + "; ".join(text(quantity(q)) + (f" — {text(q['note'])}"
                     if q.get("note") else "") for q in f["quantities"]))
    items.append("**Topics:** " + _topic_links(site, f["topics"], here))
    if f["entities"]:
        items.append("**Entities:** " + _entity_links(site, f["entities"], here))
    article = [r for r in f["sources"] if r["source"] == ARTICLE_SOURCE]
    evidence = [r for r in f["sources"] if r["source"] != ARTICLE_SOURCE]
    if evidence:
        items.append("**Evidence:** " + source_refs(site, evidence, here))
    if article:
        items.append("**The article:** " + source_refs(site, article, here))
    paras = site.fact_paragraphs(fid)
    if paras:
        items.append("**Discussed in:** " + "; ".join(
            link(_paragraph_label(site, p), here, routes.paragraph(site.paragraphs[p].page, p))
            for p in paras))
    checked = site.last_checked(fid)
    items.append(f"**Last checked against an independent source:** {text(checked)}" if checked
                 else "**Last checked against an independent source:** never")
    # Compact cards: the evidence and the links fold under one summary, so that a year of
    # facts reads as a list of dated statements with their verification.
    n = len(site.evidence(fid))
    lines += ['<details class="dossier-fact__more" markdown>',
              f"<summary>Sources and details ({n} independent source{'s' if n != 1 else ''})"
              "</summary>", ""]
    lines += [f"- {item}" for item in items] + [""]
    lines += fact_history.element(site, fid)  # added / changed in which release (from git)
    lines += ["</details>", "", "</article>", ""]
    return "\n".join(lines)


def fact_line(site: Site, fid: str, here: str) -> str:
    """A one-line fact: its date, its title linking to its card on the timeline, its badges.
    The summary and the evidence are on the card: lists of facts (entity, topic, source, map,
    a section's footer) stay short to read and light to load."""
    f = site.facts[fid]
    return (f"- {_time(f['date'])} — {link(text(f['title']), here, site.fact_place(fid))} "
            f"{badge(site, fid)}")


def fact_list(site: Site, fids: Iterable[str], here: str) -> list[str]:
    """Facts in timeline order as one-line items."""
    order = {fid: i for i, fid in enumerate(site.timeline)}
    return [fact_line(site, fid, here) for fid in sorted(fids, key=order.__getitem__)]


def paragraph_list(site: Site, pids: Iterable[str], here: str) -> list[str]:
    return [f"- {link(_paragraph_label(site, p), here, routes.paragraph(site.paragraphs[p].page, p))}"
            for p in pids]


# ---------------------------------------------------------------- pages


def timeline(site: Site) -> str:
    """The timeline's landing page: the years, each a page of fact cards, and a filter over
    every fact (the script loads the facts' index, `routes.TIMELINE_INDEX`, when it is used).

    The cards live on one page per year so that no page grows without bound; a fact's
    permanent address, `/timeline/#<id>`, is forwarded to its year page by the same index."""
    here = TIMELINE
    periods = site.periods()
    undated = periods.pop(routes.UNDATED, [])
    n = sum(len(v) for v in periods.values())
    out = [
        "# Timeline { #timeline }",
        "",
        f"Every dated fact in the dossier ({n}), filed by year, with its sources and the article "
        "paragraphs that discuss it. Dates are shown at the precision the sources give; a fact "
        "dated only to a decade or a range is filed under its earliest year. "
        + (f"Facts the sources do not date ({len(undated)}) have [a page of their own]"
           f"({rel(here, routes.timeline_page(routes.UNDATED))}). " if undated else "")
        + "Each fact's ¶ link is its address; `/timeline/#<fact-id>` always reaches it, "
        "whichever year it is filed under.",
        "",
        filter_form(site, here),
        "",
        "## By year { #years }",
        "",
    ]
    by_decade: dict[int, list[str]] = {}
    for name, fids in periods.items():
        n_facts = len(fids)
        by_decade.setdefault(int(name) // 10 * 10, []).append(
            f"[{name}]({rel(here, routes.timeline_page(name))}){{ #y{name} }}&nbsp;({n_facts})")
    for decade, years in by_decade.items():
        out.append(f"- **{decade}s:** " + " · ".join(years))
    out.append("")
    if undated:
        out += [f"[Date not stated]({rel(here, routes.timeline_page(routes.UNDATED))})"
                f"{{ #undated }} ({len(undated)} fact{'s' if len(undated) != 1 else ''})", ""]
    return "\n".join(out)


def filter_form(site: Site, here: str, fids: list[str] | None = None) -> str:
    """A timeline filter, in the HTML (no layout shift when the script starts): topic, entity
    kind, verification and origin, kept in the query string. On the landing page (no `fids`)
    it covers every fact, with a year range, and lists the matches; on a year page it hides the
    page's cards that do not match. Without JavaScript it says that filtering needs it."""
    landing = fids is None
    shown = site.timeline if landing else fids
    facts = [site.facts[f] for f in shown]
    kinds = sorted({k for fid in shown for k in _kinds(site, fid)})
    present = {t for f in facts for t in f["topics"]}
    verifications = {f["verification"] for f in facts}

    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(f'<option value="{attr(v)}">{attr(t)}</option>' for v, t in options)
        return (f'<div class="dossier-filters__field"><label for="dossier-filter-{name}">'
                f'{label}</label><select id="dossier-filter-{name}" name="{name}">{opts}'
                "</select></div>")

    topics = sorted(((tid, t["name"]) for tid, t in site.topics.items() if tid in present),
                    key=lambda o: o[1])
    fields = [
        select("topic", "Topic", [("", "All topics"), *topics]),
        select("kind", "Entity kind", [("", "Any kind"), *sorted(
            ((k, k.replace("-", " ").capitalize()) for k in kinds), key=lambda o: o[1])]),
        select("verification", "Verification", [("", "Any verification"), *sorted(
            ((v, label) for v, label in VERIFICATION_LABELS.items() if v in verifications),
            key=lambda o: o[1])]),
        select("origin", "Origin", [("", "Any origin"), ("article", "Stated in the article"),
                                    ("other", "Not from the article")]),
    ]
    if landing:
        years = [name for name in site.periods() if name != routes.UNDATED]
        fields += [select("from", "From year", [("", "Earliest"), *((y, y) for y in years)]),
                   select("to", "To year", [("", "Latest"), *((y, y) for y in years)])]
    index = built_rel(here, routes.TIMELINE_INDEX)
    status = (f"{len(facts)} facts; choose a filter to list the matching ones." if landing
              else f"Showing all {len(facts)} facts." if len(facts) != 1 else "Showing 1 fact.")
    topics_url = built_rel(here, routes.url(routes.TOPICS))
    # On a year page the form is folded under one line (the cards come first on a phone);
    # the script opens it when the address carries a filter.
    opening = ('<form class="dossier-filters__form" aria-label="Filter the timeline">\n'
               '<p class="dossier-filters__title">Filter the timeline</p>' if landing else
               '<details class="dossier-filters__fold"><summary>Filter this page</summary>\n'
               '<form class="dossier-filters__form" aria-label="Filter this page">')
    return "\n".join([
        # data-dossier-script: dossier-search.js loads the timeline's script on the pages
        # that have this form only (a data attribute, which no engine rewrites, unlike `src`).
        f'<div class="dossier-filters" data-dossier-filters data-dossier-index="{attr(index)}" '
        f'data-dossier-script="{attr(built_rel(here, routes.TIMELINE_SCRIPT))}">',
        opening,
        *fields,
        '<button type="reset" class="md-button dossier-filters__reset" disabled>Show all'
        "</button>",
        f'<p class="dossier-filters__count" role="status" aria-live="polite">{status}</p>',
        "</form>" if landing else "</form>\n</details>",
        f'<noscript><p>Filtering needs JavaScript. The <a href="{attr(topics_url)}">topic '
        "pages</a> list the facts of each topic without it.</p></noscript>",
        *(['<div class="dossier-filters__results" data-dossier-results hidden></div>']
          if landing else []),
        "</div>",
    ])


def timeline_period(site: Site, name: str, fids: list[str], neighbours: list[str]) -> str:
    """One year of the timeline (or the undated facts): its fact cards, in date order, with
    links to the years before and after and a filter over the cards of the page."""
    here = routes.timeline_page(name)
    title = "Date not stated" if name == routes.UNDATED else name
    at = neighbours.index(name)

    def step(other: str, label: str) -> str:
        shown = "date not stated" if other == routes.UNDATED else other
        return link(label.format(shown), here, routes.timeline_page(other))

    around = ([step(neighbours[at - 1], "← {}")] if at else []) + \
        [link("All years", here, TIMELINE)] + \
        ([step(neighbours[at + 1], "{} →")] if at + 1 < len(neighbours) else [])
    pager = '<nav class="dossier-pager" aria-label="Timeline years" markdown>' + \
        " · ".join(around) + "</nav>"
    what = ("facts the sources state without a date" if name == routes.UNDATED
            else f"fact{'s' if len(fids) != 1 else ''} dated {name}")
    out = [
        f"# Timeline: {title} {{ #timeline-{name} }}",
        "",
        pager,
        "",
        f"{len(fids)} {what}, oldest first. Each fact's ¶ link is its address; "
        f"{link('what the labels mean', here, routes.VERIFICATION_LEGEND)}.",
        "",
        filter_form(site, here, fids),
        "",
    ]
    out += [fact_card(site, fid, here) for fid in fids]
    out += [pager, ""]
    return "\n".join(out)


def timeline_index(site: Site) -> str:
    """The facts' index the timeline pages load on demand (`routes.TIMELINE_INDEX`): for each
    fact its id, page, date as shown, title and filter fields, as one compact script."""
    facts = []
    for fid in site.timeline:
        f = site.facts[fid]
        facts.append([fid, routes.period(f["date"]), date_label(f["date"]) if f["date"] else "",
                      f["title"], f["topics"], _kinds(site, fid), f["verification"],
                      _origin(site, fid)])
    index = {"verifications": VERIFICATION_LABELS, "facts": facts}  # labels of the badges
    # '</' escaped: the file is a script, and a title could end it inside a <script> element.
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"{_INDEX_PREFIX}{body};\n"


_INDEX_PREFIX = "window.dossierTimelineIndex="


def timeline_index_periods(script: str) -> dict[str, str]:
    """{fact id: period} from a built facts' index (what the timeline pages forward by)."""
    if not script.startswith(_INDEX_PREFIX):
        return {}
    index = json.loads(script[len(_INDEX_PREFIX):].strip().rstrip(";"))
    return {f[0]: f[1] for f in index["facts"]}


def topics_index(site: Site) -> str:
    here = TOPICS
    out = ["# Topics { #topics }", "",
           "The dossier's themes. Each topic page gathers its facts as a timeline, the entities "
           "involved and every article paragraph that discusses it.", ""]
    for tid, topic in site.topics.items():
        n = len(site.facts_by_topic.get(tid, []))
        out.append(f"- {link(text(topic['name']), here, routes.topic(tid))} — "
                   f"{text(topic['description'])} ({n} fact{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def topic_page(site: Site, tid: str) -> str:
    here = routes.topic(tid)
    topic = site.topics[tid]
    out = [f"# {text(topic['name'])} {{ #{tid} }}", "", text(topic["description"]), ""]
    facts = site.facts_by_topic.get(tid, [])
    out += ["## Facts { #facts }", ""] + (fact_list(site, facts, here) or ["No facts yet."]) + [""]
    ents = site.entities_by_topic.get(tid, [])
    out += ["## Entities involved { #entities }", ""]
    out += [f"- {link(text(site.entities[e]['name']), here, routes.entity(e))} "
            f"({text(site.entities[e]['kind'])})" for e in sorted(
                ents, key=lambda e: site.entities[e]["name"].lower())] or ["None recorded."]
    out += ["", "## Discussed in the article { #paragraphs }", ""]
    out += paragraph_list(site, site.paragraphs_by_topic.get(tid, []), here) or ["—"]
    related = site.related_topics.get(tid, [])
    if related:
        out += ["", "## Related topics { #related }", "",
                *(f"- {link(text(site.topics[t]['name']), here, routes.topic(t))}" for t in related)]
    return "\n".join(out) + "\n"


def entities_index(site: Site) -> str:
    here = ENTITIES
    out = ["# Entities { #entities }", "",
           "People, organisations, companies, places, projects, weapon systems, agreements and "
           "initiatives named in the article, grouped by kind.", ""]
    for kind, heading in ENTITY_KINDS.items():
        members = [e for e, rec in site.entities.items() if rec["kind"] == kind]
        if not members:
            continue
        out += [f"## {heading} {{ #{kind} }}", ""]
        for eid in sorted(members, key=lambda e: site.entities[e]["name"].lower()):
            rec = site.entities[eid]
            out.append(f"- {link(text(rec['name']), here, routes.entity(eid))} — "
                       f"{text(rec['description'])}")
        out.append("")
    return "\n".join(out)


def entity_page(site: Site, eid: str) -> str:
    here = routes.entity(eid)
    e = site.entities[eid]
    kind = e["kind"].replace("-", " ").capitalize()
    out = [f"# {text(e['name'])} {{ #{eid} }}", "",
           f"*{text(kind)}* — {text(e['description'])}", ""]
    if e.get("sources"):
        out += ["**Sources for this description:** " + source_refs(site, e["sources"], here), ""]
    names = e.get("names") or {}
    if names or e.get("aliases"):
        out += ["## Names { #names }", ""]
        out += [f'- {text(LANGUAGE_TAGS.get(tag, tag))}: <span lang="{attr(tag)}">'
                f"{text(name)}</span>" for tag, name in names.items()]
        if e.get("aliases"):
            out.append("- Also known as: " + ", ".join(text(a) for a in e["aliases"]))
        out.append("")
    if e.get("coordinates"):
        c = e["coordinates"]
        out += ["## Location { #location }", "",
                f"{abs(c['lat']):.4f}° {'N' if c['lat'] >= 0 else 'S'}, "
                f"{abs(c['lon']):.4f}° {'E' if c['lon'] >= 0 else 'W'}", ""]
    facts = site.facts_by_entity.get(eid, [])
    out += ["## Facts { #facts }", ""] + (fact_list(site, facts, here) or ["None recorded."])
    out += ["", "## Mentioned in the article { #mentioned-in }", ""]
    out += paragraph_list(site, site.paragraphs_by_entity.get(eid, []), here) or ["—"]
    related = site.related_entities.get(eid, [])
    if related:
        out += ["", "## Related { #related }", "", *(
            f"- {link(text(site.entities[r]['name']), here, routes.entity(r))} "
            f"({text(site.entities[r]['kind'])})" for r in related)]
    topics = sorted({t for f in facts for t in site.facts[f]["topics"]}
                    | set(e.get("topics") or []))
    if topics:
        out += ["", "## Topics { #topics }", "", _topic_links(site, topics, here)]
    return "\n".join(out) + "\n"


def sources_page(site: Site) -> str:
    here = SOURCES
    out = ["# Sources { #sources }", "",
           f"The bibliography: every source the dossier cites ({len(site.sources)}), grouped by "
           "type, with the facts and article paragraphs that rest on it. Each was read in a "
           "stored copy of the address given; a title in [square brackets] was supplied by the "
           "editors because the copy read showed none, and a title not in English is followed "
           "by its translation.", ""]
    groups: dict[str, list[str]] = {}
    for sid, s in site.sources.items():
        groups.setdefault(s["type"], []).append(sid)
    out += [" · ".join(f"[{text(SOURCE_TYPE_HEADINGS[t])} ({len(groups[t])})](#type-{t})"
                       for t in SOURCE_TYPES if t in groups), ""]
    for kind in (t for t in SOURCE_TYPES if t in groups):
        out += [f"## {text(SOURCE_TYPE_HEADINGS[kind])} {{ #type-{kind} }}", "",
                f"*{text(SOURCE_TYPES[kind])}*", ""]
        for sid in sorted(groups[kind], key=lambda i: site.sources[i]["title"].lstrip("[").lower()):
            out += _source_entry(site, sid, here)
    return "\n".join(out)


def _source_entry(site: Site, sid: str, here: str) -> list[str]:
    s = site.sources[sid]
    out = [f"### {text(s['title'])} {{ #{sid} }}", ""]
    if s.get("title_en"):
        out += [f"*English:* {text(s['title_en'])}", ""]
    authors = "; ".join(text(a.get("literal") or ", ".join(
        x for x in (a.get("family"), a.get("given")) if x)) for a in s.get("authors") or [])
    bits = [b for b in (authors, text(s.get("container", "")), text(s.get("publisher", "")),
                        text(date_label(s["issued"])) if s.get("issued") else "") if b]
    if bits:
        out += [". ".join(bits) + ".", ""]
    if s.get("url"):
        out += [f"<{attr(s['url'])}>" + (f" (read {text(s['accessed'])})"
                                          if s.get("accessed") else ""), ""]
    if s.get("note"):
        out += [text(s["note"]), ""]
    facts = site.facts_by_source.get(sid, [])
    if facts:
        out += [f"**Facts citing it ({len(facts)}):**", ""] + fact_list(site, facts, here) + [""]
    paras = site.paragraphs_by_source.get(sid, [])
    if paras:
        out += [f"**Article paragraphs cited ({len(paras)}):**", ""]
        out += paragraph_list(site, paras, here) + [""]
    return out


SOURCE_TYPE_HEADINGS = {
    "article": "Articles", "official": "Official documents", "company": "Company publications",
    "state-media": "State media", "news": "News", "ngo": "Think tanks and NGOs",
    "investigative": "Investigative journalism", "academic": "Scholarly works",
    "reference": "Reference works", "database": "Databases",
}
"""The heading of each group on /sources/."""


def glossary_page(site: Site) -> str:
    here = GLOSSARY
    out = ["# Glossary { #glossary }", "",
           "Abbreviations and terms used in the article and the data. Wherever one of them "
           "appears on the site, pointing at it shows its definition.", ""]
    for g in site.glossary:
        out += [f"## {text(g['term'])} {{ #{g['id']} }}", "",
                f"**{text(g['expansion'])}.** {text(g['definition'])}"
                + (f" See {link(text(site.entities[g['entity']]['name']), here, routes.entity(g['entity']))}."
                   if g.get("entity") else ""), ""]
        if g.get("sources"):
            out += ["*Sources:* " + source_refs(site, g["sources"], here), ""]
    return "\n".join(out)


def pages(site: Site) -> dict[str, str]:
    """Every generated page, keyed by its source path (MkDocs `src_uri`)."""
    out = {
        TIMELINE: timeline(site),
        **timeline_periods(site),
        TOPICS: topics_index(site),
        ENTITIES: entities_index(site),
        SOURCES: sources_page(site),
        GLOSSARY: glossary_page(site),
    }
    titles = {}
    for tid, topic in site.topics.items():
        out[routes.topic(tid)] = topic_page(site, tid)
        titles[routes.topic(tid)] = topic["name"]
    for eid, entity in site.entities.items():
        out[routes.entity(eid)] = entity_page(site, eid)
        titles[routes.entity(eid)] = entity["name"]
    for uri, title in titles.items():
        out[uri] = with_title(out[uri], title)
    return out


def timeline_periods(site: Site) -> dict[str, str]:
    """{src_uri: Markdown} of the timeline's year pages (and the undated facts' page)."""
    periods = site.periods()
    names = list(periods)
    return {routes.timeline_page(name): timeline_period(site, name, fids, names)
            for name, fids in periods.items()}


def with_title(markdown: str, title: str) -> str:
    """Give a page whose title comes from data an explicit, HTML-escaped title.

    Themes print the page title unescaped (nav, <title>, previews) and MkDocs unescapes the
    H1 text it derives titles from; an explicit escaped title keeps `<script>` as text."""
    return f"---\ntitle: {json.dumps(attr(title), ensure_ascii=False)}\n---\n\n{markdown}"


__all__ = ["pages", "timeline_index", "timeline_index_periods", "fact_card", "fact_line",
           "fact_list", "paragraph_list", "rel"]


def inputs(site: Site) -> dict[str, list[str]]:
    """The data files each generated page is made from (for its "last updated" date)."""
    def path(kind: str, ident: str) -> list[str]:
        p = site.record_paths.get((kind, ident))
        return [p] if p else []

    def of_facts(fids: Iterable[str]) -> list[str]:
        return [site.fact_paths[f] for f in fids]

    every = sorted(set(site.record_paths.values()))
    out = {TIMELINE: every, SOURCES: every,
           **{routes.timeline_page(name): every for name in site.periods()}, GLOSSARY: [p for (k, _), p in
                                                      site.record_paths.items() if k == "glossary"]}
    out[TOPICS] = sorted({p for (k, _), p in site.record_paths.items() if k in ("topic", "fact")})
    out[ENTITIES] = sorted({p for (k, _), p in site.record_paths.items() if k == "entity"})
    for tid in site.topics:
        out[routes.topic(tid)] = sorted(set(path("topic", tid) + of_facts(
            site.facts_by_topic.get(tid, [])) + [q for e in site.entities_by_topic.get(tid, [])
                                                 for q in path("entity", e)]))
    for eid in site.entities:
        out[routes.entity(eid)] = sorted(set(path("entity", eid) + of_facts(
            site.facts_by_entity.get(eid, [])) + [q for e in site.related_entities.get(eid, [])
                                                  for q in path("entity", e)]))
    return out
