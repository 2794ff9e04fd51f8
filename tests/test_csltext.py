"""APA and Chicago from templates (dossier/cite/csltext.py) are citeproc-py's own output, byte for
byte: for every page, paragraph and fact of the real site, for hostile strings and for random
ones; a template is used wherever it applies (a build has citeproc format a few item shapes,
not every item), and a style that uses a field otherwise keeps that field out of templates."""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Build

from dossier.cite import citation, csltext

STYLES = [name for name, _ in citation.STYLES.values()]
CITEPROC = csltext.citeproc
"""citeproc-py itself, one item at a time (the `calls` fixture counts csltext's own calls)."""
ITEM = {"id": "k", "type": "entry-encyclopedia", "title": "T",
        "container-title": "China–Serbia Relations: a research dossier",
        "author": [{"literal": "China–Serbia dossier editors"}], "version": "v2026.11.28",
        "URL": "https://example.org/dossier/timeline/#x", "language": "en",
        "issued": {"date-parts": [[2026, 11, 28]]}}
"""A fact's CSL item as csl_item() writes it, before the fields that vary."""
HOSTILE = [
    "HBIS buys Železara Smederevo", "Industry & mining", "A <script>alert(1)</script> & co",
    "Кина и Србија: челично пријатељство", "Đakovo–Niš via the Belgrade bypass",
    "“Iron friendship” of the two states", "the 'eye of the tiger' speech",
    '"Quoted" title', "R&D and e.g. U.S. Inc. co-op", "of the: in. to a", "iPhone eBay ÉCOLE über",
    "straße ŉx ǆem İstanbul ﬁsh", "1a2b3c4", "2009", "1-3", "Xi visit 2024 (state)",
    "$1 billion loan for 50%", "#tag a/b _under_", "x", "Tabs\tand\u00a0no-break  spaces",
    "Ends with a period.", "Ends with a question?", "Ends; with: marks!", " leading space",
    "trailing space ", "…and an ellipsis…", "— dashes –", "&", "<", "a &amp; b",
]
"""Titles and genres: markup, entities, quotes, Cyrillic, diacritics, stop words, case-tricky
letters, numbers, whitespace, and punctuation at either end (those go to citeproc itself)."""


