"""The issue dates the service accepts: from 1 January 2000 to ten years after today.

A catalogue number carries the last two digits of its year (`PS001.27`, as DESIGN says), so two
years a century apart would share them: the window stays inside one century (it ends on
31 December 2099 at the latest), and inside it no two years share their two digits. Ten years
ahead is as far as any administration plans an issue; a date before 2000 is a typing mistake,
not a new stamp (older stamps are catalogue history, loaded as records).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from app.core.problems import P_, Unprocessable

FIRST: Final = dt.date(2000, 1, 1)
CENTURY_END: Final = dt.date(2099, 12, 31)
YEARS_AHEAD: Final = 10


class IssueDateOutsideWindow(Unprocessable):
    type, title = "issue-date-outside-window", P_("The issue date is outside the accepted dates")


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def window(on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last issue date accepted on the day `on` (today by default)."""
    day = on or today()
    try:
        ahead = day.replace(year=day.year + YEARS_AHEAD)
    except ValueError:  # 29 February, ten years on, is 28 February
        ahead = day.replace(year=day.year + YEARS_AHEAD, day=28)
    return FIRST, min(ahead, CENTURY_END)


def check(value: dt.date, field: str, on: dt.date | None = None) -> dt.date:
    """`value` itself, or a 422 naming `field` and the accepted dates."""
    first, last = window(on)
    if not first <= value <= last:
        raise IssueDateOutsideWindow(
            f"{field}: an issue date lies from {first.isoformat()} to {last.isoformat()}; "
            f"{value.isoformat()} is outside",
            field=field,
            first=first.isoformat(),
            last=last.isoformat(),
        )
    return value
