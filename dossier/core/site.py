"""The in-memory graph of the dossier: records, indexes, timeline order and derived backlinks.

Pure: no I/O beyond what `load` delegates to the loader. Backlinks ("mentioned in", "discussed
in", "cited by") are always derived from forward references, never stored by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import dates, routes
from .article import Page, Paragraph, read_pages
from .checks import ARTICLE_SOURCE, Corpus, run_checks, unexpected_files, unknown_sources
from .problems import Problem
from .records import data_files, load_records
from .scaffold import supersede, unfilled_fields

Rec = dict[str, Any]


@dataclass
class Site:
    """Every record by id, plus the derived relations the pages need."""

    facts: dict[str, Rec]
    entities: dict[str, Rec]
    topics: dict[str, Rec]
    sources: dict[str, Rec]
    glossary: list[Rec]
    pages: list[Page]
    paragraphs: dict[str, Paragraph]
    fact_paths: dict[str, str] = field(default_factory=dict)  # fact id → data file
    record_paths: dict[tuple[str, str], str] = field(default_factory=dict)
    # derived
    timeline: list[str] = field(default_factory=list)  # fact ids, chronological, undated last
    facts_by_entity: dict[str, list[str]] = field(default_factory=dict)
    facts_by_topic: dict[str, list[str]] = field(default_factory=dict)
    facts_by_paragraph: dict[str, list[str]] = field(default_factory=dict)
    facts_by_source: dict[str, list[str]] = field(default_factory=dict)
    paragraphs_by_entity: dict[str, list[str]] = field(default_factory=dict)
    paragraphs_by_topic: dict[str, list[str]] = field(default_factory=dict)
    paragraphs_by_source: dict[str, list[str]] = field(default_factory=dict)
    related_entities: dict[str, list[str]] = field(default_factory=dict)
    related_topics: dict[str, list[str]] = field(default_factory=dict)
    entities_by_topic: dict[str, list[str]] = field(default_factory=dict)
    topics_by_page: dict[str, list[str]] = field(default_factory=dict)
    # fact id → its history from git (render/fact_history.Event), filled in when git has one
    fact_history: dict[str, list[Any]] = field(default_factory=dict)

    def fact_paragraphs(self, fact_id: str) -> list[str]:
        """Article paragraphs a fact cites, in citation order."""
        return [s["locator"] for s in self.facts[fact_id]["sources"]
                if s["source"] == ARTICLE_SOURCE and s["locator"] in self.paragraphs]

    def fact_place(self, fact_id: str) -> str:
        """Where the fact's card is: 'timeline/<year>.md#<id>' (see `routes.fact`)."""
        return routes.fact(fact_id, self.facts[fact_id]["date"])

    def periods(self) -> dict[str, list[str]]:
        """{period: fact ids} in timeline order, a page each: years, then 'undated'."""
        out: dict[str, list[str]] = {}
        for fid in self.timeline:
            out.setdefault(routes.period(self.facts[fid]["date"]), []).append(fid)
        return out

    def evidence(self, fact_id: str) -> list[Rec]:
        """The fact's independent source references (every source but the article), its
        counter-sources included: what a reader can check."""
        f = self.facts[fact_id]
        return [r for r in list(f["sources"]) + list(f.get("counter_sources") or [])
                if r["source"] != ARTICLE_SOURCE]

    def last_checked(self, fact_id: str) -> str | None:
        """The latest day the fact was checked against an independent source; None when it
        never was (re-reading the article does not count)."""
        days = [r["checked"] for r in self.evidence(fact_id) if r.get("checked")]
        return max(days) if days else None

    def from_article(self, fact_id: str) -> bool:
        """True when the article states the fact (it cites an article paragraph)."""
        return any(r["source"] == ARTICLE_SOURCE for r in self.facts[fact_id]["sources"])

    def verification_counts(self) -> dict[str, int]:
        """How many facts have each verification value."""
        counts: dict[str, int] = {}
        for f in self.facts.values():
            counts[f["verification"]] = counts.get(f["verification"], 0) + 1
        return counts

    def page_paragraphs(self, src_uri: str) -> list[Paragraph]:
        return [p for page in self.pages if page.src_uri == src_uri for p in page.paragraphs]


class _Bucket(list):
    """A list that remembers its members, so adding stays O(1) for 10,000s of facts."""

    def __init__(self) -> None:
        super().__init__()
        self.members: set[str] = set()


def _add(index: dict[str, list[str]], key: str, value: str) -> None:
    bucket = index.get(key)
    if bucket is None:
        bucket = index[key] = _Bucket()
    if value not in bucket.members:  # type: ignore[attr-defined]
        bucket.members.add(value)  # type: ignore[attr-defined]
        bucket.append(value)


