"""What the print stylesheet (docs/assets/stylesheets/print.css) needs from a page's HTML.

On paper a link is only useful with its address, so print.css prints an external link's URL
after its text. It cannot tell external links by their `href`: Material's instant navigation
rewrites every relative `href` in the page into an absolute URL. So external links are marked
here, at build time, with the address to print: `data-print-url="https://…"`. A bare URL
(`<https://…>`, whose text already is the address) is left unmarked and prints once.
"""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="(https?://[^"]+)"')
_TAG = re.compile(r"<[^>]+>")


def mark_external_links(page_html: str) -> str:
    """Add data-print-url to external links (http, https) whose text is not their address."""

    def mark(m: re.Match[str]) -> str:
        attrs, label = m.group(1), m.group(2)
        href = _HREF.search(attrs)
        if not href or "data-print-url" in attrs:
            return m.group(0)
        address = html.unescape(href.group(1))
        if html.unescape(_TAG.sub("", label)).strip() == address:
            return m.group(0)
        return f'<a{attrs} data-print-url="{href.group(1)}">{label}</a>'

    return _LINK.sub(mark, page_html)
