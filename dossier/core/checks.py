"""Cross-file checks: each function looks at the whole data set and yields problems.

What one record alone breaks (fields, types, formats and the rules between its fields,
`schema.RULES`) is found when it is loaded (`records.py`); these are the checks that need other
records or the article: unique ids and terms, references between records, article paragraphs
and links."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .article import Page
from .problems import Problem, expected, shorten
from .records import Record
from .schema import ARTICLE, fields, rules

ARTICLE_SOURCE = ARTICLE
"""The source id of the transcribed article; its locators must be paragraph ids."""


@dataclass
class Corpus:
    """Everything `check` looks at: validated records and the parsed article pages."""

    records: list[Record]
    pages: list[Page]
    docs_prefix: str = "docs"  # how docs paths are shown in problems, relative to the root

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    def ids(self, kind: str) -> set[str]:
        return {r.id for r in self.records if r.kind == kind and r.id}

    def paragraph_ids(self) -> set[str]:
        return {p.id for page in self.pages for p in page.paragraphs}


def _problem(record: Record, key: str | None, code: str, message: str,
             pos: tuple[int, int] | None = None) -> Problem:
    line, col = pos or record.at(key)
    return Problem(record.path, line, col, code, message)


def duplicate_ids(corpus: Corpus) -> Iterator[Problem]:
    """Ids are unique per kind, across all files (they are public anchors)."""
    first: dict[tuple[str, str], Record] = {}
    for record in corpus.records:
        if not record.id:
            continue
        key = (record.kind, record.id)
        if key in first:
            other = first[key]
            yield _problem(record, "id", "duplicate-id",
                           f"duplicate {record.kind} id {record.id!r} "
                           f"(first in {other.path}:{other.at('id')[0]})")
        else:
            first[key] = record


def duplicate_paragraph_ids(corpus: Corpus) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for page in corpus.pages:
        for p in page.paragraphs:
            where = f"{page.src_uri}:{p.line + 1}"  # the line of its `{: #id }`
            if p.id in seen:
                yield Problem(f"{corpus.docs_prefix}/{page.src_uri}", p.line + 1, 1,
                              "duplicate-id", f"duplicate paragraph id {p.id!r} "
                              f"(first at {corpus.docs_prefix}/{seen[p.id]})")
            else:
                seen[p.id] = where


def _refs(record: Record) -> Iterator[tuple[str, str, tuple[int, int], str]]:
    """(target kind, id, position, field label) for every id reference in a record."""
    for f in fields(record.kind):
        value = record.data.get(f.name)
        if f.ref and f.type == "string" and isinstance(value, str):
            yield f.ref, value, record.at(f.name), f.name
        elif f.ref and f.type == "list" and isinstance(value, list):
            for item, pos in zip(value, value.item_pos):
                if isinstance(item, str):
                    yield f.ref, item, pos, f.name
        elif f.items == "source_ref" and isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("source"), str):
                    yield "source", item["source"], item.val_pos["source"], f.name


def dangling_references(corpus: Corpus) -> Iterator[Problem]:
    """Every topic, entity and source id a record names exists."""
    known = {kind: corpus.ids(kind) for kind in ("topic", "entity", "source")}
    folders = {"topic": "data/topics/", "entity": "data/entities/", "source": "data/sources/"}
    for record in corpus.records:
        for kind, ident, pos, label in _refs(record):
            if ident not in known[kind]:
                yield _problem(record, None, f"unknown-{kind}",
                               f"unknown {kind} {shorten(ident)} in {label!r}"
                               f"{expected(ident, known[kind], folders[kind])}", pos)
            elif kind == record.kind and ident == record.id:
                yield _problem(record, None, "self-reference",
                               f"{record.kind} {ident!r} lists itself in {label!r}", pos)


_PARAGRAPHS = "docs/ with `{: #p-… }`"


def paragraph_locators(corpus: Corpus) -> Iterator[Problem]:
    """Citations of the article point at a real paragraph id; topic paragraphs exist."""
    paragraphs = corpus.paragraph_ids()
    for record in corpus.records:
        for key in ("sources", "counter_sources"):
            refs = record.data.get(key)
            for item in refs if isinstance(refs, list) else []:
                if not isinstance(item, dict) or item.get("source") != ARTICLE_SOURCE:
                    continue
                locator = item.get("locator")
                if isinstance(locator, str) and locator not in paragraphs:
                    yield _problem(record, None, "unknown-paragraph",
                                   f"unknown article paragraph {shorten(locator)} in {key!r}"
                                   f"{expected(locator, paragraphs, _PARAGRAPHS)}",
                                   item.val_pos["locator"])
        if record.kind == "topic":
            listed = record.data.get("paragraphs")
            for ident, pos in zip(listed, listed.item_pos) if isinstance(listed, list) else []:
                if isinstance(ident, str) and ident not in paragraphs:
                    yield _problem(record, None, "unknown-paragraph",
                                   f"unknown article paragraph {shorten(ident)} in 'paragraphs'"
                                   f"{expected(ident, paragraphs, _PARAGRAPHS)}", pos)


def entity_links(corpus: Corpus) -> Iterator[Problem]:
    """`[text](@id)` links in the article name real entities."""
    entities = corpus.ids("entity")
    for page in corpus.pages:
        for link in page.links:
            if link.entity not in entities:
                yield Problem(f"{corpus.docs_prefix}/{page.src_uri}", link.line, link.col,
                              "unknown-entity", f"unknown entity {link.entity!r} in link "
                              f"'[{link.text}](@{link.entity})'"
                              f"{expected(link.entity, entities, 'data/entities/')}")


def glossary_terms(corpus: Corpus) -> Iterator[Problem]:
    seen: dict[str, Record] = {}
    for term in corpus.of("glossary"):
        text = term.data.get("term")
        if isinstance(text, str):
            if text in seen:
                yield _problem(term, "term", "duplicate-term",
                               f"glossary term {text!r} is defined twice "
                               f"(first in {seen[text].path}:{seen[text].at('term')[0]})")
            seen.setdefault(text, term)


CHECKS: list[Callable[[Corpus], Iterator[Problem]]] = [
    duplicate_ids,
    duplicate_paragraph_ids,
    dangling_references,
    paragraph_locators,
    entity_links,
    glossary_terms,
]


def run_checks(corpus: Corpus) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(corpus)]


_EVIDENCE = {rule.code for rule in rules("source_ref")}


def unknown_sources(problems: list[Problem]) -> list[Problem]:
    """Drop what a record's check says about the evidence of a source that does not exist: its
    id is probably misspelt ('articel'), so the evidence it needs is unknown, and
    `dangling_references` reports it once, at the same place, with the id it may mean."""
    unknown = {(p.path, p.line, p.col) for p in problems if p.code == "unknown-source"}
    return [p for p in problems
            if p.code not in _EVIDENCE or (p.path, p.line, p.col) not in unknown]


def unexpected_files(data_dir: Path, root: Path, known: set[Path]) -> Iterator[Problem]:
    """Files under data/ that no loader reads are probably misplaced or misnamed."""
    for file in sorted(data_dir.rglob("*")):
        if file.is_dir() and file.suffix in (".yml", ".yaml"):
            yield Problem(file.relative_to(root).as_posix(), 1, 1, "unexpected-file",
                          f"{file.name!r} is a folder, not a data file")
        elif file.is_file() and file not in known and not file.name.startswith("."):
            yield Problem(file.relative_to(root).as_posix(), 1, 1, "unexpected-file",
                          "this file is not read: data files are .yml files in data/facts/, "
                          "data/entities/, data/topics/, data/sources/ or data/glossary.yml")
