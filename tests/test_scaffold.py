"""`dossier new fact|entity|source|topic TITLE` (issue 15): a skeleton in the right folder with an
id from the title, today where a day is required and a `TODO:` in every other required field;
`dossier check` refuses it (`unfilled-field`, at the placeholder's line and column) until every
placeholder is replaced, then accepts it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dossier.cli import main
from dossier.core import scaffold
from dossier.core.schema import Field, fields

VALID = Path(__file__).parent / "examples" / "valid"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): \[error\] .* \((?P<code>[a-z-]+)\)$")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the valid example project, as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(VALID, root)
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def problems(output: str) -> list[tuple[str, int, int, str]]:
    found = [(m["path"], int(m["line"]), int(m["col"]), m["code"])
             for m in map(LINE.match, output.splitlines()) if m]
    assert found, output
    return found


def todo_spots(path: Path) -> list[tuple[int, int]]:
    """(line, column) of every quoted `TODO:` value in a file, as an editor sees them."""
    return [(n, line.index("'TODO:") + 1)
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if "'TODO:" in line]


@pytest.mark.parametrize("title, slug", [
    ("Železara Smederevo", "zelezara-smederevo"),
    ("Đokić meets Vučić in Niš", "djokic-meets-vucic-in-nis"),
    ("Вучић у Пекингу", "vucic-u-pekingu"),
    ("  HBIS buys the plant for €46 million (2016)! ", "hbis-buys-the-plant-for-46-million-2016"),
    ("中国", ""),
])
def test_ids_are_ascii_slugs_of_the_title(title: str, slug: str) -> None:
    assert scaffold.slugify(title) == slug


def test_long_titles_are_cut_at_a_word() -> None:
    slug = scaffold.slugify("word " * 40)
    assert len(slug) <= 60 and slug.endswith("word") and "--" not in slug


def test_a_taken_id_gets_a_number() -> None:
    assert scaffold.unique_id("hbis", []) == "hbis"
    assert scaffold.unique_id("hbis", ["hbis", "hbis-2"]) == "hbis-3"


# ----------------------------------------------------------------------- filling in, by schema


def _field(kind: str, label: str) -> Field:
    """The declaration behind a placeholder's label ('sources[1].locator' of a fact)."""
    f = None
    for part in label.split("."):
        name = part.split("[")[0]
        f = next(x for x in fields(kind) if x.name == name)
        kind = f.items or kind
    assert f is not None
    return f


def _value(f: Field, known: dict[str, list[str]]) -> object:
    if f.enum:
        return f.enum[0]
    if f.ref:
        return known[f.ref][0]
    if f.fmt == "edtf":
        return "2016"
    if f.fmt == "date":
        return "2026-11-30"
    return {"number": 1, "integer": 1, "boolean": False}.get(f.type, "Filled in by the test.")


def fill(path: Path, kind: str, labels: list[str], known: dict[str, list[str]]) -> None:
    """Replace each placeholder (in file order) with a valid value chosen from its declaration,
    as an editor would: in place, keeping every other line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    spots = todo_spots(path)
    assert len(spots) == len(labels)
    for (n, _), label in zip(spots, labels):
        value = json.dumps(_value(_field(kind, label), known), ensure_ascii=False)
        lines[n - 1] = re.sub(r"'TODO:.*'", lambda _: value, lines[n - 1])
    path.write_text("".join(lines), encoding="utf-8")


def _known(root: Path) -> dict[str, list[str]]:
    """Ids in the example project; the article is last, so a fact cites another source
    (whose locator is free text) rather than needing a paragraph id."""
    out = {}
    for kind, folder in (("topic", "topics"), ("entity", "entities"), ("source", "sources")):
        ids = sorted(p.stem for p in (root / "data" / folder).glob("*.yml"))
        out[kind] = sorted(ids, key=lambda i: i == "article")
    return out


def _days(value: object, kind: str) -> list[str]:
    """The values of every day field (`fmt="date"`) in a skeleton's record."""
    out: list[str] = []
    for f in fields(kind):
        item = value.get(f.name) if isinstance(value, dict) else None
        if f.fmt == "date" and item is not None:
            out.append(item)
        elif f.items and f.items != "string" and isinstance(item, list):
            for sub in item:
                out += _days(sub, f.items)
        elif f.items and isinstance(item, dict):
            out += _days(item, f.items)
    return out


CASES = [
    ("fact", "Železara Smederevo sold to HBIS", [], "data/facts/zelezara-smederevo-sold-to-hbis.yml"),
    ("fact", "HBIS keeps 5,000 workers", ["--file", "data/facts/facts.yml"], "data/facts/facts.yml"),
    ("entity", "Zijin Mining", [], "data/entities/zijin-mining.yml"),
    ("source", "Reuters: “HBIS buys Smederevo”", [], "data/sources/reuters-hbis-buys-smederevo.yml"),
    ("topic", "Mining", [], "data/topics/mining.yml"),
]


