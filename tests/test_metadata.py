"""Head metadata as a pure function: Highwire citation_* tags, OpenGraph, schema.org JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from dossier.cite import metadata
from dossier.core.settings import Settings
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"
SETTINGS = Settings("https://example.org/dossier/", "Example dossier", "Example dossier editors",
                    version="v2026.11.28", version_date=dt.date(2026, 11, 28),
                    description="A small example dossier.")
SITE = load(EXAMPLE).site


class Head(HTMLParser):
    """Meta tags ({name or property: [contents]}) and JSON-LD blocks of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}
        self.json_ld: list[dict] = []
        self._ld = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a.get("content", ""))
        elif tag == "link" and "rel" in a:
            self.links[a["rel"]] = a.get("href", "")
        self._ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._ld:
            self.json_ld.append(json.loads(data))
            self._ld = False


def _head(src_uri: str, markdown: str = "") -> Head:
    return Head(metadata.head(metadata.page_info(src_uri, markdown, SITE, SETTINGS), SETTINGS))


def test_article_page_is_a_scholarly_article_with_highwire_tags() -> None:
    md = (EXAMPLE / "docs" / "index.md").read_text(encoding="utf-8")
    head = _head("index.md", md)
    assert head.meta["citation_title"] == ["Example"]
    assert head.meta["citation_author"] == ["Example dossier editors"]
    assert head.meta["citation_publication_date"] == ["2026/11/28"]
    assert head.meta["citation_online_date"] == ["2026/11/28"]
    assert head.meta["citation_public_url"] == ["https://example.org/dossier/"]
    assert head.meta["citation_abstract_html_url"] == ["https://example.org/dossier/"]
    assert head.meta["citation_language"] == ["en"]
    assert head.meta["citation_publisher"] == ["Example dossier editors"]
    assert set(head.meta["citation_keywords"]) == {"Industry & mining", "Infrastructure"}
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:url"] == ["https://example.org/dossier/"]
    [ld] = head.json_ld
    assert ld["@type"] == "ScholarlyArticle"
    assert ld["author"] == {"@type": "Organization", "name": "Example dossier editors"}
    assert ld["version"] == "v2026.11.28" and ld["dateModified"] == "2026-11-28"
    assert ld["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_article_description_is_its_first_paragraph_not_the_annotations() -> None:
    info = metadata.page_info("index.md", "# Example\n\nIgnored [¶](#x) Cite", SITE,
                              Settings("https://e.org/", "S", "A"))
    assert info.description == ("In 2016 Hesteel bought the Smederevo steel plant for "
                                "€46 million.")


def test_data_page_is_a_dataset_with_a_download_per_file() -> None:
    from dossier.publish import data_downloads

    head = _head("data/index.md", "# Data downloads { #data }\n\nEverything here.\n")
    [ld] = head.json_ld
    assert ld["@type"] == "Dataset"
    downloads = data_downloads.downloads(SITE, SETTINGS)
    assert len(ld["distribution"]) == len(downloads)
    facts = next(d for d in ld["distribution"] if d["name"] == "facts.csv")
    assert facts == {"@type": "DataDownload", "name": "facts.csv", "encodingFormat": "text/csv",
                     "contentUrl": "https://example.org/dossier/data/facts.csv"}
    assert ld["isAccessibleForFree"] is True and ld["creator"]["name"] == "Example dossier editors"


def test_entity_page_says_what_it_is_about_and_escapes_data() -> None:
    head = _head("entities/ada-bridge.md", "# x\n")
    [ld] = head.json_ld
    assert ld["@type"] == "WebPage"
    assert ld["about"]["@type"] == "Place"
    assert ld["about"]["geo"] == {"@type": "GeoCoordinates", "latitude": 44.7939,
                                  "longitude": 20.4167}
    assert head.meta["citation_title"] == ["Ada Bridge <script>alert(1)</script>"]
    raw = metadata.head(metadata.page_info("entities/ada-bridge.md", "", SITE, SETTINGS),
                        SETTINGS)
    assert "<script>alert" not in raw  # in attributes and in the JSON-LD alike
    assert "\\u003cscript\\u003e" in raw


def test_other_pages_are_web_pages_with_a_summary() -> None:
    md = "# Timeline { #timeline }\n\nEvery dated fact in the dossier (2), oldest first.\n"
    head = _head("timeline.md", md)
    assert head.json_ld[0]["@type"] == "WebPage"
    assert head.meta["og:description"] == ["Every dated fact in the dossier (2), oldest first."]
    assert head.meta["og:type"] == ["website"]


def test_summary_skips_headings_html_and_lists_and_cuts_at_a_word() -> None:
    md = ("# Title { #t }\n\n<div>x</div>\n\n- item\n\n"
          "Some **bold** [linked](a.md) text \\* here " + "word " * 60)
    text = metadata.summary(md)
    assert text.startswith("Some bold linked text * here word")
    assert len(text) <= 201 and text.endswith("…")
    assert metadata.summary("# Only a heading\n") == ""


def test_tags_are_one_per_line_and_well_formed() -> None:
    raw = metadata.head(metadata.page_info("topics/industry.md", "", SITE, SETTINGS), SETTINGS)
    for line in raw.strip().splitlines():
        assert re.fullmatch(r'<meta (name|property)="[\w:]+" content="[^"]*">'
                            r'|<script type="application/ld\+json">.*</script>', line), line
