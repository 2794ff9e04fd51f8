"""Loaded documents → records, each validated against its kind's JSON Schema, with a problem for
every way it breaks it.

`schema.py` declares the model and derives a JSON Schema from it: the same schema editors use
(`schemas/`) is what `jsonschema` checks here, one record at a time (fields, types,
vocabularies, formats such as EDTF dates, real days and URLs, and the rules between fields,
`schema.RULES`). This module only says what the schema cannot: where each error is in the YAML
file (the loader's positions) and how to tell the editor about it (a message and a stable code).
Checks that need more than one record (unique ids, references) live in `checks.py`.
"""

from __future__ import annotations

import functools
import gc
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators

from . import dates
from .loader import REJECTED, Document, Pos, YMap, load_file
from .problems import Problem, shorten, suggest
from .schema import EDTF_PATTERN, FOLDERS, SUBRECORDS, Field, fields, json_schema, rules

_TYPE_WORDS = {"string": "a string", "number": "a number", "integer": "an integer",
               "boolean": "true or false", "list": "a list", "mapping": "a mapping",
               "object": "a mapping"}


@dataclass
class Record:
    """One top-level record: its kind, its file, and the validated mapping."""

    kind: str
    path: str
    data: YMap

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else ""

    def at(self, key: str | None = None) -> tuple[int, int]:
        """Position of a key's value (or of the record) for problem reports."""
        if key is not None and key in self.data.val_pos:
            return self.data.val_pos[key]
        return self.data.pos


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return shorten(value)


def _edtf_error(value: str) -> str | None:
    """Why `value` is not a date of the dossier's EDTF profile (see schema.EDTF_PATTERN)."""
    if not _regex(EDTF_PATTERN).search(value):
        return ("must be an EDTF date such as '2016', '2009-08', '2023-10-17', '1999~', '199X' "
                "or '2013/..'")
    ends = dates.bounds(value)
    if ends is None:
        return "is not a real calendar date"
    if ends[0] and ends[1] and ends[0] > ends[1]:
        return "is an interval that ends before it starts"
    return None


# ---------------------------------------------------------------- the validator

_FORMATS = FormatChecker(formats=())
"""The formats a pattern cannot state. (`uri` needs no checker: `URL_PATTERN` says it all.)"""


@_FORMATS.checks("edtf")
def _is_edtf(value: object) -> bool:
    return not isinstance(value, str) or _edtf_error(value) is None


@_FORMATS.checks("date")
def _is_day(value: object) -> bool:
    return not isinstance(value, str) or dates.is_calendar_date(value)


def _is_number(checker: Any, value: object) -> bool:
    # YAML can write .inf and .nan; JSON cannot, so neither is a JSON Schema number.
    return Draft7Validator.TYPE_CHECKER.is_type(value, "number") and (
        not isinstance(value, float) or math.isfinite(value))


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262 regexes, in which `$` is the end of the text, as editors
    # read it; Python's `$` also matches before a final newline, which would let an id 'hbis\n'
    # through. The model's patterns use `$` only as that anchor.
    return re.compile(pattern.replace("$", r"\Z"))


def _pattern(validator: Any, pattern: str, instance: object, schema: Any) -> Iterator[Any]:
    if isinstance(instance, str) and not _regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(
    Draft7Validator, validators={"pattern": _pattern},
    type_checker=Draft7Validator.TYPE_CHECKER.redefine("number", _is_number))


@functools.cache
def _validator(kind: str) -> Any:
    """The JSON Schema of one `kind` record, compiled once (then reused for every record)."""
    schema = json_schema(kind)
    return _Validator({**schema["definitions"]["record"], "definitions": schema["definitions"]},
                      format_checker=_FORMATS)


# ---------------------------------------------------------------- errors → problems


@dataclass
class _Spot:
    """What a schema error's path points at in a record."""

    obj: YMap  # the innermost record or sub-record on the path
    kind: str  # its kind
    where: str  # how messages name it: "fact 'x'", "fact 'x'.amounts[1]"
    within: str  # the field of the parent that holds it ('' for a record)
    field: Field | None = None  # the field the path ends in; None: the record itself
    value: Any = None
    pos: Pos = (1, 1)
    item: str | None = None  # how messages name a list item or a mapping's value


