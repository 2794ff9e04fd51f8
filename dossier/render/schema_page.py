"""The schema reference page (`/schema/`): every record kind, field and vocabulary of `data/`,
rendered from `schema.py` so the documentation cannot drift from what `dossier check` enforces.
Pure: a function of the model only."""

from __future__ import annotations

from ..core import dates, routes, schema
from ..core.loader import MAX_SCALAR
from ..core.schema import Field

SCHEMA = routes.SCHEMA
"""The page's src_uri (URL /schema/)."""

KINDS = {  # kind: (heading, anchor, where its files live)
    "fact": ("Facts", "facts", "`data/facts/*.yml`, each file a list of facts"),
    "entity": ("Entities", "entities", "`data/entities/<id>.yml`, one entity per file"),
    "topic": ("Topics", "topics", "`data/topics/<id>.yml`, one topic per file"),
    "source": ("Sources", "sources", "`data/sources/<id>.yml`, one source per file"),
    "glossary": ("Glossary", "glossary", "`data/glossary.yml`, a list of terms"),
}

SUBRECORDS = {  # sub-record: (heading, anchor, used in)
    "source_ref": ("Source reference", "source-reference", "a fact's `sources` and "
                   "`counter_sources`, an entity's or glossary term's `sources`"),
    "amount": ("Amount", "amount", "a fact's `amounts`"),
    "quantity": ("Quantity", "quantity", "a fact's `quantities`"),
    "coordinates": ("Coordinates", "coordinates", "an entity's `coordinates`"),
    "person_name": ("Person name", "person-name", "a source's `authors`"),
}

VOCABULARY_LINKS = {  # (record kind, field): anchor of the vocabulary its values come from
    ("entity", "kind"): "entity-kinds",
    ("fact", "verification"): "verifications",
    ("amount", "kind"): "amount-kinds",
    ("amount", "currency"): "currencies",
    ("source", "type"): "source-types",
    ("entity", "names"): "language-tags",
}

CODES = {
    "yaml-syntax": "The file is not valid YAML (the position is where the parser gave up).",
    "duplicate-key": "A key appears twice in one mapping; the first one counts.",
    "bad-key": "A key is not text, e.g. `yes:` or `2016:` (quote it).",
    "yaml-alias": "An alias (`*name`); write the value out instead.",
    "yaml-tag": "A tag such as `!!python/object`; data files hold plain values only.",
    "too-long": f"A value longer than {MAX_SCALAR:,} characters (values are short texts).",
    "empty-file": "The file holds no data.",
    "not-utf8": "The file is not UTF-8; the position is the first byte that is not.",
    "unreadable": "The file or folder cannot be read (permissions).",
    "unexpected-file": "A file (or a folder named `*.yml`) under `data/` that is never read.",
    "unknown-field": "A field the record kind does not have (often a typo).",
    "missing-field": "A required field is missing.",
    "wrong-type": "A value of the wrong type, e.g. `date: 2016` (a number) instead of `'2016'`.",
    "empty-value": "A required text field is empty.",
    "bad-enum": "A value outside its vocabulary (see [Vocabularies](#vocabularies)).",
    "unknown-currency": "A currency that is not one of the [ISO 4217 codes](#currencies) listed.",
    "bad-id": "An id that is not lowercase ASCII words joined by single hyphens.",
    "bad-date": "Not a date of the [EDTF profile](#dates), a day that does not exist, or an "
                "interval that ends before it starts.",
    "bad-url": "Not an absolute http(s) URL.",
    "out-of-range": "A number outside its range (latitude, longitude).",
    "duplicate-id": "Two records of a kind (or two article paragraphs) share an id.",
    "duplicate-term": "A glossary term is defined twice.",
    "unknown-topic": "A topic id that no file in `data/topics/` defines.",
    "unknown-entity": "An entity id (in data or in an article link `[text](@id)`) that no file "
                      "in `data/entities/` defines.",
    "unknown-source": "A source id that no file in `data/sources/` defines.",
    "unknown-paragraph": "An article citation whose locator is not a paragraph id in `docs/`.",
    "self-reference": "A record lists itself as related.",
    "undated-without-note": "`date: null` without a `date_note` saying why.",
    "verification-without-note": "A fact that is not corroborated without a "
                                 "`verification_note` saying what the evidence shows.",
    "correction-incomplete": "A corrected fact without `article_says` (what the article said).",
    "article-says-without-correction": "`article_says` on a fact that is not corrected.",
    "dispute-incomplete": "A disputed or contradicted fact without `counter_claim` and "
                          "`counter_sources`.",
    "counter-without-dispute": "A counter-claim on a fact that is neither disputed nor "
                               "contradicted.",
    "corroborated-without-evidence": "A corroborated fact whose only source is the article.",
    "evidence-undated": "A source other than the article cited without `checked` (the day it "
                        "was read).",
    "evidence-missing": "A source other than the article cited without a `locator` or a "
                        "`quote` showing where it says so.",
    "article-without-paragraph": "The article cited without a paragraph id as `locator`.",
    "missing-translation": "A source not in English without `title_en`.",
    "empty-list": "A fact with no topics or no sources.",
    "missing-coordinates": "A place or site without coordinates (it could not be mapped).",
    "no-data": "The data folder is missing or outside the project.",
    "unfilled-field": "A `TODO:` placeholder left by `dossier new`; replace it with the value.",
}
"""Every problem code of `dossier check`, for the page and for authors."""

