"""When an issued stamp becomes public: 00:00 of its issue date in its administration's zone.

Postal administrations keep a design under embargo until the day of issue. Issuing therefore
stores on each entry the instant it becomes public (`CatalogueEntry.public_from`), and every
public read compares it with the app's clock (`app.core.clock`): no job has to run at
midnight. Each entry follows its own administration's zone, so the partner entries of one
joint issue appear at each partner's own midnight (Oman Post's two hours before Palestine
Post's in winter); until a partner's entry is public, the others do not name it.

The instant is never before the entry was written: a stamp issued today for last month is
public from now, and the Atom feed announces it as new. Pure: plain values in and out.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def local_midnight(day: dt.date, time_zone: str) -> dt.datetime:
    """00:00 of ``day`` in ``time_zone``, in UTC.

    Where a zone skips midnight (a daylight-saving change at 00:00, as Palestine and Egypt
    have had), the day begins at the first instant that exists: `fold` makes the wall time
    resolve forward.
    """
    zone = ZoneInfo(time_zone)
    wall = dt.datetime.combine(day, dt.time(0, 0), zone)
    instant = wall.astimezone(dt.UTC)
    # A wall time inside a gap converts to the instant after it only for one fold; take the
    # earlier of the two readings that still begins the day, never one on the day before.
    other = wall.replace(fold=1).astimezone(dt.UTC)
    candidates = [i for i in (instant, other) if i.astimezone(zone).date() == day]
    return min(candidates) if candidates else max(instant, other)


def public_from(day: dt.date, time_zone: str, issued_at: dt.datetime) -> dt.datetime:
    """When a stamp issued at ``issued_at`` for ``day`` becomes public (UTC)."""
    return max(local_midnight(day, time_zone), issued_at.astimezone(dt.UTC))
