"""Skeletons of new records (`dossier new`), and the check that they were filled in.

A skeleton is written from the field declarations in `schema.py`, so it follows the model: every
required field is present (and, in a source reference, the locator and checked date the evidence
checks ask for), the id is derived from the title, a day (`fmt="date"`, the date of the
editor's own work) is today, and everything else the editor must supply holds a
placeholder starting with `TODO:`. `unfilled_fields` reports each placeholder left in the data
(`unfilled-field`); `supersede` drops the other problems a placeholder causes at the same
position (a `TODO:` in an enum or a reference is not also a bad enum or an unknown id).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .loader import YList, YMap, load_file
from .problems import Problem, shorten
from .records import Record, load_records
from .schema import FOLDERS, Field, fields

TODO = "TODO:"
"""How every placeholder starts; `dossier check` refuses any value that still does."""

KINDS = ("fact", "entity", "source", "topic")
"""Record kinds `dossier new` writes."""

FOLDER = {kind: folder for folder, kind in FOLDERS.items()}
"""Record kind → its folder under `data/`."""

# Letters NFKD does not decompose into an ASCII base, and Serbian Cyrillic.
_LETTERS = {"đ": "dj", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "þ": "th", "ı": "i", "œ": "oe"}
_CYRILLIC = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш",
                     "a b v g d dj e z z i j k l lj m n nj o p r s t c u f h c c dz s".split()))
_MAX_ID = 60

ALSO = {"source_ref": ("locator", "checked")}
"""Fields a skeleton holds although the schema does not flag them required, because a check
asks for them in the usual case: a source other than the article needs a locator (or a quote)
and the date it was checked."""


def slugify(title: str) -> str:
    """An id from a title: lowercase ASCII words joined by hyphens, diacritics folded
    ('Železara Smederevo' → 'zelezara-smederevo', 'Đokić' → 'djokic', 'Вучић' → 'vucic')."""
    text = "".join(_LETTERS.get(ch, _CYRILLIC.get(ch, ch)) for ch in title.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:  # cut long titles at a word boundary
        if slug and len(slug) + 1 + len(word) > _MAX_ID:
            break
        slug = f"{slug}-{word}" if slug else word[:_MAX_ID]
    return slug


def unique_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3` … when it is taken."""
    taken = set(taken)
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def _placeholder(f: Field) -> str:
    if f.enum:
        return f"{TODO} one of {', '.join(f.enum)}"
    first = re.split(r"(?<!\.)\.\s+(?=[A-Z`])", f.doc)[0].rstrip(".")
    return f"{TODO} {first.replace('`', '')}"


def skeleton(kind: str, ident: str, title: str, today: dt.date) -> dict[str, Any]:
    """A record of `kind` with every required field: the id, the title (or name), today for
    required days, and a `TODO:` placeholder for everything else."""
    out: dict[str, Any] = {}
    titled = False
    for f in fields(kind):
        if not f.required:
            continue
        if f.name == "id":
            out[f.name] = ident
        elif f.name in ("title", "name") and not titled:
            out[f.name], titled = title, True
        else:
            out[f.name] = _value(f, today)
    return out


def _value(f: Field, today: dt.date) -> Any:
    if f.fmt == "date":
        return today.isoformat()
    if f.type == "object" and f.items:
        return _sub(f.items, today)
    if f.type == "list" and f.items and f.items not in ("string",):
        return [_sub(f.items, today)]
    if f.type == "list":
        return [_placeholder(f)]
    return _placeholder(f)


def _sub(kind: str, today: dt.date) -> dict[str, Any]:
    also = ALSO.get(kind, ())
    return {f.name: _value(f, today) for f in fields(kind) if f.required or f.name in also}


@dataclass
class Written:
    """What `new` wrote: the file (relative to the root), the record's id and first line."""

    path: str
    ident: str
    line: int
    todo: list[Placeholder]  # what is left to fill in, in file order


class ScaffoldError(ValueError):
    """The skeleton cannot be written (a facts file that is not a list, a file outside data/)."""


