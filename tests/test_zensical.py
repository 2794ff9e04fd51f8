"""The second engine: `dossier export --markdown` writes a self-contained project that Zensical
(the Material team's successor) builds with every internal link and anchor resolving."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pathspec
import pytest
import yaml
from conftest import ROOT

from dossier.devtools.linkcheck import check_site
from dossier.publish.publication import OFFLINE_ZIP, PDF

ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")


@pytest.mark.skipif(ZENSICAL is None, reason="zensical is not installed (pip install -e '.[test]')")
def test_the_markdown_export_builds_with_zensical_without_a_broken_link(tmp_path: Path) -> None:
    out = tmp_path / "export"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "dossier", "export", "--markdown", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    custom_dir = config["theme"]["custom_dir"]
    assert not Path(custom_dir).is_absolute() and (out / custom_dir).is_dir(), custom_dir
    assert str(ROOT) not in (out / "mkdocs.yml").read_text(encoding="utf-8")
    # Every page the nav leaves out is declared `not_in_nav` (MkDocs warns otherwise, and a
    # strict build of the export fails), as MkDocs reads the patterns: gitignore-style.
    listed = set(_nav_files(config["nav"]))
    spec = pathspec.GitIgnoreSpec.from_lines(config["not_in_nav"].splitlines())
    left_out = [p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*.md")]
    assert [p for p in left_out if p not in listed and not spec.match_file(p)] == []
    # Moved elsewhere, the project still builds: nothing points back into the repository.
    moved = shutil.move(str(out), str(tmp_path / "moved"))
    build = subprocess.run([ZENSICAL, "build"], cwd=moved, env=env, capture_output=True,
                           text=True, timeout=300, check=False)
    assert build.returncode == 0, (build.stdout + build.stderr)[-3000:]
    site = Path(moved) / "site"
    assert (site / "charts" / "index.html").is_file() and (site / "timeline" / "index.html").is_file()
    broken = check_site(site, config["site_url"])
    # The PDF and the offline copy are added after any engine's build (`dossier publish`).
    later = [b for b in broken if b.target.split("#")[0].endswith((PDF, OFFLINE_ZIP))]
    assert [b for b in broken if b not in later] == [], "\n".join(map(str, broken))


def _nav_files(nav: object):
    """Every Markdown file a MkDocs `nav` names."""
    if isinstance(nav, str):
        if nav.endswith(".md"):
            yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)
