"""YAML files → plain Python values that remember where they came from.

We compose YAML nodes with the C parser (`CSafeLoader`, ~6× faster than pure Python) and build
the values ourselves instead of letting PyYAML construct them, because we want:

* every mapping and list to know its 1-based line and column (`YMap.pos`, `YMap.key_pos`, …);
* duplicate keys reported, not silently overwritten;
* dates kept as the strings the editor typed (`2024-02-30` is a data error, not a traceback);
* no Python-object tags and no anchors/aliases at all, so a hostile file cannot construct
  objects or expand exponentially ("billion laughs").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

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
    "tag:yaml.org,2002:float": lambda s: float(s.replace("_", "")),
    # Dates stay strings: the checks parse them (EDTF) and report bad ones with a location.
    "tag:yaml.org,2002:timestamp": lambda s: s,
    _STR: lambda s: s,
}


class YMap(dict):
    """A mapping with the position of itself, of each key and of each value."""

    pos: Pos
    key_pos: dict[str, Pos]
    val_pos: dict[str, Pos]


class YList(list):
    """A list with the position of itself and of each item."""

    pos: Pos
    item_pos: list[Pos]


@dataclass
class Document:
    """One loaded data file."""

    path: str  # relative to the project root, '/'-separated
    value: Any = None
    problems: list[Problem] = field(default_factory=list)


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def error(self, mark: Any, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def build(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            # Only an alias makes the composer hand us the same node twice.
            self.error(node.start_mark, "yaml-alias", "anchors and aliases (&name, *name) are not "
                       "allowed in data files; write the value out")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node)
        return self.mapping(node)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        convert = _SCALARS.get(node.tag)
        if convert is None:
            self.error(node.start_mark, "yaml-tag", f"tag {node.tag!r} is not allowed; "
                       "data files hold plain strings, numbers, booleans, lists and mappings")
            return None
        try:
            return convert(node.value)
        except ValueError:  # e.g. an int-looking scalar PyYAML resolves but Python rejects
            return node.value

    def sequence(self, node: yaml.SequenceNode) -> YList:
        if node.tag != "tag:yaml.org,2002:seq":
            self.error(node.start_mark, "yaml-tag", f"tag {node.tag!r} is not allowed")
        out = YList(self.build(item) for item in node.value)
        out.pos = _pos(node.start_mark)
        out.item_pos = [_pos(item.start_mark) for item in node.value]
        return out

    def mapping(self, node: yaml.MappingNode) -> YMap:
        if node.tag != "tag:yaml.org,2002:map":
            self.error(node.start_mark, "yaml-tag", f"tag {node.tag!r} is not allowed")
        out = YMap()
        out.pos = _pos(node.start_mark)
        out.key_pos, out.val_pos = {}, {}
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if not isinstance(key, str):
                self.error(key_node.start_mark, "bad-key",
                           f"keys must be strings, got {key!r}")
                key = str(key)
            if key in out:
                line = out.key_pos[key][0]
                self.error(key_node.start_mark, "duplicate-key",
                           f"duplicate key {key!r} (first at line {line})")
                continue
            out[key] = self.build(value_node)
            out.key_pos[key] = _pos(key_node.start_mark)
            out.val_pos[key] = _pos(value_node.start_mark)
        return out


def _pos(mark: Any) -> Pos:
    return (mark.line + 1, mark.column + 1)


def load_text(text: str, path: str) -> Document:
    """Parse one YAML document; syntax errors and forbidden constructs become problems."""
    doc = Document(path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        doc.problems.append(Problem(path, line, col, "yaml-syntax", f"YAML syntax error: {what}"))
        return doc
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        doc.problems.append(Problem(path, 1, 1, "yaml-syntax", f"YAML error: {exc}"))
        return doc
    if node is None:
        doc.problems.append(Problem(path, 1, 1, "empty-file", "the file holds no data"))
        return doc
    builder = _Builder(path)
    try:
        doc.value = builder.build(node)
    except RecursionError:
        doc.problems.append(Problem(path, 1, 1, "yaml-depth", "data is nested too deeply"))
        return doc
    doc.problems.extend(builder.problems)
    return doc


def load_file(file: Path, root: Path) -> Document:
    """Read and parse one file; unreadable or non-UTF-8 files become problems."""
    path = file.relative_to(root).as_posix()
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return Document(path, problems=[Problem(path, 1, 1, "unreadable",
                                                f"cannot read file: {exc.strerror}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Document(path, problems=[Problem(
            path, line, col, "not-utf8",
            f"file is not UTF-8: byte {raw[exc.start]:#04x} cannot be decoded; save it as UTF-8")])
    return load_text(text.removeprefix("\ufeff"), path)