def new(root: Path, kind: str, title: str, data_dir: str = "data", facts_file: str | None = None,
        today: dt.date | None = None) -> Written:
    """Write a skeleton of `kind` titled `title` under `root/data_dir` and say where."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if not title.strip():
        raise ScaffoldError("the title is empty")
    if facts_file is not None and kind != "fact":
        raise ScaffoldError("--file is only for facts: entities, sources and topics get a file "
                            "of their own")
    data = root / data_dir
    records, _ = load_records(data, root) if data.is_dir() else ([], [])
    folder = data / FOLDER[kind]
    taken = {r.id for r in records if r.kind == kind}
    if facts_file is None:  # a file of its own: its name must be free too
        taken |= {p.stem for p in folder.glob("*.yml")}
    ident = unique_id(slugify(title) or kind, taken)
    record = skeleton(kind, ident, title, today or dt.date.today())
    header = (f"# New {kind} written by `scripts/dossier new`: replace every TODO, then run "
              f"`scripts/dossier check`.\n# Optional fields: "
              f"{', '.join(f.name for f in fields(kind) if not f.required)} (see /schema/).\n")
    if kind == "fact":
        target = _facts_target(root, folder, ident, facts_file)
        text = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=1000)
        if target.is_file() and target.read_text(encoding="utf-8").strip():
            old = target.read_text(encoding="utf-8")
            start = old.rstrip("\n").count("\n") + 3  # after a blank line
            body = old.rstrip("\n") + "\n\n" + text
        else:
            start, body = header.count("\n") + 1, header + text
    else:
        target = folder / f"{ident}.yml"
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=1000)
        start, body = header.count("\n") + 1, header + text
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    doc = load_file(target, root)
    left = [p for r in _records_in(doc.value, kind, doc.path)
            for p in placeholders(r.data) if p.line >= start]
    return Written(target.relative_to(root).as_posix(), ident, start, left)


def _facts_target(root: Path, folder: Path, ident: str, facts_file: str | None) -> Path:
    if facts_file is None:
        return folder / f"{ident}.yml"
    target = (root / facts_file).resolve()
    if not target.is_relative_to(folder.resolve()) or target.suffix != ".yml":
        raise ScaffoldError(f"--file must name a .yml file in {folder.relative_to(root)}/, "
                            f"got {facts_file!r}")
    if target.is_file():
        doc = load_file(target, root)
        if doc.problems or not isinstance(doc.value, list):
            raise ScaffoldError(f"{facts_file} must hold a list of facts to append to "
                                "(run `scripts/dossier check`)")
    return target


def _records_in(value: Any, kind: str, path: str) -> list[Record]:
    items = value if isinstance(value, list) else [value]
    return [Record(kind, path, item) for item in items if isinstance(item, YMap)]


@dataclass(frozen=True)
class Placeholder:
    """A `TODO:` value left in a record: its field ('sources[1].locator'), text and position."""

    label: str
    value: str
    line: int
    col: int


def placeholders(value: Any, pos: tuple[int, int] = (1, 1), label: str = "") -> Iterator[
        Placeholder]:
    """Every `TODO:` string inside a loaded value (a record's mapping), in file order."""
    if isinstance(value, str):
        if value.lstrip().startswith(TODO):
            yield Placeholder(label, value, *pos)
    elif isinstance(value, YMap):
        for key, item in value.items():
            yield from placeholders(item, value.val_pos[key], f"{label}.{key}" if label else key)
    elif isinstance(value, YList):
        for i, (item, at) in enumerate(zip(value, value.item_pos), 1):
            yield from placeholders(item, at, f"{label}[{i}]")


def unfilled_fields(records: Iterable[Record]) -> Iterator[Problem]:
    """A problem for every value that is still a `TODO:` placeholder."""
    for record in records:
        where = f"{record.kind} {record.id!r}" if record.id else record.kind
        for todo in placeholders(record.data, record.data.pos):
            yield Problem(record.path, todo.line, todo.col, "unfilled-field",
                          f"{todo.label!r} in {where} is still a placeholder, "
                          f"{shorten(todo.value, 50)}; fill it in")


def supersede(problems: list[Problem]) -> list[Problem]:
    """Drop problems at the position of an `unfilled-field`: the placeholder explains them."""
    spots = {(p.path, p.line, p.col) for p in problems if p.code == "unfilled-field"}
    if not spots:
        return problems
    return [p for p in problems
            if p.code == "unfilled-field" or (p.path, p.line, p.col) not in spots]
