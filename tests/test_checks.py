"""`dossier check` on a corpus of small invalid data trees, each with its expected problems.

Every folder of tests/examples/invalid/ is a project (data/ and usually docs/) with one kind of
bad input; its `expected.txt` holds exactly what `dossier check` prints. The comparison is
strict on (path, line, code) and on the full text; regenerate after a deliberate change with
`pytest --update-goldens` (or UPDATE_GOLDENS=1) and review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import update_goldens

from dossier.cli import main

EXAMPLES = Path(__file__).parent / "examples"
INVALID = EXAMPLES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): \[error\] .* \((?P<code>[a-z0-9-]+)\)$")
COUNT = re.compile(r"^Found (\d+) errors? in (\d+) files?\.$")
UNREADABLE = "unreadable.txt"  # lists files the test makes unreadable (git cannot store that)


def _check(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a bug, whatever the input
    return result.exit_code, result.output


def _make_unreadable(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 the listed files; as root (who reads anything) also make reading them fail."""
    listed = (project / UNREADABLE).read_text(encoding="utf-8").split()
    targets = {(project / rel).resolve() for rel in listed}
    for target in targets:
        target.chmod(0)
    if os.geteuid() == 0:
        read_bytes = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.resolve() in targets:
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)


def _where(line: str) -> tuple[str, int, int]:
    m = LINE.match(line)
    assert m, line
    return m["path"], int(m["line"]), int(m["col"])


def _keys(text: str) -> list[tuple[str, int, str]]:
    return [(m["path"], int(m["line"]), m["code"]) for m in map(LINE.match, text.splitlines()) if m]


@pytest.mark.parametrize("case", CASES)
def test_invalid_case(case: str, request: pytest.FixtureRequest,
                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = INVALID / case
    project = source
    if (source / UNREADABLE).exists():
        project = tmp_path / case
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("expected.txt"))
        _make_unreadable(project, monkeypatch)
    code, output = _check(project, monkeypatch)
    expected_file = source / "expected.txt"
    if update_goldens(request.config):
        expected_file.write_text(output, encoding="utf-8")
    assert expected_file.exists(), f"no expected.txt for {case}; run pytest --update-goldens"
    expected = expected_file.read_text(encoding="utf-8")

    assert code == 1, output
    lines = output.splitlines()
    assert lines, "dossier check printed nothing"
    # shape: sorted problem lines in the documented format, then one count line
    assert all(LINE.match(line) for line in lines[:-1]), output
    where = [_where(line) for line in lines[:-1]]
    assert where == sorted(where), output
    count = COUNT.match(lines[-1])
    assert count and int(count[1]) == len(lines) - 1, output
    assert int(count[2]) == len({key[0] for key in _keys(output)}), output
    # strict on where and what, then on the wording
    assert _keys(output) == _keys(expected)
    assert output == expected


def test_every_case_has_a_golden() -> None:
    missing = [case for case in CASES if not (INVALID / case / "expected.txt").exists()]
    assert not missing, f"cases without expected.txt: {missing}"
    assert len(CASES) >= 15


def test_codes_cover_every_kind_of_bad_input() -> None:
    """The corpus exercises each kind of problem the issue lists (and a few more)."""
    codes = {key[2] for case in CASES for key in
             _keys((INVALID / case / "expected.txt").read_text(encoding="utf-8"))}
    required = {"yaml-syntax", "duplicate-key", "unknown-field", "missing-field", "wrong-type",
                "bad-date", "unknown-currency", "duplicate-id", "unknown-topic",
                "unknown-entity", "unknown-source", "unknown-paragraph", "unreadable",
                "not-utf8", "yaml-alias", "yaml-tag", "bad-key", "empty-file",
                "unexpected-file", "bad-enum", "bad-id", "out-of-range"}
    assert required <= codes, f"no case for: {sorted(required - codes)}"


def test_suggestions_name_the_nearest_valid_id() -> None:
    text = "".join((INVALID / case / "expected.txt").read_text(encoding="utf-8") for case in CASES)
    for typo, meant in [("industri", "industry"), ("hbiss", "hbis"), ("articel", "article"),
                        ("p-stel", "p-steel"), ("EURO", "EUR"), ("summery", "summary"),
                        ("hbsi", "hbis")]:
        assert f"'{typo}'" in text and f"did you mean '{meant}'?" in text, typo


def test_valid_example_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = _check(EXAMPLES / "valid", monkeypatch)
    assert code == 0, output
    assert output.count("\n") == 1 and output.startswith("OK: 3 facts, 3 entities, 2 topics")


def test_missing_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, output = _check(tmp_path, monkeypatch)
    assert code == 1
    assert output.startswith("data:1:1: [error] data folder 'data' not found")
    assert "(no-data)" in output


def test_folders_outside_the_project_are_refused(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    result = CliRunner().invoke(main, ["check", "--data", "../elsewhere"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "is outside the project folder" in result.output


# --------------------------------------------------------------------------- the MkDocs build


def _broken_copy(tmp_path: Path) -> Path:
    project = tmp_path / "broken"
    shutil.copytree(EXAMPLES / "valid", project)
    facts = project / "data" / "facts" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("currency: EUR", "currency: EURO", 1), encoding="utf-8")
    return project


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "not-strict"])
def test_broken_data_fails_the_mkdocs_build(strict: bool, tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    """A site with broken data is never published, strict or not; the problems are logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project = _broken_copy(tmp_path)
    site_dir = tmp_path / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises(Abort):
            build(config)
    finally:
        config.plugins.on_shutdown()
    assert not (site_dir / "index.html").exists()
    logged = [r.getMessage() for r in caplog.records]
    assert any("data/facts/facts.yml:8:35: [error] 'currency'" in m and "(unknown-currency)" in m
               for m in logged), logged
