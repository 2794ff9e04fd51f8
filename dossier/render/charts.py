"""The charts page: money and arms in the data, drawn at build time (matplotlib → inline SVG).

What is charted, and by which rule (stated on the page too):

* **Money** — every amount of kind loan, acquisition or investment in a fact that involves
  China (names the entity `china`, or a company or organisation whose record lists `china`
  as related) and Serbia (names `serbia`, or a place or site inside Serbia's boundary).
  Amounts are shown as stated, one series per currency, each currency in its own panel:
  never converted, never summed (the sources' figures overlap: a loan and the contract it
  finances, a total and its parts). Its *sector* is the first topic the fact lists.
* **Arms** — the counted quantities (drones, missiles, aircraft …; not measurements such as
  "km (range)" or durations) of facts in the military topic that name a weapon system.

Each chart is a `<figure>` with a caption, and the same data follows as a table. Too few
points are not a chart: with fewer than `MIN_POINTS` rows, or all of them in one year (one
sector), the page says so and gives the table alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from ..core import buildcache, dates, routes

from ..core.schema import CURRENCIES, PLACE_KINDS
from ..core.site import Site
from . import plots
from .map import in_country
from .markup import link, money, quantity, text

CHARTS = routes.CHARTS
MONEY_KINDS = ("loan", "acquisition", "investment")
CHINA, SERBIA = "china", "serbia"
MIN_POINTS = 3
"""The fewest rows worth a chart; fewer are only a table."""


@dataclass(frozen=True)
class Row:
    """One amount or count, with the fact it comes from."""

    fact: str
    year: int | None
    series: str  # currency code, or the counted unit
    value: float
    label: str  # as shown in the table: money() / quantity() text
    kind: str = ""
    sector: str = ""


def _chinese(site: Site, fid: str) -> bool:
    for eid in site.facts[fid]["entities"]:
        e = site.entities[eid]
        if eid == CHINA or (e["kind"] in ("company", "organisation")
                            and CHINA in (e.get("related") or [])):
            return True
    return False


def _in_serbia(site: Site, fid: str) -> bool:
    for eid in site.facts[fid]["entities"]:
        e = site.entities[eid]
        c = e.get("coordinates")
        if eid == SERBIA or (e["kind"] in PLACE_KINDS and c and in_country(c["lon"], c["lat"],
                                                                           SERBIA)):
            return True
    return False


def money_rows(site: Site) -> list[Row]:
    """Chinese loans, acquisitions and investments in Serbia, in timeline order."""
    rows = []
    for fid in site.timeline:
        fact = site.facts[fid]
        amounts = [a for a in fact.get("amounts") or [] if a["kind"] in MONEY_KINDS]
        if not amounts or not _chinese(site, fid) or not _in_serbia(site, fid):
            continue
        for a in amounts:
            rows.append(Row(fid, dates.year(fact["date"]), a["currency"], a["value"], money(a),
                            a["kind"], fact["topics"][0]))
    return rows


def arms_rows(site: Site) -> list[Row]:
    """Counts of arms acquired (quantities marked `acquired`) in dated facts, in timeline
    order: the data says which numbers are acquisitions, so no guess from units is needed."""
    rows = []
    for fid in site.timeline:
        fact = site.facts[fid]
        year = dates.year(fact["date"])
        if year is None:
            continue
        rows += [Row(fid, year, q["unit"], q["value"], quantity(q))
                 for q in fact.get("quantities") or [] if q.get("acquired")]
    return rows


# ---------------------------------------------------------------- drawing


def _series(rows: Iterable[Row]) -> list[str]:
    return list(dict.fromkeys(r.series for r in rows))


def money_by_year_svg(rows: list[Row]) -> str:
    dated = [r for r in rows if r.year is not None]
    currencies = _series(dated)
    with plots.rc():
        fig = plots.new_figure(height=1.2 + 2.0 * len(currencies))
        axes = fig.subplots(len(currencies), 1, sharex=True, squeeze=False)[:, 0]
        years = sorted({r.year for r in dated if r.year is not None})
        for i, (ax, currency) in enumerate(zip(axes, currencies)):
            for k, kind in enumerate(MONEY_KINDS):
                mine = [r for r in dated if r.series == currency and r.kind == kind]
                if mine:
                    ax.scatter([r.year for r in mine], [r.value for r in mine], s=60,
                               marker=plots.MARKERS[k], color=plots.SERIES[i], label=kind,
                               zorder=3)
            ax.set_yscale("log")
            plots.log_amounts(ax.yaxis, [r.value for r in dated if r.series == currency])
            ax.set_ylabel(currency)
            ax.set_title(f"{currency} ({CURRENCIES.get(currency, '')}), as stated", loc="left",
                         fontsize=12)
            ax.grid(axis="y", which="major")
            ax.margins(y=0.3)
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axes[-1].set_xticks(years, [str(y) for y in years])
        axes[-1].set_xlim(min(years) - 1, max(years) + 1)
        return plots.to_svg(fig, "chart-money-year", "Chinese loans, acquisitions and "
                            "investments in Serbia by year",
                            _describe(dated, by_year=True))


def _sector_names(site: Site, rows: list[Row]) -> list[str]:
    """What the sector chart reads from the site besides its rows: the sectors' names."""
    return [site.topics[t]["name"] for t in dict.fromkeys(r.sector for r in rows)]