def _escaped(item: dict[str, Any]) -> dict[str, Any]:
    """The item as `citation.styled` hands it to citeproc (HTML-escaped data)."""
    return {k: v if k == "id" else citation._escaped(v) for k, v in item.items()}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every citeproc call `csltext.text` makes, from empty templates (restored afterwards)."""
    made: list[str] = []

    def counted(style: str, item: dict[str, Any]) -> str:
        made.append(style)
        return CITEPROC(style, item)

    csltext._template.cache_clear()
    monkeypatch.setattr(csltext, "citeproc", counted)
    yield made
    csltext._template.cache_clear()


def _variants(title: str, genre: str) -> Iterator[dict[str, Any]]:
    yield {**ITEM, "title": title}
    yield {**ITEM, "title": title, "genre": genre}
    yield {**ITEM, "title": title, "genre": genre, "note": f"Latest version: {genre}"}
    yield {**ITEM, "type": "dataset", "title": title}


@pytest.mark.parametrize("style", STYLES)
def test_hostile_strings_come_out_as_citeproc_writes_them(style: str, calls: list[str]) -> None:
    items = [_escaped(v) for i, title in enumerate(HOSTILE)
             for v in _variants(title, HOSTILE[-1 - i])]
    ours = [csltext.text(style, item) for item in items]
    assert ours == [CITEPROC(style, item) for item in items]
    neutral = [i for i in items if all(csltext._neutral(i[s]) for s in csltext.SLOTS if s in i)]
    assert len(neutral) > len(items) / 2
    shapes = 4  # the variants: per shape one template, a probe per field, one compared item
    assert len(calls) <= len(items) - len(neutral) + shapes * (2 + len(csltext.SLOTS))


@pytest.mark.parametrize("seed", [1, 2])
def test_random_strings_come_out_as_citeproc_writes_them(seed: int, calls: list[str]) -> None:
    rng = random.Random(seed)
    words = [w for title in HOSTILE for w in title.split()] + ["of", "the", "a", ":", "."]

    def phrase(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, n)))

    items = []
    for i in range(60):
        title = f"{rng.choice(['ab', 'X', '“q', 'Ž'])} {phrase(8)} {rng.choice(['cd', '”', 'ŉ'])}"
        variant = list(_variants(title, f"Paragraph {phrase(3)} p-{i}"))
        items.append(_escaped({**rng.choice(variant), "language": rng.choice(["en", "sr"])}))
    for style in STYLES:
        assert [csltext.text(style, it) for it in items] == [CITEPROC(style, it) for it in items]


def _real_citations(build: Build) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """(CSL item, {format: text}) of every citation the real site's build wrote: each page's
    block and each paragraph's and fact's entry in the page's data."""
    for page in sorted(build.site_dir.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        blocks = dict(re.findall(r'<pre class="dossier-cite__text" data-cite-format="(\w+)">'
                                 r"(.*?)</pre>", text, re.S))
        if "csl" in blocks:
            yield json.loads(html.unescape(blocks["csl"]))[0], blocks
        data = re.search(r'<div class="dossier-cite-data" hidden[^>]*>(.*?)</div>', text)
        if data:
            yield from ((e["csl"], e) for e in json.loads(html.unescape(data.group(1)))["items"].values())


def test_every_real_citation_is_citeprocs_own(built_site: Build, calls: list[str]) -> None:
    """The real site's APA and Chicago text, as built (templates, from the build cache or
    not), equals what citeproc writes for each item on its own; and templates make them with a
    few citeproc calls per item shape, not one per item."""
    found = list(_real_citations(built_site))
    assert len(found) > 200
    shapes = set()
    for csl, texts in found:
        item = _escaped(csl)
        shapes.add((item["type"], *(s in item for s in csltext.SLOTS)))
        for key, (style, _) in citation.STYLES.items():
            assert texts[key].rstrip() == csltext.text(style, item), (key, csl["id"])
            assert texts[key].rstrip() == CITEPROC(style, item), csl["id"]
    assert len(calls) <= 2 * len(shapes) * (2 + len(csltext.SLOTS)) + 2  # + a non-neutral title


def test_a_wrong_template_is_never_used(monkeypatch: pytest.MonkeyPatch, calls: list[str]) -> None:
    """If a template misread citeproc (here: a text case written wrongly), the shape's first
    item, which citeproc also formats, shows it, and citeproc formats the rest."""
    monkeypatch.setattr(csltext, "_cased", lambda value, case: value.upper())
    items = [_escaped({**ITEM, "title": t}) for t in ("first title", "second title")]
    for style in STYLES:
        assert [csltext.text(style, it) for it in items] == [
            CITEPROC(style, it) for it in items]


def _style(body: str, macro: str = "") -> bytes:
    return (f'<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">{macro}'
            f"<bibliography><layout>{body}</layout></bibliography></style>").encode()


@pytest.mark.parametrize(("body", "macro", "slots"), [
    ('<text variable="title" text-case="title"/><text variable="URL"/>', "",
     {"title", "URL", "genre", "note"}),
    ('<choose><if variable="genre"><text variable="genre" text-case="capitalize-first"/></if>'
     "</choose>", "", {"title", "URL", "genre", "note"}),
    ('<choose><if is-numeric="title"><text value="n"/></if></choose>', "",
     {"URL", "genre", "note"}),
    ('<label variable="genre"/><text variable="title" text-case="sentence"/>', "",
     {"URL", "note"}),
    ('<text variable="URL" strip-periods="true"/><number variable="note"/>', "",
     {"title", "genre"}),
    ('<text macro="m" text-case="title"/>', '<macro name="m"><text variable="URL"/></macro>',
     set()),
])
def test_only_fields_a_style_prints_as_plain_text_are_templated(body: str, macro: str,
                                                                slots: set[str]) -> None:
    assert csltext.slots(_style(body, macro)) == slots
