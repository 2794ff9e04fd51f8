"""YAML files → plain Python values that remember where they came from.

We read the events of the C parser (`CSafeLoader`, ~6× faster than pure Python) and build the
values ourselves instead of letting PyYAML compose and construct them, because we want:

* every mapping and list to know its 1-based line and column (`YMap.pos`, `YMap.key_pos`, …);
* duplicate keys reported, not silently overwritten;
* dates kept as the strings the editor typed (`2024-02-30` is a data error, not a traceback);
* no Python-object tags and no aliases at all, so a hostile file cannot construct objects or
  expand exponentially ("billion laughs");
* no recursion, so nesting as deep as libyaml allows (1,000 levels) cannot crash the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, shorten

try:  # the C parser is an optional part of PyYAML builds
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Pos = tuple[int, int]

_STR = "tag:yaml.org,2002:str"
_SCALARS = {
    "tag:yaml.org,2002:null": lambda s: None,
    "tag:yaml.org,2002:bool": lambda s: s.lower() in ("true", "yes", "on"),
    "tag:yaml.org,2002:int": lambda s: int(s.replace("_", ""), 0),
    "tag:yaml.org,2002:float": lambda s: _float(s.replace("_", "")),
    # Dates stay strings: the checks parse them (EDTF) and report bad ones with a location.
    "tag:yaml.org,2002:timestamp": lambda s: s,
    _STR: lambda s: s,
}


def _float(text: str) -> float:
    # YAML spells infinity and not-a-number `.inf` and `.nan`; the checks reject both.
    special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
    return float(special.get(text.lower(), text))


class _Rejected:
    """Stands in for a value already reported as forbidden (an alias or a tag), so the shape
    checks do not report it a second time as null or as the wrong type."""

    def __repr__(self) -> str:
        return "<rejected>"


REJECTED: Any = _Rejected()


def _tag(tag: str) -> str:
    """A tag as it is written in YAML: `!!python/name:os.system`, not the expanded URI."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") \
        else tag


_TAG_HINT = "; data files hold plain strings, numbers, booleans, lists and mappings"

MAX_SCALAR = 20_000
"""Longest value (in characters) a data file may hold: titles, summaries and notes are short
texts, and a huge one would be copied into many pages, the search index and the PDF."""


