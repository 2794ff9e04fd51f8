"""Every command the README shows runs as written from the repository root of a fresh clone
(issue 15): a script it names exists (and is executable when called directly), a `dossier`
subcommand exists in the CLI, a file or folder it names exists, and nothing relies on an
activated virtual environment (`.venv/bin/…`, bare `pytest`, `dossier` or `python`)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT

from dossier.cli import main as cli

README = ROOT / "README.md"

# Inline code that is a command to run (not a file name or a description of one).
_INLINE = re.compile(r"`((?:[A-Z_]+=\S+ )*(?:(?:bash|python3) scripts/[^`]*|scripts/[a-z_-]+(?: [^`]*)?))`")
_PROMPT = "$ "
# Words that only work with the virtual environment activated.
_NEEDS_VENV = ("pytest", "dossier", "mkdocs", "python", "pip")


def readme_commands(text: str) -> list[tuple[int, str]]:
    """(line number, command) for every command in the README: lines of indented code blocks,
    lines of ```sh/```bash blocks, `$ …` lines of other fenced blocks, and inline code that
    starts with a script. Comments after `#` are dropped."""
    found: list[tuple[int, str]] = []
    fence: str | None = None
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = None if fence is not None else (stripped[3:].strip() or "text")
            continue
        if fence is not None:
            if fence in ("sh", "bash", "shell", "console") or stripped.startswith(_PROMPT):
                found.append((n, stripped.removeprefix(_PROMPT)))
            continue
        if line.startswith("    ") and stripped and not stripped.startswith(("|", "-", "*")):
            found.append((n, stripped))
            continue
        for m in _INLINE.finditer(line):
            found.append((n, m.group(1)))
    # A comment starts at " #" (the README never quotes a '#').
    return [(n, re.sub(r"(^|\s+)#.*$", "", c)) for n, c in found if not c.startswith("#")]


def problems(command: str, root: Path) -> list[str]:
    """What would stop `command` from running as written from `root`."""
    out = []
    for part in re.split(r"\s*(?:&&|\|\||;|\|)\s*", command):
        words = shlex.split(part)
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):  # VAR=value prefixes
            words.pop(0)
        if not words:
            continue
        head, args = words[0], words[1:]
        if head.startswith(".venv/"):
            out.append(f"{head} does not exist on a fresh clone: use scripts/…")
        elif head in _NEEDS_VENV:
            out.append(f"bare `{head}` needs an activated .venv: use scripts/…")
        elif head in ("bash", "python3"):
            if not args or not (root / args[0]).is_file():
                out.append(f"{part!r}: no file {args[0] if args else ''!r}")
            elif args[0] == "scripts/dossier":
                out += _dossier(args[1:])
        elif head.startswith("scripts/"):
            script = root / head
            if not script.is_file():
                out.append(f"no script {head}")
            elif not script.stat().st_mode & 0o111:
                out.append(f"{head} is not executable: write `bash {head}`")
            elif head == "scripts/dossier":
                out += _dossier(args)
        elif head not in ("git", "cd"):
            out.append(f"unknown command {head!r}")
        for arg in args:  # repository paths named as arguments must exist
            if re.fullmatch(r"(tests|scripts|data|docs|dossier)/[\w./-]+", arg) and not (
                    root / arg).exists():
                out.append(f"{part!r} names {arg}, which does not exist")
    return out


def _dossier(args: list[str]) -> list[str]:
    if not args:
        return []
    if args[0] not in cli.commands:
        return [f"`dossier {args[0]}` is not a command (known: {', '.join(sorted(cli.commands))})"]
    return []


def test_the_readme_opens_with_its_title_a_sentence_and_the_quick_start() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# China–Serbia Relations: a research dossier"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[0] == "## Quick start"
    quick = lines[lines.index("## Quick start"):]
    quick = quick[:next(i for i, line in enumerate(quick[1:], 1) if line.startswith("## "))]
    block = [line.strip() for line in quick if line.startswith("    ")]
    assert [shlex.split(b, comments=True) for b in block] == [
        ["bash", "scripts/serve"], ["bash", "scripts/test"]]


def test_every_readme_command_refers_to_something_that_exists() -> None:
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert len(commands) >= 10, commands  # the extraction found the README's commands
    bad = [f"README.md:{n}: {c}: {p}" for n, c in commands for p in problems(c, ROOT)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("command, expected", [
    ("pytest tests/test_checks.py", "needs an activated .venv"),
    (".venv/bin/dossier check", "does not exist on a fresh clone"),
    ("scripts/dossier nosuchcommand", "is not a command"),
    ("bash scripts/nosuchscript", "no file"),
    ("bash scripts/test tests/test_nosuchfile.py", "does not exist"),
    ("scripts/setup.sh", "is not executable"),
])
def test_the_check_catches_what_would_fail(command: str, expected: str) -> None:
    found = problems(command, ROOT)
    assert any(expected in p for p in found), found


def test_the_commands_the_tools_print_are_runnable_too() -> None:
    """The hints the dossier prints (build errors, `changelog --check`, `manifest`) spell the
    command as the README does."""
    hints = []
    for path in sorted((ROOT / "dossier").rglob("*.py")):
        for m in re.finditer(r"run `([^`]+)`", path.read_text(encoding="utf-8")):
            hints.append((path.relative_to(ROOT).as_posix(), m.group(1)))
    assert hints
    bad = [f"{p}: {c}: {x}" for p, c in hints for x in problems(c, ROOT)]
    assert not bad, "\n".join(bad)


def test_the_licences_are_present_and_named_consistently() -> None:
    import tomllib

    code, content = ROOT / "LICENSE", ROOT / "LICENSE-CONTENT"
    assert code.read_text(encoding="utf-8").startswith("MIT License")
    assert "Attribution 4.0 International Public License" in content.read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "LICENSE-CONTENT"]
    readme = README.read_text(encoding="utf-8")
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    for text in (readme, cff):
        assert "LICENSE-CONTENT" in text and "(LICENSE)" in text
