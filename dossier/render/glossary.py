"""Glossary terms as hover definitions on every page (Python-Markdown's `abbr` extension).

For each glossary term (`data/glossary.yml`) that occurs in a page, a definition line
`*[BRI]: Belt and Road Initiative — China's global programme …` is appended to the page's
Markdown; the `abbr` extension then wraps every occurrence of the term in the page's text in
`<abbr title="…">`, which Material shows as a tooltip (`content.tooltips`). The extension only
touches text: code, link targets, raw HTML, heading ids `{ #id }` and paragraph ids
`{: #p-… }` are left alone, and terms are matched case-sensitively and as whole words, so
"EU" never marks "EUR" and the lowercase ids never match.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.site import Site

MARK = "<!-- glossary terms (dossier/abbreviations.py) -->"


def _title(term: dict) -> str:
    expansion, definition = term["expansion"].strip(), term["definition"].strip()
    text = definition if expansion.lower() == term["term"].lower() else f"{expansion} — {definition}"
    return " ".join(text.split())  # one line: a definition ends at the end of its line


@lru_cache(maxsize=8)
def _finder(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all the terms (longest first), so a page is scanned once."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def definitions(markdown: str, site: Site) -> list[str]:
    """The abbreviation definition lines for the glossary terms that occur in `markdown`."""
    terms = tuple(g["term"] for g in site.glossary)
    if not terms:
        return []
    found = set(_finder(terms).findall(markdown))
    return [f"*[{g['term']}]: {_title(g)}" for g in site.glossary if g["term"] in found]


def with_abbreviations(markdown: str, site: Site) -> str:
    """`markdown` with the definitions of the glossary terms it uses appended (once)."""
    if MARK in markdown:
        return markdown
    lines = definitions(markdown, site)
    if not lines:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + MARK + "\n\n" + "\n".join(lines) + "\n"