def money_by_sector_svg(rows: list[Row], site: Site) -> str:
    currencies = _series(rows)
    sectors = list(dict.fromkeys(r.sector for r in rows))
    names = [textwrap.fill(site.topics[t]["name"], 24) for t in sectors]
    with plots.rc():
        fig = plots.new_figure(height=1.0 + (0.5 * len(sectors) + 0.8) * len(currencies))
        axes = fig.subplots(len(currencies), 1, sharey=True, squeeze=False)[:, 0]
        for i, (ax, currency) in enumerate(zip(axes, currencies)):
            for k, kind in enumerate(MONEY_KINDS):
                mine = [r for r in rows if r.series == currency and r.kind == kind]
                if mine:
                    ax.scatter([r.value for r in mine], [sectors.index(r.sector) for r in mine],
                               s=60, marker=plots.MARKERS[k], color=plots.SERIES[i],
                               label=kind, zorder=3)
            ax.set_xscale("log")
            plots.log_amounts(ax.xaxis, [r.value for r in rows if r.series == currency])
            ax.set_yticks(range(len(sectors)), names)
            ax.set_ylim(len(sectors) - 0.5, -0.5)
            ax.set_title(f"{currency} ({CURRENCIES.get(currency, '')}), as stated", loc="left",
                         fontsize=12)
            ax.grid(axis="x", which="major")
            ax.margins(x=0.3)
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return plots.to_svg(fig, "chart-money-sector", "Chinese loans, acquisitions and "
                            "investments in Serbia by sector", _describe(rows, by_year=False))


def arms_svg(rows: list[Row]) -> str:
    units = _series(rows)
    years = sorted({r.year for r in rows if r.year is not None})
    width = 0.8 / len(units)
    with plots.rc():
        fig = plots.new_figure(height=3.4)
        ax = fig.add_subplot()
        for i, unit in enumerate(units):
            mine = [r for r in rows if r.series == unit]
            xs = [years.index(r.year) - 0.4 + width * (i + 0.5) for r in mine]  # type: ignore[arg-type]
            bars = ax.bar(xs, [r.value for r in mine], width * 0.9, color=plots.SERIES[i],
                          label=unit, zorder=3)
            ax.bar_label(bars, [plots.compact(r.value) for r in mine], padding=2)
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        ax.set_ylabel("number, as counted by the source")
        plots.integer_counts(ax.yaxis)
        ax.grid(axis="y")
        ax.margins(y=0.15)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        summary = "; ".join(f"{r.year}: {plots.compact(r.value)} {r.series}" for r in rows)
        return plots.to_svg(fig, "chart-arms", "Arms acquisitions by year",
                            f"Bar chart, one bar per counted item and year. {summary}.")


def _describe(rows: list[Row], by_year: bool) -> str:
    parts = [f"{r.year if by_year else r.sector}: {r.kind} of {plots.compact(r.value)} "
             f"{r.series}" for r in rows]
    shape = ("Dot chart, one panel per currency, year across, amount up on a logarithmic "
             "scale" if by_year else "Dot chart, one panel per currency, sector down, amount "
             "across on a logarithmic scale")
    return f"{shape}; marker shape gives the kind. {'; '.join(parts)}."


# ---------------------------------------------------------------- page


def _table(site: Site, rows: list[Row], caption: str, columns: list[str], here: str) -> str:
    """The data of a chart as a Markdown table under its caption. Markdown, not raw HTML: every
    engine resolves its links from the source file (Zensical rewrites a raw <a href>; MkDocs
    does not), and Python-Markdown keeps no `markdown` attribute in the output."""
    def cell(value: str) -> str:
        return value.replace("|", "\\|")

    lines = ['<div class="dossier-chart-data" markdown>', "",
             f'<p class="dossier-chart-data__caption">{escape(caption)}</p>', "",
             "| " + " | ".join(cell(text(c)) for c in columns) + " |",
             "|" + " --- |" * len(columns)]
    for r in rows:
        fact = site.facts[r.fact]
        when = text(dates.display(fact["date"])) if fact["date"] else "date not stated"
        fact_link = (link(text(fact["title"]), here, routes.fact(r.fact, fact["date"]))
                     + (f" ({fact['verification']})" if fact["verification"] in
                        ("disputed", "contradicted") else ""))
        cells = [when, text(r.label)] + ([text(site.topics[r.sector]["name"])]
                                         if "Sector" in columns else []) + [fact_link]
        lines.append("| " + " | ".join(cell(c) for c in cells) + " |")
    return "\n".join(lines + ["", "</div>"])


