"""Publishing: versions, the change log and feed from git, the print edition, the PDF, the
offline copy (opened from file:// in Chromium) and the deploy workflow (actionlint)."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ARTICLE, Build, git, ROOT

from dossier.publish import anchors, changelog, feed

from dossier.render import print_edition
from dossier.publish.changes import history
from dossier.publish.artifacts import unzip
from dossier.publish.publication import OFFLINE_ZIP, PDF
from dossier.publish.version import site_version

A = f"{{{feed.ATOM}}}"
EXAMPLE = Path(__file__).parent / "examples" / "valid"
SECTION_TITLES = [re.match(r"# (.*?) \{", (ROOT / "docs" / src).read_text(encoding="utf-8")).group(1)
                  for src, *_ in ARTICLE]


# --------------------------------------------------------------------------- a fixture repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example data tree in a new git repository: one commit adding everything."""
    shutil.copytree(EXAMPLE / "data", tmp_path / "data")
    shutil.copytree(EXAMPLE / "docs", tmp_path / "docs")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "data", "docs")
    git(tmp_path, "commit", "-q", "-m", "Add the data and the article")
    return tmp_path


def edit_fact(repo: Path, old: str, new: str) -> None:
    facts = repo / "data" / "facts" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    assert old in text
    facts.write_text(text.replace(old, new, 1), encoding="utf-8")


def correct_hbis(repo: Path) -> None:
    """Second commit: one fact corrected (moved to a new file), one added, a page revised."""
    facts = repo / "data" / "facts" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    first, rest = text.split("- id: ada-bridge-financing", 1)
    facts.write_text("- id: ada-bridge-financing" + rest, encoding="utf-8")
    (repo / "data" / "facts" / "steel.yml").write_text(
        first.replace("verification: corroborated", "verification: corrected\n  "
                      "verification_note: The price was €46 million, not €64 million.\n  "
                      "article_says: €64 million") + NEW_FACT, encoding="utf-8")
    page = repo / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Correct the HBIS price; add the 2024 visit",
        when="2026-02-03T08:30:00Z")


NEW_FACT = """- id: new-visit-2024
  date: "2024"
  title: A new fact
  summary: Something happened.
  topics: [industry]
  entities: [hbis]
  sources:
    - {source: article, locator: p-steel}
  verification: article-claim
  verification_note: Only the article says so.
"""


def test_history_compares_records_across_files_and_names_corrections(repo: Path) -> None:
    correct_hbis(repo)
    commits = history(repo).commits
    assert [c.subject for c in commits] == ["Correct the HBIS price; add the 2024 visit",
                                            "Add the data and the article"]
    latest = [(c.what, c.kind, c.id) for c in commits[0].changes]
    # the corrected fact moved to another file: a correction, not a removal and an addition
    assert latest == [("corrected", "fact", "hbis-buys-smederevo"),
                      ("new", "fact", "new-visit-2024"), ("changed", "page", "index.md")]
    assert commits[0].changes[0].summary == "The price was €46 million, not €64 million."
    first = {(c.what, c.kind, c.id) for c in commits[1].changes}
    assert ("new", "fact", "ada-bridge-financing") in first
    assert ("new", "entity", "hbis") in first and ("new", "page", "index.md") in first


def test_disputing_and_removing_a_fact(repo: Path) -> None:
    edit_fact(repo, "verification: corroborated", "verification: disputed\n  "
              "verification_note: Contested.\n  counter_claim: No.\n  counter_sources:\n"
              "    - {source: counter, locator: x, checked: \"2026-11-28\"}")
    git(repo, "commit", "-qam", "Dispute the HBIS price")
    text = (repo / "data" / "facts" / "facts.yml").read_text(encoding="utf-8")
    start = text.index("- id: undated-thing")
    (repo / "data" / "facts" / "facts.yml").write_text(text[:start], encoding="utf-8")
    git(repo, "commit", "-qam", "Remove a fact")
    commits = history(repo).commits
    assert [(c.what, c.id) for c in commits[0].changes] == [("removed", "undated-thing")]
    assert [(c.what, c.id) for c in commits[1].changes] == [("disputed", "hbis-buys-smederevo")]


def parse_feed(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == A + "feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(A + name) is not None, f"feed has no <{name}>"
    assert root.find(f"{A}author/{A}name").text
    assert root.find(f"{A}link[@rel='self']") is not None
    for entry in root.findall(A + "entry"):
        for name in ("id", "title", "updated", "summary"):
            assert (entry.find(A + name).text or "").strip(), f"entry without <{name}>"
        assert entry.find(f"{A}link[@rel='alternate']").get("href")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(A + "updated").text)
    return root


