"""Shared fixtures: one strict build of the real site per session, a local HTTP server for it,
and a Playwright page on Debian's Chromium that fails on console errors and foreign requests."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Debian's Chromium, or the browser named by $CHROMIUM (README, "Requirements": macOS, Fedora).
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Article pages in ARCHITECTURE.md order: (source file, URL path, heading id, paragraph ids).
ARTICLE = [
    ("index.md", "", "china-serbia-relations",
     ["p-iron-clad-friendship", "p-vucic-eye-of-the-tiger"]),
    ("historical-perspective.md", "historical-perspective/", "historical-perspective",
     ["p-diplomatic-ties-1955", "p-pivot-after-2008"]),
    ("western-balkans-strategy.md", "western-balkans-strategy/", "western-balkans-strategy",
     ["p-reshaping-global-dynamics", "p-budapest-summit-2011", "p-go-out-strategy",
      "p-eu-funds-dilemma", "p-bri-investment-totals", "p-key-acquisitions", "p-xi-visit-2024",
      "p-strategic-partnership-2009", "p-zijin-bor", "p-loans-bridge-steel",
      "p-railway-industrial-park", "p-chinese-subcontractors", "p-mofcom-country-guide",
      "p-free-trade-agreement"]),
    ("military-security-diplomacy.md", "military-security-diplomacy/",
     "military-security-diplomacy",
     ["p-military-cooperation", "p-wing-loong-drones", "p-joint-exercise-arms", "p-fk3-delivery",
      "p-strategic-agreement-2009", "p-kosovo-alignment"]),
    ("culture-education.md", "culture-education/", "culture-education",
     ["p-visa-free-travel", "p-confucius-institutes", "p-cultural-roundtable-2024"]),
    ("future-prospects.md", "future-prospects/", "future-prospects",
     ["p-slavic-roots", "p-military-modernisation", "p-leveraging-competition",
      "p-two-motivations"]),
]
EDITORIAL = ("editorial-notes.md", "editorial-notes/")
CORRECTIONS = ("corrections.md", "corrections/")  # hand-written, dated by git


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files from the current output (same as UPDATE_GOLDENS=1); "
                     "review the diff before committing")


def pytest_configure(config: pytest.Config) -> None:
    # The end-of-life banners are plain prints; keep test output clean.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    # Build as scripts/build does: dates that are not from git (sitemap, PDF) are the last
    # commit's, so the session's builds are reproducible (tests/test_build_script.py).
    if "SOURCE_DATE_EPOCH" not in os.environ:
        try:
            epoch = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                                   capture_output=True, text=True, check=False).stdout.strip()
        except OSError:  # no git: MkDocs dates the build itself
            epoch = ""
        if epoch.isdigit():
            os.environ["SOURCE_DATE_EPOCH"] = epoch


# --------------------------------------------------------------------------- goldens


def update_goldens(config: pytest.Config) -> bool:
    """Whether this run rewrites golden files (`--update-goldens` or UPDATE_GOLDENS=1)."""
    return bool(config.getoption("--update-goldens", default=False)
                or os.environ.get("UPDATE_GOLDENS"))


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """`golden(path, actual)`: assert `actual` (str or bytes) equals the golden file at `path`;
    with --update-goldens, write it there first. Review the diff before committing."""

    def compare(path: Path, actual: str | bytes) -> None:
        if update_goldens(request.config):
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(actual, bytes):
                path.write_bytes(actual)
            else:
                path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"no golden file {path}; run pytest --update-goldens"
        expected = path.read_bytes() if isinstance(actual, bytes) else path.read_text(encoding="utf-8")
        assert actual == expected, f"{path} differs; run pytest --update-goldens and review the diff"

    return compare


# --------------------------------------------------------------------------- build


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Build:
    """The outcome of one strict build: where it went and what it logged."""

    site_dir: Path
    site_url: str
    records: list[logging.LogRecord] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    @property
    def infos(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == logging.INFO]

    def html(self, url_path: str) -> str:
        """The built HTML of a page given by its URL path ('' for home, 'x/' for /x/)."""
        return (self.site_dir / url_path / "index.html").read_text(encoding="utf-8")


class _MarkdownCapture:
    """A last-running plugin that keeps each page's Markdown as the build renders it (after
    every plugin's on_page_markdown), for the page goldens."""

    def __init__(self, into: dict[str, str]) -> None:
        self.into = into

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        self.into[page.file.src_uri] = markdown
        return markdown

    on_page_markdown.mkdocs_priority = -1000  # type: ignore[attr-defined]  # after every plugin


