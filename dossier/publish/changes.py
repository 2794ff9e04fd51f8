"""What changed in the data and the article, from git: per commit, and per release.

One `git log --raw` pass over `data/` and `docs/` lists every commit with the blobs it changed;
the data blobs are then read in one `git cat-file --batch` and parsed once each (cached by blob
hash: a blob's content never changes). Records are compared by (kind, id), so a record moved
from one file to another is not "removed and added".

A release is a git tag `vYYYY.MM.DD` reachable from HEAD (see README, "Releases"). What a
release changed is the difference between the data at its tag and at the previous tag (or
nothing), with the subjects of the commits in between that touched `data/` or `docs/`.

Read-only `git` calls only; without git or history every list is empty (never a guess).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.schema import FOLDERS

TAG = re.compile(r"^v\d{4}\.\d{2}\.\d{2}$")
"""Release tags: `v` + the release date, e.g. `v2026.12.01`."""

EMPTY = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's well-known empty tree
_KINDS = ("fact", "entity", "topic", "source", "glossary")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BLOBS: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}  # blob hash → records (cache)

Key = tuple[str, str]  # (kind, id)
Records = dict[Key, dict[str, Any]]


@dataclass(frozen=True)
class Change:
    """One record or page that a commit or release changed."""

    what: str  # 'new', 'corrected', 'disputed', 'changed' or 'removed'
    kind: str  # a record kind ('fact', 'entity', …) or 'page'
    id: str  # record id, or the page's path under docs/ ('index.md')
    title: str  # record title/name/term, or '' (pages: filled by the caller)
    summary: str = ""  # for facts: the summary; for corrections and disputes: the note


@dataclass
class Commit:
    hash: str
    time: int  # committer date, unix seconds (when it landed)
    subject: str
    changes: list[Change] = field(default_factory=list)

    @property
    def date(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.time, tz=dt.timezone.utc).date()


@dataclass
class Release:
    """A tagged release, or the unreleased work since the last tag (tag '')."""

    tag: str  # 'v2026.12.01', or '' for unreleased
    commit: str  # the commit it was made from ('' when there is none)
    time: int
    commits: list[Commit]  # commits touching data/ or docs/ since the previous release, newest first
    changes: list[Change]  # data at this release vs at the previous one

    @property
    def date(self) -> dt.date | None:
        return dt.datetime.fromtimestamp(self.time, tz=dt.timezone.utc).date() if self.time else None


@dataclass
class History:
    commits: list[Commit]  # newest first
    releases: list[Release]  # newest first; an unreleased entry first when HEAD is past the last tag


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        return subprocess.run(["git", "-C", str(root), "-c", "core.quotePath=false", *args],
                              input=stdin, capture_output=True, check=True,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def kind_of(path: str, data_dir: str = "data") -> str | None:
    """The record kind a data file holds (`data/facts/x.yml` → 'fact'), or None."""
    if not path.startswith(data_dir + "/") or not path.endswith((".yml", ".yaml")):
        return None
    rest = path[len(data_dir) + 1:]
    folder = rest.split("/", 1)[0] if "/" in rest else rest.rsplit(".", 1)[0]
    return FOLDERS.get(folder)


def parse_records(text: str, kind: str) -> Records:
    """The records of one data file's text by (kind, id); unreadable YAML holds none.

    Plain PyYAML is enough here: this only compares versions that were committed (and, at
    the time, checked); the positioned loader is for reporting problems in the working tree."""
    try:
        value = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return {}
    items = value if isinstance(value, list) else [value]
    return {(kind, item["id"]): item for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _read_blobs(root: Path, wanted: dict[str, str]) -> None:
    """Parse the blobs {hash: kind} not yet cached, in one `git cat-file --batch`."""
    todo = [h for h in wanted if h not in _BLOBS and h != EMPTY]
    if not todo:
        return
    out = _git(root, "cat-file", "--batch", stdin="".join(h + "\n" for h in todo).encode())
    if out is None:
        return
    pos = 0
    for h in todo:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            _BLOBS[h] = {}
            continue
        size = int(header[2])
        text = out[pos:pos + size].decode("utf-8", errors="replace")
        pos += size + 1
        _BLOBS[h] = parse_records(text, wanted[h])


def _title(kind: str, record: dict[str, Any]) -> str:
    value = record.get("title") or record.get("name") or record.get("term") or ""
    return " ".join(str(value).split())


def diff(old: Records, new: Records) -> list[Change]:
    """What changed between two record sets, in a stable order (kind, then id)."""
    out = []
    order = {k: i for i, k in enumerate(_KINDS)}
    for key in sorted(old.keys() | new.keys(), key=lambda k: (order.get(k[0], 9), k[1])):
        kind, ident = key
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if after is None:
            assert before is not None
            out.append(Change("removed", kind, ident, _title(kind, before)))
            continue
        # `status`/`status_note`: the names before the verification model (issue 12), so the
        # change log reads old history the same way.
        value = after.get("verification") or after.get("status")
        if before is None:
            what = "new"
        elif value in ("corrected", "disputed", "contradicted") and (
                before.get("verification") or before.get("status")) != value:
            what = value
        else:
            what = "changed"
        note = (after.get("verification_note") or after.get("status_note")
                if what in ("corrected", "disputed", "contradicted") else None)
        summary = " ".join(str(note or after.get("summary") or "").split())
        out.append(Change(what, kind, ident, _title(kind, after), summary))
    return out


def _log(root: Path, folders: Iterable[str]) -> list[tuple[Commit, list[tuple[str, str, str]]]]:
    """Every commit touching `folders`, newest first, with its (old blob, new blob, path)."""
    out = _git(root, "log", "--no-renames", "--raw", "--no-abbrev", "--topo-order",
               "--format=%x00%H%x1f%ct%x1f%s", "--", *folders)
    if not out:
        return []
    commits = []
    for block in out.decode("utf-8", errors="replace").split("\0")[1:]:
        head, _, raw = block.partition("\n")
        sha, stamp, subject = head.split("\x1f", 2)
        files = []
        for line in raw.splitlines():
            if line.startswith(":"):
                meta, _, path = line.partition("\t")
                parts = meta.split()
                files.append((parts[2], parts[3], path))
        commits.append((Commit(sha, int(stamp), subject.strip()), files))
    return commits


def _tree(root: Path, rev: str, data_dir: str) -> dict[str, str]:
    """{blob hash: kind} of the data files at `rev`."""
    out = _git(root, "ls-tree", "-r", "--full-tree", rev, "--", data_dir)
    blobs = {}
    for line in (out or b"").decode("utf-8", errors="replace").splitlines():
        meta, _, path = line.partition("\t")
        kind = kind_of(path, data_dir)
        if kind and meta.split()[1] == "blob":
            blobs[meta.split()[2]] = kind
    return blobs


def _records(blobs: Iterable[str]) -> Records:
    merged: Records = {}
    for h in blobs:
        merged.update(_BLOBS.get(h, {}))
    return merged


def _pages(files: list[tuple[str, str, str]], docs_dir: str) -> list[Change]:
    out = []
    for old, new, path in sorted(files, key=lambda f: f[2]):
        if path.startswith(docs_dir + "/") and path.endswith(".md"):
            what = "new" if old == EMPTY else "removed" if new == EMPTY else "changed"
            out.append(Change(what, "page", path[len(docs_dir) + 1:], ""))
    return out


def _tree_diff(root: Path, old: str, new: str, folder: str) -> list[tuple[str, str, str]]:
    """(old blob, new blob, path) of the files under `folder` that differ between two commits."""
    out = _git(root, "diff-tree", "-r", "--no-renames", "--no-abbrev", old or EMPTY_TREE, new,
               "--", folder)
    files = []
    for line in (out or b"").decode("utf-8", errors="replace").splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) >= 4:
            files.append((parts[2], parts[3], path))
    return files


def _tags(root: Path) -> list[tuple[str, str, int]]:
    """Release tags reachable from HEAD as (tag, commit, time), oldest first."""
    out = _git(root, "for-each-ref", "--merged", "HEAD", "--sort=refname",
               "--format=%(refname:short)%09%(*objectname)%(objectname)%09"
               "%(*committerdate:unix)%(committerdate:unix)", "refs/tags/v*")
    tags = []
    for line in (out or b"").decode().splitlines():
        name, obj, stamp = line.split("\t")
        if TAG.match(name):
            # an annotated tag prints its commit (peeled) first; a lightweight one only that
            tags.append((name, obj[:40], int(stamp)))
    return tags


def history(root: Path, data_dir: str = "data", docs_dir: str = "docs",
            pending: str | None = None) -> History:
    """Commits and releases of the dossier under `root`, newest first.

    `pending` names a release about to be tagged at HEAD (`dossier changelog --release`)."""
    logged = _log(root, (data_dir, docs_dir))
    wanted: dict[str, str] = {}
    for _, files in logged:
        for old, new, path in files:
            kind = kind_of(path, data_dir)
            if kind:
                wanted.update({old: kind, new: kind})
    tags = _tags(root)
    head = (_git(root, "rev-parse", "HEAD") or b"").decode().strip()
    head_time = int((_git(root, "show", "-s", "--format=%ct", "HEAD") or b"0").decode() or 0)
    points = list(tags)
    if head and (not tags or tags[-1][1] != head):
        points.append((pending or "", head, head_time))
    trees = {rev: _tree(root, rev, data_dir) for _, rev, _ in points}
    for tree in trees.values():
        wanted.update(tree)
    _read_blobs(root, wanted)

    commits = []
    for commit, files in logged:
        old = _records(h for h, _, p in files if kind_of(p, data_dir))
        new = _records(h for _, h, p in files if kind_of(p, data_dir))
        commit.changes = diff(old, new) + _pages(files, docs_dir)
        commits.append(commit)

    releases = []
    previous: Records = {}
    previous_rev = ""
    for name, rev, stamp in points:
        current = _records(trees[rev])
        span = f"{previous_rev}..{rev}" if previous_rev else rev
        listed = _git(root, "rev-list", span, "--", data_dir, docs_dir) or b""
        inside = set(listed.decode().split())
        releases.append(Release(name, rev, stamp, [c for c in commits if c.hash in inside],
                                diff(previous, current)
                                + _pages(_tree_diff(root, previous_rev, rev, docs_dir), docs_dir)))
        previous, previous_rev = current, rev
    return History(commits, releases[::-1])
