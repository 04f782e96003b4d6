"""The release instant: 00:00 of the issue date in the administration's zone, never before
the stamp was issued."""

from __future__ import annotations

import datetime as dt

from app.catalogue.release import local_midnight, public_from


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def test_midnight_in_each_zone() -> None:
    day = dt.date(2027, 1, 15)
    assert local_midnight(day, "Asia/Hebron") == utc("2027-01-14T22:00")  # UTC+2 in winter
    assert local_midnight(day, "Asia/Muscat") == utc("2027-01-14T20:00")  # UTC+4
    assert local_midnight(dt.date(2027, 7, 1), "Asia/Hebron") == utc("2027-06-30T21:00")
    assert local_midnight(day, "UTC") == utc("2027-01-15T00:00")


def test_a_skipped_midnight_begins_the_day_at_its_first_instant() -> None:
    # Egypt moves its clocks from 00:00 to 01:00 on the last Friday of April.
    begins = local_midnight(dt.date(2026, 4, 24), "Africa/Cairo")
    assert begins == utc("2026-04-23T22:00")  # 01:00 summer time, the day's first instant


def test_never_before_it_was_issued() -> None:
    issued = utc("2026-12-03T12:00")
    assert public_from(dt.date(2026, 11, 1), "Asia/Hebron", issued) == issued
    assert public_from(dt.date(2027, 1, 15), "Asia/Hebron", issued) == utc("2027-01-14T22:00")