def test_feed_entries_for_a_fixture_repo(repo: Path) -> None:
    correct_hbis(repo)
    data = feed.atom(history(repo), base_url="https://example.org/d/", title="Example",
                     author="Editors", page_title={"index.md": "Home"}.get)
    root = parse_feed(data)
    entries = [(e.find(A + "title").text, e.find(f"{A}link").get("href"),
                e.find(A + "updated").text) for e in root.findall(A + "entry")]
    assert entries[:3] == [
        ("Corrected: HBIS buys Železara Smederevo",
         "https://example.org/d/timeline/#hbis-buys-smederevo", "2026-02-03T08:30:00Z"),
        ("New fact: A new fact", "https://example.org/d/timeline/#new-visit-2024",
         "2026-02-03T08:30:00Z"),
        ("Revised: Home", "https://example.org/d/", "2026-02-03T08:30:00Z"),
    ]
    # the first commit's facts follow, dated by git, not by the build
    assert ("New fact: China finances the Ada Bridge",
            "https://example.org/d/timeline/#ada-bridge-financing",
            "2026-01-01T12:00:00Z") in entries
    assert root.find(A + "updated").text == "2026-02-03T08:30:00Z"
    # deterministic: the same history gives the same bytes
    assert data == feed.atom(history(repo), base_url="https://example.org/d/", title="Example",
                             author="Editors", page_title={"index.md": "Home"}.get)


def test_changelog_sections_follow_the_release_tags(repo: Path) -> None:
    without_tags = changelog.render(history(repo))
    assert "No release has been tagged yet." in without_tags and "\n## " not in without_tags
    unreleased = history(repo).releases
    assert [r.tag for r in unreleased] == [""]
    assert ("new", "fact", "ada-bridge-financing") in {
        (c.what, c.kind, c.id) for c in unreleased[0].changes}

    git(repo, "tag", "v2026.01.01")
    git(repo, "tag", "not-a-release")
    correct_hbis(repo)
    releases = history(repo).releases
    assert [r.tag for r in releases] == ["", "v2026.01.01"]
    assert [(c.what, c.id) for c in releases[0].changes if c.kind == "fact"] == [
        ("corrected", "hbis-buys-smederevo"), ("new", "new-visit-2024")]
    text = changelog.render(history(repo))
    assert "## v2026.01.01 (2026-01-01) { #v2026-01-01 }" in text
    assert "Unreleased" not in text  # CHANGELOG.md holds tagged releases only
    assert "- 2026-01-01 Add the data and the article (`" in text

    # About to release: the section is generated for HEAD under the coming tag, and
    # `--check` accepts a CHANGELOG.md committed just before its tag.
    pending = changelog.render(history(repo, pending="v2026.02.03"))
    assert pending.index("## v2026.02.03") < pending.index("## v2026.01.01")
    assert changelog.pending_tag(pending, ["v2026.01.01"]) == "v2026.02.03"
    assert "Corrected:\n\n- `hbis-buys-smederevo` — HBIS buys Železara Smederevo" in pending
    git(repo, "tag", "-a", "v2026.02.03", "-m", "release")  # annotated tags count too
    assert changelog.render(history(repo)) == pending


def test_the_site_page_links_to_what_still_exists(repo: Path) -> None:
    correct_hbis(repo)
    page = changelog.page(history(repo), "abc1234",
                          changelog.site_linker(lambda kind, ident: None if ident == "new-visit-2024"
                                                else f"timeline/2016.md#{ident}"))
    assert ("[`hbis-buys-smederevo` — HBIS buys Železara Smederevo]"
            "(timeline/2016.md#hbis-buys-smederevo)") in page
    assert "- `new-visit-2024` — A new fact\n" in page
    assert "## Unreleased { #unreleased }" in page and "**abc1234**" in page


def test_without_git_there_is_no_history(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE / "data", tmp_path / "data")
    found = history(tmp_path)
    assert found.commits == [] and found.releases == []
    assert "No release has been tagged yet." in changelog.render(found)
    parse_feed(feed.atom(found, base_url="https://example.org/", title="T", author="A",
                         page_title=lambda _: ""))


def test_changelog_md_is_what_git_generates() -> None:
    """CHANGELOG.md cannot drift: it equals `dossier changelog` for the existing tags."""
    current = (ROOT / changelog.FILE).read_text(encoding="utf-8")
    tags = [r.tag for r in history(ROOT).releases if r.tag]
    expected = changelog.render(history(ROOT, pending=changelog.pending_tag(current, tags)))
    assert current == expected, "CHANGELOG.md is out of date: run `dossier changelog --write`"


