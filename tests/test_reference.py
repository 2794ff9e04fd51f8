"""The schema reference page (/schema/): golden Markdown, explicit heading ids, working anchors,
and every field, vocabulary value and problem code documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.render import schema_page

from dossier.core import schema
from dossier.engine.assembly import generated_pages
from dossier.core.site import load

GOLDEN = Path(__file__).parent / "golden" / "schema.md"  # the page before "Cite this"
INVALID = Path(__file__).parent / "examples" / "invalid"
PAGE = schema_page.page()
HEADING = re.compile(r"^(#{1,6}) (.*)$", re.M)


def test_page_matches_golden(golden) -> None:
    golden(GOLDEN, PAGE)


def _heading_ids() -> list[str]:
    ids = []
    prose = re.sub(r"^```.*?^```$", "", PAGE, flags=re.M | re.S)  # code blocks hold `#` lines
    for _, text in HEADING.findall(prose):
        m = re.search(r"\{ #([a-z0-9-]+) \}$", text)
        assert m, f"heading without an explicit id: {text!r}"
        ids.append(m[1])
    return ids


def test_every_heading_has_a_unique_explicit_id() -> None:
    ids = _heading_ids()
    assert len(ids) == len(set(ids)) > 20


def test_every_anchor_link_points_at_a_heading() -> None:
    ids = set(_heading_ids())
    targets = set(re.findall(r"\]\(#([a-z0-9-]+)\)", PAGE))
    assert targets and targets <= ids, targets - ids


def test_every_field_and_vocabulary_value_is_documented() -> None:
    for fields in (*schema.RECORDS.values(), *schema.SUBRECORDS.values()):
        for f in fields:
            assert f"| `{f.name}` |" in PAGE
    for vocabulary in (schema.ENTITY_KINDS, schema.FACT_VERIFICATIONS, schema.AMOUNT_KINDS,
                       schema.SOURCE_TYPES, schema.LANGUAGE_TAGS, schema.CURRENCIES):
        for value in vocabulary:
            assert f"| `{value}` |" in PAGE, value
    assert set(schema_page.KINDS) == set(schema.RECORDS)
    assert set(schema_page.SUBRECORDS) == set(schema.SUBRECORDS)


def test_every_problem_code_of_the_corpus_is_explained() -> None:
    codes = set()
    for expected in INVALID.glob("*/expected.txt"):
        codes |= set(re.findall(r"\(([a-z0-9-]+)\)$", expected.read_text(encoding="utf-8"), re.M))
    assert codes and codes <= set(schema_page.CODES), codes - set(schema_page.CODES)


def test_every_rule_between_fields_is_explained() -> None:
    codes = {rule.code for rule in schema.RULES}
    assert codes <= set(schema_page.CODES), codes - set(schema_page.CODES)


def test_registered_as_a_generated_page() -> None:
    site = load(Path(__file__).parent / "examples" / "valid").site
    assert site is not None
    assert generated_pages(site)[schema_page.SCHEMA] == PAGE
