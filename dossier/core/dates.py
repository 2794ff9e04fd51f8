"""EDTF dates: parsing, ordering and display at the precision the sources give."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import time


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


Day = tuple[int, int, int]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_ONE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[~?%]?|(\d{3})X[~?%]?|(\d{2})XX[~?%]?")


@functools.lru_cache(maxsize=4096)
def parse(value: str) -> object | None:
    """The parsed EDTF object, or None when `value` is not valid EDTF."""
    import edtf  # the full grammar takes a while to build and `bounds` rarely needs it

    try:
        return edtf.parse_edtf(value)
    except Exception:  # the edtf package raises several exception types for bad input
        return None


class _Impossible(ValueError):
    """A date of the profile's shape that names no real day (`2024-02-30`)."""


def _one(text: str) -> tuple[Day, Day] | None:
    """First and last day of one date of the profile (`2016`, `2009-08`, `199X~`, …), or None
    when `text` is not of the profile's shape; raises _Impossible for a day that does not exist."""
    m = _ONE.fullmatch(text)
    if m is None:
        return None
    year, month, day, decade, century = m.groups()
    if decade or century:
        first = int(decade) * 10 if decade else int(century) * 100
        return (first, 1, 1), (first + (9 if decade else 99), 12, 31)
    y = int(year)
    if month is None:
        return (y, 1, 1), (y, 12, 31)
    mo = int(month)
    if not 1 <= mo <= 12:
        raise _Impossible(text)
    last = 29 if mo == 2 and calendar.isleap(y) else _DAYS_IN_MONTH[mo - 1]
    if day is None:
        return (y, mo, 1), (y, mo, last)
    if not 1 <= int(day) <= last:
        raise _Impossible(text)
    return (y, mo, int(day)), (y, mo, int(day))


@functools.lru_cache(maxsize=65536)
def bounds(value: str) -> tuple[Day | None, Day | None] | None:
    """(first day, last day) a date can mean, None for an open end; None if not valid EDTF.

    The dossier's profile (schema.EDTF_PATTERN) is parsed here directly, far faster than the
    full EDTF grammar and stricter about leap days; anything else goes to the `edtf` package."""
    start, slash, end = value.partition("/")
    try:
        if not slash:
            one = _one(value)
            if one is not None:
                return one
        elif start != end or start != "..":
            low = None if start == ".." else _one(start)
            high = None if end == ".." else _one(end)
            if (low or start == "..") and (high or end == ".."):
                return (low[0] if low else None), (high[1] if high else None)
    except _Impossible:
        return None
    parsed = parse(value)
    if parsed is None:
        return None
    ends = []
    for bound in (parsed.lower_strict(), parsed.upper_strict()):  # open ends are ±inf floats
        ends.append((bound.tm_year, bound.tm_mon, bound.tm_mday)
                    if isinstance(bound, time.struct_time) else None)
    return ends[0], ends[1]


def is_valid(value: str) -> bool:
    return bounds(value) is not None


def is_calendar_date(value: str) -> bool:
    """True for a real YYYY-MM-DD day (used by `checked` and `accessed`)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _anchor(value: str | None) -> Day | None:
    """The earliest day a date can mean; for an open start (`../2024-05`), its latest day."""
    ends = bounds(value) if value else None
    if ends is None:
        return None
    return ends[0] or ends[1]


def sort_key(value: str | None) -> tuple[int, int, int, str]:
    """Chronological key: earliest possible day first, then the text; undated sorts last."""
    day = _anchor(value)
    if day is None:
        return (99999, 0, 0, value or "")
    return (*day, value or "")


def year(value: str | None) -> int | None:
    """The year a date is filed under on the timeline (its earliest year), or None."""
    day = _anchor(value)
    return day[0] if day is not None else None


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th', '21st'."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
        text = f"{ordinal(int(core[:2]) + 1)} century"
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
