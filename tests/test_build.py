"""The real site builds strictly, carries the public identifiers, loads nothing from other hosts,
and never shows a git date it cannot vouch for."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import (ARTICLE, CORRECTIONS, EDITORIAL, ROOT, Build, build_site, copy_project,
                      example_project, share_build_cache)

from dossier.publish import gitdates

ARTICLE_PAGES = [(src, url) for src, url, _, _ in ARTICLE] + [EDITORIAL, CORRECTIONS]
DATE_MARK = "git-revision-date-localized-plugin"


# --------------------------------------------------------------------------- helpers


class _Article(HTMLParser):
    """Collects headings inside the page content and the permalinks they carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside <article class="md-content__inner ...">
        self.heading: str | None = None
        self.headings: list[tuple[str, str, list[str]]] = []  # (tag, id, headerlink hrefs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article" and "md-content__inner" in (a.get("class") or ""):
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "article":
            self.depth += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = tag
            self.headings.append((tag, a.get("id") or "", []))
        elif tag == "a" and self.heading and "headerlink" in (a.get("class") or "").split():
            self.headings[-1][2].append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "article":
            self.depth -= 1
        if tag == self.heading:
            self.heading = None


def headings(html: str) -> list[tuple[str, str, list[str]]]:
    parser = _Article()
    parser.feed(html)
    return parser.headings