def build_site(corpus: Corpus) -> Site:
    """Index a checked corpus and derive every backlink."""
    by_kind: dict[str, dict[str, Rec]] = defaultdict(dict)
    record_paths: dict[tuple[str, str], str] = {}
    glossary: list[Rec] = []
    for record in corpus.records:
        if record.kind == "glossary":
            glossary.append(record.data)
        else:
            by_kind[record.kind].setdefault(record.id, record.data)
        record_paths.setdefault((record.kind, record.id), record.path)
    paragraphs = {p.id: p for page in corpus.pages for p in page.paragraphs}
    site = Site(
        facts=by_kind["fact"], entities=dict(sorted(by_kind["entity"].items())),
        topics=dict(sorted(by_kind["topic"].items())),
        sources=dict(sorted(by_kind["source"].items())),
        glossary=sorted(glossary, key=lambda g: g["term"].lower()),
        pages=corpus.pages, paragraphs=paragraphs,
        fact_paths={k: p for (kind, k), p in record_paths.items() if kind == "fact"},
        record_paths=record_paths,
    )
    site.timeline = sorted(site.facts, key=lambda f: (dates.sort_key(site.facts[f]["date"]), f))
    _derive(site)
    return site


def _derive(site: Site) -> None:
    for fid in site.timeline:
        fact = site.facts[fid]
        for eid in fact["entities"]:
            _add(site.facts_by_entity, eid, fid)
        for tid in fact["topics"]:
            _add(site.facts_by_topic, tid, fid)
            for eid in fact["entities"]:
                _add(site.entities_by_topic, tid, eid)
        for ref in list(fact["sources"]) + list(fact.get("counter_sources") or []):
            _add(site.facts_by_source, ref["source"], fid)
        for pid in site.fact_paragraphs(fid):
            _add(site.facts_by_paragraph, pid, fid)
            _add(site.paragraphs_by_source, ARTICLE_SOURCE, pid)
            for eid in fact["entities"]:
                _add(site.paragraphs_by_entity, eid, pid)
            for tid in fact["topics"]:
                _add(site.paragraphs_by_topic, tid, pid)
    for page in site.pages:  # explicit [text](@id) links in the article
        for para in page.paragraphs:
            for link in para.links:
                _add(site.paragraphs_by_entity, link.entity, para.id)
    for tid, topic in site.topics.items():
        for pid in topic.get("paragraphs") or []:
            _add(site.paragraphs_by_topic, tid, pid)
        for other in topic.get("related") or []:
            _add(site.related_topics, tid, other)
            _add(site.related_topics, other, tid)
    for eid, entity in site.entities.items():
        for other in entity.get("related") or []:
            _add(site.related_entities, eid, other)
            _add(site.related_entities, other, eid)
        for tid in entity.get("topics") or []:
            _add(site.entities_by_topic, tid, eid)
    order = {pid: i for i, pid in enumerate(site.paragraphs)}
    for index in (site.paragraphs_by_entity, site.paragraphs_by_topic, site.paragraphs_by_source):
        for key in index:
            index[key].sort(key=order.__getitem__)
    for tid, pids in site.paragraphs_by_topic.items():
        for pid in pids:
            _add(site.topics_by_page, site.paragraphs[pid].page, tid)


@dataclass
class Loaded:
    """The outcome of `load`: the problems found, and the site when there are none."""

    problems: list[Problem]
    site: Site | None
    files: list[str]  # every file read, relative to the root (for watching and git dates)


def load(root: Path, data_dir: str = "data", docs_dir: str = "docs") -> Loaded:
    """Load → check → model. The site is only built from data without problems."""
    data_path, docs_path = root / data_dir, root / docs_dir
    records, problems = load_records(data_path, root)
    pages, unread = read_pages(docs_path, docs_dir) if docs_path.is_dir() else ([], [])
    problems += unread
    corpus = Corpus(records, pages, docs_prefix=docs_dir)
    known = [file for file, _ in data_files(data_path)] if data_path.is_dir() else []
    problems = unknown_sources(problems + run_checks(corpus))
    problems += unexpected_files(data_path, root, set(known)) if data_path.is_dir() else []
    # `TODO:` placeholders left by `dossier new`, reported instead of what they break.
    problems = supersede(problems + list(unfilled_fields(records)))
    files = [f.relative_to(root).as_posix() for f in known]
    if problems:
        return Loaded(sorted(set(problems)), None, files)
    return Loaded([], build_site(corpus), files)
