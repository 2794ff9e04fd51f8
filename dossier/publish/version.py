"""The version a build is made from: a release tag, else a short commit, and its date.

Every page shows it and every citation carries it, so a citation pins what the reader saw.
Releases are git tags named `vYYYY.MM.DD` (see README, "Releases").
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "DOSSIER_VERSION"
"""Set it (e.g. `v2026.11.28`) to build from a tarball without git history."""


@dataclass(frozen=True)
class Version:
    label: str  # 'v2026.11.28', 'v2026.11.28+3.g1a2b3c4' (commits after a tag) or '1a2b3c4'
    commit: str | None  # full hash, when known
    date: dt.date | None  # commit date of the version (not the build time)
    tag: str | None  # the release tag when the build is exactly a release

    @property
    def is_release(self) -> bool:
        return self.tag is not None


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=True, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
                              ).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def site_version(root: Path) -> Version:
    """The version of the sources under `root` (git first, then $DOSSIER_VERSION)."""
    commit = _git(root, "rev-parse", "HEAD")
    if commit is None:
        return Version(os.environ.get(ENV_VAR, "unversioned"), None, None, None)
    stamp = _git(root, "show", "-s", "--format=%ct", "HEAD")
    date = dt.datetime.fromtimestamp(int(stamp), tz=dt.timezone.utc).date() if stamp else None
    tag = _git(root, "describe", "--tags", "--exact-match", "--match", "v*", "HEAD")
    if tag:
        return Version(tag, commit, date, tag)
    described = _git(root, "describe", "--tags", "--match", "v*", "--long", "HEAD")
    if described:  # v2026.11.28-3-g1a2b3c4 → v2026.11.28+3.g1a2b3c4
        base, count, short = described.rsplit("-", 2)
        return Version(f"{base}+{count}.{short}", commit, date, None)
    return Version(commit[:7], commit, date, None)
