"""What a build knows beyond the data: where the site lives, who publishes it, which version.

The MkDocs adapter fills a `Settings` from mkdocs.yml and git once per build; the pure modules
(exports, citations, metadata, anchors) take it as an argument and never read config or git.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LICENSES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International",
                  "https://creativecommons.org/licenses/by/4.0/"),
}


@dataclass(frozen=True)
class Settings:
    """Site-wide facts every citation, download and metadata tag repeats."""

    site_url: str  # canonical base URL ending in '/', or '' when the config has none
    site_name: str
    author: str  # mkdocs.yml `site_author`: an organisation or editorial team, never invented
    version: str = "unversioned"  # release tag or short commit (see version.py)
    version_date: dt.date | None = None  # commit date of that version, not the build time
    description: str = ""
    language: str = "en"
    license: str = "CC-BY-4.0"
    repo_url: str = ""  # REPO_URL: the source repository (its issue tracker takes corrections)
    snapshot_url: str = ""  # base URL of this version's snapshot (/v/<version>/), '' if untagged
    latest_url: str = ""  # base URL of the current site, where "always the latest" links go
    retired: Any = field(default=None, compare=False)  # anchors.Retired, when loaded
    cache: Any = field(default=None, compare=False)  # buildcache.BuildCache of this build, or None

    @property
    def license_title(self) -> str:
        return LICENSES.get(self.license, (self.license, ""))[0]

    @property
    def license_url(self) -> str:
        return LICENSES.get(self.license, ("", ""))[1]

    def url(self, path: str = "") -> str:
        """Absolute URL of a site-relative path ('timeline/#x'); relative when no site_url."""
        return self.site_url + path

    @property
    def pinned(self) -> bool:
        """Whether this build is a release whose snapshot URL citations can pin."""
        return bool(self.snapshot_url)

    def version_url(self, path: str = "") -> str:
        """The URL of a path in this version's snapshot (`…/v/2026.12.15/timeline/#x`); the
        current URL when the build is not a release (nothing to pin to)."""
        return (self.snapshot_url or self.site_url) + path

    def latest(self, path: str = "") -> str:
        """The URL of a path on the current site (what "always the latest" links to)."""
        return (self.latest_url or self.site_url) + path


SNAPSHOTS = "v/"
"""Where release snapshots live on the site: `v/<version>/` (README, "Versions")."""


def snapshot_name(tag: str) -> str:
    """The folder of a release's snapshot: 'v2026.12.15' → '2026.12.15'."""
    return tag[1:] if tag.startswith("v") else tag


def snapshot_urls(site_url: str, tag: str | None, latest_url: str = "") -> tuple[str, str]:
    """(snapshot base, latest base) of a build served at `site_url`.

    A build of the current site at release `tag` pins `site_url/v/<version>/`; a snapshot's own
    build (served at that address, `latest_url` set to the current site by publish/snapshots.py)
    pins itself. An untagged build, or one without an absolute site URL, pins nothing."""
    if not tag or not site_url:
        return "", ""
    if latest_url:
        return site_url, latest_url
    return f"{site_url}{SNAPSHOTS}{snapshot_name(tag)}/", site_url
