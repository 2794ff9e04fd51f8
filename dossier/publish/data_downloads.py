"""The data as downloads: JSON and CSV of facts, entities, topics and sources, a Frictionless
data package describing the CSV tables, and the JSON Schemas of the data files.

Pure and deterministic: the same site and settings give the same bytes (stable order, no
timestamps). Every row carries its `permalink`, the public URL of the record on the site.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..core import routes, schema
from ..core.checks import ARTICLE_SOURCE
from ..core.settings import Settings
from ..core.site import Site

Row = dict[str, Any]
FOLDER = routes.DOWNLOADS
"""Where the downloads are published (next to the /data/ page)."""
KINDS = {"fact": "facts", "entity": "entities", "topic": "topics", "source": "sources"}
"""Record kinds exported, with the file stem of each."""


def public(settings: Settings, uri: str) -> str:
    """Absolute URL of a source path with an optional anchor: 'timeline.md#x' → '…/timeline/#x'."""
    path, _, anchor = uri.partition("#")
    return settings.url(routes.url_path(path) + (f"#{anchor}" if anchor else ""))


def permalink(settings: Settings, kind: str, ident: str) -> str:
    return public(settings, routes.record(kind, ident))


def _doc(kind: str, name: str) -> str:
    return next(f.doc for f in schema.fields(kind) if f.name == name)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, boolean, date, array
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns, keys and how to list its rows from the site."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rows: Callable[[Site, Settings], Iterator[Row]]
    foreign: tuple[tuple[str, str], ...] = ()  # (column, referenced table); its `id` column

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


def _c(kind: str, name: str, type_: str = "string", required: bool = False) -> Column:
    return Column(name, type_, _doc(kind, name), required)


ID = Column("id", "string", "Stable public identifier.", True)
LINK = Column("permalink", "string", "Public URL of the record on the site.", True)
FACT = Column("fact", "string", "Id of the fact (facts.csv).", True)
POSITION = Column("position", "integer", "1-based order within the fact.", True)


def _facts(site: Site, s: Settings) -> Iterator[Row]:
    for fid in site.timeline:
        f = site.facts[fid]
        yield {"id": fid, "permalink": permalink(s, "fact", fid), **{
            k: f.get(k) for k in ("date", "date_note", "title", "summary", "verification",
                                  "verification_note", "article_says", "counter_claim")},
               "from_article": site.from_article(fid), "last_checked": site.last_checked(fid),
               "topics": list(f["topics"]), "entities": list(f["entities"])}


def _fact_links(key: str, column: str) -> Callable[[Site, Settings], Iterator[Row]]:
    def rows(site: Site, s: Settings) -> Iterator[Row]:
        for fid in site.timeline:
            for value in site.facts[fid][key]:
                yield {"fact": fid, column: value}
    return rows


def _fact_sources(site: Site, s: Settings) -> Iterator[Row]:
    for fid in site.timeline:
        f = site.facts[fid]
        for role, refs in (("source", f["sources"]), ("counter", f.get("counter_sources") or [])):
            for n, ref in enumerate(refs, start=1):
                para = site.paragraphs.get(ref.get("locator") or "")
                where = (public(s, f"{para.page}#{para.id}")
                         if ref["source"] == ARTICLE_SOURCE and para else None)
                yield {"fact": fid, "role": role, "position": n, "source": ref["source"],
                       "independent": ref["source"] != ARTICLE_SOURCE,
                       "locator": ref.get("locator"), "locator_url": where,
                       "quote": ref.get("quote"), "checked": ref.get("checked")}


def _fact_items(key: str, names: tuple[str, ...]) -> Callable[[Site, Settings], Iterator[Row]]:
    def rows(site: Site, s: Settings) -> Iterator[Row]:
        for fid in site.timeline:
            for n, item in enumerate(site.facts[fid].get(key) or [], start=1):
                yield {"fact": fid, "position": n, **{k: item.get(k) for k in names}}
    return rows


def _entities(site: Site, s: Settings) -> Iterator[Row]:
    for eid, e in site.entities.items():
        c = e.get("coordinates") or {}
        yield {"id": eid, "permalink": permalink(s, "entity", eid), "kind": e["kind"],
               "name": e["name"], "description": e["description"],
               "aliases": list(e.get("aliases") or []), "lat": c.get("lat"), "lon": c.get("lon"),
               "related": list(e.get("related") or []), "topics": list(e.get("topics") or [])}


def _entity_names(site: Site, s: Settings) -> Iterator[Row]:
    for eid, e in site.entities.items():
        for tag, name in sorted((e.get("names") or {}).items()):
            yield {"entity": eid, "language": tag, "name": name}


def _topics(site: Site, s: Settings) -> Iterator[Row]:
    for tid, t in site.topics.items():
        yield {"id": tid, "permalink": permalink(s, "topic", tid), "name": t["name"],
               "description": t["description"], "related": list(t.get("related") or []),
               "paragraphs": list(t.get("paragraphs") or [])}


def _sources(site: Site, s: Settings) -> Iterator[Row]:
    for sid, src in site.sources.items():
        authors = [a.get("literal") or ", ".join(x for x in (a.get("family"), a.get("given")) if x)
                   for a in src.get("authors") or []]
        yield {"id": sid, "permalink": permalink(s, "source", sid), "type": src["type"],
               "title": src["title"], "title_en": src.get("title_en"), "authors": authors,
               **{k: src.get(k) for k in ("publisher", "container", "issued", "url", "accessed",
                                          "language", "note")}}


LIST_OF = "A JSON array of {}."
TABLES: tuple[Table, ...] = (
    Table("facts", "One row per fact, in timeline order (undated facts last).", (
        ID, LINK, _c("fact", "date"), _c("fact", "date_note"), _c("fact", "title", required=True),
        _c("fact", "summary", required=True), _c("fact", "verification", required=True),
        _c("fact", "verification_note"), _c("fact", "article_says"), _c("fact", "counter_claim"),
        Column("from_article", "boolean", "True when the article states the fact (it cites an "
               "article paragraph); false for facts from other sources only.", True),
        Column("last_checked", "date", "The latest day the fact was checked against an "
               "independent source (the latest `checked` of its sources other than the "
               "article); empty when it never was. Re-reading the article does not set it."),
        Column("topics", "array", LIST_OF.format("topic ids; also in fact_topics.csv"), True),
        Column("entities", "array", LIST_OF.format("entity ids; also in fact_entities.csv"), True),
    ), ("id",), _facts),
    Table("fact_topics", "Which topics each fact belongs to.", (
        FACT, Column("topic", "string", "Id of the topic (topics.csv).", True),
    ), ("fact", "topic"), _fact_links("topics", "topic"), (("fact", "facts"), ("topic", "topics"))),
    Table("fact_entities", "Which entities each fact involves.", (
        FACT, Column("entity", "string", "Id of the entity (entities.csv).", True),
    ), ("fact", "entity"), _fact_links("entities", "entity"),
        (("fact", "facts"), ("entity", "entities"))),
    Table("fact_sources", "Where each fact comes from, with the evidence: for disputed and "
          "contradicted facts also the sources of the counter-claim.", (
        FACT, Column("role", "string", "`source` (states the fact) or `counter` (states the "
                     "counter-claim of a disputed or contradicted fact).", True), POSITION,
        Column("source", "string", "Id of the source (sources.csv).", True),
        Column("independent", "boolean", "True for every source but the article.", True),
        _c("source_ref", "locator"),
        Column("locator_url", "string", "Public URL of the article paragraph, when the locator "
               "is one."),
        _c("source_ref", "quote"), _c("source_ref", "checked", "date"),
    ), ("fact", "role", "position"), _fact_sources, (("fact", "facts"), ("source", "sources"))),
    Table("fact_amounts", "Money amounts stated for each fact, never converted.", (
        FACT, POSITION, _c("amount", "value", "number", True), _c("amount", "currency",
                                                                   required=True),
        _c("amount", "kind", required=True), _c("amount", "approximate", "boolean", True),
        _c("amount", "note"),
    ), ("fact", "position"), _fact_items("amounts", ("value", "currency", "kind", "approximate",
                                                      "note")), (("fact", "facts"),)),
    Table("fact_quantities", "Other numbers stated for each fact.", (
        FACT, POSITION, _c("quantity", "value", "number", True),
        _c("quantity", "unit", required=True), _c("quantity", "approximate", "boolean", True),
        _c("quantity", "note"), _c("quantity", "acquired", "boolean"),
    ), ("fact", "position"), _fact_items("quantities", ("value", "unit", "approximate", "note",
                                                        "acquired")),
        (("fact", "facts"),)),
    Table("entities", "One row per entity, by id.", (
        ID, LINK, _c("entity", "kind", required=True), _c("entity", "name", required=True),
        _c("entity", "description", required=True),
        Column("aliases", "array", LIST_OF.format("other names"), True),
        Column("lat", "number", _doc("coordinates", "lat")),
        Column("lon", "number", _doc("coordinates", "lon")),
        Column("related", "array", LIST_OF.format("ids of related entities"), True),
        Column("topics", "array", LIST_OF.format("ids of topics the entity is central to"), True),
    ), ("id",), _entities),
    Table("entity_names", "Native names of entities, one row per language tag.", (
        Column("entity", "string", "Id of the entity (entities.csv).", True),
        Column("language", "string", "BCP 47 tag: " + ", ".join(
            f"{k} ({v})" for k, v in schema.LANGUAGE_TAGS.items()) + ".", True),
        Column("name", "string", "The name in that language and script.", True),
    ), ("entity", "language"), _entity_names, (("entity", "entities"),)),
    Table("topics", "One row per topic, by id.", (
        ID, LINK, _c("topic", "name", required=True), _c("topic", "description", required=True),
        Column("related", "array", LIST_OF.format("ids of related topics"), True),
        Column("paragraphs", "array", LIST_OF.format("article paragraph ids"), True),
    ), ("id",), _topics),
    Table("sources", "The bibliography, one row per source, by id.", (
        ID, LINK, _c("source", "type", required=True), _c("source", "title", required=True), _c("source", "title_en"),
        Column("authors", "array", LIST_OF.format("author names ('Family, Given' or an "
                                                   "organisation)"), True),
        _c("source", "publisher"), _c("source", "container"), _c("source", "issued"),
        Column("url", "string", "Public URL of the work itself."),
        _c("source", "accessed", "date"), _c("source", "language"), _c("source", "note"),
    ), ("id",), _sources),
)


# ---------------------------------------------------------------- serialisation


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def table_csv(table: Table, site: Site, settings: Settings) -> tuple[bytes, int]:
    """The table as UTF-8 CSV (header row first, '\\n' line ends) and its number of rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [c.name for c in table.columns]
    writer.writerow(names)
    count = 0
    for row in table.rows(site, settings):
        writer.writerow([_cell(row.get(n)) for n in names])
        count += 1
    return out.getvalue().encode("utf-8"), count


