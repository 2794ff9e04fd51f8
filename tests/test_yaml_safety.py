"""Hostile data files get a clear error from `dossier check`, never object construction, a hang,
a memory blow-up or a traceback.

Each case adds one file to a copy of the small valid project and runs the real command in a
subprocess, with a generous timeout and an address-space cap as guards (nothing here measures
time): the code execution tag, a nine-level "billion laughs", nesting 10,000 levels deep in
flow and block style, and a 20 MB value.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

VALID = Path(__file__).parent / "examples" / "valid"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): \[error\] .+ \((?P<code>[a-z0-9-]+)\)$")
COUNT = re.compile(r"^Found \d+ errors? in \d+ files?\.$")
HANG_GUARD = 120  # seconds; a guard, not a measurement
MEMORY_CAP = 2 << 30  # bytes of address space for the checker


# `dossier check` with its address space capped (set in the child: no preexec_fn).
CHECK = ("import resource, sys; from dossier.cli import main; "
         f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP})); "
         "sys.argv = ['dossier', 'check']; main()")


def check(tmp_path: Path, rel: str, content: str) -> tuple[Path, list[tuple[str, int, int, str]]]:
    """`dossier check` of the valid project plus `rel`; its problems as (path, line, col, code)."""
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    (project / rel).write_text(content, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", CHECK], cwd=project, capture_output=True,
                         text=True, timeout=HANG_GUARD, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 1, f"exit {run.returncode}:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    lines = output.splitlines()
    assert lines and COUNT.match(lines[-1]), output[-3000:]
    problems = []
    for line in lines[:-1]:
        m = LINE.match(line)
        assert m, f"not a problem line: {line[:300]!r}"
        assert len(line) < 500, f"problem line of {len(line)} characters"
        problems.append((m["path"], int(m["line"]), int(m["col"]), m["code"]))
    return project, problems


def test_python_object_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    project, problems = check(tmp_path, "data/facts/hostile.yml", """\
- !!python/object/apply:os.system ["touch PWNED-apply"]
- !!python/object/new:os.system ["touch PWNED-new"]
- id: !!python/name:os.system
  title: !!python/object/apply:subprocess.check_output [["touch", "PWNED-list"]]
""")
    assert not list(project.glob("PWNED*")), "a tag ran a command"
    assert [(p[1], p[3]) for p in problems if p[3] == "yaml-tag"] == [
        (1, "yaml-tag"), (2, "yaml-tag"), (3, "yaml-tag"), (4, "yaml-tag")]
    assert {p[0] for p in problems} == {"data/facts/hostile.yml"}


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    levels = "abcdefghi"  # nine levels: 9**9 = 387,420,489 'lol's if expanded
    text = "lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip(levels, levels[1:]))
    _, problems = check(tmp_path, "data/topics/laughs.yml", text)
    aliases = [p for p in problems if p[3] == "yaml-alias"]
    assert len(aliases) == 8 * 9  # one per alias written, none per expansion
    assert len(problems) < 100


@pytest.mark.parametrize(("name", "text"), [
    ("flow lists", "x: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    ("flow mappings", "x: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"),
    ("block lists", "- " * 10_000 + "x\n"),
    ("block mappings", "".join(" " * i + f"k{i}:\n" for i in range(10_000))),
])
def test_nesting_ten_thousand_levels_deep_is_a_syntax_error(tmp_path: Path, name: str,
                                                            text: str) -> None:
    _, problems = check(tmp_path, "data/topics/deep.yml", text)
    assert [(p[0], p[3]) for p in problems] == [("data/topics/deep.yml", "yaml-syntax")]


def test_a_twenty_megabyte_value_is_refused(tmp_path: Path) -> None:
    huge = "lol " * (5 << 20)
    _, problems = check(tmp_path, "data/topics/huge.yml",
                        f"id: huge\nname: Huge\ndescription: {huge}\n")
    assert ("data/topics/huge.yml", 3, 14, "too-long") in problems
