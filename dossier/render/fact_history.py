"""A fact's history on its card: when it was added and each release that changed it, with the
change, so a reader comparing a citation with the current text sees why they differ.

The events come from git (`publish/fact_history.py` reads them from the change history that the
change log is made from) and are kept on the `Site` (`Site.fact_history`); without git history
a card simply has no history line. Pure: a fact id in, Markdown lines out.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from ..core.site import Site

VERBS = {"new": "Added", "changed": "Changed", "corrected": "Corrected",
         "disputed": "Marked as disputed", "contradicted": "Marked as contradicted",
         "corroborated": "Corroborated"}
NOTED = ("corrected", "disputed", "contradicted")
"""Changes whose note (why) the history repeats."""


@dataclass(frozen=True)
class Event:
    """One release (or the unreleased work) in which a fact was added or changed."""

    what: str  # 'new', 'changed' or a new verification, e.g. 'corrected' (publish/changes.py)
    version: str  # release tag, or '' for changes not yet released
    date: dt.date | None  # the release's date (for '', the latest commit's)
    note: str = ""  # the change: the verification note of a correction or dispute, else the summary


def _event(e: Event) -> str:
    where = f"in version <code>{html.escape(e.version)}</code>" if e.version \
        else "(not yet in a release)"
    when = f" on {e.date:%-d %B %Y}" if e.date else ""
    note = f": {html.escape(e.note)}" if e.note and e.what in NOTED else ""
    return f"{VERBS.get(e.what, e.what.capitalize())}{when} {where}{note}"


def element(site: Site, fid: str) -> list[str]:
    """Markdown lines (one raw HTML block) of a fact's history, or none when unknown."""
    events = site.fact_history.get(fid) or []
    if not events:
        return []
    first, changes = events[0], events[1:]
    summary = _event(first) if first.what == "new" else "History"
    if changes:
        summary += f"; changed in {len(changes)} later version{'s' * (len(changes) > 1)}"
    items = "".join(f"<li>{_event(e)}</li>" for e in (changes if first.what == "new" else events))
    body = f"<ul>{items}</ul>" if items else ""
    return [f'<details class="dossier-fact-history"><summary>{summary}</summary>{body}</details>',
            ""]
