"""Catalogue number formatting (never the same number twice over the issue-date window)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.catalogue import numbering
from app.proposals import dates


@pytest.mark.parametrize(
    ("code", "seq", "year", "number"),
    [("PS", 1, 2027, "PS001.27"), ("OM", 14, 2026, "OM014.26"), ("EG", 1234, 2030, "EG1234.30")],
)
def test_wns_style_numbers(code: str, seq: int, year: int, number: str) -> None:
    assert numbering.format_number(code, seq, year) == number
    assert numbering.parse_number(number) == (code, seq, year % 100)


def test_sequence_starts_at_one() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        numbering.format_number("PS", 0, 2027)


def test_parse_rejects_other_strings() -> None:
    assert numbering.parse_number("PS1.27") is None
    assert numbering.parse_number("ps001.27") is None


WINDOW_DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(today=WINDOW_DAYS, data=st.data())
def test_numbers_of_distinct_stamps_never_collide_over_the_window(
    today: dt.date, data: st.DataObject
) -> None:
    first, last = dates.window(today)
    years = range(first.year, last.year + 1)
    assert len({year % 100 for year in years}) == len(years)  # two digits name one year
    stamp = st.tuples(st.sampled_from(["PS", "OM"]), st.integers(1, 3), st.dates(first, last))
    a, b = data.draw(stamp), data.draw(stamp)
    assume((a[0], a[1], a[2].year) != (b[0], b[1], b[2].year))
    number_a = numbering.format_number(a[0], a[1], a[2].year)
    assert number_a != numbering.format_number(b[0], b[1], b[2].year)
    assert numbering.parse_number(number_a) == (a[0], a[1], a[2].year % 100)
