"""The data model and its JSON Schemas: the committed schemas cannot drift, `dossier check` and
an editor read them alike, and one table of rules drives both."""

from __future__ import annotations

import fnmatch
import json
import string
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, FormatChecker

from dossier.core import schema
from dossier.core.article import parse_page
from dossier.core.checks import Corpus, run_checks, unknown_sources
from dossier.core.loader import load_text
from dossier.core.records import data_files, load_records, records_of

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _validator(kind: str) -> Draft7Validator:
    return Draft7Validator(schema.json_schema(kind), format_checker=FormatChecker())


def test_committed_schemas_are_generated_from_the_model() -> None:
    for rel, text in schema.schema_files().items():
        path = ROOT / rel
        assert path.is_file(), f"{rel} is missing: run python3 scripts/gen_schema.py"
        assert path.read_text(encoding="utf-8") == text, (
            f"{rel} is stale: run python3 scripts/gen_schema.py")
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / schema.SCHEMA_DIR).glob("*.json")}
    assert on_disk == set(schema.schema_files()), "schemas/ holds files the model does not make"


@pytest.mark.parametrize("kind", sorted(schema.RECORDS))
def test_schemas_are_valid_draft_7(kind: str) -> None:
    Draft7Validator.check_schema(schema.json_schema(kind))


def test_every_field_is_documented() -> None:
    kinds = {**schema.RECORDS, **schema.SUBRECORDS}
    undocumented = [f"{kind}.{f.name}" for kind, fs in kinds.items() for f in fs
                    if not f.doc.strip()]
    assert not undocumented, f"fields without a doc line: {undocumented}"


def test_editor_settings_map_every_schema_to_its_data_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert {f"./{rel}" for rel in schema.schema_files()} == set(mapping)
    for folder, kind in schema.FOLDERS.items():
        globs = mapping[f"./{schema.SCHEMA_DIR}/{kind}.schema.json"]
        for example in (f"data/{folder}/x.yml", f"data/{folder}/sub/x.yml", f"data/{folder}.yml"):
            assert any(fnmatch.fnmatch(example, g.replace("**/", "*")) or
                       fnmatch.fnmatch(example, g.replace("**/", "")) for g in globs), example


def test_real_data_validates_against_the_schemas() -> None:
    files = list(data_files(DATA)) if DATA.is_dir() else []
    if not files:
        pytest.skip("data/ is empty")
    errors = []
    for file, kind in files:
        doc = load_text(file.read_text(encoding="utf-8"), file.relative_to(ROOT).as_posix())
        assert not doc.problems, doc.problems
        for error in _validator(kind).iter_errors(doc.value):
            where = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"{doc.path}: {where}: {error.message}")
    assert not errors, "\n".join(errors[:20])
    records, problems = load_records(DATA, ROOT)
    assert records and not problems


# --------------------------------------------------------------------------- agreement
# `dossier check` validates each record with these schemas (core/records.py); an editor does too,
# with a standard validator. They must agree, except where an editor cannot know (LOADER_ONLY).

FACT = """id: a-fact
date: "2016"
title: A fact
summary: Something happened.
topics: [industry]
entities: [hbis]
sources:
  - {source: article, locator: p-steel}
  - {source: other, locator: p. 3, checked: "2026-11-28"}
verification: corroborated
"""

