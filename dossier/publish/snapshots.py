"""Release snapshots: each release tag `vYYYY.MM.DD`, built once from its own code, published
as an immutable copy of the whole site under `/v/<version>/` beside the current site.

* `build()` checks the tag out in a temporary git worktree and runs *that* tag's own build
  (MkDocs with the tag's `dossier` package first on the path, then its `dossier publish` for
  the PDF and the offline copy), served at `<site>/v/<version>/`; `DOSSIER_LATEST_URL` tells it
  where the current site is, so its citations pin itself and name the latest page too.
* `ensure()` builds the tags missing from a cache folder and never touches a snapshot that is
  there: a snapshot is what was published, never rebuilt with newer code (README, "Versions").
* `publish()` copies the cached snapshots into a finished build under `v/` and adds, to the
  pages of a snapshot whose content changed since (from git: records and article pages, as the
  change log compares them), a banner linking the current page and the change log; changed
  facts get a link to their current card. The banner is static HTML: nothing in a snapshot
  loads anything from the current site.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core import routes
from ..core.settings import SNAPSHOTS, snapshot_name
from ..core.site import Site, load
from .changes import TAG, History, history

LATEST_ENV = "DOSSIER_LATEST_URL"
"""Set for a snapshot's build: the current site's URL (its citations' second link)."""
MARKER = ".dossier-snapshot.json"
"""In each cached snapshot: which tag and commit it was built from (and that it is complete)."""
ALL = "*"


@dataclass(frozen=True)
class Tag:
    name: str  # 'v2026.12.15'
    commit: str
    time: int  # commit time, unix seconds

    @property
    def version(self) -> str:
        return snapshot_name(self.name)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True).stdout


def release_tags(root: Path) -> list[Tag]:
    """Every release tag of the repository, oldest first."""
    try:
        out = _git(root, "for-each-ref", "--sort=creatordate", "--format=%(refname:short)%09"
                   "%(*objectname)%(objectname)%09%(*committerdate:unix)%(committerdate:unix)",
                   "refs/tags/v*")
    except (OSError, subprocess.CalledProcessError):
        return []
    tags = []
    for line in out.splitlines():
        name, obj, stamp = line.split("\t")
        if TAG.match(name):
            tags.append(Tag(name, obj[:40], int(stamp)))
    return sorted(tags, key=lambda t: (t.time, t.name))


