"""The data model, declared once.

Every record kind (fact, entity, topic, source, glossary term) is a list of `Field`s, each with a
doc line, and the rules between the fields of one record are the table `RULES`. The JSON Schema
of each kind is derived from these declarations; editors validate with it (`schemas/`), and so
does `dossier check` (`records.py`), and the schema reference page is rendered from them too, so
none of them can drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# ---------------------------------------------------------------- vocabularies

ENTITY_KINDS = {
    "person": "People",
    "organisation": "Organisations",
    "company": "Companies",
    "country": "Countries",
    "place": "Places",
    "site": "Sites and facilities",
    "project": "Projects",
    "weapon-system": "Weapon systems",
    "agreement": "Agreements",
    "initiative": "Initiatives",
    "event": "Events",
}
"""Entity kinds, with the heading used for each group on /entities/."""

PLACE_KINDS = frozenset({"place", "site"})
"""Kinds that must carry coordinates (they are drawn on the map)."""

FACT_VERIFICATIONS = {
    "corroborated": "At least one independent source (not the article) says the same, with "
                    "evidence a reader can check.",
    "article-claim": "Only the article says so: no independent source was found, and the note "
                     "says what was searched.",
    "disputed": "Sources disagree and the record does not settle it; both sides are shown.",
    "contradicted": "Independent sources say otherwise; the article's claim is kept, labelled, "
                    "next to what they say.",
    "corrected": "The article's date, figure or name was wrong; the fact gives the right value "
                 "with its source and keeps what the article said.",
}
"""How well a fact is established (`verification`), in the order the site lists them."""

VERIFICATION_LABELS = {
    "corroborated": "Corroborated",
    "article-claim": "Article claim only",
    "disputed": "Disputed",
    "contradicted": "Contradicted",
    "corrected": "Corrected",
}
"""The badge readers see for each verification value."""

AMOUNT_KINDS = {
    "loan": "Credit extended by a lender.",
    "acquisition": "Price paid for (a share of) a company or asset.",
    "investment": "Capital invested (stock or flow), as the source states it.",
    "contract": "Value of a construction or supply contract.",
    "grant": "Non-repayable financing.",
    "contribution": "Projected economic contribution (e.g. to GDP) as the source states it.",
    "cost": "Total cost of a project.",
}

SOURCE_TYPES = {
    "article": "The source article this dossier transcribes, or another analytical article.",
    "database": "A record in a database of projects, loans or transfers (e.g. AidData, SIPRI).",
    "official": "A government or intergovernmental body's own publication.",
    "company": "A company's own publication.",
    "state-media": "State-owned or state-controlled media.",
    "news": "Independent news reporting.",
    "ngo": "A non-governmental organisation or think tank.",
    "investigative": "Investigative journalism.",
    "academic": "Peer-reviewed or scholarly work.",
    "reference": "An encyclopedia or other reference work.",
}

LANGUAGE_TAGS = {
    "sr-Latn": "Serbian, Latin script",
    "sr-Cyrl": "Serbian, Cyrillic script",
    "zh-Hans": "Chinese, simplified characters",
    "zh-Latn-pinyin": "Chinese, Hanyu Pinyin",
    "sq": "Albanian",
    "hu": "Hungarian",
    "ro": "Romanian",
    "mk": "Macedonian",
    "ru": "Russian",
}
"""BCP 47 tags accepted as keys of an entity's `names`."""

# ISO 4217 codes that can occur in the dossier's subject matter. A short explicit list catches
# typos such as "EURO" or "USS" that a bare three-letter pattern would let through.
CURRENCIES = {
    "EUR": "euro",
    "USD": "US dollar",
    "CNY": "Chinese yuan renminbi",
    "RSD": "Serbian dinar",
    "GBP": "pound sterling",
    "CHF": "Swiss franc",
    "RUB": "Russian rouble",
    "HUF": "Hungarian forint",
    "CAD": "Canadian dollar",
}

ARTICLE = "article"
"""The source id of the transcribed article: cited by paragraph id, never as independent
evidence."""

DISAGREEING = ("disputed", "contradicted")
"""Verification values that show the other side (`counter_claim`, `counter_sources`)."""