def _spot(record: YMap, kind: str, where: str, path: Iterable[Any]) -> _Spot:
    """Follow an error's path (keys and list indexes) through the record and the fields
    declared for each kind, to the value and its position in the file."""
    spot = _Spot(record, kind, where, "", value=record, pos=record.pos)
    steps = iter(path)
    for key in steps:
        f = {f.name: f for f in fields(spot.kind)}[key]
        spot.field, spot.item = f, None
        spot.value, spot.pos = spot.obj[key], spot.obj.val_pos[key]
        sub = f.items if f.type == "object" else None
        if f.type in ("list", "mapping"):
            index = next(steps, None)
            if index is None:
                continue
            container = spot.value
            spot.value = container[index]
            if f.type == "list":
                spot.pos = container.item_pos[index]
                spot.item = f"{spot.where}.{f.name}[{index + 1}]"
                sub = f.items if f.items in SUBRECORDS else None
            else:
                spot.pos = container.val_pos[index]
                spot.item = f"{f.name}.{shorten(index, 30)} in {spot.where}"
        if sub and isinstance(spot.value, dict):
            spot.obj, spot.kind, spot.within = spot.value, sub, f.name
            spot.where = spot.item or f"{spot.where}.{f.name}"
    return spot


def _wrong_type(spot: _Spot, f: Field) -> str:
    value = spot.value
    if spot.item is None:
        # `date: 2016` or `title: yes` is a YAML number or boolean: quoting makes it text.
        hint = ("; put it in quotes" if f.type == "string"
                and isinstance(value, (int, float, bool)) else "")
        return (f"{f.name!r} in {spot.where} must be {_TYPE_WORDS[f.type]}, "
                f"got {_describe(value)}{hint}")
    what = "a string" if f.type == "mapping" or f.items in ("string", None) else "a mapping"
    return f"{spot.item} must be {what}, got {_describe(value)}"


def _bad_string(f: Field, value: str, where: str) -> tuple[str, str] | None:
    """(code, message) for a text that fails its field's `pattern` or `format`; None for a
    malformed reference, which the reference checks report with the id it probably means."""
    name = f"{f.name!r} in {where}"
    if f.pattern:
        return "bad-id", (f"{name} must be lowercase ASCII words joined by hyphens "
                          f"(e.g. 'zijin-mining'), got {shorten(value)}")
    if f.fmt == "edtf":
        return "bad-date", f"{name} {_edtf_error(value)}, got {shorten(value)}"
    if f.fmt == "date":
        return "bad-date", f"{name} must be a real date YYYY-MM-DD, got {shorten(value)}"
    if f.fmt == "uri":
        return "bad-url", f"{name} must be an http(s) URL, got {shorten(value)}"
    if f.required and not value.strip():
        return "empty-value", f"{name} must not be empty"
    return None


def _problems(error: ValidationError, record: YMap, kind: str, where: str,
              path: str) -> Iterator[Problem]:
    """The problems one jsonschema error stands for, in the dossier's words."""
    spot = _spot(record, kind, where, error.absolute_path)
    keyword, schema_path = error.validator, list(error.schema_path)
    if "allOf" in schema_path:  # a rule between fields (schema.RULES), the schema's only allOf
        rule = rules(spot.kind)[schema_path[schema_path.index("allOf") + 1]]
        line, col = spot.obj.val_pos.get(rule.at, spot.obj.pos)
        yield Problem(path, line, col, rule.code,
                      rule.message.format_map({**spot.obj, "within": spot.within}))
        return
    if keyword == "required":
        for name in error.validator_value:
            if name not in spot.obj:
                yield Problem(path, *spot.obj.pos, "missing-field",
                              f"{spot.where} is missing required field {name!r}")
        return
    if keyword == "additionalProperties":
        declared = [f.name for f in fields(spot.kind)]
        for key in spot.obj:
            if key not in declared:
                yield Problem(path, *spot.obj.key_pos[key], "unknown-field",
                              f"unknown field {shorten(key)} in {spot.where}"
                              f"{suggest(key, declared)}; expected one of: {', '.join(declared)}")
        return
    f, value = spot.field, spot.value
    if f is None or value is REJECTED:  # the loader has reported it
        return
    name = f"{f.name!r} in {spot.where}"
    if keyword == "type":
        yield Problem(path, *spot.pos, "wrong-type", _wrong_type(spot, f))
    elif keyword in ("minimum", "maximum"):
        low, high = f.schema_extra.get("minimum"), f.schema_extra.get("maximum")
        yield Problem(path, *spot.pos, "out-of-range",
                      f"{name} must be between {low} and {high}, got {_describe(value)}")
    elif keyword == "minItems":
        yield Problem(path, *spot.pos, "empty-list", f"{f.name!r} must list at least one item")
    elif keyword == "enum" and "propertyNames" in schema_path:  # a key of a mapping field
        key, allowed = error.instance, error.validator_value
        yield Problem(path, *value.key_pos[key], "bad-enum",
                      f"{f.name} key {shorten(key)} in {spot.where} is not a known language tag"
                      f"{suggest(key, allowed)}; expected one of: {', '.join(allowed)}")
    elif keyword == "enum":
        code = "unknown-currency" if f.fmt == "currency" else "bad-enum"
        yield Problem(path, *spot.pos, code, f"{name} must be one of: {', '.join(f.enum or ())}; "
                      f"got {shorten(value)}{suggest(value, f.enum or ())}")
    elif keyword in ("pattern", "format") and spot.item is None:
        found = _bad_string(f, value, spot.where)
        if found:
            yield Problem(path, *spot.pos, *found)