def build_site(
    project_dir: Path, site_dir: Path, records: list[logging.LogRecord] | None = None,
    markdown: dict[str, str] | None = None,
) -> Build:
    """Build `project_dir`'s mkdocs.yml strictly into `site_dir` with the MkDocs Python API,
    exactly as `mkdocs build --strict -d site_dir` does, and return its log records (also
    appended to `records`, if given, which keeps them when the build aborts). With `markdown`,
    fill it with {src_uri: Markdown} of every page as the build rendered it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = _Collect()
    if records is not None:
        handler.records = records
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        config = load_config(
            str(project_dir / "mkdocs.yml"), site_dir=str(site_dir), strict=True
        )
        if markdown is not None:
            config.plugins["golden-capture"] = _MarkdownCapture(markdown)  # type: ignore[assignment]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Build(site_dir, config.site_url or "", handler.records)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per session with --strict; any warning fails the session."""
    from mkdocs.exceptions import Abort

    site_dir = tmp_path_factory.mktemp("site")
    records: list[logging.LogRecord] = []
    try:
        result = build_site(ROOT, site_dir, records)
    except Abort as err:  # strict mode turned warnings into an abort
        logged = [f"{r.levelname}: {r.getMessage()}" for r in records if r.levelno >= logging.WARNING]
        pytest.fail(f"mkdocs build --strict failed: {err}\n" + "\n".join(logged), pytrace=False)
    assert not result.warnings, "mkdocs build printed warnings:\n" + "\n".join(result.warnings)
    return result


@pytest.fixture(scope="session")
def published_site(built_site: Build) -> Build:
    """The session's build plus what scripts/build adds before publishing (`dossier publish`):
    the PDF of /print/ (printed by Chromium) and the offline copy, so a test sees the site as
    deployed, its download links included. Only tests marked `browser` may use it."""
    require_chromium(CHROMIUM, os.environ)
    from dossier.publish.artifacts import publish

    publish(ROOT, built_site.site_dir, say=lambda _line: None)
    return built_site


EXAMPLE = Path(__file__).parent / "examples" / "valid"
EXAMPLE_VERSION = "v2026.11.28"
EXAMPLE_DATE = "2026-11-28T12:00:00+00:00"
"""The example project's one commit: fixed, so its version, dates and citations are too."""


def git_commit(project: Path, message: str, *extra: str) -> None:
    """Commit everything in `project` at EXAMPLE_DATE (reproducible hashes and dates)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": EXAMPLE_DATE, "GIT_COMMITTER_DATE": EXAMPLE_DATE}
    git = ["git", "-C", str(project), "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", message, *extra], check=True, env=env)


def example_project(dst: Path) -> Path:
    """The fixture tree (tests/examples/valid) as a small git repository with a release tag,
    our script and styles, the project's template overrides and mkdocs-redirects enabled
    (as the real mkdocs.yml has them)."""
    import yaml

    shutil.copytree(EXAMPLE, dst)
    assets = dst / "docs" / "assets"
    (assets / "javascripts").mkdir(parents=True)
    (assets / "stylesheets").mkdir(parents=True)
    shutil.copy(ROOT / "docs/assets/javascripts/dossier-cite.js", assets / "javascripts")
    shutil.copy(ROOT / "docs/assets/stylesheets/dossier-cite.css", assets / "stylesheets")
    config = yaml.safe_load((dst / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if p != "redirects"] + ["redirects"]
    config.setdefault("extra_javascript", []).append("assets/javascripts/dossier-cite.js")
    config.setdefault("extra_css", []).append("assets/stylesheets/dossier-cite.css")
    # Other generated pages (the print edition) use the project's template overrides.
    config["theme"].setdefault("custom_dir", str(ROOT / "overrides"))
    (dst / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    subprocess.run(["git", "-C", str(dst), "init", "-q"], check=True)
    git_commit(dst, "fixture")
    subprocess.run(["git", "-C", str(dst), "tag", EXAMPLE_VERSION], check=True)
    return dst


@dataclass
class ExampleBuild:
    """The example project's one strict build: the project, the build, and every page's
    Markdown as the build rendered it."""

    project: Path
    build: Build
    markdown: dict[str, str]


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> ExampleBuild:
    """The example data built once per session, strictly, as the real site is built."""
    project = example_project(tmp_path_factory.mktemp("example") / "project")
    markdown: dict[str, str] = {}
    result = build_site(project, tmp_path_factory.mktemp("example-site"), markdown=markdown)
    assert not result.warnings, result.warnings
    return ExampleBuild(project, result, markdown)


def copy_project(dst: Path) -> Path:
    """Copy the project's tracked-looking files (no .git, venv or built site) to `dst`, with
    the build cache (.cache/dossier/: its keys are content hashes, so sharing it only saves
    the copy's build the citations and charts the session's build already made)."""
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "site", ".site-*", "__pycache__", "*.egg-info", ".pytest_cache"
    )
    shutil.copytree(ROOT, dst, ignore=ignore)
    return dst


def share_build_cache(project: Path) -> None:
    """Give `project` a copy of the repository's build cache (see copy_project)."""
    from dossier.core.buildcache import FOLDER

    if (ROOT / FOLDER).is_dir():
        shutil.copytree(ROOT / FOLDER, project / FOLDER, dirs_exist_ok=True)



