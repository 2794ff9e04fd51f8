"""The MkDocs adapter — the only module that knows about MkDocs.

Each event calls a pure function of the core (`assembly.py`) and does nothing clever: load and
check the data (`on_config`; under `mkdocs serve`, data problems make a site whose every
address answers with the list of problems instead of a build error that leaves requests
hanging), add the generated pages and files in memory (`on_files`), weave
the data into article pages (`on_page_markdown`, `on_page_content`), date generated pages from
the data files' git history, and watch `data/` under `mkdocs serve`.
"""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core import buildcache, routes
from ..core.problems import Problem
from ..publish import anchors, fact_history, gitdates, filedates, publication, snapshots
from ..render import problems_page

from ..core.settings import Settings, snapshot_urls
from ..core.site import Site, load
from . import assembly

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

LOCAL_URL = "http://127.0.0.1:8000/"
"""The address of a build made without SITE_URL: `mkdocs serve`'s own, never a placeholder host."""


class DossierConfig(Config):
    data_dir = c.Type(str, default="data")
    """Folder of YAML data, relative to mkdocs.yml."""
    retired = c.Type(str, default=anchors.RETIRED)
    """Retired URLs and anchors (redirects, alias anchors), relative to mkdocs.yml."""


class DossierPlugin(BasePlugin[DossierConfig]):
    site: Site | None = None
    pub: publication.Publication | None = None
    settings: Settings | None = None
    generated: frozenset[str] = frozenset()
    dates: dict[str, int] = {}
    inputs: dict[str, list[str]] = {}
    command: str = "build"
    problems: list[Problem] = []

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.command = command

    @event_priority(100)  # before the git-revision-date plugin's on_config reads its config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _local_address(config, self.command)
        root = self._root(config)
        docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        self._guard_git_dates(config)
        loaded = load(root, self.config.data_dir, docs)
        self.problems = list(loaded.problems)
        if loaded.problems:
            if self.command == "serve":
                # Every page answers with the problems (on_files, on_post_template) and
                # reloads itself once they are fixed: a failed build would leave the
                # browser's requests hanging until the next good one. Printed, not logged:
                # `serve --strict` counts logged errors and would abort this build too.
                for problem in loaded.problems:
                    print(str(problem), file=sys.stderr, flush=True)
                log.info(f"dossier: {len(loaded.problems)} problem(s) in {self.config.data_dir}/"
                         "; every page shows them until they are fixed")
                self.site = None
                config["nav"] = None
                return config
            for problem in loaded.problems:
                log.error(str(problem))
            # Broken data must never be published, strict or not.
            raise PluginError(f"{len(loaded.problems)} problem(s) in {self.config.data_dir}/; "
                              "fix them (run `scripts/dossier check`) and build again")
        self.site = loaded.site
        # No dates at all (rather than wrong ones) without a full git history.
        usable = _git_history(root / self.config.data_dir).usable
        self.dates = filedates.last_changes(root, self.config.data_dir) if usable else {}
        # Version and change history, read from git once per build: the footer shows the
        # version (overrides/partials/copyright.html); not `extra.version`, which Material
        # takes for a mike version selector that fetches versions.json.
        self.pub = publication.read(
            root, self.config.data_dir, docs, site_url=config.site_url or "",
            site_name=config.site_name, author=config.site_author or "")
        config.extra["dossier_version"] = self.pub.footer
        self.site.fact_history = fact_history.events(self.pub.history)  # shown on fact cards
        self.settings = self._settings(config, root)
        return config

    def _guard_git_dates(self, config: MkDocsConfig) -> None:
        """Turn the git-revision-date plugin off, saying why, when git cannot date the pages:
        without `.git` it crashes, and in a shallow clone or with its build-date fallback it
        would show wrong dates silently."""
        plugin = config.plugins.get(gitdates.GIT_PLUGIN)
        if plugin is None or not plugin.config.get("enabled", True):
            return
        verdict = _git_history(Path(config.docs_dir))
        if not verdict.usable:
            plugin.config["enabled"] = False
            log.info("'last updated' dates are off: %s; pages show no date.", verdict.reason)

    def _settings(self, config: MkDocsConfig, root: Path) -> Settings:
        """Site URL, author and version for citations, downloads and metadata; retirements
        from retired.yml, whose page redirects go to mkdocs-redirects' `redirect_maps`."""
        assert self.pub is not None
        retired, problems = anchors.load_retired(root, self.config.retired)
        for problem in problems:
            log.error(str(problem))
        if problems:
            raise PluginError(f"{len(problems)} problem(s) in {self.config.retired}")
        maps = assembly.redirect_maps(retired)
        if maps:
            redirects = config.plugins.get("redirects")
            if redirects is None:
                raise PluginError(f"{self.config.retired} retires pages, but the 'redirects' "
                                  "plugin (mkdocs-redirects) is not in mkdocs.yml's plugins")
            redirects.config["redirect_maps"] = {**maps, **redirects.config["redirect_maps"]}
        # A release pins its citations to its snapshot under v/<version>/; a snapshot's own
        # build is told where the current site is (publish/snapshots.py sets the variable).
        snapshot, latest = snapshot_urls(config.site_url or "", self.pub.version.tag,
                                         os.environ.get(snapshots.LATEST_ENV, ""))
        return Settings(config.site_url or "", config.site_name,
                        config.site_author or config.site_name, version=self.pub.version.label,
                        version_date=self.pub.version.date,
                        description=config.site_description or "",
                        language=config.theme.get("language") or "en",
                        repo_url=config.repo_url or "", snapshot_url=snapshot,
                        latest_url=latest, retired=retired, cache=_build_cache(root))

    @event_priority(100)  # before plugins that copy the file list (redirects, link checkers)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.problems:  # under serve: no page, so every address gets the 404 page below
            return Files([f for f in files if not f.is_documentation_page()])
        assert self.site is not None
        made = assembly.generated_pages(self.site, self.pub, self.settings)
        for src_uri, markdown in made.items():
            file = File.generated(config, src_uri, content=markdown)
            if not assembly.in_nav(src_uri):
                # A page in the nav is rendered into every page's navigation: keep the many
                # entity pages out of it (their index links them) so page size stays flat.
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        for src_uri, content in assembly.generated_files(self.site, self.pub, self.settings).items():
            files.append(File.generated(config, src_uri, content=content))
        for key, src_uri in (("changelog", routes.CHANGELOG), ("print", routes.PRINT)):
            found = files.get_file_from_path(src_uri)
            config.extra["dossier_version"][key] = found.url if found else ""
        self.generated = frozenset(made)
        self.inputs = assembly.page_inputs(self.site)
        return files

    @event_priority(-50)  # after the git-revision-date plugin has dated the page
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        assert self.site is not None
        src_uri = page.file.src_uri
        if src_uri in self.generated:
            inputs = self.inputs.get(src_uri, [])
            when = filedates.latest(self.dates, inputs)
            if when:  # shown by Material's source-file partial, like the git plugin's dates
                page.meta[gitdates.DATE_META] = (
                    '<span class="git-revision-date-localized-plugin '
                    f'git-revision-date-localized-plugin-date">{when:%B %-d, %Y}</span>')
            elif self.dates and inputs:  # a usable history, but none of its files committed
                page.meta[gitdates.DATE_META] = gitdates.UNCOMMITTED
            return markdown
        if gitdates.uncommitted(page.meta):
            # The git plugin gave it the build time (and warned: `build --strict` fails);
            # under `mkdocs serve` the page says what is true instead.
            page.meta[gitdates.DATE_META] = gitdates.UNCOMMITTED
        return assembly.page_markdown(markdown, src_uri, self.site, self.settings)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        return assembly.page_html(html, page.file.src_uri, self.site, self.settings)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        assert self.site is not None and self.settings is not None
        if not page.meta.get("description"):  # Material prints it unescaped into <meta>
            page.meta["description"] = html.escape(assembly.page_description(
                page.file.src_uri, page.markdown or "", self.site, self.settings), quote=True)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.site is not None and self.settings is not None
        head = assembly.page_head(page.file.src_uri, page.markdown or "", self.site, self.settings)
        output = assembly.repair_html(output)
        at = output.find("</head>")
        return output if at < 0 else output[:at] + head + output[at:]

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        if self.problems and template_name == "404.html":  # what serve answers every request
            return problems_page.page(self.problems, config.site_name, self.config.data_dir)
        return assembly.repair_html(output_content) if template_name.endswith(".html") \
            else output_content

    @event_priority(-100)  # after the search plugin has written search/search_index.json
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.is_file():
            index = assembly.search_index(json.loads(path.read_text(encoding="utf-8")), self.site)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                            encoding="utf-8")

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> None:
        server.watch(str(self._root(config) / self.config.data_dir))
        retired = self._root(config) / self.config.retired
        if retired.is_file():  # a retirement changes redirects and alias anchors
            server.watch(str(retired))