GOOD = [
    ("fact", FACT),
    ("fact", FACT.replace('"2016"', "null") + "date_note: The article gives no date.\n"),
    ("fact", FACT.replace('"2016"', '"199X"')),
    ("fact", FACT.replace('"2016"', '"../2024-05-07"')),
    ("fact", FACT.replace('"2016"', '"2016~/2017?"')),
    ("fact", FACT + "amounts:\n"
     "  - {value: 1.5e+9, currency: USD, kind: loan, approximate: true}\n"),
    ("fact", FACT.replace("corroborated", "disputed") + "verification_note: Contested.\n"
     "counter_claim: Others say no.\ncounter_sources:\n"
     "  - {source: other, quote: No., checked: '2026-11-28'}\n"),
    ("fact", FACT.replace("corroborated", "contradicted") + "verification_note: Others differ.\n"
     "counter_claim: Others say no.\ncounter_sources:\n"
     "  - {source: other, locator: p. 4, checked: '2026-11-28'}\n"),
    ("fact", FACT.replace("corroborated", "corrected") + "verification_note: Wrong year.\n"
     "article_says: In 2015.\n"),
    ("fact", FACT.replace("corroborated", "article-claim") + "verification_note: Not found.\n"),
    ("source", "id: other\ntype: news\ntitle: Izveštaj\ntitle_en: Report\nlanguage: sr-Latn\n"),
    ("entity", "id: hbis\nkind: company\nname: HBIS\ndescription: Steel.\n"
     "sources: [{source: other, locator: lead, checked: '2026-11-28'}]\n"),
    ("fact", "- " + FACT.replace("\n", "\n  ").rstrip() + "\n"),
    ("entity", "id: bor\nkind: site\nname: Bor\ndescription: A mine.\n"
     "coordinates: {lat: 44.07, lon: 22.1}\nnames: {sr-Cyrl: Бор}\n"),
    ("entity", "id: hbis\nkind: company\nname: HBIS\ndescription: Steel.\naliases: [Hesteel]\n"),
    ("topic", "id: industry\nname: Industry\ndescription: Steel.\nparagraphs: [p-steel]\n"),
    ("source", "id: other\ntype: news\ntitle: Report\nurl: https://example.org/a\n"
     "accessed: '2024-02-29'\nissued: '2023-10'\nauthors: [{family: Doe, given: Jane}]\n"),
    ("glossary", "- {term: EU, id: eu, expansion: European Union, definition: A union.}\n"),
]

BAD = [
    ("fact", FACT.replace("title: A fact\n", "")),                      # missing field
    ("fact", FACT + "summery: typo\n"),                                  # unknown field
    ("fact", FACT.replace('"2016"', "2016")),                            # number, not text
    ("fact", FACT.replace('"2016"', '"21/03/2021"')),                    # not EDTF
    ("fact", FACT.replace('"2016"', '"2024-13"')),                       # no month 13
    ("fact", FACT.replace('"2016"', '"2013/"')),                         # outside the profile
    ("fact", FACT.replace("corroborated", "maybe")),                     # verification
    ("fact", FACT.replace("a-fact", "A_Fact")),                          # id
    ("fact", FACT.replace("A fact", '"  "')),                            # blank title
    ("fact", FACT.replace("[industry]", "[]")),                          # no topic
    ("fact", FACT.replace("[industry]", "industry")),                    # not a list
    ("fact", FACT.replace("[industry]", "[Industry]")),                  # not an id
    ("fact", FACT + "amounts:\n  - {value: 5, currency: EURO, kind: loan, approximate: false}\n"),
    ("fact", FACT + "amounts:\n  - {value: '5', currency: EUR, kind: loan, approximate: false}\n"),
    ("fact", FACT + "amounts:\n  - {value: 5, currency: EUR, kind: loan}\n"),
    ("fact", FACT.replace('"2016"', "null")),                            # undated, no note
    ("fact", FACT.replace("corroborated", "disputed") + "verification_note: Contested.\n"),
    ("fact", FACT.replace("corroborated", "corrected") + "article_says: x\n"),  # no note
    ("fact", FACT.replace("corroborated", "corrected") + "verification_note: x\n"),  # no article_says
    ("fact", FACT + "article_says: x\n"),                                 # not corrected
    ("fact", FACT + "counter_claim: Others say no.\n"),                  # counter, not disputed
    ("fact", FACT.replace("  - {source: other, locator: p. 3, checked: \"2026-11-28\"}\n", "")),
    ("fact", FACT.replace(", checked: \"2026-11-28\"", "")),              # evidence undated
    ("fact", FACT.replace("locator: p. 3, ", "")),                       # no locator or quote
    ("fact", FACT.replace("{source: article, locator: p-steel}", "{source: article}")),
    ("fact", FACT.replace('"2026-11-28"', '"2026-02-30"')),              # no such day
    ("fact", FACT.replace('"2026-11-28"', '"28.11.2026"')),
    ("source", "id: other\ntype: news\ntitle: Izveštaj\nlanguage: sr-Latn\n"),  # no title_en
    ("entity", "id: bor\nkind: site\nname: Bor\ndescription: A mine.\n"),  # no coordinates
    ("entity", "id: bor\nkind: site\nname: Bor\ndescription: A mine.\n"
     "coordinates: {lat: 144.07, lon: 22.1}\n"),
    ("entity", "id: bor\nkind: town\nname: Bor\ndescription: A mine.\n"),
    ("entity", "id: hbis\nkind: company\nname: HBIS\ndescription: Steel.\nnames: {sr-latn: X}\n"),
    ("topic", "id: industry\nname: Industry\ndescription: Steel.\nparagraphs: [steel]\n"),
    ("source", "id: other\ntype: news\ntitle: Report\nurl: www.example.org/a\n"),
    ("source", "id: other\ntype: newspaper\ntitle: Report\n"),
    ("source", "id: other\ntype: news\ntitle: Report\naccessed: '2026-11-2'\n"),
    ("glossary", "- {term: EU, id: eu, expansion: European Union}\n"),
    ("glossary", "just text\n"),
]