def _ordered(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A record's fields in schema order (sub-records too), whatever order the YAML used."""
    out: dict[str, Any] = {}
    for f in schema.fields(kind):
        if f.name not in record:
            continue
        value = record[f.name]
        if f.items in schema.SUBRECORDS and isinstance(value, list):
            value = [_ordered(f.items, v) for v in value]
        elif f.items in schema.SUBRECORDS and isinstance(value, dict):
            value = _ordered(f.items, value)
        elif isinstance(value, dict):
            value = dict(sorted(value.items()))
        out[f.name] = value
    return out


def records_json(kind: str, site: Site, settings: Settings) -> tuple[bytes, int]:
    """Every record of `kind` as a JSON array, each with its `permalink` after its `id`."""
    if kind == "fact":
        items = [(fid, site.facts[fid]) for fid in site.timeline]
    else:
        items = list(getattr(site, KINDS[kind]).items())
    records = []
    for ident, rec in items:
        ordered = _ordered(kind, rec)
        records.append({"id": ident, "permalink": permalink(settings, kind, ident),
                        **{k: v for k, v in ordered.items() if k != "id"}})
    return _json(records), len(records)


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "dossier"


def datapackage(settings: Settings, counts: dict[str, int]) -> dict[str, Any]:
    """The Frictionless (v1) tabular data package descriptor of the CSV tables."""
    resources = []
    for table in TABLES:
        fields = []
        for c in table.columns:
            f: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.doc}
            if c.required:
                f["constraints"] = {"required": True}
            fields.append(f)
        sch: dict[str, Any] = {"fields": fields, "primaryKey": list(table.key),
                               "missingValues": [""]}
        if table.foreign:
            sch["foreignKeys"] = [{"fields": col, "reference": {"resource": ref, "fields": "id"}}
                                  for col, ref in table.foreign]
        resources.append({
            "name": table.name, "path": table.path, "profile": "tabular-data-resource",
            "title": table.path, "description": table.doc, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": sch,
            "x-rows": counts[table.path],
        })
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": slug(settings.site_name),
        "title": settings.site_name,
        "description": settings.description or settings.site_name,
        "version": settings.version,
        "homepage": settings.url(FOLDER),
        "contributors": [{"title": settings.author, "role": "author"}],
        "licenses": [{"name": settings.license, "title": settings.license_title,
                      "path": settings.license_url}],
        "resources": resources,
    }
    if settings.version_date:
        package["x-version-date"] = settings.version_date.isoformat()
    return package