def chartable(rows: list[Row], key: Callable[[Row], object]) -> bool:
    """Whether rows make a chart: at least `MIN_POINTS` of them, spread over two or more
    values of `key` (years, sectors) — one bar is a sentence, not a chart."""
    return len(rows) >= MIN_POINTS and len({key(r) for r in rows}) >= 2


def _too_few(rows: list[Row], noun: str) -> list[str]:
    return [f"Too few {noun} to chart ({len(rows)}): the table below lists them.", ""]


def _figure(svg: str, caption: str) -> list[str]:
    return ['<figure class="dossier-chart" data-search-exclude>',
            f'<div class="dossier-chart__frame" tabindex="0" role="region" '
            f'aria-label="{escape(caption)}, scrollable">' + svg + "</div>",
            f"<figcaption>{escape(caption)}</figcaption>", "</figure>", ""]


def _svg(cache: buildcache.BuildCache | None, name: str, inputs: object,
         make: Callable[[], str]) -> str:
    """A chart's SVG, drawn by matplotlib only when its rows (or the code) changed."""
    code = buildcache.fingerprint((__file__, plots.__file__), ("matplotlib",))
    return buildcache.text(cache, "chart", code, [name, inputs], make)


def page(site: Site, cache: buildcache.BuildCache | None = None) -> str:
    """The Markdown of /charts/ (with a `cache`, each chart is drawn only when its data changed)."""
    here = CHARTS
    money_ = money_rows(site)
    arms = arms_rows(site)
    kinds = ", ".join(MONEY_KINDS[:-1]) + " or " + MONEY_KINDS[-1]
    out = ["# Charts { #charts }", "",
           "Money and arms in the dossier's data, drawn at each build from the facts; each "
           "chart is followed by its data, with a link to every fact.", "",
           "## Loans, acquisitions and investments { #money }", "",
           f"Every {kinds} amount in a fact that involves China (the country, or a "
           "Chinese company or organisation: one whose record lists China as related) and "
           "Serbia (the country, or a place or site inside it). **Amounts are shown as the "
           "sources state them, in their own currency: never converted, never added up** "
           "(the sources' figures overlap — a total and its parts, a loan and the contract it "
           "finances). Each currency has its own panel. A fact's sector is the first topic it "
           "lists.", ""]
    if money_:
        dated = [r for r in money_ if r.year is not None]
        out += ["### By year { #money-by-year }", ""]
        if chartable(dated, lambda r: r.year):
            out += _figure(_svg(cache, "money-year", money_,
                                lambda: money_by_year_svg(money_)), "Chinese loans, acquisitions and "
                           f"investments in Serbia by year ({len(dated)} dated amounts; "
                           f"{len(money_) - len(dated)} without a date are in the sector chart).")
        else:
            out += _too_few(dated, "dated amounts")
        out += ["### By sector { #money-by-sector }", ""]
        if chartable(money_, lambda r: r.sector):
            out += _figure(_svg(cache, "money-sector", [money_, _sector_names(site, money_)],
                                lambda: money_by_sector_svg(money_, site)), "Chinese loans, "
                           f"acquisitions and investments in Serbia by sector ({len(money_)} "
                           "amounts).")
        else:
            out += _too_few(money_, "amounts")
        out += [_table(site, money_, "The amounts charted, as stated",
                       ["Date", "Amount as stated", "Sector", "Fact"], here), ""]
    else:
        out += ["No amount in the data matches.", ""]
    out += ["## Arms acquisitions by year { #arms }", "",
            "Arms the facts count as acquired by Serbia (numbers marked `acquired` in the "
            "data: drones, missiles …; aircraft that made a delivery and measurements such "
            "as range or speed are not acquisitions), by the year of the fact. The table says "
            "what each count is.", ""]
    if arms:
        if chartable(arms, lambda r: r.year):
            out += _figure(_svg(cache, "arms", arms, lambda: arms_svg(arms)),
                           f"Arms acquisitions by year ({len(arms)} counts).")
        else:
            out += _too_few(arms, "counts")
        out += [_table(site, arms, "The counts charted, as stated",
                       ["Date", "Count as stated", "Fact"], here), ""]
    else:
        out += ["No counted item in the data matches.", ""]
    return "\n".join(out)


def inputs(site: Site) -> list[str]:
    """The data files the charts are made from (every fact file, and the entity files)."""
    return sorted(set(site.fact_paths.values())
                  | {p for (k, _), p in site.record_paths.items() if k in ("entity", "topic")})
