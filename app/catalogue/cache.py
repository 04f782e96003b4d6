"""What the catalogue keeps in memory between requests, in one object the app owns.

Rendered page bodies (a bounded LRU, keyed by catalogue revision and request identity), the
catalogue revision as this process last read it, and the search's (administration, year)
groups as read at one revision. `create_app` makes one per app and has the database's session
factory tell it when a commit changed the catalogue (`app.core.db.Database.on_change`), so
two apps in one process never share, and never serve each other's pages.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection

from cachetools import LRUCache

from app.catalogue.search.plan import Group

# What a session notes when it changes the catalogue (`revision.mark_changed`).
CHANGE = "catalogue"
PageKey = tuple[object, ...]


class RevisionWatch:
    """The catalogue revision, read again at most every ``ttl_seconds`` or after a change.

    A change made through this app shows on the next page; one made by another process
    within the TTL. A read that started before an invalidation never overwrites it (the
    generation check), so a stale number cannot outlive the change that made it stale.
    """

    def __init__(self, ttl_seconds: float) -> None:
        self.ttl_seconds = ttl_seconds
        self._lock = threading.Lock()
        self._value: int | None = None
        self._read_at = 0.0
        self._generation = 0

    def current(self, read: Callable[[], int]) -> int:
        """The revision, read again through ``read`` when older than the TTL or invalidated."""
        now = time.monotonic()
        with self._lock:
            if self._value is not None and now - self._read_at < self.ttl_seconds:
                return self._value
            generation = self._generation
        value = read()
        with self._lock:
            if generation == self._generation:
                self._value, self._read_at = value, now
        return value

    def fresh(self) -> int | None:
        """The revision when it needs no read (within the TTL, not invalidated), else None."""
        with self._lock:
            if self._value is not None and time.monotonic() - self._read_at < self.ttl_seconds:
                return self._value
            return None

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._value = None


class CatalogueCache:
    def __init__(self, revision_ttl: float, pages: int = 512) -> None:
        self.revision = RevisionWatch(revision_ttl)
        self._pages: LRUCache[PageKey, bytes] = LRUCache(maxsize=pages)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe
        self._groups: tuple[int, list[Group]] | None = None

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

    def groups(self, revision: int | None, read: Callable[[], list[Group]]) -> list[Group]:
        """The search groups, read once per catalogue revision when the caller names the
        revision it serves; a caller naming none reads afresh."""
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