ENGLISH_PATTERN = r"^en(-|$)"
"""Language tags of English works (no `title_en` needed)."""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Public identifiers: lowercase ASCII words joined by single hyphens."""

PARAGRAPH_ID_PATTERN = r"^p-[a-z0-9]+(?:-[a-z0-9]+)*$"

DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
"""A calendar day, YYYY-MM-DD (the loader also rejects days that do not exist)."""

URL_PATTERN = r"^https?://[^\s/]+\.\S+$"
"""An absolute http(s) URL with a dotted host name."""

_EDTF_DAY = (r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
             r"|\d{3}X|\d{2}XX")
_EDTF_ONE = rf"(?:{_EDTF_DAY})[~?%]?"
EDTF_PATTERN = rf"^(?:{_EDTF_ONE}|{_EDTF_ONE}/(?:{_EDTF_ONE}|\.\.)|\.\./{_EDTF_ONE})$"
"""The dossier's EDTF profile: a year, month or day, a decade (`199X`) or century (`19XX`),
each optionally approximate `~`, uncertain `?` or both `%`; or an interval of two of them,
either end of which may be open (`..`). The loader also rejects impossible days (`2024-02-30`)
and intervals that end before they start."""

EDTF_EXAMPLES = {
    "2016": "a year",
    "2009-08": "a month",
    "2023-10-17": "a day",
    "1999~": "about 1999",
    "2016-05?": "May 2016, uncertain",
    "199X": "some year in the 1990s",
    "2013/2015": "from 2013 to 2015",
    "2013/..": "from 2013 on (open end)",
    "../2024-05-07": "until 7 May 2024 (open start)",
}
"""Example dates for the documentation, with what each one says."""


# ---------------------------------------------------------------- field declarations


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, JSON-ish type, whether required, and its documentation."""

    name: str
    type: str  # "string", "number", "integer", "boolean", "list", "mapping", "object"
    doc: str
    required: bool = False
    nullable: bool = False
    items: str | None = None  # item type of a list: a scalar type or the name of a sub-record
    ref: str | None = None  # the record kind this id (or list of ids) points to
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    fmt: str | None = None  # "edtf", "date", "uri", "currency", "paragraph"
    schema_extra: dict[str, Any] = field(default_factory=dict)


SOURCE_REF = (
    Field("source", "string", "Id of a record in `data/sources/`.", required=True, ref="source"),
    Field(
        "locator",
        "string",
        "Where in the source: for the article, the id of the paragraph that states the fact "
        "(`p-…`, required); otherwise a page, section or paragraph (`para. 3`, `infobox`). "
        "An independent source needs a locator or a quote.",
    ),
    Field("quote", "string", "A short verbatim quotation from the source supporting the fact."),
    Field("checked", "string", "Date (YYYY-MM-DD) someone read this source and found the fact "
          "there. Required for every source except the article; a fact's \"last checked\" date "
          "is the latest of these.", fmt="date"),
)

AMOUNT = (
    Field("value", "number", "The amount as stated by the source, in `currency` units.", required=True),
    Field(
        "currency",
        "string",
        "ISO 4217 code. Amounts are never converted between currencies.",
        required=True,
        enum=tuple(CURRENCIES),
        fmt="currency",
    ),
    Field("kind", "string", "What the money is.", required=True, enum=tuple(AMOUNT_KINDS)),
    Field(
        "approximate",
        "boolean",
        "True when the source qualifies the amount (about, over, nearly, approximately).",
        required=True,
    ),
    Field("note", "string", "How the source phrases the amount, e.g. 'over $1 billion'."),
)

QUANTITY = (
    Field("value", "number", "The number stated by the source.", required=True),
    Field("unit", "string", "What is counted or measured, e.g. 'drones', 'jobs', 'km'.", required=True),
    Field("approximate", "boolean", "True when the source qualifies the number.", required=True),
    Field("note", "string", "How the source phrases it, e.g. 'between 2,000 and 5,000'."),
    Field("acquired", "boolean", "True when the number counts arms Serbia acquired (e.g. 9 "
          "drones bought); only these are charted as arms acquisitions. Absent means false: "
          "aircraft that made a delivery or a weapon's range are not acquisitions."),
)