# --------------------------------------------------------------------------- the built site


VERSION = re.compile(r"v\d{4}\.\d\d\.\d\d(\+\d+\.g[0-9a-f]{7,})?|[0-9a-f]{7,}")


def built_version(built_site: Build) -> str:
    """The version the session's build shows (HEAD may move on in a shared work tree)."""
    found = re.search(r'dossier-version__label">([^<]+)<', built_site.html("changelog/"))
    assert found, "no version on /changelog/"
    return found.group(1)


def test_every_page_shows_its_version_and_links_the_change_log(built_site: Build) -> None:
    label = built_version(built_site)
    assert VERSION.fullmatch(label), label
    assert label in (site_version(ROOT).label, ) or subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", label.split("+")[0]],
        capture_output=True).returncode == 0, f"{label} is neither HEAD's version nor a revision"
    pages = sorted(built_site.site_dir.rglob("*.html"))
    assert len(pages) > 20
    for file in pages:
        html = file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a redirect stub for a retired URL (mkdocs-redirects), not a page
        found = re.search(r'<div class="dossier-version">\s*Version <span class="'
                          r'dossier-version__label">([^<]+)</span>(.*?)</div>', html, re.S)
        assert found, f"{file}: no version in the footer"
        assert found.group(1) == label
        link = re.search(r'<a href="([^"]*)">Change log</a>', found.group(2))
        here = posixpath.dirname(file.relative_to(built_site.site_dir).as_posix())
        assert link, file
        href = link.group(1)
        if href.startswith("/"):  # 404.html links from the site's root path
            href = "./" + href.removeprefix(urlsplit(built_site.site_url).path)
            here = ""
        assert posixpath.normpath(posixpath.join(here, href)) == "changelog", file
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*'
                         r'href="[^"]*feed\.xml">', html), f"{file}: no feed link in the head"


def test_built_feed_is_atom_with_permalinks(built_site: Build) -> None:
    root = parse_feed((built_site.site_dir / feed.FILE).read_bytes())
    base = built_site.site_url
    for entry in root.findall(A + "entry"):
        href = entry.find(f"{A}link").get("href")
        assert href.startswith(base)
        target = href[len(base):]
        path, _, anchor = target.partition("#")
        if anchor and path == "timeline/":  # a fact's permanent address: forwarded
            path = anchors.forwarded(built_site.site_dir)[anchor].strip("/") + "/"
        html = (built_site.site_dir / path / "index.html").read_text(encoding="utf-8")
        if anchor:
            assert f'id="{anchor}"' in html, f"feed links to a missing anchor: {href}"


def test_change_log_page_is_published(built_site: Build) -> None:
    html = built_site.html("changelog/")
    assert "Change log" in html and f"version <strong>{built_version(built_site)}</strong>" in html


def test_print_page_holds_the_whole_article_with_prefixed_ids(built_site: Build) -> None:
    html = built_site.html("print/")
    for (src, _url, heading, paragraphs), title in zip(ARTICLE, SECTION_TITLES):
        assert f'id="{print_edition.PREFIX}{heading}"' in html, src
        for pid in paragraphs:
            assert html.count(f'id="{print_edition.PREFIX}{pid}"') == 1, pid
    assert not re.search(r'id="p-', html), "a public paragraph id is duplicated on /print/"
    assert 'id="print-how-to-use"' not in html  # about the website, not the article
    # one <h1>; sections are <h2>
    assert len(re.findall(r"<h1[ >]", html)) == 1


@pytest.mark.browser  # Chromium prints the PDF
def test_pdf_has_every_section_of_the_article(published_site: Build) -> None:
    from pypdf import PdfReader

    built_site = published_site
    reader = PdfReader(built_site.site_dir / PDF)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    # The PDF's font sets "ff", "fi" … as ligatures (a version like 'ff3a2b1' came out as
    # 'ﬀ3a2b1'): compare the text as a reader reads it.
    text = unicodedata.normalize("NFKC", text)
    for title in SECTION_TITLES:
        assert " ".join(title.split()) in text, f"PDF lacks the section {title!r}"
    assert built_version(built_site) in text


# --------------------------------------------------------------------------- offline copy


