"""The one "now" the public catalogue compares release instants with.

A stamp issued for a future date is public from a moment stored on its entry; every public
read asks this clock rather than the system's, so tests move time instead of sleeping and a
demonstration may show the catalogue as it will be on a given day. The app keeps one clock in
`app.state.clock` (`create_app`); a fixed instant is only accepted outside production
(`Settings.catalogue_now`).
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request


class Clock:
    """The system's time, or a fixed instant that can be set and moved."""

    def __init__(self, fixed: dt.datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._fixed = _aware(fixed) if fixed is not None else None

    def now(self) -> dt.datetime:
        """Now, aware and in UTC."""
        with self._lock:
            fixed = self._fixed
        return fixed if fixed is not None else dt.datetime.now(dt.UTC)

    def set(self, instant: dt.datetime | None) -> None:
        """Stop the clock at ``instant`` (aware); None lets it follow the system's time again."""
        with self._lock:
            self._fixed = _aware(instant) if instant is not None else None

    def advance(self, delta: dt.timedelta) -> None:
        """Move a stopped clock by ``delta`` (from the system's time when it was running)."""
        self.set(self.now() + delta)


def _aware(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None:
        raise ValueError("the clock takes aware datetimes only")
    return instant.astimezone(dt.UTC)


def clock_of(request: Request) -> Clock:
    clock = request.app.state.clock
    assert isinstance(clock, Clock)  # noqa: S101 - set by create_app
    return clock


async def get_clock(request: Request) -> Clock:
    """The app's clock (async: a lookup is not worth a trip to the thread pool)."""
    return clock_of(request)


ClockDep = Annotated[Clock, Depends(get_clock)]