def _repr(value: Any, levels: int = 10) -> str:
    """`repr(value)` with containers nested deeper than `levels` shown as `[…]` or `{…}`.

    Validation errors (jsonschema's) quote values with `repr()`, and a list nested 1,000 deep,
    as deep as YAML allows, would exceed Python's recursion limit."""
    if isinstance(value, dict):
        if levels <= 0 and value:
            return "{…}"
        return "{" + ", ".join(f"{k!r}: {_repr(v, levels - 1)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        if levels <= 0 and value:
            return "[…]"
        return "[" + ", ".join(_repr(v, levels - 1) for v in value) + "]"
    return repr(value)


class YMap(dict):
    """A mapping with the position of itself, of each key and of each value."""

    pos: Pos
    key_pos: dict[str, Pos]
    val_pos: dict[str, Pos]
    __repr__ = _repr


class YList(list):
    """A list with the position of itself and of each item."""

    pos: Pos
    item_pos: list[Pos]
    __repr__ = _repr


@dataclass
class Document:
    """One loaded data file."""

    path: str  # relative to the project root, '/'-separated
    value: Any = None
    problems: list[Problem] = field(default_factory=list)


_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers  # YAML 1.1 types by first character
_Scalar, _Alias = yaml.events.ScalarEvent, yaml.events.AliasEvent
_MapStart, _SeqStart = yaml.events.MappingStartEvent, yaml.events.SequenceStartEvent
_MapEnd, _SeqEnd = yaml.events.MappingEndEvent, yaml.events.SequenceEndEvent
_DocStart = yaml.events.DocumentStartEvent


def _resolve(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (`12` int, `yes` bool, `~` null, `2016-05-07`
    timestamp …); the same rules as PyYAML's resolver."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


class _Builder:
    """Builds values straight from the parser's events: no node tree, no recursion (so any
    depth libyaml accepts is fine), and about twice as fast as composing nodes first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, pos: Pos, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], code, message))

    def build(self, text: str) -> Any:
        """The document's value (None for an empty one); raises YAMLError on bad syntax."""
        stack: list[list[Any]] = []  # open containers: [YMap or YList, key, key pos, rejected]
        root: Any = None
        documents = 0
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1)
            if kind is _Scalar:
                value = self.scalar(event, pos)
            elif kind is _MapStart or kind is _SeqStart:
                container: Any = YMap() if kind is _MapStart else YList()
                container.pos = pos
                if kind is _MapStart:
                    container.key_pos, container.val_pos = {}, {}
                else:
                    container.item_pos = []
                rejected = event.tag is not None and event.tag != (
                    _MAP if kind is _MapStart else _SEQ)
                if rejected:
                    self.error(pos, "yaml-tag",
                               f"tag {_tag(event.tag)!r} is not allowed{_TAG_HINT}")
                stack.append([container, None, None, rejected])
                continue
            elif kind is _MapEnd or kind is _SeqEnd:
                container, _, _, rejected = stack.pop()
                pos = container.pos
                value = REJECTED if rejected else container
            elif kind is _Alias:
                self.error(pos, "yaml-alias", "aliases (*name) are not allowed in data files; "
                           "write the value out")
                value = REJECTED
            elif kind is _DocStart:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream", None,
                        "but found another document", mark)
                continue
            else:
                continue
            if not stack:
                root = value
            else:
                self.add(stack[-1], value, pos)
        return root

    def scalar(self, event: Any, pos: Pos) -> Any:
        if len(event.value) > MAX_SCALAR:
            self.error(pos, "too-long", f"a value of {len(event.value):,} characters; values "
                       f"are at most {MAX_SCALAR:,} characters long")
            return REJECTED
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolve(event.value) if event.implicit[0] else _STR
        convert = _SCALARS.get(tag)
        if convert is None:
            self.error(pos, "yaml-tag", f"tag {_tag(tag)!r} is not allowed{_TAG_HINT}")
            return REJECTED
        try:
            return convert(event.value)
        except ValueError:  # e.g. an int-looking scalar PyYAML resolves but Python rejects
            return event.value

    def add(self, frame: list[Any], value: Any, pos: Pos) -> None:
        """Put a finished value into the innermost open container."""
        container = frame[0]
        if type(container) is YList:
            container.append(value)
            container.item_pos.append(pos)
            return
        if frame[2] is None:  # a key: hold it until its value arrives
            frame[1], frame[2] = value, pos
            return
        key, key_pos = frame[1], frame[2]
        frame[1] = frame[2] = None
        if not isinstance(key, str):
            if isinstance(key, (dict, list)):
                shown, hint = ("a mapping" if isinstance(key, dict) else "a list"), ""
            else:  # `yes:`, `1:` or `~:` read as a boolean, number or null
                shown = ("null" if key is None else str(key).lower() if isinstance(key, bool)
                         else shorten(key))
                hint = "; put it in quotes"
            self.error(key_pos, "bad-key", f"keys must be strings, got {shown}{hint}")
        elif key in container:
            self.error(key_pos, "duplicate-key",
                       f"duplicate key {shorten(key)} (first at line {container.key_pos[key][0]})")
        else:
            container[key] = value
            container.key_pos[key] = key_pos
            container.val_pos[key] = pos


def load_text(text: str, path: str) -> Document:
    """Parse one YAML document; syntax errors and forbidden constructs become problems."""
    doc = Document(path)
    builder = _Builder(path)
    try:
        value = builder.build(text)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, e.g. NUL or BEL
        line, col = _line_col(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        doc.problems.append(Problem(path, line, col, "yaml-syntax", f"YAML syntax error: "
                                    f"control character {char} is not allowed"))
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context:  # e.g. "while parsing a block mapping" + "expected <block end>, …"
            what = f"{exc.context}, {what}"
        doc.problems.append(Problem(path, line, col, "yaml-syntax", f"YAML syntax error: {what}"))
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - every known kind is handled above
        doc.problems.append(Problem(path, 1, 1, "yaml-syntax", f"YAML error: {exc}"))
        return doc
    if value is None and not builder.problems:
        doc.problems.append(Problem(path, 1, 1, "empty-file", "the file holds no data"))
        return doc
    doc.value = value
    doc.problems.extend(builder.problems)
    return doc


def _line_col(text: str, index: int) -> Pos:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(file: Path, path: str) -> tuple[str | None, list[Problem]]:
    """A file's text (without a BOM), or None and a problem when it is unreadable or not UTF-8.

    `path` is how problems name the file (relative to the project root)."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Problem(path, 1, 1, "unreadable", f"cannot read file: {reason}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        # Columns count characters, as editors do; the bytes before the bad one are valid.
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8")) + 1
        return None, [Problem(path, line, col, "not-utf8", f"file is not UTF-8: byte "
                              f"{raw[exc.start]:#04x} cannot be decoded; save it as UTF-8")]
    return text.removeprefix("\ufeff"), []


def load_file(file: Path, root: Path) -> Document:
    """Read and parse one file; unreadable or non-UTF-8 files become problems."""
    path = file.relative_to(root).as_posix()
    text, problems = read_text(file, path)
    if text is None:
        return Document(path, problems=problems)
    return load_text(text, path)
