"""The YAML loader: positioned values, tamed YAML, and problems instead of exceptions."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dossier.core.loader import REJECTED, YList, YMap, load_file, load_text


def _codes(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in load_text(text, "x.yml").problems]


def test_positions_are_one_based() -> None:
    doc = load_text("id: hbis\ntopics:\n  - industry\n  - mining\nnested: {a: 1}\n", "x.yml")
    value = doc.value
    assert isinstance(value, YMap) and doc.problems == []
    assert value.pos == (1, 1)
    assert value.key_pos["id"] == (1, 1) and value.val_pos["id"] == (1, 5)
    assert value.key_pos["topics"] == (2, 1)
    topics = value["topics"]
    assert isinstance(topics, YList)
    assert topics.pos == (3, 3) and topics.item_pos == [(3, 5), (4, 5)]
    assert value["nested"].pos == (5, 9) and value["nested"].val_pos["a"] == (5, 13)


def test_dates_stay_strings() -> None:
    value = load_text("a: 2016-05-07\nb: 2024-02-30\nc: 2016-05-07T10:00:00Z\nd: '2016'\n",
                      "x.yml").value
    assert value == {"a": "2016-05-07", "b": "2024-02-30", "c": "2016-05-07T10:00:00Z",
                     "d": "2016"}


def test_yaml_scalars_resolve_like_yaml_1_1() -> None:
    value = load_text("a: 12\nb: 1_000\nc: 0x1F\nd: 1.5\ne: yes\nf: 'yes'\ng: ~\nh:\n"
                      "i: .inf\nj: -.inf\nk: 017\nl: on\n", "x.yml").value
    assert value["a"] == 12 and value["b"] == 1000 and value["c"] == 31 and value["d"] == 1.5
    assert value["e"] is True and value["f"] == "yes" and value["g"] is None and value["h"] is None
    assert value["i"] == float("inf") and value["j"] == float("-inf")
    assert value["k"] == "017"  # a YAML 1.1 octal Python refuses stays the text typed
    assert value["l"] is True


def test_huge_numbers_do_not_crash() -> None:
    value = load_text(f"a: {'9' * 5000}\nb: 1.0e+999\n", "x.yml").value
    assert value["a"] == "9" * 5000  # over Python's int-parsing limit: kept as text
    assert value["b"] == float("inf")


def test_duplicate_keys_are_reported_and_the_first_wins() -> None:
    doc = load_text("id: a\nname: One\nname: Two\n", "x.yml")
    assert doc.value["name"] == "One"
    [problem] = doc.problems
    assert (problem.line, problem.col, problem.code) == (3, 1, "duplicate-key")
    assert "first at line 2" in problem.message


def test_aliases_are_rejected_without_expanding() -> None:
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    doc = load_text(laughs, "x.yml")
    assert {p.code for p in doc.problems} == {"yaml-alias"}
    assert len(doc.problems) == 8 * 9  # one per alias written, not per expansion
    assert doc.value["i"] == [REJECTED] * 9
    assert _codes("a: &x 1\nb: *x\n") == [(2, 4, "yaml-alias")]


@pytest.mark.parametrize("text", [
    "!!python/object/apply:os.system ['echo owned']\n",
    "a: !!python/name:os.system\n",
    "a: !!python/object:collections.OrderedDict {}\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x}\n",
    "a: !custom value\n",
])
def test_tags_are_rejected(text: str) -> None:
    doc = load_text(text, "x.yml")
    assert [p.code for p in doc.problems] == ["yaml-tag"]
    assert "not allowed" in doc.problems[0].message


def test_standard_tags_on_plain_values_are_fine() -> None:
    doc = load_text("a: !!str 2016\nb: !!int '7'\nc: !!map {x: 1}\nd: !!seq [1]\n", "x.yml")
    assert doc.problems == []
    assert doc.value == {"a": "2016", "b": 7, "c": {"x": 1}, "d": [1]}


def test_non_string_keys_are_reported() -> None:
    assert _codes("yes: 1\n2016: 2\n~: 3\n[a]: 4\n") == [
        (1, 1, "bad-key"), (2, 1, "bad-key"), (3, 1, "bad-key"), (4, 1, "bad-key")]


def test_syntax_errors_have_positions() -> None:
    assert _codes("a: [1, 2\nb: 3\n") == [(2, 2, "yaml-syntax")]
    assert _codes("a: 1\n b: 2\n") == [(2, 3, "yaml-syntax")]
    assert _codes("a: 1\n---\nb: 2\n") == [(2, 1, "yaml-syntax")]
    assert _codes("a: b\nc: \x00d\n") == [(2, 4, "yaml-syntax")]


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    assert [code for *_, code in _codes("[" * 5000 + "]" * 5000)] == ["yaml-syntax"]
    doc = load_text("a: " + "[" * 900 + "]" * 900 + "\n", "x.yml")  # deep but allowed
    assert doc.problems == []


def test_deep_values_have_a_short_repr() -> None:
    """Validation errors quote values with repr(); nesting YAML allows must not overflow it."""
    value = load_text("a: " + "[" * 999 + "]" * 999 + "\nb: {c: [1, {}]}\n", "x.yml").value
    assert repr(value) == "{'a': [[[[[[[[[[…]]]]]]]]]], 'b': {'c': [1, {}]}}"


def test_empty_documents() -> None:
    assert _codes("") == [(1, 1, "empty-file")]
    assert _codes("# only a comment\n") == [(1, 1, "empty-file")]


def test_random_input_never_raises() -> None:
    rng = random.Random(3)
    alphabet = "{}[]:,-?&*!|>'\"#%@` \n\tab1.~"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        doc = load_text(text, "x.yml")
        assert all(p.line >= 1 and p.col >= 1 for p in doc.problems)


def test_non_utf8_position(tmp_path: Path) -> None:
    file = tmp_path / "data" / "x.yml"
    file.parent.mkdir()
    file.write_bytes("id: a\nname: Café ".encode() + "Železara\n".encode("cp1250"))
    [problem] = load_file(file, tmp_path).problems
    assert (problem.path, problem.line, problem.col, problem.code) == ("data/x.yml", 2, 12,
                                                                       "not-utf8")
    assert "0x8e" in problem.message


def test_bom_is_ignored(tmp_path: Path) -> None:
    file = tmp_path / "x.yml"
    file.write_bytes(b"\xef\xbb\xbfid: a\n")
    doc = load_file(file, tmp_path)
    assert doc.problems == [] and doc.value == {"id": "a"} and doc.value.key_pos["id"] == (1, 1)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "x.yml"
    file.write_text("id: a\n", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    [problem] = load_file(file, tmp_path).problems
    assert (problem.line, problem.col, problem.code) == (1, 1, "unreadable")
    assert problem.message == "cannot read file: Permission denied"
