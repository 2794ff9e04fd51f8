"""Loaded documents → records whose shape matches `schema`, plus a problem for every mismatch.

The checks here look at one record at a time (fields, types, enums, formats). Checks that need
more than one record (unique ids, references) live in `checks.py`.
"""

from __future__ import annotations

import gc
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import dates
from .loader import REJECTED, Document, YList, YMap, load_file
from .problems import Problem, shorten, suggest
from .schema import DAY_PATTERN, EDTF_PATTERN, FOLDERS, URL_PATTERN, Field, fields

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "list": (list,),
    "mapping": (dict,),
    "object": (dict,),
}
_EDTF = re.compile(EDTF_PATTERN)
_DAY = re.compile(DAY_PATTERN)
_URL = re.compile(URL_PATTERN)
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
    if not _EDTF.match(value):
        return ("must be an EDTF date such as '2016', '2009-08', '2023-10-17', '1999~', '199X' "
                "or '2013/..'")
    ends = dates.bounds(value)
    if ends is None:
        return "is not a real calendar date"
    if ends[0] and ends[1] and ends[0] > ends[1]:
        return "is an interval that ends before it starts"
    return None


class _Validator:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, pos: tuple[int, int], code: str, message: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], code, message))

    def mapping(self, value: YMap, kind: str, where: str) -> None:
        declared = {f.name: f for f in fields(kind)}
        for key in value:
            if key not in declared:
                self.error(value.key_pos[key], "unknown-field",
                           f"unknown field {shorten(key)} in {where}{suggest(key, declared)}; "
                           f"expected one of: {', '.join(declared)}")
        for f in declared.values():
            if f.name not in value:
                if f.required:
                    self.error(value.pos, "missing-field",
                               f"{where} is missing required field {f.name!r}")
                continue
            self.value(value[f.name], f, value.val_pos[f.name], where)

    def value(self, value: Any, f: Field, pos: tuple[int, int], where: str) -> None:
        if value is REJECTED:  # the loader has reported it
            return
        if value is None:
            if not f.nullable:
                self.error(pos, "wrong-type", f"{f.name!r} in {where} must be "
                           f"{_TYPE_WORDS[f.type]}, got null")
            return
        ok = isinstance(value, _PY_TYPES[f.type]) and not (
            f.type in ("number", "integer") and isinstance(value, bool))
        if not ok or (isinstance(value, float) and not math.isfinite(value)):
            # `date: 2016` or `title: yes` is a YAML number or boolean: quoting makes it text.
            hint = ("; put it in quotes" if f.type == "string"
                    and isinstance(value, (int, float, bool)) else "")
            self.error(pos, "wrong-type", f"{f.name!r} in {where} must be "
                       f"{_TYPE_WORDS[f.type]}, got {_describe(value)}{hint}")
            return
        low, high = f.schema_extra.get("minimum"), f.schema_extra.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(pos, "out-of-range", f"{f.name!r} in {where} must be between {low} "
                       f"and {high}, got {_describe(value)}")
            return
        if f.type == "list":
            self.items(value, f, where)
        elif f.type == "mapping":
            for key, item in value.items():
                if not isinstance(item, str):
                    self.error(value.val_pos[key], "wrong-type", f"{f.name}.{shorten(key, 30)} "
                               f"in {where} must be a string, got {_describe(item)}")
            allowed = f.schema_extra.get("propertyNames", {}).get("enum")
            for key in value:
                if allowed and key not in allowed:
                    self.error(value.key_pos[key], "bad-enum",
                               f"{f.name} key {shorten(key)} in {where} is not a known language tag"
                               f"{suggest(key, allowed)}; expected one of: {', '.join(allowed)}")
        elif f.type == "object":
            self.mapping(value, f.items or "", f"{where}.{f.name}")
        elif isinstance(value, str):
            self.string(value, f, pos, where)

    def items(self, value: YList, f: Field, where: str) -> None:
        for i, (item, pos) in enumerate(zip(value, value.item_pos)):
            label = f"{where}.{f.name}[{i + 1}]"
            if item is REJECTED:
                continue
            if f.items in ("string", None):
                if not isinstance(item, str):
                    self.error(pos, "wrong-type", f"{label} must be a string, got {_describe(item)}")
            elif not isinstance(item, dict):
                self.error(pos, "wrong-type", f"{label} must be a mapping, got {_describe(item)}")
            else:
                self.mapping(item, f.items, label)

    def string(self, value: str, f: Field, pos: tuple[int, int], where: str) -> None:
        if f.enum and value not in f.enum:
            code = "unknown-currency" if f.fmt == "currency" else "bad-enum"
            self.error(pos, code, f"{f.name!r} in {where} must be one of: {', '.join(f.enum)}; "
                       f"got {shorten(value)}{suggest(value, f.enum)}")
        elif f.pattern and not re.fullmatch(f.pattern, value):
            self.error(pos, "bad-id", f"{f.name!r} in {where} must be lowercase ASCII words "
                       f"joined by hyphens (e.g. 'zijin-mining'), got {shorten(value)}")
        elif f.fmt == "edtf" and (why := _edtf_error(value)):
            self.error(pos, "bad-date", f"{f.name!r} in {where} {why}, got {shorten(value)}")
        elif f.fmt == "date" and not (_DAY.match(value) and dates.is_calendar_date(value)):
            self.error(pos, "bad-date", f"{f.name!r} in {where} must be a real date YYYY-MM-DD, "
                       f"got {shorten(value)}")
        elif f.fmt == "uri" and not _URL.match(value):
            self.error(pos, "bad-url", f"{f.name!r} in {where} must be an http(s) URL, "
                       f"got {shorten(value)}")
        elif not value.strip() and f.required:
            self.error(pos, "empty-value", f"{f.name!r} in {where} must not be empty")


def records_of(doc: Document, kind: str) -> tuple[list[Record], list[Problem]]:
    """Validate one document's records of `kind` (a mapping, or a list of mappings)."""
    validator = _Validator(doc.path)
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
    records = []
    for item, pos in items:
        if item is REJECTED:
            continue
        if not isinstance(item, dict):
            validator.error(pos, "wrong-type", f"each {kind} must be a mapping, got {_describe(item)}")
            continue
        ident = item.get("id")
        where = f"{kind} {shorten(ident)}" if isinstance(ident, str) else kind
        validator.mapping(item, kind, where)
        records.append(Record(kind, doc.path, item))
    return records, validator.problems


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