COORDINATES = (
    Field("lat", "number", "Latitude in decimal degrees (WGS 84).", required=True,
          schema_extra={"minimum": -90, "maximum": 90}),
    Field("lon", "number", "Longitude in decimal degrees (WGS 84).", required=True,
          schema_extra={"minimum": -180, "maximum": 180}),
)

PERSON_NAME = (
    Field("family", "string", "Family name."),
    Field("given", "string", "Given name(s)."),
    Field("literal", "string", "An organisation as author, or a name that does not split."),
)

FACT = (
    Field("id", "string", "Stable slug, unique across all files; the fact's public anchor "
          "(`/timeline/#id`). Never reuse or rename without a retirement entry.",
          required=True, pattern=ID_PATTERN),
    Field("date", "string", "When, in EDTF (Library of Congress Extended Date/Time Format): "
          "`2016`, `2009-08`, `2023-10-17`, `1999~` (about), `199X` (the 1990s), `2013/..` "
          "(from 2013 on). `null` when the sources give no date; then `date_note` says so.",
          required=True, nullable=True, fmt="edtf"),
    Field("date_note", "string", "Why the date is open or how it was inferred. Required when "
          "`date` is null."),
    Field("title", "string", "One-line headline, plain text.", required=True),
    Field("summary", "string", "One to three sentences restating what the sources say.",
          required=True),
    Field("topics", "list", "Ids of the topics this fact belongs to (at least one).",
          required=True, items="string", ref="topic"),
    Field("entities", "list", "Ids of the entities involved (actors, places, projects).",
          required=True, items="string", ref="entity"),
    Field("amounts", "list", "Money amounts as stated; one entry per amount and currency.",
          items="amount"),
    Field("quantities", "list", "Other numbers the sources state (units, jobs, percentages).",
          items="quantity"),
    Field("sources", "list", "Where the fact comes from (at least one).", required=True,
          items="source_ref"),
    Field("verification", "string", "How well the fact is established: "
          + ", ".join(f"`{v}`" for v in FACT_VERIFICATIONS) + " (see the vocabulary below).",
          required=True, enum=tuple(FACT_VERIFICATIONS)),
    Field("verification_note", "string", "What the evidence shows: for an article claim, what "
          "was searched; for a dispute, contradiction or correction, what differs and why. "
          "Required unless the fact is corroborated."),
    Field("article_says", "string", "For corrected facts: what the article said (its wrong "
          "date, figure or name), so readers see both."),
    Field("counter_claim", "string", "For disputed or contradicted facts: what the other "
          "sources say instead."),
    Field("counter_sources", "list", "For disputed or contradicted facts: the sources of the "
          "counter-claim, with evidence.", items="source_ref"),
)

ENTITY = (
    Field("id", "string", "Stable slug; the entity page is `/entities/<id>/`.", required=True,
          pattern=ID_PATTERN),
    Field("kind", "string", "What sort of thing it is.", required=True, enum=tuple(ENTITY_KINDS)),
    Field("name", "string", "The English name used on the site.", required=True),
    Field("names", "mapping", "Native names keyed by BCP 47 tag (sr-Latn, sr-Cyrl, zh-Hans, …).",
          items="string", schema_extra={"propertyNames": {"enum": list(LANGUAGE_TAGS)}}),
    Field("aliases", "list", "Other names and former names readers may search for.",
          items="string"),
    Field("description", "string", "One line saying what it is.", required=True),
    Field("coordinates", "object", "Location; required for places and sites.", items="coordinates"),
    Field("related", "list", "Ids of closely related entities (shown both ways).", items="string",
          ref="entity"),
    Field("topics", "list", "Ids of topics the entity is central to.", items="string",
          ref="topic"),
    Field("sources", "list", "Where the description's dates, figures and claims were checked "
          "(optional; generic descriptions need none).", items="source_ref"),
)

