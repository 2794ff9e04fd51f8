"""Repairs to the theme's own HTML that the Nu HTML Checker (vnu) reports as errors.

Material for MkDocs 9.7 writes, on every page:

* `autocomplete="off"` on its drawer and search checkboxes (allowed only on text-like inputs);
* `tabindex=""` on section labels in the navigation (an empty string is not an integer);
* a table-of-contents label `for="__toc"` on pages outside the navigation, where the
  `__toc` checkbox it names is not written;
* a search `role="dialog"` without an accessible name (axe and Lighthouse: aria-dialog-name),
  which gets `aria-label="Search"`.

Each repair removes only the offending attribute, so the page behaves as before. The patterns
are exact: if a future Material writes something else, nothing is changed and the vnu test
(`tests/test_valid_html.py`) says what is new.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r'(<label [^>]*?) tabindex=""')
_TOC_LABEL = ' for="__toc"'
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def repair(page: str) -> str:
    """The built page with the theme's invalid attributes removed, its search dialog named."""
    page = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", page)
    page = _EMPTY_TABINDEX.sub(r"\1", page)
    if 'id="__toc"' not in page:
        page = page.replace(f'<label class="md-nav__title"{_TOC_LABEL}>',
                            '<label class="md-nav__title">')
    return page.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">')
