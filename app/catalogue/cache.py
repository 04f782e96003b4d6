"""What the catalogue keeps in memory between requests, in one object the app owns.

Rendered page bodies (a bounded LRU, keyed by catalogue state and request identity), the
catalogue state as this process last read it, and the search's (administration, year)
groups as read at one revision.

The state is the revision (bumped by every write) and the last release instant passed: a
scheduled stamp becomes public at its instant with no write, so a page rendered before that
instant is keyed by the older release and is never served after it. A state read holds only
until the next release instant it saw; after that (or with the clock set back before its
last one) it is read again. `create_app` makes one per app and has the database's session
factory tell it when a commit changed the catalogue (`app.core.db.Database.on_change`), so
two apps in one process never share, and never serve each other's pages.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass

from cachetools import LRUCache

from app.catalogue.search.plan import Group

# What a session notes when it changes the catalogue (`revision.mark_changed`).
CHANGE = "catalogue"
PageKey = tuple[object, ...]


@dataclass(frozen=True)
class Snapshot:
    """The catalogue's revision and its release instants around the moment it was read."""

    revision: int
    last_release: dt.datetime | None  # the latest instant a stamp became public, up to then
    next_release: dt.datetime | None  # the first instant after then a stamp becomes public

    def holds_at(self, now: dt.datetime) -> bool:
        """Whether the public catalogue at ``now`` is the one this snapshot saw (no writes)."""
        after_last = self.last_release is None or self.last_release <= now
        before_next = self.next_release is None or now < self.next_release
        return after_last and before_next

    @property
    def key(self) -> str:
        """What pages, ETags and search groups are keyed by: `<revision>.<last release, µs>`."""
        last = self.last_release
        micros = (last - EPOCH) // dt.timedelta(microseconds=1) if last else 0
        return f"{self.revision}.{micros}"


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class RevisionWatch:
    """The catalogue state, read again at most every ``ttl_seconds``, after a change, or when
    the clock passes a release instant it saw.

    A change made through this app shows on the next page; one made by another process
    within the TTL; a stamp's release at its instant. A read that started before an
    invalidation never overwrites it (the generation check), so a stale state cannot outlive
    the change that made it stale.
    """

    def __init__(self, ttl_seconds: float) -> None:
        self.ttl_seconds = ttl_seconds
        self._lock = threading.Lock()
        self._value: Snapshot | None = None
        self._read_at = 0.0
        self._generation = 0

    def current(self, read: Callable[[], Snapshot], now: dt.datetime) -> Snapshot:
        """The state at ``now``, read again through ``read`` when stale."""
        fresh = self.fresh(now)
        if fresh is not None:
            return fresh
        with self._lock:
            generation = self._generation
        started = time.monotonic()
        value = read()
        with self._lock:
            if generation == self._generation:
                self._value, self._read_at = value, started
        return value

    def fresh(self, now: dt.datetime) -> Snapshot | None:
        """The state at ``now`` when it needs no read (within the TTL, not invalidated, no
        release instant passed), else None."""
        with self._lock:
            value = self._value
            if value is None or time.monotonic() - self._read_at >= self.ttl_seconds:
                return None
        return value if value.holds_at(now) else None

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._value = None


class CatalogueCache:
    def __init__(self, revision_ttl: float, pages: int = 512) -> None:
        self.revision = RevisionWatch(revision_ttl)
        self._pages: LRUCache[PageKey, bytes] = LRUCache(maxsize=pages)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe
        self._groups: tuple[Hashable, list[Group]] | None = None

    def page(self, key: PageKey) -> bytes | None:
        with self._lock:
            return self._pages.get(key)

    def page_or_render(self, key: PageKey, render: Callable[[], bytes]) -> bytes:
        body = self.page(key)
        if body is None:
            body = render()  # outside the lock: two threads may render one page, both right
            with self._lock:
                self._pages[key] = body
        return body

    def groups(self, revision: Hashable | None, read: Callable[[], list[Group]]) -> list[Group]:
        """The search groups, read once per catalogue state when the caller names the
        state it serves (`Snapshot.key`); a caller naming none reads afresh."""
        if revision is not None:
            seen = self._groups
            if seen is not None and seen[0] == revision:
                return seen[1]
        groups = read()
        if revision is not None:
            self._groups = (revision, groups)
        return groups

    def heard(self, changes: Collection[str]) -> None:
        """A commit's changes (`app.core.db.Database.on_change`): if the catalogue changed,
        the revision is read again and the groups are forgotten. Pages need no clearing:
        they are keyed by revision."""
        if CHANGE in changes:
            self._groups = None
            self.revision.invalidate()