TOPIC = (
    Field("id", "string", "Stable slug; the topic page is `/topics/<id>/`.", required=True,
          pattern=ID_PATTERN),
    Field("name", "string", "Display name.", required=True),
    Field("description", "string", "Two or three sentences on what the topic covers.",
          required=True),
    Field("related", "list", "Ids of related topics (shown both ways).", items="string",
          ref="topic"),
    Field("paragraphs", "list", "Article paragraphs (`p-…`) that discuss the topic beyond the "
          "ones its facts cite.", items="string", fmt="paragraph"),
)

SOURCE = (
    Field("id", "string", "Stable slug used in facts' `sources`.", required=True,
          pattern=ID_PATTERN),
    Field("type", "string", "What kind of source.", required=True, enum=tuple(SOURCE_TYPES)),
    Field("title", "string", "Title of the work, as the copy read shows it. In [square "
          "brackets] when the copy showed none and the editors supplied it.", required=True),
    Field("title_en", "string", "English translation of the title. Required when `language` "
          "is not English."),
    Field("authors", "list", "Authors, CSL-style (family/given, or literal for organisations).",
          items="person_name"),
    Field("publisher", "string", "Publisher or issuing body."),
    Field("container", "string", "Journal, website or series the work appears in."),
    Field("issued", "string", "Publication date in EDTF; null when unknown.", nullable=True,
          fmt="edtf"),
    Field("url", "string", "Public URL of the work.", fmt="uri"),
    Field("accessed", "string", "Date (YYYY-MM-DD) the URL was read.", fmt="date"),
    Field("language", "string", "BCP 47 language tag of the work, e.g. en, sr, zh."),
    Field("note", "string", "Anything a reader needs to know about this source."),
)

GLOSSARY = (
    Field("term", "string", "The abbreviation or term as it appears in text (case-sensitive).",
          required=True),
    Field("id", "string", "Stable slug; the glossary anchor `/glossary/#id`.", required=True,
          pattern=ID_PATTERN),
    Field("expansion", "string", "What the abbreviation stands for.", required=True),
    Field("definition", "string", "One or two sentences of definition.", required=True),
    Field("entity", "string", "The entity this term names, if any.", ref="entity"),
    Field("sources", "list", "Where the definition's dates and claims were checked (optional).",
          items="source_ref"),
)

SUBRECORDS: dict[str, tuple[Field, ...]] = {
    "source_ref": SOURCE_REF,
    "amount": AMOUNT,
    "quantity": QUANTITY,
    "coordinates": COORDINATES,
    "person_name": PERSON_NAME,
}

RECORDS: dict[str, tuple[Field, ...]] = {
    "fact": FACT,
    "entity": ENTITY,
    "topic": TOPIC,
    "source": SOURCE,
    "glossary": GLOSSARY,
}
"""Top-level record kinds, keyed by kind."""

FOLDERS = {"facts": "fact", "entities": "entity", "topics": "topic", "sources": "source",
           "glossary": "glossary"}
"""Folder under `data/` → the record kind its files hold (a mapping or a list of mappings)."""


def fields(kind: str) -> tuple[Field, ...]:
    """The fields of a record or sub-record kind."""
    return RECORDS.get(kind) or SUBRECORDS[kind]


# ---------------------------------------------------------------- JSON Schema