@pytest.mark.browser
def test_offline_copy_works_from_disk(published_site: Build, browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    built_site = published_site
    folder = unzip(built_site.site_dir / OFFLINE_ZIP, tmp_path)
    requests: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.set_default_timeout(10_000)
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((folder / "index.html").as_uri())
        # navigate to a section through the navigation
        page.locator("nav.md-nav--primary a.md-nav__link"
                     "[href$='western-balkans-strategy.html']").first.click()
        page.wait_for_url("**/western-balkans-strategy.html")
        expect(page.locator("h1#western-balkans-strategy")).to_be_visible()
        # search, answered from the inlined index by the local worker stand-in
        page.locator(".md-search__input").click()
        page.keyboard.type("Smederevo")
        result = page.locator(".md-search-result__item a.md-search-result__link"
                              "[href*='western-balkans-strategy.html']").first
        expect(result).to_be_visible()
        result.click()
        page.wait_for_url("**/western-balkans-strategy.html*")
        expect(page.locator("h1#western-balkans-strategy")).to_be_visible()
    finally:
        context.close()
    assert requests and all(u.startswith("file:") for u in requests[:1])
    foreign = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert not foreign, f"the offline copy requested: {foreign}"
    assert not errors, f"console errors: {errors}"
    assert (folder / PDF).is_file()


@pytest.mark.browser  # the offline copy holds the PDF Chromium prints
def test_offline_zip_is_complete_and_has_no_downloads_loop(published_site: Build) -> None:
    import zipfile

    built_site = published_site
    with zipfile.ZipFile(built_site.site_dir / OFFLINE_ZIP) as archive:
        names = set(archive.namelist())
    top = "china-serbia-dossier/"
    assert {top + "index.html", top + "search/search_index.js", top + "feed.xml",
            top + "assets/javascripts/offline-worker.js", top + PDF} <= names
    assert top + OFFLINE_ZIP not in names
    assert all(name.startswith(top) for name in names)


# --------------------------------------------------------------------------- deploy workflow


def test_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow in .github/workflows"
    binary = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "actionlint")
    assert binary, "actionlint is missing: pip install -e '.[test]'"
    run = subprocess.run([binary, "-no-color", "-shellcheck=", "-pyflakes=",
                          *map(str, workflows)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_deploy_workflow_uses_the_readme_commands() -> None:
    workflow = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("bash scripts/test", "bash scripts/build"):
        assert command in readme and f"run: {command}" in workflow
    assert "fetch-depth: 0" in workflow  # git dates and the change log need the full history
    assert "actions/upload-pages-artifact" in workflow and "actions/deploy-pages" in workflow


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v4\n        with: {fetch-depht: 0}\n"
                   "      - run: echo ${{ github.evnt.name }}\n", encoding="utf-8")
    binary = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or "actionlint"
    run = subprocess.run([binary, "-no-color", "-shellcheck=", "-pyflakes=", str(bad)],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1 and "evnt" in run.stdout


def test_print_page_links_only_the_downloads_that_were_made(built_site: Build) -> None:
    from dossier.publish.publication import link_downloads

    span = ('<p><span data-dossier-downloads="../downloads/">Made by scripts/build.</span> · '
            '<a href="../feed.xml">feed</a></p>')
    assert link_downloads(span, pdf=False, zip_href=None) == span  # nothing made: no link
    only_pdf = link_downloads(span, pdf=True, zip_href=None)
    assert 'href="../downloads/china-serbia-dossier.pdf"' in only_pdf and ".zip" not in only_pdf
    both = link_downloads(span, pdf=True, zip_href="https://d.test/downloads/x.zip")
    assert 'href="https://d.test/downloads/x.zip"' in both
    # The session's build links exactly the downloads its folder holds: none after a plain
    # build (`mkdocs build`, `mkdocs serve`); both once a browser test has published it.
    hrefs = re.findall(r'href="(\.\./downloads/[^"]+)"', built_site.html("print/"))
    made = {p.name for p in (built_site.site_dir / "downloads").glob("*")
            if p.suffix in (".pdf", ".zip")}
    assert sorted(h.rsplit("/", 1)[1] for h in hrefs) == sorted(made)


@pytest.mark.browser
def test_published_print_page_links_the_downloads_it_has(published_site: Build) -> None:
    """After `dossier publish` (what scripts/build runs), /print/ links both, and they exist."""
    html = published_site.html("print/")
    hrefs = re.findall(r'href="(\.\./downloads/[^"]+)"', html)
    assert sorted(h.rsplit("/", 1)[1] for h in hrefs) == sorted(
        p.rsplit("/", 1)[1] for p in (PDF, OFFLINE_ZIP))
    for href in hrefs:
        assert (published_site.site_dir / "print" / href).resolve().is_file(), href