SAMPLE = """\
$ dossier check
data/entities/acme-steel.yml:6:1: [error] duplicate key 'name' (first at line 3) (duplicate-key)
data/facts/economy.yml:3:9: [error] 'date' in fact 'acme-buys-plant' is not a real calendar date, got '2024-02-30' (bad-date)
data/facts/economy.yml:14:7: [error] unknown entity 'acme-stel' in 'entities'; did you mean 'acme-steel'? (unknown-entity)
Found 3 errors in 2 files.
$ echo $?
1"""
"""Sample output with made-up ids (search results show code blocks; keep real names out)."""


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _type(f: Field, kind: str) -> str:
    """What a field holds, in words, linking the vocabulary or sub-record it comes from."""
    vocabulary = VOCABULARY_LINKS.get((kind, f.name))
    if f.type == "list":
        if f.items in SUBRECORDS:
            heading, anchor, _ = SUBRECORDS[f.items]
            plural = "quantities" if f.items == "quantity" else f"{heading.lower()}s"
            text = f"list of [{plural}](#{anchor})"
        elif f.ref:
            text = f"list of [{f.ref}](#{KINDS[f.ref][1]}) ids"
        elif f.fmt == "paragraph":
            text = "list of article paragraph ids (`p-…`)"
        else:
            text = "list of text"
    elif f.type == "object":
        heading, anchor, _ = SUBRECORDS[f.items or ""]
        text = f"[{heading.lower()}](#{anchor})"
    elif f.type == "mapping":
        text = f"mapping of [language tag](#{vocabulary}) to text"
    elif vocabulary:
        text = f"one of the [{vocabulary.replace('-', ' ')}](#{vocabulary})"
    elif f.fmt == "edtf":
        text = "[EDTF date](#dates)"
    elif f.fmt == "date":
        text = "date `YYYY-MM-DD`"
    elif f.fmt == "uri":
        text = "http(s) URL"
    elif f.ref:
        text = f"[{f.ref}](#{KINDS[f.ref][1]}) id"
    elif f.pattern == schema.ID_PATTERN:
        text = "[id](#identifiers)"
    else:
        text = {"string": "text", "number": "number", "integer": "whole number",
                "boolean": "`true` or `false`"}[f.type]
    return text + (" or `null`" if f.nullable else "")


def _table(fields: tuple[Field, ...], kind: str) -> list[str]:
    lines = ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]
    for f in fields:
        lines.append(f"| `{f.name}` | {_type(f, kind)} | {'yes' if f.required else ''} | "
                     f"{_cell(f.doc)} |")
    return lines


def _vocabulary(title: str, anchor: str, rows: dict[str, str], head: str) -> list[str]:
    out = [f"### {title} {{ #{anchor} }}", "", f"| Value | {head} |", "| --- | --- |"]
    out += [f"| `{value}` | {_cell(text)} |" for value, text in rows.items()]
    return out + [""]