DRAFT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: the newest draft every common YAML editor (VS Code YAML, JetBrains) validates."""

_EDTF_DOC = (" EDTF profile: YYYY, YYYY-MM or YYYY-MM-DD, a decade 199X or century 19XX, each "
             "optionally followed by ~ (approximate), ? (uncertain) or % (both); or start/end, "
             "either end open (..). `dossier check` also rejects days that do not exist "
             "(2024-02-30) and intervals that end before they start.")

@dataclass(frozen=True)
class Rule:
    """A rule between the fields of one record (or sub-record) kind: a record that matches
    `when` must also match `then` (both JSON Schema).

    Declared once, used twice: the JSON Schema holds it as `{"if": when, "then": then}`, so an
    editor flags it as you type, and `dossier check` reports a record that breaks it as `code`
    at the value of the field `at`. `message` is formatted with the record's fields, and with
    `within`, the list field holding a sub-record (e.g. 'sources')."""

    kind: str
    code: str
    at: str
    message: str
    when: dict[str, Any]
    then: dict[str, Any]

    def condition(self) -> dict[str, Any]:
        return {"if": self.when, "then": self.then}


def _is(name: str, value: dict[str, Any]) -> dict[str, Any]:
    """The field `name` is there and its value matches `value`."""
    return {"required": [name], "properties": {name: value}}


_NOTHING = [None, False, 0, "", [], {}]
"""Values that say nothing (those Python counts as false): a field holding one is not filled."""


def _filled(name: str) -> dict[str, Any]:
    """The field `name` is there and holds a value."""
    return _is(name, {"not": {"enum": _NOTHING}})


def _unfilled(*names: str) -> dict[str, Any]:
    """None of the fields `names` holds a value (each is absent or says nothing)."""
    return {"properties": {name: {"enum": _NOTHING} for name in names}}


_NOTE = ("a 'verification_note' saying what the evidence shows (or, for an article claim, what "
         "was searched)")

RULES: tuple[Rule, ...] = (
    # A premise on a field's value also asks for its type (`"type": "string"`): a value of the
    # wrong type is reported once, as such, and not again as a broken rule.
    Rule("fact", "undated-without-note", "date",
         "'date' is null but there is no 'date_note' saying why",
         _is("date", {"type": "null"}), _filled("date_note")),
    Rule("fact", "verification-without-note", "verification",
         "verification {verification!r} needs " + _NOTE,
         _is("verification", {"type": "string", "not": {"const": "corroborated"}}),
         _filled("verification_note")),
    Rule("fact", "correction-incomplete", "verification",
         "a corrected fact needs 'article_says': what the article said",
         _is("verification", {"const": "corrected"}), _filled("article_says")),
    Rule("fact", "article-says-without-correction", "article_says",
         "'article_says' is only for verification 'corrected', got {verification!r}",
         _is("verification", {"type": "string", "not": {"const": "corrected"}}),
         _unfilled("article_says")),
    *(Rule("fact", "dispute-incomplete", "verification",
           f"a {{verification}} fact needs {name!r} to show the other side",
           _is("verification", {"enum": list(DISAGREEING)}), _filled(name))
      for name in ("counter_claim", "counter_sources")),
    Rule("fact", "counter-without-dispute", "verification",
         "'counter_claim'/'counter_sources' are only for verification 'disputed' or "
         "'contradicted', got {verification!r}",
         _is("verification", {"type": "string", "not": {"enum": list(DISAGREEING)}}),
         _unfilled("counter_claim", "counter_sources")),
    Rule("fact", "corroborated-without-evidence", "verification",
         "a corroborated fact needs at least one source other than the article, with a "
         "locator or quote and the date it was checked",
         _is("verification", {"const": "corroborated"}),
         {"properties": {"sources": {"contains": {
             "type": "object", **_is("source", {"not": {"enum": [None, ARTICLE]}})}}}}),
    Rule("entity", "missing-coordinates", "kind",
         "a {kind} needs 'coordinates' (lat, lon) for the map",
         _is("kind", {"enum": sorted(PLACE_KINDS)}), {"required": ["coordinates"]}),
    Rule("source", "missing-translation", "language",
         "a source in {language!r} needs 'title_en', the English translation of its title",
         _is("language", {"type": "string", "not": {"pattern": ENGLISH_PATTERN}}),
         _filled("title_en")),
    # The article is cited by paragraph; any other source with evidence and a date. A source
    # id that does not exist is reported as unknown instead (`checks.unknown_sources`).
    Rule("source_ref", "article-without-paragraph", "source",
         "the article is cited in {within!r} without a 'locator' (the paragraph id, p-…)",
         _is("source", {"const": ARTICLE}), {"required": ["locator"]}),
    Rule("source_ref", "evidence-undated", "source",
         "source {source!r} in {within!r} has no 'checked' date (YYYY-MM-DD, when it was read)",
         _is("source", {"type": "string", "not": {"const": ARTICLE}}), {"required": ["checked"]}),
    Rule("source_ref", "evidence-missing", "source",
         "source {source!r} in {within!r} needs a 'locator' or a 'quote' showing where it says so",
         _is("source", {"type": "string", "not": {"const": ARTICLE}}),
         {"anyOf": [{"required": ["locator"]}, {"required": ["quote"]}]}),
)
"""Every rule between the fields of one record. Rules that need other records (references,
duplicate ids and terms) are in `checks.py`: a JSON Schema sees one file at a time."""


def rules(kind: str) -> tuple[Rule, ...]:
    """The rules of a record or sub-record kind, in the order of its schema's `allOf`."""
    return tuple(rule for rule in RULES if rule.kind == kind)


