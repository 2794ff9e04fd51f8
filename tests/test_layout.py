"""The package layout shows the architecture: every module under dossier/ is named in
ARCHITECTURE.md, the subpackages import each other in one direction only, and only the engine
edge (and the developer tools) import MkDocs. Pure: reads the source, imports nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dossier"
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")

SUBPACKAGES = ("core", "render", "publish", "cite", "engine", "devtools")
ALLOWED = {
    "core": set(),
    "render": {"core"},
    "publish": {"core", "render"},
    "cite": {"core", "render", "publish"},
    "engine": {"core", "render", "publish", "cite"},
    "devtools": {"core", "publish"},
}
"""What each subpackage may import (one direction, so no cycles); the top level (cli) may
import any of them."""
MKDOCS_ALLOWED = {"engine", "devtools"}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def _owner(path: Path) -> str:
    """'core' for dossier/core/x.py, '' for a top-level module."""
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if len(rel) > 1 else ""


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(subpackages of dossier this module imports, third-party top-level names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(ROOT).with_suffix("").parts[:-1]  # ('dossier', 'core')
    ours, theirs = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if len(target) == 1:  # `from . import x` at the top, or `from .. import x`
                    target += [a.name for a in node.names][:1]
                ours.add(target[1] if len(target) > 1 else "")
            elif node.module:
                name = node.module.split(".")
                if name[0] == "dossier":
                    ours.add(name[1] if len(name) > 1 else "")
                else:
                    theirs.add(name[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name.split(".")
                if name[0] == "dossier":
                    ours.add(name[1] if len(name) > 1 else "")
                else:
                    theirs.add(name[0])
    return ours, theirs


def test_every_module_is_named_in_architecture_md() -> None:
    missing = [p.relative_to(ROOT).as_posix() for p in modules()
               if f"`{p.relative_to(ROOT).as_posix()}`" not in ARCHITECTURE]
    assert not missing, f"ARCHITECTURE.md does not name: {missing}"


def test_architecture_md_names_no_module_that_is_gone() -> None:
    named = set(re.findall(r"`(dossier/[\w/]+\.py)`", ARCHITECTURE))
    assert not [n for n in named if not (ROOT / n).is_file()]


def test_the_top_level_keeps_only_the_entry_points() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") \
        == sorted(SUBPACKAGES)


def test_subpackages_import_in_one_direction() -> None:
    wrong = []
    for path in modules():
        owner = _owner(path)
        if not owner:
            continue
        ours, _ = imports(path)
        for target in ours - {owner}:
            if target not in ALLOWED[owner]:
                wrong.append(f"{path.relative_to(ROOT)} imports dossier.{target or '__init__'}")
    assert not wrong, "\n".join(wrong)


def test_allowed_imports_have_no_cycle() -> None:
    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n}))
                   for n in ALLOWED[start])
    assert not [p for p in SUBPACKAGES if reaches(p, p)]


def test_only_the_engine_and_devtools_import_mkdocs() -> None:
    wrong = [path.relative_to(ROOT).as_posix() for path in modules()
             if {"mkdocs", "material"} & imports(path)[1] and _owner(path) not in MKDOCS_ALLOWED]
    assert not wrong, f"MkDocs imported outside dossier/engine/ and dossier/devtools/: {wrong}"


def test_no_module_but_routes_spells_a_generated_page_path() -> None:
    from dossier.core import routes

    paths = set(routes.GENERATED) | {routes.DOWNLOADS, *routes.RECORD_PAGE_PREFIXES}
    paths |= {routes.url_path(p) for p in routes.GENERATED}
    wrong = []
    for path in modules():
        if path == PACKAGE / "core" / "routes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and node.value in paths:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert not wrong, "\n".join(wrong)
