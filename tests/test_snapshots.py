"""Release snapshots (publish/snapshots.py): two tagged versions of a test repository, each
built once with its own code, published under /v/<version>/ beside the current site; the
old-version banner only where a page changed; citations pinned to the version read; the
correction link (cite/corrections.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git

from dossier.cite import citation, corrections
from dossier.core.settings import Settings, snapshot_urls
from dossier.publish import snapshots

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "examples" / "valid"
SITE = "https://example.org/dossier/"
CONFIG = f"""site_name: Example dossier
site_url: !ENV [SITE_URL, "{SITE}"]
repo_url: !ENV [REPO_URL, ""]
theme:
  name: material
  custom_dir: overrides
  font: false
markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      permalink: "¶"
validation:
  links:
    not_found: warn
    anchors: warn
    unrecognized_links: warn
nav:
  - Home: index.md
  - Timeline: timeline.md
  - Topics: topics/index.md
  - Entities: entities/index.md
  - Sources: sources.md
  - Glossary: glossary.md
plugins:
  - search
  - dossier
"""


def build_current(repo: Path, site_dir: Path, **env: str) -> None:
    """The current site, built as scripts/build does (a separate process, in the repo)."""
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                          "--site-dir", str(site_dir)], cwd=repo, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(repo), "SITE_URL": SITE, **env},
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A repository with its own copy of the code: v2026.01.01, then a fact corrected and
    released as v2026.02.01, then both snapshots published beside the current site."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(EXAMPLE / "data", repo / "data")
    shutil.copytree(EXAMPLE / "docs", repo / "docs")
    shutil.copytree(ROOT / "overrides", repo / "overrides")
    shutil.copytree(ROOT / "dossier", repo / "dossier",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "First version")
    git(repo, "tag", "v2026.01.01")
    facts = repo / "data" / "facts" / "facts.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "HBIS acquired the plant for €46 million.", "HBIS acquired the plant for €46.2 million."),
        encoding="utf-8")
    # The second release's code differs too: the first snapshot must not be built with it.
    marker = repo / "dossier" / "render" / "pages.py"
    marker.write_text(marker.read_text(encoding="utf-8") + "\n# code of the second release\n",
                      encoding="utf-8")
    git(repo, "commit", "-qam", "Correct the HBIS price", when="2026-02-01T12:00:00Z")
    git(repo, "tag", "v2026.02.01")
    site, cache = repo / "site", repo / ".snapshots"
    build_current(repo, site)
    built = snapshots.ensure(repo, cache, SITE, artifacts=False, say=lambda _: None)
    assert [t.name for t in built] == ["v2026.01.01", "v2026.02.01"]
    snapshots.publish(repo, cache, site, say=lambda _: None)
    return repo, site


def test_both_snapshots_and_the_current_site_are_published(published: tuple[Path, Path]) -> None:
    repo, site = published
    for path in ("", "v/2026.01.01/", "v/2026.02.01/"):
        assert (site / path / "timeline" / "index.html").is_file(), path
    assert 'href="2026.01.01/"' in (site / "v" / "index.html").read_text(encoding="utf-8")
    # each snapshot says which tag and commit it was built from, in the cache only
    marker = json.loads((repo / ".snapshots" / "2026.01.01" / snapshots.MARKER).read_text())
    assert marker["tag"] == "v2026.01.01"
    assert not (site / "v" / "2026.01.01" / snapshots.MARKER).exists()


def test_old_anchor_still_resolves_in_its_snapshot(published: tuple[Path, Path]) -> None:
    _, site = published
    old = (site / "v/2026.01.01/timeline/2016/index.html").read_text(encoding="utf-8")
    new = (site / "timeline/2016/index.html").read_text(encoding="utf-8")
    assert 'id="hbis-buys-smederevo"' in old and "€46 million." in old
    assert "€46.2 million." not in old
    assert "€46.2 million." in new


def test_a_built_snapshot_is_never_rebuilt(published: tuple[Path, Path]) -> None:
    repo, _ = published
    assert snapshots.ensure(repo, repo / ".snapshots", SITE, artifacts=False,
                            say=lambda _: None) == []


def test_citations_pin_the_snapshot_of_the_version_read(published: tuple[Path, Path]) -> None:
    _, site = published
    for version, page in (("2026.01.01", site / "v/2026.01.01/timeline/2016/index.html"),
                          ("2026.02.01", site / "timeline/2016/index.html")):
        text = page.read_text(encoding="utf-8")
        pinned = f"{SITE}v/{version}/timeline/2016/#hbis-buys-smederevo"
        blob = json.loads(__import__("html").unescape(
            re.search(r'<div class="dossier-cite-data" hidden[^>]*>(.*?)</div>', text).group(1)))
        item = blob["items"]["hbis-buys-smederevo"]
        assert item["csl"]["URL"] == pinned
        assert item["latest"] == f"{SITE}timeline/2016/#hbis-buys-smederevo"
        assert pinned in item["apa"] and pinned in item["chicago"]
        assert f'<meta name="citation_public_url" content="{SITE}v/{version}/timeline/2016/">' in text
        # the page-level block: every format written out carries the pinned page URL
        block = text[text.index('id="dossier-cite"'):]
        for fmt in citation.FORMATS:
            pre = re.search(rf'data-cite-format="{fmt}">(.*?)</pre>', block, re.S).group(1)
            assert f"{SITE}v/{version}/timeline/2016/" in pre, fmt


def test_banner_only_where_the_page_changed(published: tuple[Path, Path]) -> None:
    _, site = published
    old = site / "v" / "2026.01.01"
    timeline = (old / "timeline/2016/index.html").read_text(encoding="utf-8")
    assert "You are reading version <code>v2026.01.01</code> of 1 January 2026" in timeline
    assert 'href="../../../../changelog/#v2026-02-01"' in timeline
    card = timeline[timeline.index('id="hbis-buys-smederevo"'):][:600]
    assert 'href="../../../../timeline/#hbis-buys-smederevo"' in card  # its current card
    year = (old / "timeline/2008/index.html").read_text(encoding="utf-8")
    other = year[year.index('id="ada-bridge-financing"'):][:600]
    assert "dossier-outdated" not in other
    # untouched pages of the old version, and the newest version, have no banner
    assert "dossier-outdated" not in (old / "glossary/index.html").read_text(encoding="utf-8")
    for page in (site / "v" / "2026.02.01").rglob("index.html"):
        assert "dossier-outdated" not in page.read_text(encoding="utf-8"), page
    # nothing in a snapshot loads from the current site (only links lead there)
    # (the page is v/<version>/timeline/2016/: four levels up is the current site)
    assert not re.search(r'(src|href)="(\.\./){4}[^"]*\.(js|css)"', timeline)


def test_fact_history_on_the_card(published: tuple[Path, Path]) -> None:
    _, site = published
    text = "".join((site / "timeline" / year / "index.html").read_text(encoding="utf-8")
                   for year in ("2008", "2016"))

    def card(fid: str) -> str:
        start = text.index(f'id="{fid}"')
        return text[start:text.index("</article>", start)]

    hbis = card("hbis-buys-smederevo")
    assert "Added on 1 January 2026 in version <code>v2026.01.01</code>" in hbis
    assert "Changed on 1 February 2026 in version <code>v2026.02.01</code>" in hbis
    assert "changed in" not in card("ada-bridge-financing")
    assert "Added on 1 January 2026" in card("ada-bridge-financing")


def test_correction_link_needs_a_repository(published: tuple[Path, Path],
                                            tmp_path: Path) -> None:
    repo, site = published
    assert "dossier-correct-link" not in (site / "timeline/2016/index.html").read_text(
        encoding="utf-8")
    build_current(repo, tmp_path / "site", REPO_URL="https://github.com/o/dossier.git")
    text = (tmp_path / "site" / "timeline/2016/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a[^>]*class="dossier-correct-link"[^>]*>', text)
    assert links
    hbis = next(a for a in links if 'data-correct="hbis-buys-smederevo"' in a)
    href = __import__("html").unescape(re.search(r'href="([^"]+)"', hbis).group(1))
    assert href.startswith("https://github.com/o/dossier/issues/new?")
    assert "template=correction.yml" in href and "id=hbis-buys-smederevo" in href
    assert "version=v2026.02.01" in href
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-correct="p-steel"' in home  # paragraphs too


def test_correction_form_fields_match_the_link() -> None:
    import yaml
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE" / corrections.TEMPLATE).read_text())
    ids = {f.get("id") for f in form["body"]}
    assert set(corrections.FIELDS) | {"wrong", "source"} <= ids
    settings = Settings(SITE, "S", "A", version="v2026.01.01")
    assert corrections.issue_url(settings, "fact", "x", "text", SITE) == ""
    assert corrections.tracker("not a url") == ""


def test_untagged_and_snapshot_urls() -> None:
    assert snapshot_urls(SITE, None) == ("", "")
    assert snapshot_urls(SITE, "v2026.01.01") == (SITE + "v/2026.01.01/", SITE)
    assert snapshot_urls(SITE + "v/2026.01.01/", "v2026.01.01", SITE) == (
        SITE + "v/2026.01.01/", SITE)
    untagged = Settings(SITE, "S", "A", version="1a2b3c4")
    work = citation.Work("k", "T", untagged.version_url("timeline/"))
    assert citation.csl_item(work, untagged)["URL"] == SITE + "timeline/"
    assert "note" not in citation.csl_item(work, untagged)


def test_unreleased_history_is_dated_by_its_commits() -> None:
    from dossier.publish.changes import Change, Commit, History, Release
    from dossier.publish.fact_history import events
    from dossier.render import fact_history

    add = Commit("a" * 40, 1767268800, "Add", [Change("new", "fact", "f", "F")])  # 2026-01-01
    fix = Commit("b" * 40, 1769947200, "Fix", [Change("corrected", "fact", "f", "F", "Why")])
    history = History([fix, add], [Release("", "b" * 40, 1769947200, [fix], [
        Change("new", "fact", "f", "F")]), Release("v2025.12.01", "c" * 40, 1764590400, [], [])])
    found = events(history)
    assert [(e.what, e.version, str(e.date)) for e in found["f"]] == [
        ("new", "", "2026-01-01")]  # the commit that added it, not yet released
    site = type("S", (), {"fact_history": found})()
    assert "(not yet in a release)" in fact_history.element(site, "f")[0]
    assert fact_history.element(site, "other") == []