_NON_EMPTY = {("fact", "topics"), ("fact", "sources")}
"""List fields that must have at least one item."""


def _field_schema(f: Field, kind: str) -> dict[str, Any]:
    scalar = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean"}
    doc = f.doc
    if f.type == "list":
        item = ({"$ref": f"#/definitions/{f.items}"} if f.items in SUBRECORDS
                else {"type": scalar[f.items or "string"]})
        if f.ref or f.fmt == "paragraph":
            item["pattern"] = PARAGRAPH_ID_PATTERN if f.fmt == "paragraph" else ID_PATTERN
        s: dict[str, Any] = {"type": "array", "items": item}
        if (kind, f.name) in _NON_EMPTY:
            s["minItems"] = 1
    elif f.type == "mapping":
        s = {"type": "object", "additionalProperties": {"type": scalar[f.items or "string"]}}
    elif f.type == "object":
        s = {"$ref": f"#/definitions/{f.items}"}
    else:
        s = {"type": scalar[f.type]}
        if f.enum:
            s["enum"] = list(f.enum)
        if f.pattern:
            s["pattern"] = f.pattern
        elif f.ref:
            s["pattern"] = ID_PATTERN
        if f.fmt == "date":
            s["pattern"] = DAY_PATTERN
            s["format"] = "date"
        if f.fmt == "uri":
            s["pattern"] = URL_PATTERN
            s["format"] = "uri"
        if f.fmt == "edtf":
            s["pattern"] = EDTF_PATTERN
            s["format"] = "edtf"  # real days, intervals in order: `dossier check` knows it
            s["examples"] = list(EDTF_EXAMPLES)
            doc += _EDTF_DOC
        if f.required and f.type == "string" and "pattern" not in s and "enum" not in s:
            s["pattern"] = r"\S"  # not empty or blank
    if f.nullable:  # `pattern` and `format` only apply to strings, so they let null through
        s["type"] = [s["type"], "null"]
    s["description"] = doc
    s.update(f.schema_extra)
    return s


def _object_schema(fs: tuple[Field, ...], kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fs if f.required],
        "properties": {f.name: _field_schema(f, kind) for f in fs},
    }
    if rules(kind):
        out["allOf"] = [rule.condition() for rule in rules(kind)]
    return out


def json_schema(kind: str) -> dict[str, Any]:
    """JSON Schema (draft 7) for one data file of `kind`: a record or a list of records."""
    record = _object_schema(RECORDS[kind], kind)
    used = _subrecords_used(RECORDS[kind])
    return {
        "$schema": DRAFT,
        "$id": f"https://china-serbia-dossier.invalid/schemas/{kind}.schema.json",
        "title": f"Dossier {kind} file",
        "description": f"A single {kind} record, or a list of them. Generated from "
                      "dossier/core/schema.py by scripts/gen_schema.py; do not edit.",
        "oneOf": [{"$ref": "#/definitions/record"},
                  {"type": "array", "items": {"$ref": "#/definitions/record"}}],
        "definitions": {"record": record,
                        **{name: _object_schema(SUBRECORDS[name], name) for name in used}},
    }


def _subrecords_used(fs: tuple[Field, ...]) -> list[str]:
    return sorted({f.items for f in fs if f.items in SUBRECORDS})  # type: ignore[misc]


SCHEMA_DIR = "schemas"
"""Where the JSON Schemas are committed, relative to the project root (for editors)."""


def schema_files() -> dict[str, str]:
    """{path: JSON text} of every committed schema file, exactly as scripts/gen_schema.py
    writes them (tests compare the two, so they cannot drift)."""
    import json

    return {f"{SCHEMA_DIR}/{kind}.schema.json":
            json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
            for kind in RECORDS}
