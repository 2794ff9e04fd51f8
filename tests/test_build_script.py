"""The documented build command, `bash scripts/build`, is atomic and reproducible.

One copy of the project, made a git repository with one commit of a fixed date, is built twice
with scripts/build itself (each time into its own temporary folder, swapped into site/):

* reproducible: both builds give the same files, byte for byte — HTML, sitemap.xml(.gz), the
  search index, the generated downloads and SVGs, the PDF and the offline zip — and the dates
  that are not from git (sitemap, gzip header, PDF) are the commit's (SOURCE_DATE_EPOCH);
* atomic: a third build with bad data exits non-zero, lists the problem and leaves site/ exactly
  as it was, with no temporary folder left behind.

scripts/build sets up .venv itself; the copy gets a .venv of wrappers around the one running
the tests (no install, no network, nothing written into the real .venv or site/).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

from dossier.publish.publication import OFFLINE_ZIP, PDF

# scripts/build prints the PDF with Chromium: these run with the browser tests.
pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
              pytest.mark.browser]

SITE_URL = "https://dossier.test/published/"  # the tests' own address; scripts/build requires one
COMMIT_DATE = "2026-01-02T03:04:05+00:00"
EPOCH = int(dt.datetime.fromisoformat(COMMIT_DATE).timestamp())
BAD_FACT = """\
- id: fact-with-a-broken-reference
  date: "2020"
  title: A fact that names an entity nobody defined
  summary: It names an entity that does not exist.
  topics: [industry-mining]
  entities: [no-such-entity]
  sources:
    - source: article
      locator: p-zijin-bor
  verification: article-claim
  verification_note: Only the article says so.
"""
PROBLEM = re.compile(
    r"data/facts/zz-broken\.yml:(\d+):(\d+): \[error\] .*'no-such-entity'.* \(([a-z-]+)\)")


@dataclass
class Run:
    returncode: int
    output: str


def snapshot(site: Path) -> dict[str, str]:
    """{path relative to site/: sha256} of every file."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted({k for k in a.keys() | b.keys() if a.get(k) != b.get(k)})


def fake_venv(project: Path) -> None:
    """A .venv whose python/mkdocs/dossier run the test environment's, and the stamp that tells
    scripts/build its editable install is up to date (so it installs nothing)."""
    real = Path(sys.executable).parent
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "mkdocs", "dossier"):
        target = real / name
        assert target.exists(), target
        wrapper = bin_dir / name
        wrapper.write_text(f'#!/bin/sh\nexec "{target}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    digest = hashlib.sha256((project / "pyproject.toml").read_bytes()).hexdigest()
    (project / ".venv" / ".dossier-installed").write_text(digest + "\n", encoding="utf-8")


def git(project: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                    *args], cwd=project, env=env, check=True, capture_output=True)


def scripts_build(project: Path, site_url: str | None = SITE_URL) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    if site_url is not None:
        env["SITE_URL"] = site_url
    run = subprocess.run(["bash", "scripts/build"], cwd=project, env=env, capture_output=True,
                         text=True, timeout=600, check=False)
    return Run(run.returncode, run.stdout + run.stderr)


@dataclass
class Builds:
    project: Path
    first: dict[str, str]
    second: dict[str, str]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    project = copy_project(tmp_path_factory.mktemp("scripted") / "project")
    fake_venv(project)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "One commit of the whole project")
    snapshots = []
    for n in (1, 2):
        run = scripts_build(project)
        assert run.returncode == 0, f"scripts/build #{n} failed:\n{run.output[-6000:]}"
        snapshots.append(snapshot(project / "site"))
    return Builds(project, *snapshots)


def test_two_builds_of_the_same_commit_are_identical(builds: Builds) -> None:
    first, second = builds.first, builds.second
    for needed in ("index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                   "feed.xml", "timeline/index.html", "charts/index.html", PDF, OFFLINE_ZIP):
        assert needed in first, f"the build made no {needed}"
    assert any(k.endswith(".svg") for k in first) or "<svg" in (
        builds.project / "site" / "charts" / "index.html").read_text(encoding="utf-8")
    assert len(first) > 100
    changed = differences(first, second)
    assert not changed, f"{len(changed)} file(s) differ between two builds: {changed[:20]}"


def test_dates_not_from_git_are_the_commit_date(builds: Builds) -> None:
    site = builds.project / "site"
    day = COMMIT_DATE[:10]
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>",
                              (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert lastmods == {day}, lastmods
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(raw[4:8], "little") == EPOCH - EPOCH % 86400  # MTIME: that day
    assert gzip.decompress(raw) == (site / "sitemap.xml").read_bytes()
    pdf = (site / PDF).read_bytes()
    stamp = dt.datetime.fromtimestamp(EPOCH, tz=dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    dates = re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", pdf)
    assert dates and set(dates) == {stamp.encode()}, dates


def test_pdf_links_lead_to_the_published_site_not_the_build_folder(builds: Builds) -> None:
    pdf = (builds.project / "site" / PDF).read_bytes()
    assert b"file://" not in pdf
    assert f"/URI ({SITE_URL}entities/".encode() in pdf


def test_without_site_url_scripts_build_refuses_clearly(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    run = scripts_build(project, site_url=None)
    assert run.returncode == 2, run.output[-3000:]
    assert "error: set SITE_URL" in run.output
    assert not (project / "site").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".site-build")]


def test_a_failed_build_leaves_site_byte_for_byte_intact(builds: Builds) -> None:
    project = builds.project
    site = project / "site"
    before = snapshot(site)
    assert before == builds.second
    inode = site.stat().st_ino
    bad = project / "data" / "facts" / "zz-broken.yml"
    bad.write_text(BAD_FACT, encoding="utf-8")
    try:
        run = scripts_build(project)
    finally:
        bad.unlink()
    assert run.returncode != 0, run.output[-3000:]
    assert "Traceback" not in run.output, run.output[-3000:]
    found = PROBLEM.search(run.output)
    assert found, f"the problem is not listed:\n{run.output[-3000:]}"
    assert (int(found[1]), found[3]) == (6, "unknown-entity"), found[0]
    assert "site/ was left as it was" in run.output
    assert snapshot(site) == before
    assert site.stat().st_ino == inode  # the very same folder, not a copy
    leftovers = [p.name for p in project.iterdir() if p.name.startswith((".site-build", ".site-old"))]
    assert not leftovers, leftovers
