"""Problems found in the data: values with a location and a stable code, never exceptions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located at a 1-based line and column of a file under the project root."""

    path: str
    line: int
    col: int
    code: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: [{self.level}] {self.message} ({self.code})"


def report(problems: Iterable[Problem]) -> tuple[list[str], int]:
    """Sorted, de-duplicated problem lines plus a closing count line; returns (lines, count)."""
    unique = sorted(set(problems))
    lines = [str(p) for p in unique]
    files = len({p.path for p in unique})
    if unique:
        noun = "error" if len(unique) == 1 else "errors"
        lines.append(f"Found {len(unique)} {noun} in {files} file{'s' if files != 1 else ''}.")
    return lines, len(unique)


def shorten(value: object, limit: int = 60) -> str:
    """`repr(value)` cut to about `limit` characters, so a runaway value cannot flood a report."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print (Python's 4300-digit limit)
        text = f"<a {type(value).__name__} too long to show>"
    if len(text) <= limit:
        return text
    return text[: limit - 2] + "…" + text[-1] if text[-1] in "'\"" else text[:limit] + "…"


def suggest(value: object, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the nearest valid choice, or '' when nothing is close."""
    if not isinstance(value, str):
        return ""
    by_case = {choice.lower(): choice for choice in choices}  # 'HBIS' → 'hbis', 'eur' → 'EUR'
    close = difflib.get_close_matches(value.lower(), list(by_case), n=1, cutoff=0.6)
    return f"; did you mean {by_case[close[0]]!r}?" if close else ""


def expected(value: object, choices: Iterable[str], defined_in: str) -> str:
    """The nearest valid choice ('; did you mean …?') or else what was expected: the choices
    when there are a few, otherwise where they are defined (e.g. 'data/topics/')."""
    choices = sorted(choices)
    close = suggest(value, choices)
    if close:
        return close
    if not choices:
        return f"; none is defined in {defined_in}"
    if len(choices) <= 10:
        return f"; expected one of: {', '.join(choices)}"
    return f"; expected an id defined in {defined_in}"