def built_files(site_dir: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*") if p.suffix in suffixes and p.is_file())


# Things a browser fetches by itself (not links a reader may follow).
_HTML_LOADS = [
    # src/srcset/poster/data on any element (img, script, iframe, source, video, embed, object)
    re.compile(r"""\b(?:src|srcset|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I),
    # <link rel="stylesheet|preload|icon|..." href="...">, attributes in either order
    re.compile(
        r"""<link\b(?=[^>]*\brel\s*=\s*["']?[^"'>]*\b(?:stylesheet|preload|modulepreload|prefetch|"""
        r"""preconnect|dns-prefetch|icon|apple-touch-icon|manifest|mask-icon)\b)"""
        r"""[^>]*\bhref\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""",
        re.I,
    ),
]
_CSS_LOADS = [
    re.compile(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""", re.I),
    re.compile(r"""@import\s+(?:url\()?\s*["']((?:https?:)?//[^"']+)""", re.I),
]
_JS_LOADS = [
    re.compile(
        r"""\b(?:fetch|importScripts|import|sendBeacon|open)\(\s*["'`]((?:https?:)?//[^"'`]+)""",
        re.I,
    ),
    re.compile(r"""\.src\s*=\s*["'`]((?:https?:)?//[^"'`]+)""", re.I),
]


def foreign_loads(site_dir: Path, own_host: str) -> list[str]:
    """Every URL a built page, stylesheet or script would load from a host other than ours."""
    found = []
    for path in built_files(site_dir, ".html", ".css", ".js"):
        text = path.read_text(encoding="utf-8", errors="replace")
        patterns = {".html": _HTML_LOADS + _CSS_LOADS, ".css": _CSS_LOADS, ".js": _JS_LOADS}
        for pattern in patterns[path.suffix]:
            for match in pattern.finditer(text):
                url = match.group(1)
                host = urlsplit(url if "//" in url[:8] else "//" + url).hostname
                if host and host != own_host:
                    found.append(f"{path.relative_to(site_dir)}: {url}")
    return found


# --------------------------------------------------------------------------- the real build


def test_strict_build_prints_no_warning(built_site: Build) -> None:
    assert not built_site.warnings
    assert (built_site.site_dir / "index.html").is_file()
    assert (built_site.site_dir / "search" / "search_index.json").is_file()


@pytest.mark.parametrize(("src", "url"), ARTICLE_PAGES, ids=[s for s, _ in ARTICLE_PAGES])
def test_article_page_is_built(built_site: Build, src: str, url: str) -> None:
    assert (ROOT / "docs" / src).is_file(), f"docs/{src} is missing"
    html = built_site.html(url)
    assert '<article class="md-content__inner md-typeset">' in html


@pytest.mark.parametrize(
    ("src", "url", "heading_id", "paragraph_ids"), ARTICLE, ids=[a[0] for a in ARTICLE]
)
def test_article_ids_are_on_the_right_page_in_order(
    built_site: Build, src: str, url: str, heading_id: str, paragraph_ids: list[str]
) -> None:
    html = built_site.html(url)
    assert f'id="{heading_id}"' in html, f"heading id '{heading_id}' missing from /{url}"
    ids = re.findall(r'\bid="(p-[a-z0-9-]+)"', html)
    assert [i for i in ids if i in paragraph_ids] == paragraph_ids
    # ... and no paragraph id of another page strayed here
    others = {p for _, u, _, ps in ARTICLE if u != url for p in ps}
    assert not others & set(ids)


@pytest.mark.parametrize(("src", "url"), ARTICLE_PAGES, ids=[s for s, _ in ARTICLE_PAGES])
def test_every_heading_has_a_permalink(built_site: Build, src: str, url: str) -> None:
    found = headings(built_site.html(url))
    assert found, f"no headings found in /{url}"
    for tag, ident, links in found:
        assert ident, f"/{url}: a <{tag}> has no id"
        assert links == [f"#{ident}"], f"/{url}: <{tag} id={ident}> permalinks: {links}"


def test_a_broken_anchor_fails_the_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Guards the harness too: MkDocs skips anchor validation when its logger is at DEBUG (-v).
    from mkdocs.exceptions import Abort

    caplog.set_level("DEBUG")
    project = example_project(tmp_path / "project")  # small: the harness is what is tested
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n[x](timeline.md#p-no-such)\n",
                    encoding="utf-8")
    with pytest.raises(Abort):
        build_site(project, tmp_path / "site")
    assert "does not contain an anchor '#p-no-such'" in caplog.text


def test_no_page_loads_anything_from_another_host(built_site: Build) -> None:
    own = urlsplit(built_site.site_url).hostname
    assert own, "site_url has no host"
    offenders = foreign_loads(built_site.site_dir, own)
    assert not offenders, "third-party loads:\n" + "\n".join(offenders)


def test_a_default_build_names_no_placeholder_host(built_site: Build) -> None:
    """Without SITE_URL (the session's build sets none) every citation, canonical link,
    sitemap entry, download and the offline copy name the local address, never a placeholder
    host, and the log says so once; with no REPO_URL there is no repository link."""
    import os
    import zipfile

    from dossier.engine.plugin import LOCAL_URL

    assert "SITE_URL" not in os.environ and "REPO_URL" not in os.environ, "not a default build"
    assert built_site.site_url == LOCAL_URL
    said = [m for m in built_site.infos if "SITE_URL is not set" in m]
    assert len(said) == 1 and LOCAL_URL in said[0], built_site.infos
    found = []
    for path in sorted(p for p in built_site.site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(built_site.site_dir).as_posix()
        data = path.read_bytes()
        if b"example.org" in data:
            found.append(rel)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                found += [f"{rel}!{n}" for n in archive.namelist()
                          if b"example.org" in archive.read(n)]
        if path.suffix == ".html":
            assert 'class="md-source"' not in data.decode("utf-8"), f"{rel}: a repository link"
    assert not found, f"{len(found)} built file(s) name example.org: {found[:10]}"
    assert LOCAL_URL.encode() in (built_site.site_dir / "sitemap.xml").read_bytes()


def test_no_script_file_holds_back_the_first_paint(built_site: Build) -> None:
    """Every script file a page names (Material's bundle included) is deferred, so the first
    paint never waits for one; and the timeline's script is named only on timeline pages."""
    blocking, filters = [], []
    for path in built_files(built_site.site_dir, ".html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
            if not re.search(r"\s(defer|async)\b", tag):
                blocking.append(f"{path.relative_to(built_site.site_dir)}: {tag}")
        if "dossier-filters.js" in html:
            filters.append(path.relative_to(built_site.site_dir).parent.as_posix())
    assert not blocking, "\n".join(blocking[:10])
    assert "timeline" in filters and "timeline/2019" in filters
    assert all(f.startswith("timeline") for f in filters), filters


def test_no_page_triggers_the_themes_cdn_loaders(built_site: Build) -> None:
    # Material fetches Mermaid from a CDN when a page has a .mermaid block, and web fonts when
    # theme.font is set; neither may appear.
    for path in built_files(built_site.site_dir, ".html"):
        html = path.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html, path
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, path


def test_foreign_load_detector_catches_what_it_should(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example.net/x.css">'
        '<link href="https://fonts.example.com/f" rel="preload">'
        '<script src="//unpkg.example/x.js"></script>'
        '<img src="https://example.org/china-serbia-dossier/ok.png">'
        '<a href="https://www.source.example/article">a source</a>'
        '<link rel="canonical" href="https://other.example/">'
    )
    (tmp_path / "b.css").write_text('@import "https://css.example/a.css"; a{background:url(https://img.example/i.png)}')
    (tmp_path / "c.js").write_text('fetch("https://api.example/x"); s.src = "https://t.example/t.js"')
    got = {line.split(": ", 1)[1] for line in foreign_loads(tmp_path, "example.org")}
    assert got == {
        "https://cdn.example.net/x.css",
        "https://fonts.example.com/f",
        "//unpkg.example/x.js",
        "https://css.example/a.css",
        "https://img.example/i.png",
        "https://api.example/x",
        "https://t.example/t.js",
    }


# --------------------------------------------------------------------------- git dates


def test_article_pages_show_a_git_date_only_with_usable_history(built_site: Build) -> None:
    history = gitdates.probe(ROOT / "docs")
    for _, url in ARTICLE_PAGES:
        html = built_site.html(url)
        assert (DATE_MARK in html) == history.usable, (url, history)
        if history.usable:
            assert "Last updated:" in html


def test_generated_pages_never_get_the_git_plugins_build_time(built_site: Build) -> None:
    # The git plugin would date a generated page with the build time (a trap): mkdocs.yml
    # excludes them. Its dates carry a title="<datetime>" that data-derived dates do not.
    article = {url for _, url in ARTICLE_PAGES}
    for path in built_files(built_site.site_dir, ".html"):
        url = path.parent.relative_to(built_site.site_dir).as_posix()
        url = "" if url == "." else url + "/"
        if url not in article:
            assert f'{DATE_MARK}-date" title=' not in path.read_text(encoding="utf-8"), url


def test_build_without_git_succeeds_and_shows_no_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_GIT_DATES", "auto")
    project = copy_project(tmp_path / "tarball")
    assert not (project / ".git").exists()
    result = build_site(project, tmp_path / "site")
    assert not result.warnings
    assert any("'last updated' dates are off" in m and "git work tree" in m for m in result.infos)
    for path in built_files(result.site_dir, ".html"):  # article and generated pages alike
        html = path.read_text(encoding="utf-8")
        assert DATE_MARK not in html and "Last updated" not in html, path


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_build_of_a_shallow_clone_shows_no_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_GIT_DATES", "auto")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone)],
        check=True, capture_output=True,
    )
    # Test the working tree's configuration and code, not only what is committed.
    for name in ("mkdocs.yml", "dossier", "overrides"):
        src, dst = ROOT / name, clone / name
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)
    share_build_cache(clone)
    result = build_site(clone, tmp_path / "site")
    assert any("shallow clone" in m for m in result.infos)
    for path in built_files(result.site_dir, ".html"):
        html = path.read_text(encoding="utf-8")
        assert "Last updated" not in html, path.relative_to(result.site_dir)


def test_require_policy_fails_a_build_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("DOSSIER_GIT_DATES", "require")
    project = copy_project(tmp_path / "tarball")
    with pytest.raises(Abort):
        build_site(project, tmp_path / "site")
    assert "DOSSIER_GIT_DATES=require, but git dates are unusable" in caplog.text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_probe_sees_shallow_clones_and_plain_folders(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert not gitdates.probe(plain).usable
    assert "not in a git work tree" in gitdates.probe(plain).reason

    def git(*args: str, cwd: Path) -> None:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)

    origin = tmp_path / "origin"
    (origin / "docs").mkdir(parents=True)
    git("init", "-q", cwd=origin)
    for n in (1, 2):
        (origin / "docs" / "index.md").write_text(f"# v{n}\n")
        git("add", "docs", cwd=origin)
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", f"v{n}",
            cwd=origin)
    assert gitdates.probe(origin / "docs").usable

    shallow = tmp_path / "shallow"
    git("clone", "-q", "--depth", "1", f"file://{origin}", str(shallow), cwd=tmp_path)
    history = gitdates.probe(shallow / "docs")
    assert not history.usable and "shallow" in history.reason

    (origin / "untracked").mkdir()
    assert "tracked" in gitdates.probe(origin / "untracked").reason


def test_git_dates_policy_is_validated_and_applied(tmp_path: Path) -> None:
    assert gitdates.policy({}) == "auto"
    assert gitdates.policy({"DOSSIER_GIT_DATES": " Require "}) == "require"
    with pytest.raises(ValueError, match="DOSSIER_GIT_DATES"):
        gitdates.policy({"DOSSIER_GIT_DATES": "yes"})
    assert gitdates.check(ROOT / "docs", {"DOSSIER_GIT_DATES": "off"}).usable is False
    assert gitdates.check(tmp_path, {}).usable is False
    with pytest.raises(gitdates.GitDatesRequired, match="require"):
        gitdates.check(tmp_path, {"DOSSIER_GIT_DATES": "require"})
