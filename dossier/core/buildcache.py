"""The build cache: expensive, deterministic results kept on disk between builds.

Each value is stored under `.cache/dossier/<kind>/` by a SHA-256 of its inputs and of the code
that makes it (the source files and library versions, `fingerprint`), so an edit to the data
or to the code simply misses; nothing is ever invalidated by hand, and deleting the folder is
always safe. Each kind keeps at most `max_entries` files (the least recently used go first),
so the folder never grows without limit. Within one build, every lookup is also remembered in
memory (`once` serves objects that are computed once per build, such as the data downloads);
a new `BuildCache` per build drops them, so nothing grows across `mkdocs serve` rebuilds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

FOLDER = ".cache/dossier"
"""Where the cache lives, relative to the project (git-ignored)."""
MAX_ENTRIES = 4096
"""Files kept per kind; beyond it the least recently used are deleted."""

T = TypeVar("T")


@functools.cache  # a handful of (files, packages) pairs per process: bounded
def fingerprint(files: tuple[str, ...], packages: tuple[str, ...] = ()) -> str:
    """A hash of the code that makes a value: its source files and its libraries' versions."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(Path(name).read_bytes())
    for package in packages:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "missing"
        digest.update(f"\0{package}=={version}".encode())
    return digest.hexdigest()


def _key(kind: str, code: str, inputs: Any) -> str:
    text = json.dumps([kind, code, inputs], sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class BuildCache:
    """One build's view of the cache; `folder=None` keeps values in memory only."""

    def __init__(self, folder: Path | None, max_entries: int = MAX_ENTRIES) -> None:
        self.folder = folder
        self.max_entries = max_entries
        self.hits = 0
        self.misses = 0
        self._memo: dict[str, Any] = {}
        self._counts: dict[str, int] = {}

    def text(self, kind: str, code: str, inputs: Any, make: Callable[[], str]) -> str:
        """The text `make()` returns for `inputs`, from the cache when it holds it."""
        key = _key(kind, code, inputs)
        if key in self._memo:
            return self._memo[key]
        path = self.folder / kind / key[:2] / key if self.folder is not None else None
        value: str | None = None
        if path is not None:
            try:
                value = path.read_text(encoding="utf-8")
                os.utime(path)  # recently used: kept longest
            except (OSError, UnicodeDecodeError):
                value = None
        if value is None:
            self.misses += 1
            value = make()
            if path is not None:
                self._store(kind, path, value)
        else:
            self.hits += 1
        self._memo[key] = value
        return value

    def once(self, name: str, make: Callable[[], T]) -> T:
        """`make()`'s result, computed once in this build (kept in memory only)."""
        key = "once:" + name
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def _store(self, kind: str, path: Path, value: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(value)
            os.replace(tmp, path)  # atomic: a reader never sees half a value
        except OSError:
            return  # a read-only or full disk only makes the build slower
        if kind not in self._counts:
            self._counts[kind] = len(self._entries(kind))
        else:
            self._counts[kind] += 1
        if self._counts[kind] > self.max_entries:
            self._prune(kind)

    def _entries(self, kind: str) -> list[Path]:
        assert self.folder is not None
        return [p for p in (self.folder / kind).glob("*/*") if not p.name.startswith(".tmp-")]

    def _prune(self, kind: str) -> None:
        """Delete the least recently used entries down to 90% of the limit."""
        entries = []
        for p in self._entries(kind):
            try:
                entries.append((p.stat().st_mtime_ns, p))
            except OSError:
                continue
        entries.sort()
        keep = int(self.max_entries * 0.9)
        for _, p in entries[: max(0, len(entries) - keep)]:
            p.unlink(missing_ok=True)
        self._counts[kind] = min(len(entries), keep)


def text(cache: BuildCache | None, kind: str, code: str, inputs: Any,
         make: Callable[[], str]) -> str:
    """`cache.text(...)`, or simply `make()` without a cache."""
    return make() if cache is None else cache.text(kind, code, inputs, make)


def once(cache: BuildCache | None, name: str, make: Callable[[], T]) -> T:
    """`cache.once(...)`, or simply `make()` without a cache."""
    return make() if cache is None else cache.once(name, make)
