"""The charts (dossier/render/charts.py, dossier/render/plots.py): which amounts and counts are charted, the
SVG's accessibility and reproducibility, and the real site's /charts/ page."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import Build

from dossier.render import charts
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"
SVG = "{http://www.w3.org/2000/svg}"


def fact(fid: str, date: str | None, entities: list[str], topics: list[str], **extra) -> dict:
    return {"id": fid, "date": date, "title": f"Title of {fid}", "summary": "S.",
            "topics": topics, "entities": entities, "sources": [],
            "verification": "article-claim", **extra}


@pytest.fixture
def site():
    """The fixture tree plus China, Serbia, a Chinese bank, the EBRD and a few facts."""
    loaded = load(EXAMPLE)
    assert loaded.site is not None
    s = copy.deepcopy(loaded.site)
    s.topics["military-security"] = {"id": "military-security", "name": "Military",
                                     "description": "."}
    for eid, kind, related in [("china", "country", []), ("serbia", "country", []),
                               ("exim", "organisation", ["china"]), ("ebrd", "organisation", []),
                               ("drone", "weapon-system", [])]:
        s.entities[eid] = {"id": eid, "kind": kind, "name": eid.title(), "description": ".",
                           "related": related}
    s.entities["hbis"]["related"] = ["zelezara-smederevo", "china"]
    loan = {"value": 217_400_000, "currency": "USD", "kind": "loan", "approximate": False}
    s.facts.update({
        "exim-loan": fact("exim-loan", "2010", ["exim", "ada-bridge"], ["infrastructure"],
                          amounts=[loan, {**loan, "kind": "contract", "value": 255e6}]),
        "ebrd-loan": fact("ebrd-loan", "2006", ["ebrd", "serbia"], ["infrastructure"],
                          amounts=[{**loan, "currency": "EUR", "value": 69.6e6}]),
        "balkans": fact("balkans", "2022", ["china"], ["industry"],
                        amounts=[{**loan, "kind": "investment", "currency": "EUR"}]),
        "undated": fact("undated", None, ["china", "serbia"], ["industry", "infrastructure"],
                        amounts=[{**loan, "kind": "investment", "currency": "EUR", "value": 4e9,
                                  "approximate": True}]),
        "drones": fact("drones", "2020", ["drone", "serbia", "china"], ["military-security"],
                       quantities=[{"value": 6, "unit": "drones", "approximate": False,
                                    "acquired": True},
                                   {"value": 250, "unit": "km (range)", "approximate": False},
                                   {"value": 12, "unit": "transport aircraft",
                                    "approximate": True}]),
    })
    s.timeline = sorted(s.facts, key=lambda f: (s.facts[f]["date"] or "9999", f))
    return s


def test_money_is_chinese_in_serbia_loans_acquisitions_investments(site) -> None:
    rows = {(r.fact, r.series, r.kind, r.value, r.sector) for r in charts.money_rows(site)}
    assert rows == {
        ("exim-loan", "USD", "loan", 217_400_000, "infrastructure"),  # bridge in Belgrade
        ("hbis-buys-smederevo", "EUR", "acquisition", 46_000_000, "industry"),  # HBIS → China
        ("undated", "EUR", "investment", 4e9, "industry"),  # sector: the first topic listed
    }  # not: the contract, the EBRD's loan, the investment with no place in Serbia


def test_amounts_are_never_converted_or_added_up(site) -> None:
    markdown = charts.page(site)
    start = markdown.index('<div class="dossier-chart-data"')
    table = markdown[start:markdown.index("</div>", start)].replace("\\", "")  # Markdown escapes
    assert "US$217.4 million (loan, US dollar)" in table
    assert "€46 million (acquisition, euro)" in table
    assert "about €4 billion (investment, euro)" in table
    svg = charts.money_by_year_svg(charts.money_rows(site))
    titles = re.findall(r"(USD|EUR) \(([a-zA-Z ]+)\), as stated", svg)
    assert titles == [("USD", "US dollar"), ("EUR", "euro")]  # one panel per currency
    assert "263" not in svg  # 217.4 m + 46 m: no sum across currencies


def test_arms_counts_only_acquisitions(site) -> None:
    # not the range, not the aircraft that delivered them: only what the data marks acquired
    rows = [(r.fact, r.year, r.series, r.value) for r in charts.arms_rows(site)]
    assert rows == [("drones", 2020, "drones", 6)]


def more_points(site) -> None:
    """Enough rows for every chart: a third dated Chinese loan, and arms in three years."""
    loan = {"value": 5e6, "currency": "USD", "kind": "loan", "approximate": False}
    site.facts["exim-loan-2014"] = fact("exim-loan-2014", "2014", ["exim", "ada-bridge"],
                                        ["infrastructure"], amounts=[loan])
    for year in ("2021", "2022"):
        site.facts[f"drones-{year}"] = {**site.facts["drones"], "id": f"drones-{year}",
                                        "date": year}
    site.timeline = sorted(site.facts, key=lambda f: (site.facts[f]["date"] or "9999", f))


def test_chart_svg_is_accessible_themeable_and_reproducible(site) -> None:
    more_points(site)
    first = charts.page(site)
    assert charts.page(site) == first  # same data, same bytes (fixed hash salt, no date)
    svgs = re.findall(r"<svg .*?</svg>", first, flags=re.S)
    assert len(svgs) == 3
    ids: list[str] = []
    for svg in svgs:
        root = ElementTree.fromstring(svg)
        assert root.get("role") == "img"
        title = root.find(f"{SVG}title")
        assert title is not None and root.get("aria-labelledby") == title.get("id")
        desc = root.find(f"{SVG}desc")
        assert desc is not None and root.get("aria-describedby") == desc.get("id")
        assert root.find(f".//{SVG}text") is not None  # text stays text
        ids += [el.get("id") for el in root.iter() if el.get("id")]  # type: ignore[misc]
        assert not re.search(r"#0[0-9a]0[0-9a]0[0-9a-f]\b", svg), "a sentinel colour is left"
        assert "currentColor" in svg and "var(--dossier-series-1)" in svg
        assert "\n\n" not in svg and "<?xml" not in svg and "Date" not in svg
    assert len(ids) == len(set(ids)), "ids repeat across the charts of one page"
    assert "<figcaption>" in first and first.count("dossier-chart-data__caption") == 2


def test_charts_change_with_the_data(site) -> None:
    before = charts.page(site)
    site.facts["drones"]["quantities"][0]["value"] = 7
    assert charts.page(site) != before


def test_too_few_points_are_a_table_not_a_chart(site) -> None:
    page = charts.page(site)
    arms = page[page.index("{ #arms }"):]
    assert "<svg" not in arms and "Too few counts to chart (1)" in arms
    assert "6 drones" in arms  # the table still gives the count
    assert page.count("<svg") == 1  # only by sector: two dated amounts are no chart either
    more_points(site)  # three counts in three years, three dated amounts: charts
    again = charts.page(site)
    assert again.count("<svg") == 3 and "Too few" not in again


def test_no_data_no_chart() -> None:
    loaded = load(EXAMPLE)
    assert loaded.site is not None
    markdown = charts.page(loaded.site)
    assert "No amount in the data matches." in markdown and "<svg" not in markdown


def test_real_charts_page(built_site: Build) -> None:
    html = built_site.html("charts/")
    figures = html.count('<figure class="dossier-chart"')
    assert figures == 3 - ("Too few counts to chart" in html)  # arms: one year is no chart
    assert html.count('role="img"') >= figures and html.count("<table>") == 2
    assert 'markdown="' not in html  # no attribute md_in_html left unread
    assert "Hebei Iron and Steel buys the Smederevo steel plant" in html
    for href in set(re.findall(r'<td><a href="([^"#]+)#', html)):
        assert (built_site.site_dir / "charts" / href / "index.html").resolve().is_file()
