"""The README's example outputs are real (issue 15): each fenced block that starts with
`$ scripts/dossier check …` or `$ scripts/dossier new …` holds exactly what that command prints.
`check` runs from the repository root (on `tests/readme-example/`, a small tree with three
mistakes); `new` runs on a copy of the real `data/`, so nothing is written to the repository.
After a deliberate change, `--update-goldens` (or UPDATE_GOLDENS=1) pastes the real output into
the README; review the diff."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from dossier.cli import main

README = ROOT / "README.md"


def examples(text: str) -> list[tuple[int, list[str], str]]:
    """(line, dossier arguments as written, expected output) of each ```-block opening with a
    `$ scripts/dossier` command."""
    found = []
    for m in re.finditer(r"^```\n\$ scripts/dossier ([^\n]*)\n(.*?)^```$", text, re.M | re.S):
        found.append((text.count("\n", 0, m.start()) + 2, m.group(1), m.group(2)))
    return found


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_shows_a_check_and_a_new_record() -> None:
    assert sorted(shlex.split(args)[0] for _, args, _ in EXAMPLES) == ["check", "new"]


@pytest.mark.parametrize("line, written, expected", EXAMPLES,
                         ids=[f"README.md:{n}" for n, _, _ in EXAMPLES])
def test_the_readme_example_is_what_the_command_prints(
        line: int, written: str, expected: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    args = shlex.split(written)
    if args[0] == "new":  # it writes: run it on a copy of the data
        shutil.copytree(ROOT / "data", tmp_path / "data")
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if request.config.getoption("--update-goldens") or os.environ.get("UPDATE_GOLDENS"):
        command = f"$ scripts/dossier {written}\n"
        text = README.read_text(encoding="utf-8")
        README.write_text(text.replace(command + expected, command + result.output, 1),
                          encoding="utf-8")
        expected = result.output
    assert result.output == expected, (
        f"README.md:{line}: the example differs from the real output; paste this:\n"
        + result.output)
    if args[0] == "check":
        assert result.exit_code == 1 and "Found 3 errors" in result.output
