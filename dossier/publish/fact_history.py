"""Each fact's history, from the same git history the change log is made from: the release
that added it and every later release that changed it (publish/changes.py compares the data
at each release tag with the previous one). The card shows it (render/fact_history.py)."""

from __future__ import annotations

from ..render.fact_history import Event
from .changes import History


def events(history: History) -> dict[str, list[Event]]:
    """{fact id: events, oldest first} of the facts that exist at HEAD.

    A fact removed and later re-added starts again at its new addition."""
    out: dict[str, list[Event]] = {}
    latest_commit = history.commits[0].date if history.commits else None
    for release in reversed(history.releases):  # oldest first
        when = release.date or latest_commit
        for change in release.changes:
            if change.kind != "fact":
                continue
            if change.what == "removed":
                out.pop(change.id, None)
                continue
            if change.what == "new":
                out[change.id] = []
            out.setdefault(change.id, []).append(
                Event(change.what, release.tag, when, change.summary))
    return out
