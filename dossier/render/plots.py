"""Matplotlib figures as inline, accessible, reproducible SVG that follows the page's colours.

* Reproducible: `svg.hashsalt` is fixed and no date or creator is written, so the same data
  gives byte-identical SVG (the charts are regenerated at every build).
* Text stays text (`svg.fonttype: none`), in the page's own font, 12 px or more as drawn: on a
  narrow screen the figure keeps its width (7.2 in = 518 user units) and scrolls sideways in
  its frame instead of shrinking its text below legibility (dossier-data.css).
* Colours are drawn as sentinel values, then swapped for CSS: text and axes use the page's
  text colour (`currentColor`, so light and dark schemes both work), series use
  `--dossier-series-N` variables set for each scheme in `docs/assets/stylesheets/dossier-data.css`
  (a stylesheet, not a `<style>` in the page body, which HTML does not allow there).
* Accessible: `role="img"` with a `<title>` and `<desc>`; ids are prefixed per chart, so
  several charts on one page never share an id.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from .markup import attr

TEXT = "#010101"
AXES = "#020202"
GRID = "#030303"
SERIES = ["#0a0a01", "#0a0a02", "#0a0a03", "#0a0a04", "#0a0a05", "#0a0a06"]
MARKERS = ["o", "s", "^", "D", "v", "P"]

RC = {
    "svg.hashsalt": "china-serbia-dossier",
    "svg.fonttype": "none",
    "text.parse_math": False,  # "US$" is text, not mathematics
    "font.size": 12,  # 12 px as drawn: the figure never shrinks below its size (dossier-data.css)
    "text.color": TEXT, "axes.labelcolor": TEXT, "xtick.color": TEXT, "ytick.color": TEXT,
    "axes.edgecolor": AXES, "grid.color": GRID, "axes.titlecolor": TEXT,
    "figure.facecolor": "none", "axes.facecolor": "none", "savefig.facecolor": "none",
    "legend.frameon": False, "axes.spines.top": False, "axes.spines.right": False,
}

_COLOURS = {TEXT: "currentColor", AXES: "var(--md-default-fg-color--light)",
            GRID: "var(--md-default-fg-color--lightest)",
            **{c: f"var(--dossier-series-{i + 1})" for i, c in enumerate(SERIES)}}



def new_figure(width: float = 7.2, height: float = 3.6) -> Figure:
    """A figure to draw on (inside `rc()`); no pyplot, so no global state."""
    return Figure(figsize=(width, height), layout="constrained")


def rc() -> Any:
    return matplotlib.rc_context(RC)


def compact(value: float) -> str:
    """40000000 → '40 m', 4369000000 → '4.369 bn' (a number, never a currency conversion)."""
    for size, word in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def log_amounts(axis: Any, values: list[float]) -> None:
    """A logarithmic amount axis labelled '20 m', '500 m', '1 bn': at 1, 2 and 5 × 10ⁿ over a
    short range, at powers of ten only over a long one (the labels would collide)."""
    span = math.log10(max(values) / min(values)) if values and min(values) > 0 else 0
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if span < 1.5 else (1.0,)))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: compact(v)))
    axis.set_minor_formatter(NullFormatter())


def integer_counts(axis: Any) -> None:
    axis.set_major_locator(MaxNLocator(integer=True))


def to_svg(fig: Figure, ident: str, title: str, description: str) -> str:
    """The figure as one inline `<svg>` element (no XML prolog, no blank line), accessible."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    for sentinel, css in _COLOURS.items():
        svg = svg.replace(sentinel, css)
    svg = re.sub(r"font-family:[^;\"]*;?\s*", "", svg)  # the page's font, inherited
    ids = set(re.findall(r'id="([^"]+)"', svg))
    svg = re.sub(r'(id="|#)([^"\s)#]+)(?=["\)])',
                 lambda m: m.group(1) + f"{ident}-{m.group(2)}" if m.group(2) in ids
                 else m.group(0), svg)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*" ', r"<svg \1", svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{ident}-title" '
                      f'aria-describedby="{ident}-desc" ', 1)
    head_end = svg.index(">") + 1
    svg = (svg[:head_end] + f'<title id="{ident}-title">{attr(title)}</title>'
           f'<desc id="{ident}-desc">{attr(description)}</desc>' + svg[head_end:])
    return "\n".join(line.rstrip() for line in svg.splitlines() if line.strip())
