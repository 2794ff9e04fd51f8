"""EDTF dates: parsing, ordering and display at the precision the sources give."""

from __future__ import annotations

import datetime as dt
import functools
import re
import time

import edtf

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@functools.lru_cache(maxsize=4096)
def parse(value: str) -> object | None:
    """The parsed EDTF object, or None when `value` is not valid EDTF."""
    try:
        return edtf.parse_edtf(value)
    except Exception:  # the edtf package raises several exception types for bad input
        return None


def is_valid(value: str) -> bool:
    return parse(value) is not None


def is_calendar_date(value: str) -> bool:
    """True for a real YYYY-MM-DD day (used by `last_verified` and `accessed`)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _anchor(value: str | None) -> time.struct_time | None:
    """The earliest day a date can mean; for an open start (`../2024-05`), its latest day."""
    parsed = parse(value) if value else None
    if parsed is None:
        return None
    for bound in (parsed.lower_strict(), parsed.upper_strict()):
        if isinstance(bound, time.struct_time):  # open ends are ±inf floats
            return bound
    return None


def sort_key(value: str | None) -> tuple[int, int, int, str]:
    """Chronological key: earliest possible day first, then the text; undated sorts last."""
    day = _anchor(value)
    if day is None:
        return (99999, 0, 0, value or "")
    return (day.tm_year, day.tm_mon, day.tm_mday, value or "")


def year(value: str | None) -> int | None:
    """The year a date is filed under on the timeline (its earliest year), or None."""
    day = _anchor(value)
    return day.tm_year if day is not None else None


def display(value: str | None) -> str:
    """Human text at the real precision: '7 May 2024', 'May 2024', 'c. 1999', '1990s',
    '2008 onwards', 'date not stated'."""
    if not value:
        return "date not stated"
    if "/" in value:
        start, _, end = value.partition("/")
        if end == "..":
            return f"{display(start)} onwards"
        if start == "..":
            return f"until {display(end)}"
        return f"{display(start)} – {display(end)}"
    qualifier = ""
    core = value
    if core[-1:] in "~?%":
        qualifier, core = core[-1], core[:-1]
    if re.fullmatch(r"\d{3}X", core):
        text = f"{core[:3]}0s"
    elif re.fullmatch(r"\d{2}XX", core):
        text = f"{int(core[:2]) + 1}th century"
    elif re.fullmatch(r"\d{4}", core):
        text = core
    elif re.fullmatch(r"\d{4}-\d{2}", core) and 1 <= int(core[5:]) <= 12:
        text = f"{MONTHS[int(core[5:]) - 1]} {core[:4]}"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", core):
        text = f"{int(core[8:])} {MONTHS[int(core[5:7]) - 1]} {core[:4]}"
    else:
        return value
    if qualifier == "~":
        return f"c. {text}"
    if qualifier == "?":
        return f"{text} (uncertain)"
    if qualifier == "%":
        return f"c. {text} (uncertain)"
    return text