@pytest.mark.parametrize("kind, title, extra, path", CASES, ids=[
    "fact", "fact-appended", "entity", "source", "topic"])
def test_a_skeleton_is_refused_until_filled_in(project: Path, kind: str, title: str,
                                                extra: list[str], path: str) -> None:
    code, before = run("check")
    assert code == 0, before
    old = (project / path).read_text(encoding="utf-8") if (project / path).exists() else ""

    code, output = run("new", kind, title, *extra)
    assert code == 0, output
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert text.startswith(old.rstrip("\n")), "an existing facts file is only appended to"
    assert f"to {path}:" in output

    # The record: every required field, the title, today where a day is required.
    value = yaml.safe_load(text)
    record = value[-1] if isinstance(value, list) else value
    assert [f.name for f in fields(kind) if f.required] == list(record)
    assert title in record.values()
    days = _days(record, kind)
    assert days == [dt.date.today().isoformat()] * len(days)
    assert days or kind != "fact"  # a fact's source reference carries the day it was checked

    # Refused: one unfilled-field per placeholder, at its line and column, nothing else.
    code, output = run("check")
    assert code == 1
    found = problems(output)
    assert {c for *_, c in found} == {"unfilled-field"}
    assert [(p, line, col) for p, line, col, _ in found] == [
        (path, line, col) for line, col in todo_spots(file)]
    labels = [m.group(1) for m in re.finditer(r"'(\S+)' in \w+ '[^']+' is still a placeholder",
                                              output)]
    assert len(labels) == len(found)

    # Filled in: accepted, with one more record of that kind.
    fill(file, kind, labels, _known(project))
    assert "'TODO:" not in file.read_text(encoding="utf-8")
    code, output = run("check")
    assert code == 0, output
    assert _count(output, kind) == _count(before, kind) + 1


def _count(ok_line: str, kind: str) -> int:
    noun = {"fact": "facts", "entity": "entities", "source": "sources", "topic": "topics"}[kind]
    m = re.search(rf"(\d+) {noun}\b", ok_line)
    assert m, ok_line
    return int(m.group(1))


def test_a_half_filled_skeleton_is_refused_for_what_is_left(project: Path) -> None:
    run("new", "entity", "Zijin Mining")
    file = project / "data/entities/zijin-mining.yml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "'TODO: One line saying what it is'", "A Chinese mining company."), encoding="utf-8")
    code, output = run("check")
    assert code == 1
    (where,) = problems(output)
    assert where == ("data/entities/zijin-mining.yml", 4, 7, "unfilled-field")
    assert "'kind' in entity 'zijin-mining'" in output


def test_ids_are_unique_per_kind_and_file_names_free(project: Path) -> None:
    code, output = run("new", "topic", "Industry")  # the example has a topic 'industry'
    assert code == 0 and "topic 'industry-2'" in output
    assert (project / "data/topics/industry-2.yml").is_file()
    code, output = run("new", "entity", "Industry")  # another kind: the id is free
    assert code == 0 and "entity 'industry'" in output
    code, output = run("new", "fact", "HBIS buys Smederevo", "--file", "data/facts/facts.yml")
    assert code == 0 and "fact 'hbis-buys-smederevo-2'" in output  # taken in the same file


@pytest.mark.parametrize("args, message", [
    (["topic", "x", "--file", "data/facts/facts.yml"], "--file is only for facts"),
    (["fact", "x", "--file", "data/glossary.yml"], "must name a .yml file in data/facts/"),
    (["fact", "x", "--file", "../elsewhere.yml"], "must name a .yml file in data/facts/"),
    (["topic", "   "], "the title is empty"),
])
def test_bad_requests_write_nothing(project: Path, args: list[str], message: str) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    code, output = run("new", *args)
    assert code == 1 and message in output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_facts_file_that_is_not_a_list_is_not_appended_to(project: Path) -> None:
    single = project / "data/facts/single.yml"
    single.write_text((project / "data/facts/facts.yml").read_text(encoding="utf-8")
                      .split("\n- id:")[0].replace("- id: hbis-buys-smederevo", "id: single", 1)
                      .replace("\n  ", "\n"),
                      encoding="utf-8")
    assert run("check")[0] == 0
    text = single.read_text(encoding="utf-8")
    code, output = run("new", "fact", "x", "--file", "data/facts/single.yml")
    assert code == 1 and "must hold a list of facts" in output
    assert single.read_text(encoding="utf-8") == text
