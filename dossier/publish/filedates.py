"""Last-change dates of data files from git, in one pass over the history.

Generated pages are not files in git, so their "last updated" date is the latest commit date
of the data files that feed them. One `git log` over the data folder gives every file's date at
once (never one `git log` per page).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def last_changes(root: Path, folder: str) -> dict[str, int]:
    """{path relative to root: unix time of the last commit touching it} for files under folder.

    Empty when git or the history is unavailable; callers then show no date (never a guess)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames",
             "--", folder],
            capture_output=True, text=True, check=True,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, int] = {}
    for block in out.split("\0")[1:]:
        stamp, _, names = block.partition("\n")
        for name in names.split("\n"):
            if name.strip():
                dates.setdefault(name.strip(), int(stamp))  # newest commit comes first
    return dates


def latest(dates: dict[str, int], paths: list[str]) -> dt.date | None:
    """The latest date among `paths`, or None when none of them is dated."""
    stamps = [dates[p] for p in paths if p in dates]
    if not stamps:
        return None
    return dt.datetime.fromtimestamp(max(stamps), tz=dt.timezone.utc).date()
