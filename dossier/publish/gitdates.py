"""Decide whether git can give honest "last updated" dates, and switch the git plugin off if not.

The git-revision-date-localized plugin either crashes without a `.git` directory or, with
`fallback_to_build_date`, prints the build time as if it were the last revision; in a shallow
clone it gives every page the date of the one commit it has. Neither may happen silently here:
when the history is unusable the plugin is disabled, no date is shown, and the build log says why.

`probe(path)` is pure apart from running `git` read-only; `check(path)` adds the policy below and
is what any code showing a git-derived date should ask first. The MkDocs side (switching the git
plugin off) lives in the adapter, `plugin.py`, like everything else MkDocs-specific.

The environment variable ``DOSSIER_GIT_DATES`` sets the policy:

- ``auto`` (default): dates when the history is usable, otherwise none, with an INFO line;
- ``require``: an unusable history fails the build (use it for the published site);
- ``off``: never show git dates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GIT_PLUGIN", "UNCOMMITTED", "GitDatesRequired", "GitHistory", "check", "policy",
           "probe", "uncommitted"]

GIT_PLUGIN = "git-revision-date-localized"
ENV_VAR = "DOSSIER_GIT_DATES"
POLICIES = ("auto", "require", "off")
DATE_META = "git_revision_date_localized"
"""The page meta key the git plugin puts its date in (and `…_hash`, the commit it came from)."""

UNCOMMITTED = '<span class="dossier-uncommitted">not yet committed</span>'
"""Shown as "Last updated" for a page git has no commit of (a new page under `mkdocs serve`)."""


@dataclass(frozen=True)
class GitHistory:
    """Whether `path`'s git history can date its files, and if not, why not (one sentence)."""

    usable: bool
    reason: str = ""


def _git(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(path), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
    )


def probe(path: str | os.PathLike[str]) -> GitHistory:
    """Tell whether the files under `path` (the docs directory) have a full, usable git history."""
    path = Path(path)
    if shutil.which("git") is None:
        return GitHistory(False, "git is not installed")
    if not path.is_dir():
        return GitHistory(False, f"'{path}' is not a directory")
    top = _git(path, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        detail = top.stderr.strip().splitlines()
        why = detail[-1] if detail else "git rev-parse failed"
        if "not a git repository" in why:
            return GitHistory(False, "the sources are not in a git work tree (a tarball or export?)")
        return GitHistory(False, f"git cannot read the repository: {why}")
    if _git(path, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return GitHistory(False, "the repository has no commits yet")
    shallow = _git(path, "rev-parse", "--is-shallow-repository")
    if shallow.returncode != 0 or shallow.stdout.strip() != "false":
        return GitHistory(
            False,
            "the repository is a shallow clone, so every page would get the date of the cut-off "
            "commit (run `git fetch --unshallow`)",
        )
    tracked = _git(path, "ls-files", "--", ".")
    if tracked.returncode != 0 or not tracked.stdout.strip():
        return GitHistory(
            False, f"no file under '{path.name}/' is tracked by the enclosing git repository"
        )
    return GitHistory(True)


def policy(env: Mapping[str, str] = os.environ) -> str:
    """The ``DOSSIER_GIT_DATES`` policy, validated."""
    value = env.get(ENV_VAR, "auto").strip().lower() or "auto"
    if value not in POLICIES:
        raise ValueError(f"{ENV_VAR} must be one of {', '.join(POLICIES)}, got {value!r}")
    return value


class GitDatesRequired(ValueError):
    """``DOSSIER_GIT_DATES=require`` and the history is unusable (or the policy is invalid)."""


def check(path: str | os.PathLike[str], env: Mapping[str, str] = os.environ) -> GitHistory:
    """`probe(path)` under the ``DOSSIER_GIT_DATES`` policy: the one question to ask before
    showing any date taken from git (pages in docs/, or generated pages dated by data files).

    ``off`` gives an unusable history; ``require`` raises GitDatesRequired instead of returning
    an unusable one."""
    try:
        mode = policy(env)
    except ValueError as err:
        raise GitDatesRequired(str(err)) from None
    if mode == "off":
        return GitHistory(False, f"{ENV_VAR}=off")
    history = probe(path)
    if not history.usable and mode == "require":
        raise GitDatesRequired(f"{ENV_VAR}=require, but git dates are unusable: {history.reason}")
    return history


def uncommitted(meta: Mapping[str, object]) -> bool:
    """Whether the git plugin dated a page without a commit: for a file not yet committed it
    uses the build time (and warns, so `--strict` fails); the page must not show that date."""
    return DATE_META in meta and not meta.get(f"{DATE_META}_hash")