def git(repo: Path, *args: str, when: str = "2026-01-01T12:00:00Z") -> str:
    """Run git in a test repository with a fixed author, committer and date (no user config)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


# --------------------------------------------------------------------------- server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Build) -> Iterator[str]:
    """Base URL (ending in '/') of the built site served on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --------------------------------------------------------------------------- browser


def require_chromium(path: Path, env: Mapping[str, str]) -> None:
    """Skip when the browser is missing on a developer's machine; fail in CI (CI=true), where
    a skipped browser test would let a broken site through."""
    if path.exists():
        return
    message = f"{path} is missing (apt-get install chromium; scripts/test does it)"
    if env.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(site_url: str) -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    require_chromium(CHROMIUM, os.environ)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What a page did that it must not: console errors and requests to other origins."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "javascript"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin


CORS = {"Access-Control-Allow-Origin": "*"}


def serve_from_disk(route: object, base: str, site_dir: Path) -> None:
    """Answer a request for `base`... from the built files in `site_dir`, as a web server
    publishing the site at `base` would (404 for a missing file). The CORS header lets a page
    served elsewhere in a test (another port) read it, as it could at the site's own address."""
    import mimetypes

    url = route.request.url.split("#")[0].split("?")[0]  # type: ignore[attr-defined]
    path = site_dir / url[len(base):]
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        route.fulfill(status=404, body="not found", headers=CORS)  # type: ignore[attr-defined]
        return
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=path.read_bytes(), content_type=kind,  # type: ignore[attr-defined]
                  headers=CORS)


def _new_page(browser: object, site_url: str, published: Build | None = None,
              **context_args: object):
    """A page served from `site_url`. With `published` (the build served there), requests to
    the build's own address (its site_url: absolute links, citations, the sitemap's URLs, which
    Material's instant previews fetch on focus or hover) are answered from its files: the site's
    own address is not another origin, although in a test it is not where the site is served."""
    origin = site_url.rstrip("/")
    watch = Watch(origin)
    context = browser.new_context(**context_args)  # type: ignore[attr-defined]
    own = published.site_url if published and published.site_url.rstrip("/") != origin else None

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if watch.is_local(url):
            route.continue_()  # type: ignore[attr-defined]
        elif own and url.startswith(own):
            serve_from_disk(route, own, published.site_dir)  # type: ignore[union-attr]
        else:
            watch.foreign_requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route(re.compile(r".*"), guard)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: msg.type == "error" and watch.console_errors.append(f"{msg.text} @ {page.url}"),
    )
    page.on("pageerror", lambda exc: watch.console_errors.append(f"{exc} @ {page.url}"))
    return context, page, watch


@pytest.fixture
def open_page(browser: object, site_url: str, built_site: Build):
    """Factory: `open_page(**context_args)` -> (page, watch). On teardown every page opened must
    have logged no console error and requested nothing from another origin."""
    opened = []

    def factory(**context_args: object):
        context, page, watch = _new_page(browser, site_url, built_site, **context_args)
        opened.append((context, watch))
        return page, watch

    yield factory
    problems = []
    for context, watch in opened:
        context.close()
        problems += [f"console error: {e}" for e in watch.console_errors]
        problems += [f"request to another origin: {u}" for u in watch.foreign_requests]
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(open_page):
    """A fresh desktop-sized page (1280×900) watched for console errors and foreign requests."""
    page, _watch = open_page(viewport={"width": 1280, "height": 900})
    return page


@pytest.fixture
def published(browser: object, built_site: Build):
    """(page, base): a page browsing the built site at its own site_url (the local address
    http://127.0.0.1:8000/ of a build without SITE_URL; nothing listens there),
    served from disk by request interception. Material navigates instantly only between URLs
    listed in sitemap.xml, whose host and path are the site_url's, so this is how a test sees
    instant navigation. Nothing reaches the network; on teardown any request outside the site
    or any page error fails the test."""
    base = built_site.site_url
    foreign: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]

    def serve(route: object) -> None:
        url = route.request.url.split("#")[0].split("?")[0]  # type: ignore[attr-defined]
        if not url.startswith(base):
            foreign.append(url)
            route.abort()  # type: ignore[attr-defined]
            return
        serve_from_disk(route, base, built_site.site_dir)

    context.route(re.compile(r".*"), serve)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"{exc} @ {page.url}"))
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"{msg.text} @ {page.url}"))
    yield page, base
    context.close()
    assert not foreign, f"requests outside the site: {foreign}"
    assert not errors, f"page errors: {errors}"