def _validate(record: YMap, kind: str, where: str, path: str) -> list[Problem]:
    errors = list(_validator(kind).iter_errors(record))
    # A value of the wrong type is reported as that alone, not also as outside its enum.
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    return [problem for error in errors
            if error.validator == "type" or tuple(error.absolute_path) not in mistyped
            or "allOf" in error.schema_path
            for problem in _problems(error, record, kind, where, path)]


def records_of(doc: Document, kind: str) -> tuple[list[Record], list[Problem]]:
    """Validate one document's records of `kind` (a mapping, or a list of mappings).

    Its problems come sorted by position, each once (a value can break a pattern and a format,
    a record miss several required fields: jsonschema reports each)."""
    value = doc.value
    if value is None or value is REJECTED:
        return [], []
    if isinstance(value, dict):
        items: list[tuple[Any, tuple[int, int]]] = [(value, value.pos)]
    elif isinstance(value, list):
        items = list(zip(value, value.item_pos))
    else:
        return [], [Problem(doc.path, 1, 1, "wrong-type",
                            f"a {kind} file must hold a mapping or a list of mappings, "
                            f"got {_describe(value)}")]
    records, problems = [], []
    for item, pos in items:
        if item is REJECTED:
            continue
        if not isinstance(item, dict):
            problems.append(Problem(doc.path, *pos, "wrong-type",
                                    f"each {kind} must be a mapping, got {_describe(item)}"))
            continue
        ident = item.get("id")
        where = f"{kind} {shorten(ident)}" if isinstance(ident, str) else kind
        problems += _validate(item, kind, where, doc.path)
        records.append(Record(kind, doc.path, item))
    return records, sorted(set(problems))


def data_files(data_dir: Path) -> Iterator[tuple[Path, str]]:
    """Every data file with the record kind its folder holds, in a stable order.

    A top-level file named like a folder (`data/glossary.yml`) holds that kind too."""
    for folder, kind in sorted(FOLDERS.items()):
        single = data_dir / f"{folder}.yml"
        if single.is_file():
            yield single, kind
        sub = data_dir / folder
        if sub.is_dir():
            for file in sorted(sub.rglob("*")):
                if file.suffix in (".yml", ".yaml") and file.is_file():
                    yield file, kind


def unreadable_folders(data_dir: Path, root: Path) -> list[Problem]:
    """Folders that cannot be listed: their files would otherwise go missing without a word."""
    problems: list[Problem] = []

    def report(exc: OSError) -> None:
        where = Path(exc.filename or data_dir).relative_to(root).as_posix()
        problems.append(Problem(where, 1, 1, "unreadable",
                                f"cannot read folder: {exc.strerror or type(exc).__name__}"))

    for _ in os.walk(data_dir, onerror=report):
        pass
    return problems


def load_records(data_dir: Path, root: Path) -> tuple[list[Record], list[Problem]]:
    """Load and shape-check every data file under `data_dir`."""
    records: list[Record] = []
    problems: list[Problem] = unreadable_folders(data_dir, root)
    # Loading allocates millions of small containers and no reference cycles; the cyclic
    # garbage collector would rescan the growing heap over and over (60% of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for file, kind in data_files(data_dir):
            doc = load_file(file, root)
            problems.extend(doc.problems)
            found, shape = records_of(doc, kind)
            records.extend(found)
            problems.extend(shape)
    finally:
        if collecting:
            gc.enable()
    return records, problems