def build(root: Path, tag: Tag, dest: Path, site_url: str, *, artifacts: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Build release `tag` with its own code into `dest` (which must not exist yet)."""
    with tempfile.TemporaryDirectory(prefix=".snapshot-", dir=dest.parent) as tmp:
        source, out = Path(tmp) / "src", Path(tmp) / "site"
        _git(root, "worktree", "add", "--quiet", "--detach", str(source), tag.commit)
        try:
            env = {**os.environ, "PYTHONPATH": str(source), LATEST_ENV: site_url,
                   "SITE_URL": f"{site_url}{SNAPSHOTS}{tag.version}/",
                   "SOURCE_DATE_EPOCH": str(tag.time), "NO_MKDOCS_2_WARNING": "1",
                   "DISABLE_MKDOCS_2_WARNING": "true"}
            steps = [[sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                      "--site-dir", str(out)]]
            if artifacts:
                steps.append([sys.executable, "-m", "dossier", "publish", str(out)])
            for step in steps:
                run = subprocess.run(step, cwd=source, env=env, capture_output=True, text=True,
                                     check=False)
                if run.returncode != 0:
                    raise RuntimeError(f"building the snapshot of {tag.name} failed:\n"
                                       + (run.stderr or run.stdout)[-4000:])
            (out / MARKER).write_text(json.dumps({"tag": tag.name, "commit": tag.commit},
                                                 indent=1) + "\n", encoding="utf-8")
            out.rename(dest)
        finally:
            _git(root, "worktree", "remove", "--force", str(source))
    say(f"{SNAPSHOTS}{tag.version}/: built from {tag.name} ({tag.commit[:7]})")


def ensure(root: Path, cache: Path, site_url: str, *, artifacts: bool = True,
           say: Callable[[str], None] = print) -> list[Tag]:
    """Build every release tag not yet in `cache`; returns the tags built now."""
    cache.mkdir(parents=True, exist_ok=True)
    made = []
    for tag in release_tags(root):
        folder = cache / tag.version
        if (folder / MARKER).is_file():
            continue  # built once, kept as published
        if folder.exists():  # an interrupted build: never published, so redo it
            shutil.rmtree(folder)
        build(root, tag, folder, site_url, artifacts=artifacts, say=say)
        made.append(tag)
    return made


# ---------------------------------------------------------------- what changed since a tag


def changed_since(found: History, tag: str) -> set[tuple[str, str]]:
    """(kind, id) of the records and article pages changed in the releases after `tag` (and
    since the last release); kind 'page' ids are paths under docs/."""
    out: set[tuple[str, str]] = set()
    for release in found.releases:  # newest first
        if release.tag == tag:
            break
        out.update((c.kind, c.id) for c in release.changes)
    return out


def changed_pages(changes: set[tuple[str, str]], site: Site) -> set[str]:
    """The src_uris whose content depends on what changed (conservatively: a page is flagged
    when anything it is made from changed); ALL when every page is."""
    if not changes:
        return set()
    pages = {routes.CHANGELOG}
    records = [c for c in changes if c[0] != "page"]
    if any(kind == "glossary" for kind, _ in records):
        return {ALL}  # glossary terms are defined on every page
    if records:
        pages |= {routes.DATA, routes.MAP, routes.CHARTS, routes.TIMELINE}
    for kind, ident in changes:
        if kind == "fact":
            pages |= {routes.SOURCES, routes.TOPICS, routes.ENTITIES}
            fact = site.facts.get(ident)
            if fact:
                pages |= {routes.topic(t) for t in fact["topics"]}
                pages |= {routes.entity(e) for e in fact["entities"]}
                pages |= {site.paragraphs[p].page for p in site.fact_paragraphs(ident)}
        elif kind == "entity":
            pages |= {routes.ENTITIES, routes.entity(ident)}
        elif kind == "topic":
            pages |= {routes.TOPICS, routes.topic(ident)}
        elif kind == "source":
            pages.add(routes.SOURCES)
        elif kind == "page":
            pages |= {ident, routes.PRINT, routes.TIMELINE}
    return pages


# ---------------------------------------------------------------- publishing


_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">')


def _fact_note(fid: str, up: str) -> str:
    return (f'<p class="dossier-outdated dossier-outdated--fact">This fact has changed since '
            f'this version: <a href="{up}{routes.url(routes.permalink(fid))}">see its current '
            "card</a>.</p>")


def banner(tag: Tag, date: str, up: str, page_path: str, changelog_anchor: str) -> str:
    """The old-version banner of one page; `up` leads from the page to the current site."""
    return (f'<div class="dossier-outdated" role="note"><p>You are reading version '
            f'<code>{html.escape(tag.name)}</code> of {html.escape(date)}. The current version '
            f'differs for this page: <a href="{up}{page_path}">read the current page</a> · '
            f'<a href="{up}{routes.url_path(routes.CHANGELOG)}#{changelog_anchor}">see what '
            "changed</a>.</p></div>")


def mark(page_html: str, tag: Tag, date: str, up: str, page_path: str, anchor: str,
         facts: set[str]) -> str:
    """A snapshot page with the banner after the content's start and a note in each changed
    fact's card."""
    out = _CONTENT.sub(lambda m: m.group(0) + banner(tag, date, up, page_path, anchor),
                       page_html, count=1)
    for fid in facts:
        card = re.compile(r'(<article class="dossier-fact[^"]*"[^>]*\sid="' + re.escape(fid)
                          + r'"[^>]*>)')
        out = card.sub(lambda m, f=fid: m.group(1) + _fact_note(f, up), out, count=1)
    return out


def publish(root: Path, cache: Path, site_dir: Path, *,
            say: Callable[[str], None] = print) -> list[str]:
    """Copy every cached snapshot into `site_dir/v/<version>/` with banners where the current
    site differs; returns the versions published, newest first."""
    tags = {t.version: t for t in release_tags(root)}
    found = history(root)
    loaded = load(root, "data", "docs")
    site = loaded.site
    later = {r.tag: i for i, r in enumerate(found.releases)}
    published = []
    for folder in sorted(p for p in cache.iterdir() if (p / MARKER).is_file()) \
            if cache.is_dir() else []:
        tag = tags.get(folder.name)
        if tag is None:
            continue
        target = site_dir / SNAPSHOTS / tag.version
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns(MARKER))
        changes = changed_since(found, tag.name)
        pages = changed_pages(changes, site) if site else ({ALL} if changes else set())
        facts = {i for k, i in changes if k == "fact"}
        # the change log entry: the first release after this one (or the unreleased work)
        index = later.get(tag.name, 0)
        after = found.releases[index - 1].tag if index > 0 else ""
        anchor = after.replace(".", "-") if after else "unreleased"
        date = f"{dt_of(tag):%-d %B %Y}"
        marked = 0
        for page in target.rglob("index.html"):
            rel = page.parent.relative_to(target).as_posix()
            path = "" if rel == "." else rel + "/"
            sources = routes.sources_of("/" + path)
            # A changed record flags the whole timeline: the landing page and every year page
            # (in an old version a fact may sit under another year than today).
            timeline = any(s == routes.TIMELINE or s.startswith(routes.TIMELINE_PREFIX)
                           for s in sources)
            if ALL not in pages and not any(s in pages for s in sources) \
                    and not (timeline and routes.TIMELINE in pages):
                continue
            depth = 2 + (path.count("/"))
            text = page.read_text(encoding="utf-8")
            page_facts = facts if timeline else set()
            new = mark(text, tag, date, "../" * depth, path, anchor, page_facts)
            if new != text:
                page.write_text(new, encoding="utf-8")
                marked += 1
        published.append(tag.version)
        say(f"{SNAPSHOTS}{tag.version}/: published, {marked} page(s) marked as changed since")
    _index(site_dir, [tags[v] for v in published])
    return published[::-1]


def dt_of(tag: Tag) -> dt.date:
    """The date of a release (its commit's, in UTC)."""
    return dt.datetime.fromtimestamp(tag.time, tz=dt.timezone.utc).date()


def _index(site_dir: Path, tags: list[Tag]) -> None:
    """`/v/`: a plain list of the published versions (links only, no assets)."""
    if not tags:
        return
    items = "".join(f'<li><a href="{t.version}/">{html.escape(t.name)}</a> of '
                    f"{dt_of(t):%-d %B %Y}</li>" for t in reversed(tags))
    (site_dir / SNAPSHOTS / "index.html").write_text(
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Versions</title>'
        "<h1>Versions of this dossier</h1><p>Each release as it was published. "
        f'<a href="../">The current version</a>.</p><ul>{items}</ul></html>\n', encoding="utf-8")
