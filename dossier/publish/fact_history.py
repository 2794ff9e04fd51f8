"""Each fact's history, from the same git history the change log is made from: the release
that added it and every later release that changed it (publish/changes.py compares the data
at each release tag with the previous one). The card shows it (render/fact_history.py)."""

from __future__ import annotations

import datetime as dt

from ..render.fact_history import Event
from .changes import History


def events(history: History) -> dict[str, list[Event]]:
    """{fact id: events, oldest first} of the facts that exist at HEAD.

    A fact removed and later re-added starts again at its new addition."""
    out: dict[str, list[Event]] = {}
    touched: dict[str, dt.date] = {}  # fact id → date of the newest commit that changed it
    added: dict[str, dt.date] = {}  # fact id → date of the (latest) commit that added it
    for commit in reversed(history.commits):  # oldest first, so the newest date stays
        for change in commit.changes:
            if change.kind == "fact":
                touched[change.id] = commit.date
                if change.what == "new":
                    added[change.id] = commit.date
    for release in reversed(history.releases):  # oldest first
        for change in release.changes:
            # unreleased work has no release date: the day its last commit changed the fact
            dated = added if change.what == "new" else touched
            when = release.date if release.tag else dated.get(change.id, release.date)
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