def _build_cache(root: Path) -> buildcache.BuildCache:
    """This build's cache: on disk under `.cache/dossier/` unless DOSSIER_CACHE=off (then in
    memory only, for this build). A new one per build, so nothing grows across rebuilds."""
    off = os.environ.get("DOSSIER_CACHE", "").strip().lower() in ("off", "0", "false", "no")
    return buildcache.BuildCache(None if off else root / buildcache.FOLDER)


def _local_address(config: MkDocsConfig, command: str) -> None:
    """Without SITE_URL a build uses the local address (that of `mkdocs serve`), never a
    placeholder host, and says so in one log line; `mkdocs serve` always serves locally."""
    if command == "serve":
        log.info("serving at the local address %s: links, citations and the sitemap use it",
                 config.site_url)
    elif not config.site_url:
        config.site_url = LOCAL_URL
        log.info("SITE_URL is not set: links, citations and the sitemap use the local address "
                 "%s (set SITE_URL to the published address; scripts/build requires it)",
                 LOCAL_URL)


def _git_history(path: Path) -> gitdates.GitHistory:
    """`gitdates.check` with its DOSSIER_GIT_DATES=require failure as a build error."""
    try:
        return gitdates.check(path)
    except gitdates.GitDatesRequired as err:
        raise PluginError(str(err)) from None