LOADER_ONLY = [
    # What a JSON Schema cannot say; `dossier check` is the authority (documented in the schema).
    ("fact", FACT.replace('"2016"', '"2024-02-30"'), "bad-date"),        # no such day
    ("fact", FACT.replace('"2016"', '"2023-02-29"'), "bad-date"),        # not a leap year
    ("fact", FACT.replace('"2016"', '"2015/2013"'), "bad-date"),         # ends before it starts
    ("fact", FACT.replace("[industry]", "[mining]"), "unknown-topic"),   # other files
    ("fact", FACT.replace("p-steel", "p-iron"), "unknown-paragraph"),    # the article
    ("entity", "id: bor\nkind: site\nname: Bor\ndescription: A mine.\n"   # JSON has no NaN
     "coordinates: {lat: .nan, lon: 22.1}\n", "wrong-type"),
]


CONTEXT = [  # what the records above refer to, so `dossier check` sees a consistent data set
    ("topic", "id: industry\nname: Industry\ndescription: Steel.\n"),
    ("entity", "id: hbis\nkind: company\nname: HBIS\ndescription: Steel.\n"),
    ("source", "id: article\ntype: article\ntitle: The article\n"),
    ("source", "id: other\ntype: news\ntitle: Report\n"),
]
PAGE = parse_page("# Example { #example }\n\nIn 2016 HBIS bought a plant.\n{: #p-steel }\n",
                  "index.md")


def _loader_problems(kind: str, text: str) -> list[str]:
    """Every problem `dossier check` reports in this record, checked with CONTEXT around it."""
    doc = load_text(text, f"data/{kind}.yml")
    records, shape = records_of(doc, kind)
    ids = {(r.kind, r.id) for r in records}
    for i, (other_kind, other) in enumerate(CONTEXT):
        found, _ = records_of(load_text(other, f"data/context-{i}.yml"), other_kind)
        records += [r for r in found if (r.kind, r.id) not in ids]
    cross = [p for p in run_checks(Corpus(records, [PAGE])) if p.path == doc.path]
    return [p.code for p in unknown_sources(doc.problems + shape + cross)]


def _schema_errors(kind: str, text: str) -> list[str]:
    value = load_text(text, "x.yml").value
    return [e.message for e in _validator(kind).iter_errors(value)]


@pytest.mark.parametrize(("kind", "text"), GOOD)
def test_good_records_pass_both(kind: str, text: str) -> None:
    assert _loader_problems(kind, text) == []
    assert _schema_errors(kind, text) == []


@pytest.mark.parametrize(("kind", "text"), BAD)
def test_bad_records_fail_both(kind: str, text: str) -> None:
    assert _loader_problems(kind, text), "the loader accepts it"
    assert _schema_errors(kind, text), "the JSON Schema accepts it"


@pytest.mark.parametrize(("kind", "text", "code"), LOADER_ONLY)
def test_what_only_the_loader_catches(kind: str, text: str, code: str) -> None:
    assert _loader_problems(kind, text) == [code]
    assert _schema_errors(kind, text) == []