@dataclass(frozen=True)
class Download:
    """One published file: its path under data/, what it is and how many records it holds."""

    path: str  # relative to data/, e.g. 'facts.csv'
    content: bytes
    kind: str  # 'csv', 'json', 'datapackage', 'schema'
    rows: int | None
    doc: str


def downloads(site: Site, settings: Settings) -> list[Download]:
    """Every download, in the order the /data/ page lists them."""
    out = []
    for kind, stem in KINDS.items():
        content, n = records_json(kind, site, settings)
        out.append(Download(f"{stem}.json", content, "json", n,
                            f"All {stem} with every field, nested as in the data files."))
    counts = {}
    for table in TABLES:
        content, n = table_csv(table, site, settings)
        counts[table.path] = n
        out.append(Download(table.path, content, "csv", n, table.doc))
    out.append(Download("datapackage.json", _json(datapackage(settings, counts)), "datapackage",
                        None, "Frictionless data package: the CSV tables' columns, types, "
                        "primary and foreign keys."))
    for kind, stem in KINDS.items():
        out.append(Download(f"schemas/{kind}.schema.json", _json(schema.json_schema(kind)),
                            "schema", None, f"JSON Schema of one YAML data file of {stem}."))
    return out


def files(site: Site, settings: Settings) -> dict[str, bytes]:
    """{src_uri: bytes} of every download, under data/."""
    return {FOLDER + d.path: d.content for d in downloads(site, settings)}
