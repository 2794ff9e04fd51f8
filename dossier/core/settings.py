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
    repo_url: str = ""
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
