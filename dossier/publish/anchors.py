"""Anchors that never break: the manifest of everything the site has published, the retirement
file that keeps retired URLs and anchors working, and the check that ties them together.

* `published.yml` (committed) lists every public page URL with its anchors, and every public
  file. `dossier manifest --update` adds what a build publishes anew; nothing is ever dropped.
* `retired.yml` (hand-edited) says how a retired entry keeps working: a moved page redirects
  (mkdocs-redirects `redirect_maps`), a renamed anchor gets an alias target on its page.
* `verify` checks a built site against both, and reports every published URL or anchor that no
  longer resolves as a located problem.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..core import routes
from ..core.loader import YList, YMap, load_text
from ..core.problems import Problem
from ..render.pages import timeline_index_periods

MANIFEST = "published.yml"
RETIRED = "retired.yml"
ALIAS_CLASS = "dossier-alias"
# Ids that are positional or belong to the theme, never public: footnotes, Material internals,
# and heading slugs the toc extension de-duplicated by position ('commits_1').
_PRIVATE_ID = re.compile(r"^(fn:|fnref:|__|_\d|md-)|_\d+$")
VOLATILE_PAGES = {
    "/changelog/": "its sections are named after counts that change with every edit",
}
"""Pages whose URL is published but whose anchors are not (they are regenerated from history)."""
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
_SKIP_FILES = ("assets/", "search/", "sitemap.xml", "404.html", "downloads/")


# ---------------------------------------------------------------- the retirement file


def read_text(file: Path, name: str) -> tuple[str | None, list[Problem]]:
    try:
        return file.read_text(encoding="utf-8"), []
    except (OSError, UnicodeDecodeError) as err:
        return None, [Problem(name, 1, 1, "unreadable", f"cannot read {name}: {err}")]


@dataclass
class Retired:
    """Retirements: page redirects (source paths, as mkdocs-redirects takes them) and anchor
    aliases ({page source path: {old id: id it now points to, or None for the page top}})."""

    redirects: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, dict[str, str | None]] = field(default_factory=dict)


def load_retired(root: Path, name: str = RETIRED) -> tuple[Retired, list[Problem]]:
    """Read the retirement file (missing means nothing is retired)."""
    file = root / name
    if not file.is_file():
        return Retired(), []
    text, problems = read_text(file, name)
    if text is None:
        return Retired(), problems
    doc = load_text(text, name)
    if doc.problems:
        return Retired(), doc.problems
    value = doc.value
    retired = Retired()
    if not isinstance(value, YMap):
        return retired, [Problem(name, 1, 1, "retired-shape", "expected a mapping with "
                                 "'redirects' and/or 'anchors'")]
    for key in value:
        if key not in ("redirects", "anchors"):
            line, col = value.key_pos[key]
            problems.append(Problem(name, line, col, "retired-shape", f"unknown key {key!r}; "
                                    "expected 'redirects' or 'anchors'"))
    redirects = value.get("redirects") or YMap()
    anchors = value.get("anchors") or YMap()
    for label, mapping in (("redirects", redirects), ("anchors", anchors)):
        if not isinstance(mapping, YMap):
            line, col = value.val_pos[label]
            problems.append(Problem(name, line, col, "retired-shape",
                                    f"'{label}' must be a mapping"))
    if isinstance(redirects, YMap):
        for old, new in redirects.items():
            line, col = redirects.key_pos[old]
            if not (str(old).endswith(".md") and isinstance(new, str) and new.endswith(".md")):
                problems.append(Problem(name, line, col, "retired-shape", "a redirect maps an "
                                        f"old source path to a new one ('old.md: new.md'), got "
                                        f"{old!r}: {new!r}"))
            else:
                retired.redirects[old] = new
    if isinstance(anchors, YMap):
        for page, ids in anchors.items():
            line, col = anchors.key_pos[page]
            if not (str(page).endswith(".md") and isinstance(ids, YMap)):
                problems.append(Problem(name, line, col, "retired-shape", "anchors are listed "
                                        "per page source path: 'page.md: {old-id: new-id}'"))
                continue
            retired.anchors[page] = {str(k): (None if v is None else str(v)) for k, v in ids.items()}
    return retired, problems


def add_aliases(html: str, src_uri: str, retired: Retired | None) -> str:
    """Put an empty alias target (an element with the old id) right before the element that
    now carries the anchor, or at the top of the content when the anchor has no successor."""
    if retired is None or src_uri not in retired.anchors:
        return html
    for old, new in retired.anchors[src_uri].items():
        if re.search(rf'\bid="{re.escape(old)}"', html):
            continue  # still present: an alias would duplicate the id
        alias = f'<span class="{ALIAS_CLASS}" id="{old}" aria-hidden="true"></span>'
        target = re.search(rf'<[a-zA-Z][\w-]*\b[^>]*\bid="{re.escape(new)}"', html) if new else None
        if new and target is None:
            continue  # `verify` reports the retirement whose target is missing
        at = target.start() if target else 0
        html = html[:at] + alias + html[at:]
    return html


# ---------------------------------------------------------------- built pages


class _Ids(HTMLParser):
    """Ids inside the page content (`<article class="md-content__inner">`) of a built page,
    except inside inline SVG (a drawing's own title, clip-path and glyph ids)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.svg = 0
        self.ids: list[str] = []
        self.all: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        ident = a.get("id")
        if ident:
            self.all.add(ident)
        if tag == "article" and "md-content__inner" in (a.get("class") or ""):
            self.depth = 1
            return
        if self.depth and tag == "article":
            self.depth += 1
        if tag == "svg":
            self.svg += 1
        if self.depth and not self.svg and ident and not _PRIVATE_ID.search(ident) \
                and ALIAS_CLASS not in (a.get("class") or "").split() and ident not in self.ids:
            self.ids.append(ident)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.svg -= 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "article":
            self.depth -= 1
        if tag == "svg" and self.svg:
            self.svg -= 1


def page_ids(html: str) -> tuple[list[str], set[str]]:
    """(public ids in the content, in order; every id anywhere in the page)."""
    parser = _Ids()
    parser.feed(html)
    return parser.ids, parser.all


def _redirect(html: str) -> str | None:
    if "<title>Redirecting...</title>" not in html:
        return None
    found = _REFRESH.search(html)
    return found.group(1) if found else None


@dataclass
class Manifest:
    """{page URL path ('/', '/timeline/'): [anchor ids]} and the public file paths."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (url, id or '') → line


def scan(site_dir: Path) -> Manifest:
    """What a built site publishes: its pages (not redirect stubs) with their ids, its files."""
    out = Manifest()
    for file in sorted(site_dir.rglob("*")):
        if not file.is_file():
            continue
        rel = file.relative_to(site_dir).as_posix()
        if rel.startswith(_SKIP_FILES):
            continue
        if file.name == "index.html":
            html = file.read_text(encoding="utf-8")
            url = "/" + rel[: -len("index.html")]
            if _redirect(html) is None:
                out.pages[url] = [] if url in VOLATILE_PAGES else page_ids(html)[0]
        elif not rel.endswith(".html"):
            out.files.append("/" + rel)
    return out


# ---------------------------------------------------------------- the manifest file

HEADER = """\
# Every public URL and anchor this site has published. Generated: `dossier manifest --update`
# adds what a build publishes anew and never removes anything. A test fails when an entry stops
# resolving in the built site: keep it working with an entry in retired.yml instead (a redirect
# for a moved page, an alias for a renamed anchor). See README, "Citing and reusing".
"""


def dump(manifest: Manifest) -> str:
    lines = [HEADER.rstrip("\n"), "pages:"]
    for url in sorted(manifest.pages):
        ids = manifest.pages[url]
        lines.append(f'  "{url}":' + ("" if ids else " []"))
        lines += [f"    - {i}" if re.fullmatch(r"[A-Za-z0-9][\w.-]*", i) else f'    - "{i}"'
                  for i in ids]
    lines.append("files:" + ("" if manifest.files else " []"))
    lines += [f'  - "{f}"' for f in sorted(manifest.files)]
    return "\n".join(lines) + "\n"


def load_manifest(root: Path, name: str = MANIFEST) -> tuple[Manifest, list[Problem]]:
    file = root / name
    if not file.is_file():
        return Manifest(), []
    text, problems = read_text(file, name)
    if text is None:
        return Manifest(), problems
    doc = load_text(text, name)
    value: Any = doc.value
    if doc.problems or not isinstance(value, YMap):
        return Manifest(), doc.problems or [Problem(name, 1, 1, "manifest-shape",
                                                    "expected 'pages:' and 'files:'")]
    out = Manifest()
    pages = value.get("pages") or YMap()
    for url, ids in pages.items():
        out.pages[url] = [str(i) for i in ids or []]
        out.lines[(url, "")] = pages.key_pos[url][0]
        if isinstance(ids, YList):
            for i, pos in zip(ids, getattr(ids, "item_pos", [])):
                out.lines[(url, str(i))] = pos[0]
    files = value.get("files") or YList()
    out.files = [str(f) for f in files]
    if isinstance(files, YList):
        for f, pos in zip(files, getattr(files, "item_pos", [])):
            out.lines[(str(f), "")] = pos[0]
    return out, []


def merge(old: Manifest, new: Manifest) -> tuple[Manifest, int]:
    """Old entries kept (in their order), new ones appended; returns the count added."""
    out = Manifest({url: list(ids) for url, ids in old.pages.items()}, list(old.files))
    added = 0
    for url, ids in new.pages.items():
        have = out.pages.setdefault(url, [])
        added += url not in old.pages
        for i in ids:
            if i not in have:
                have.append(i)
                added += 1
    for f in new.files:
        if f not in out.files:
            out.files.append(f)
            added += 1
    return out, added


# ---------------------------------------------------------------- the check


def _resolve(site_dir: Path, url: str, hops: int = 5) -> tuple[str, str | None]:
    """Follow redirect stubs from a page URL path; returns (final URL path, its HTML or None)."""
    for _ in range(hops):
        file = site_dir / url.lstrip("/") / "index.html"
        if not file.is_file():
            return url, None
        html = file.read_text(encoding="utf-8")
        target = _redirect(html)
        if target is None:
            return url, html
        joined = posixpath.normpath(posixpath.join(url, target.split("#")[0]))
        url = "/" if joined == "/" else joined.rstrip("/") + "/"
    return url, None


def _sources(url: str) -> list[str]:
    """The Markdown sources a page URL path can come from ('/x/' → x.md or x/index.md)."""
    return routes.sources_of(url)


def forwarded(site_dir: Path) -> dict[str, str]:
    """{fact id: URL path of its timeline page}: where the timeline pages' script forwards a
    fact's permanent address (or an old one, after a corrected date moved the fact)."""
    index = site_dir / routes.TIMELINE_INDEX
    if not index.is_file():
        return {}
    periods = timeline_index_periods(index.read_text(encoding="utf-8"))
    return {fid: "/" + routes.url(routes.timeline_page(p)) for fid, p in periods.items()}


def _forwards_to(url: str, ident: str, forwarded: dict[str, str],
                 read: Callable[[str], tuple[str, set[str] | None]]) -> bool:
    """Whether the timeline page `url` forwards `#ident` to a page that has it."""
    if not url.startswith("/" + routes.url_path(routes.TIMELINE)) or ident not in forwarded:
        return False
    return ident in (read(forwarded[ident])[1] or set())


def failures(manifest: Manifest, site_dir: Path,
             retired: Retired | None = None) -> list[tuple[tuple[str, str], str, str]]:
    """Every manifest entry that no longer resolves: ((url or file, id or ''), code, message).
    A fact id on a timeline page resolves where the page's script forwards it (`forwarded`)."""
    retired = retired or Retired()
    forwarded_to = forwarded(site_dir)
    pages: dict[str, tuple[str, set[str] | None]] = {}

    def read(url: str) -> tuple[str, set[str] | None]:
        """(final URL, ids or None if missing): each page read once, whether it is listed or
        the target of a forwarded fact id."""
        if url not in pages:
            final, html = _resolve(site_dir, url)
            pages[url] = (final, None if html is None else page_ids(html)[1])
        return pages[url]

    out = []
    for url, ids in manifest.pages.items():
        final, present = read(url)
        if present is None:
            out.append(((url, ""), "page-gone", f"published page {url} is gone from the build; "
                        f"retire it in {RETIRED}: 'redirects: {{{_sources(url)[0]}: <new page>.md}}'"))
            continue
        src = next((s for s in _sources(final) if s in retired.anchors), _sources(final)[0])
        aliases = retired.anchors.get(src, {})
        where = f"{url} (now {final})" if final != url else url
        for ident in ids:
            if ident in present or _forwards_to(final, ident, forwarded_to, read):
                continue
            if ident in aliases:
                out.append(((url, ident), "alias-target-gone", f"anchor #{ident} on {where} is "
                            f"retired to #{aliases[ident]}, which {final} does not have"))
            else:
                out.append(((url, ident), "anchor-gone", f"published anchor #{ident} on {where} "
                            f"is gone; retire it in {RETIRED}: 'anchors: {{{src}: {{{ident}: "
                            "<id it now points to>}}'"))
    for f in manifest.files:
        if not (site_dir / f.lstrip("/")).is_file():
            out.append(((f, ""), "file-gone", f"published file {f} is gone from the build"))
    return out


def verify(manifest: Manifest, site_dir: Path, retired: Retired | None = None) -> list[Problem]:
    """Every published page, anchor and file still resolves in the built site."""
    return sorted(Problem(MANIFEST, manifest.lines.get(key, 1), 1, code, message)
                  for key, code, message in failures(manifest, site_dir, retired))


def prune(manifest: Manifest, site_dir: Path, retired: Retired | None = None) -> Manifest:
    """The manifest without the entries that no longer resolve (before first publication only)."""
    bad = {key for key, _, _ in failures(manifest, site_dir, retired)}
    return Manifest({url: [i for i in ids if (url, i) not in bad]
                     for url, ids in manifest.pages.items() if (url, "") not in bad},
                    [f for f in manifest.files if (f, "") not in bad])

