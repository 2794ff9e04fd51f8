"""EDTF dates: validation, order and display at the precision the sources give."""

from __future__ import annotations

import pytest

from dossier.core import dates


@pytest.mark.parametrize(("value", "shown"), [
    ("2016", "2016"),
    ("2009-08", "August 2009"),
    ("2023-10-17", "17 October 2023"),
    ("1999~", "c. 1999"),
    ("199X", "1990s"),
    ("19XX", "20th century"),
    ("20XX", "21st century"),
    ("21XX~", "c. 22nd century"),
    ("02XX", "3rd century"),
    ("10XX", "11th century"),
    ("2013/..", "2013 onwards"),
    ("../2024-05-07", "until 7 May 2024"),
    ("2024?", "2024 (uncertain)"),
    ("2024-05/2024-06", "May 2024 – June 2024"),
    (None, "date not stated"),
])
def test_display_keeps_precision(value: str | None, shown: str) -> None:
    assert dates.display(value) == shown


@pytest.mark.parametrize("bad", ["2024-02-30", "21/03/2021", "2024-13", "yesterday", ".."])
def test_invalid_edtf_is_rejected(bad: str) -> None:
    assert not dates.is_valid(bad)


def test_chronological_order_with_open_and_undated() -> None:
    values = [None, "2024-05-07", "199X", "../2024-05-01", "2013/..", "2009-08", "1999~"]
    ordered = sorted(values, key=dates.sort_key)
    assert ordered == ["199X", "1999~", "2009-08", "2013/..", "../2024-05-01", "2024-05-07", None]


def test_calendar_dates_are_real_days() -> None:
    assert dates.is_calendar_date("2026-11-28")
    assert not dates.is_calendar_date("2026-02-29")
    assert not dates.is_calendar_date("2026-11")
