"""Reporting a correction: a link per fact and per paragraph that opens the repository's issue
tracker with the correction form (`.github/ISSUE_TEMPLATE/correction.yml`) filled in.

GitHub issue forms take a field's value from the URL parameter named like the field's `id`;
the link carries the id of the fact or paragraph, the version read, its URL and its current
text, and leaves what is wrong and the source that shows it to the reader. Without a
repository URL (REPO_URL unset) there is no tracker to open: no link at all, never a
placeholder. The policy (what happens to a report) is docs/corrections.md.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from ..core.settings import Settings

TEMPLATE = "correction.yml"
"""The issue form under .github/ISSUE_TEMPLATE/ (its field ids are the parameters below)."""
FIELDS = ("id", "version", "url", "current")
"""The form fields the link fills in; `wrong` and `source` are the reader's."""
MAX_TEXT = 1500
"""Current text longer than this is cut (browsers and GitHub refuse very long URLs)."""


def tracker(repo_url: str) -> str:
    """The issue tracker of a repository URL ('https://github.com/o/r.git' → '…/o/r/issues'),
    or '' when there is no usable (http or https) repository URL."""
    url = repo_url.strip().rstrip("/")
    if not re.match(r"^https?://[^/\s]+/\S+$", url):
        return ""
    return url.removesuffix(".git") + "/issues"


def issue_url(settings: Settings, kind: str, ident: str, current: str, url: str) -> str:
    """The URL that opens a pre-filled correction report, or '' without a repository URL."""
    issues = tracker(settings.repo_url)
    if not issues:
        return ""
    text = " ".join(current.split())
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT].rsplit(" ", 1)[0] + " …"
    params = {"template": TEMPLATE, "labels": "correction",
              "title": f"Correction: {kind} {ident}",
              "id": ident, "version": settings.version, "url": url, "current": text}
    return f"{issues}/new?{urlencode(params)}"


def link(settings: Settings, kind: str, ident: str, current: str, url: str) -> str:
    """Markdown (attr_list) for the small "Report a correction" link, or ''."""
    href = issue_url(settings, kind, ident, current, url)
    if not href:
        return ""
    label = f"Report a correction to this {kind}"
    return (f'[Correct]({href}){{ .dossier-correct-link data-correct="{ident}" '
            f'aria-label="{label}" title="{label}" rel="nofollow" }}')