def test_patterns_are_read_as_editors_read_them() -> None:
    """JSON Schema patterns are ECMA-262 regexes: `$` ends the text. Python's `$` would also
    match before a final newline, and a standard validator in Python accepts this id."""
    text = FACT.replace("id: a-fact", 'id: "a-fact\\n"')
    assert _loader_problems("fact", text) == ["bad-id"]
    assert _schema_errors("fact", text) == []


def test_a_value_of_any_shape_is_a_problem_not_a_traceback() -> None:
    for value in ("{a: 1}", "[x, [y]]", "[" * 999 + "]" * 999):
        text = f"id: bor\nkind: {value}\nname: Bor\ndescription: A mine.\n"
        assert _loader_problems("entity", text) == ["wrong-type"], value


# --------------------------------------------------------------------------- rules, declared once

RULE_CASES = [  # (kind, record, code): each rule broken alone
    ("fact", FACT.replace('"2016"', "null"), "undated-without-note"),
    ("fact", FACT.replace("corroborated", "article-claim"), "verification-without-note"),
    ("fact", FACT.replace("corroborated", "corrected") + "verification_note: x\n",
     "correction-incomplete"),
    ("fact", FACT + "article_says: x\n", "article-says-without-correction"),
    ("fact", FACT.replace("corroborated", "disputed") + "verification_note: x\n"
     "counter_sources: [{source: other, quote: No., checked: '2026-11-28'}]\n",
     "dispute-incomplete"),
    ("fact", FACT.replace("corroborated", "disputed") + "verification_note: x\n"
     "counter_claim: Others say no.\n", "dispute-incomplete"),
    ("fact", FACT + "counter_claim: Others say no.\n", "counter-without-dispute"),
    ("fact", FACT.replace("  - {source: other, locator: p. 3, checked: \"2026-11-28\"}\n", ""),
     "corroborated-without-evidence"),
    ("entity", "id: bor\nkind: site\nname: Bor\ndescription: A mine.\n", "missing-coordinates"),
    ("source", "id: other\ntype: news\ntitle: Izveštaj\nlanguage: sr-Latn\n",
     "missing-translation"),
    ("fact", FACT.replace("{source: article, locator: p-steel}", "{source: article}"),
     "article-without-paragraph"),
    ("fact", FACT.replace(", checked: \"2026-11-28\"", ""), "evidence-undated"),
    ("fact", FACT.replace("locator: p. 3, ", ""), "evidence-missing"),
]


def test_every_rule_has_a_case() -> None:
    assert [r.code for r in schema.RULES] == [code for *_, code in RULE_CASES]


def test_the_schemas_hold_exactly_the_rules() -> None:
    """Each record and sub-record schema's `allOf` is its rules' if/then, in table order."""
    holders = set()
    for kind in schema.RECORDS:
        for name, definition in schema.json_schema(kind)["definitions"].items():
            holder = kind if name == "record" else name
            holders.add(holder)
            assert definition.get("allOf", []) == [r.condition() for r in schema.rules(holder)]
    assert {r.kind for r in schema.RULES} <= holders


@pytest.mark.parametrize(("rule", "kind", "text"), [
    (rule, kind, text) for rule, (kind, text, _) in zip(schema.RULES, RULE_CASES)],
    ids=[f"{r.code}-{i}" for i, r in enumerate(schema.RULES)])
def test_a_broken_rule_is_reported_by_the_check_and_the_editor(rule: schema.Rule, kind: str,
                                                                text: str) -> None:
    """`dossier check` reports it with the rule's code; an editor through the rule's if/then
    (the schema's only `allOf`) and nothing else."""
    assert _loader_problems(kind, text) == [rule.code]
    definitions = schema.json_schema(kind)["definitions"]  # the file's schema, for one record
    editor = Draft7Validator({"$ref": "#/definitions/record", "definitions": definitions},
                             format_checker=FormatChecker())
    errors = list(editor.iter_errors(load_text(text, "x.yml").value))
    assert errors and all("allOf" in e.schema_path for e in errors), [e.message for e in errors]


def test_rules_name_declared_fields() -> None:
    for rule in schema.RULES:
        declared = {f.name for f in schema.fields(rule.kind)}
        used = {name for _, name, _, _ in string.Formatter().parse(rule.message) if name}
        assert rule.at in declared and used <= declared | {"within"}, rule.code
