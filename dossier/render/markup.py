"""Small Markdown-writing helpers shared by the page renderers.

Data strings are text, not markup: everything that comes from `data/` goes through `text()`
(or `attr()` inside an HTML attribute) so a title like `<img onerror=…>` shows up literally.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from ..core import dates, routes
from ..core.schema import CURRENCIES

# Python-Markdown's backslash-escapable characters that can change inline meaning. Renderers
# never start a line with data text, so '-', '.' and '+' at line starts are not a concern.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!])")


def text(value: Any) -> str:
    """Escape a data string for Markdown body text (inline)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))
    return " ".join(escaped.replace("|", "&#124;").split())


def attr(value: Any) -> str:
    """Escape a data string for a double-quoted HTML attribute."""
    return html.escape(" ".join(str(value).split()), quote=True)


def rel(from_uri: str, to_uri: str) -> str:
    """Relative link between two source files (`topics/x.md` → `entities/y.md`)."""
    path, _, anchor = to_uri.partition("#")
    base = posixpath.dirname(from_uri)
    link = posixpath.relpath(path, base or ".") if path else ""
    return f"{link}#{anchor}" if anchor else link


def built_rel(from_uri: str, to_path: str) -> str:
    """Relative URL from a page to a built file or URL path, for raw HTML attributes, which
    the engine does not rewrite: 'timeline/2019.md' → 'timeline/facts.js' is '../facts.js'."""
    return posixpath.relpath(to_path, routes.url_path(from_uri) or ".") + (
        "/" if to_path.endswith("/") else "")


def link(label: str, from_uri: str, to_uri: str, title: str | None = None) -> str:
    """A Markdown link whose label is already Markdown-safe."""
    t = f' "{attr(title)}"' if title else ""
    return f"[{label}]({rel(from_uri, to_uri)}{t})"


def money(amount: dict[str, Any]) -> str:
    """'€170 million (loan)' style text; the currency is never converted."""
    value = amount["value"]
    symbol = {"EUR": "€", "USD": "US$", "GBP": "£", "CNY": "CN¥"}.get(amount["currency"])
    if value >= 1e9:
        number = f"{value / 1e9:,.3f}".rstrip("0").rstrip(".") + " billion"
    elif value >= 1e6:
        number = f"{value / 1e6:,.3f}".rstrip("0").rstrip(".") + " million"
    else:
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    core = f"{symbol}{number}" if symbol else f"{number} {amount['currency']}"
    approx = "about " if amount.get("approximate") else ""
    return f"{approx}{core} ({amount['kind']}, {CURRENCIES.get(amount['currency'], '')})"


def quantity(q: dict[str, Any]) -> str:
    value = q["value"]
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    approx = "about " if q.get("approximate") else ""
    return f"{approx}{number} {q['unit']}"


def date_label(value: str | None) -> str:
    return dates.display(value)