def page() -> str:
    """The Markdown of /schema/."""
    out = [
        "# Data schema { #data-schema }",
        "",
        "Everything the site shows is built from YAML files in `data/` and the paragraph ids of "
        "the article in `docs/`. This page lists every record kind, field and vocabulary; it is "
        "generated from `dossier/core/schema.py`, the same declarations that `dossier check`, "
        "the JSON Schemas in `schemas/` and the site itself use.",
        "",
        "## Files { #files }",
        "",
        "| Record kind | Files | JSON Schema |",
        "| --- | --- | --- |",
    ]
    for kind, (heading, anchor, where) in KINDS.items():
        out.append(f"| [{heading}](#{anchor}) | {where} | `schemas/{kind}.schema.json` |")
    out += [
        "",
        "A file holds one record (a mapping) or a list of records. Ids are unique per kind across "
        "all files. Dates are written in quotes (`date: \"2016\"`), since YAML reads a bare "
        "`2016` as a number.",
        "",
    ]
    for kind, (heading, anchor, where) in KINDS.items():
        out += [f"## {heading} {{ #{anchor} }}", "", f"Files: {where}.", ""]
        out += _table(schema.RECORDS[kind], kind) + [""]
        if kind == "fact":
            out += [
                "A fact without a date has `date: null` and a `date_note`. Its `verification` "
                "says how well it is established ([vocabulary](#verifications)): a corroborated "
                "fact cites at least one source other than the article; every other value "
                "needs a `verification_note`; a disputed or contradicted fact adds "
                "`counter_claim` and `counter_sources` (the site shows both sides); a corrected "
                "fact gives the right value and keeps the article's in `article_says`. Every "
                "source but the article is cited with a `locator` or `quote` and the day it "
                "was `checked`; the article is cited by paragraph id. A fact's *last checked* "
                "date, shown on the site and in the downloads, is the latest `checked` of its "
                "independent sources: it is never set by re-reading the article. A fact citing "
                "no article paragraph is marked *not from the article*. A place or site entity "
                "needs `coordinates`. A source not in English needs `title_en`; a title in "
                "[square brackets] was supplied by the editors.",
                "",
            ]
    out += ["## Parts of records { #parts }", ""]
    for name, (heading, anchor, used) in SUBRECORDS.items():
        out += [f"### {heading} {{ #{anchor} }}", "", f"Used in {used}.", ""]
        out += _table(schema.SUBRECORDS[name], name) + [""]
    out += ["## Vocabularies { #vocabularies }", ""]
    out += _vocabulary("Entity kinds", "entity-kinds", {
        k: v + (" (needs coordinates)" if k in schema.PLACE_KINDS else "")
        for k, v in schema.ENTITY_KINDS.items()}, "Listed under")
    out += _vocabulary("Fact verifications", "verifications", {
        k: f"**{schema.VERIFICATION_LABELS[k]}.** {v}" for k, v in
        schema.FACT_VERIFICATIONS.items()}, "Meaning")
    out += _vocabulary("Amount kinds", "amount-kinds", schema.AMOUNT_KINDS, "Meaning")
    out += _vocabulary("Source types", "source-types", schema.SOURCE_TYPES, "Meaning")
    out += _vocabulary("Language tags", "language-tags", schema.LANGUAGE_TAGS, "Language")
    out += _vocabulary("Currencies", "currencies", schema.CURRENCIES, "ISO 4217 currency")
    out += [
        "## Dates { #dates }",
        "",
        "Dates use EDTF, the Library of Congress Extended Date/Time Format, so a date says "
        "exactly what is known and no more. The dossier accepts this profile of it: a year, "
        "month or day; a decade (`199X`) or century (`19XX`); each optionally followed by `~` "
        "(approximate), `?` (uncertain) or `%` (both); or an interval `start/end` whose ends are "
        "such dates, either of them open (`..`). Days must exist and intervals must not end "
        "before they start.",
        "",
        "| Written | Means | Shown as |",
        "| --- | --- | --- |",
    ]
    out += [f"| `{value}` | {meaning} | {dates.display(value)} |"
            for value, meaning in schema.EDTF_EXAMPLES.items()]
    out += [
        "",
        "`checked` and `accessed` are plain days, `YYYY-MM-DD`.",
        "",
        "## Identifiers { #identifiers }",
        "",
        "Ids are public: they become URLs (`/entities/<id>/`, `/topics/<id>/`) and anchors "
        "(`/timeline/#<fact-id>`), so they are written by hand, in lowercase ASCII words joined "
        "by single hyphens (`zijin-mining`, `hbis-buys-smederevo`), and never derived from "
        "position. Article paragraph ids start with `p-` and are set in `docs/` with "
        "`{: #p-some-id }` on the line after the paragraph. An article links an entity with "
        "`[text](@entity-id)`.",
        "",
        "## Checking the data { #checking }",
        "",
        "Run `dossier check` from the project folder. It reads all of `data/` and the article "
        "in `docs/`, reports every problem at once, sorted, as `path:line:col: [error] message "
        "(code)` with the line and column where an editor should jump, then a count, and exits "
        "with status 1. When all is well it prints one summary line and exits with 0. `mkdocs "
        "build` (strict or not) runs the same checks and stops on the same problems, so a site "
        "with broken data is never published.",
        "",
        "```console",
        SAMPLE,
        "```",
        "",
        "| Code | Meaning |",
        "| --- | --- |",
    ]
    out += [f"| `{code}` | {meaning} |" for code, meaning in CODES.items()]
    out += [
        "",
        "## Editor setup { #editor-setup }",
        "",
        "The JSON Schemas in `schemas/` let an editor check and complete the YAML as you type. "
        "In VS Code, install the YAML extension (`redhat.vscode-yaml`); the project's "
        "`.vscode/settings.json` already maps each schema to its folder under `data/`. Other "
        "editors built on the same YAML language server (Neovim, Helix or Zed, for example) "
        "read a schema from a first line in the file such as:",
        "",
        "```yaml",
        "# yaml-language-server: $schema=../../schemas/fact.schema.json",
        "```",
        "",
        "The schemas cannot see other files: a misspelt topic or entity id, a duplicate id or an "
        "article paragraph that does not exist is only caught by `dossier check`.",
        "",
    ]
    return "\n".join(out)
