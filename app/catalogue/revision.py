"""The catalogue's revision as this process last read it, so a cached page needs no query.

Every catalogue page is cached per revision (`service.bump_revision` counts changes). A
process re-reads the number at most every ``catalogue_revision_ttl`` seconds, and at once
after one of its own sessions commits a change: a change made here shows on the next
page, one made by another worker process within the TTL. A read that started before an
invalidation never overwrites it (the generation check), so a stale number cannot
outlive the change that made it stale.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session
from starlette.requests import Request

from app.catalogue import queries
from app.core.db import database_of
from app.core.settings import Settings

CHANGED = "catalogue_changed"


class RevisionWatch:
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


_watches: weakref.WeakKeyDictionary[Engine, RevisionWatch] = weakref.WeakKeyDictionary()
_watches_lock = threading.Lock()


def watch_for(engine: Engine, ttl_seconds: float) -> RevisionWatch:
    """The one watch of a database engine in this process."""
    with _watches_lock:
        watch = _watches.get(engine)
        if watch is None:
            watch = _watches[engine] = RevisionWatch(ttl_seconds)
        return watch


def _watch_of(request: Request) -> RevisionWatch:
    settings: Settings = request.app.state.settings
    return watch_for(database_of(request).engine, settings.catalogue_revision_ttl)


def current_revision(request: Request) -> int:
    """The catalogue revision, as this process's watch has it."""
    database = database_of(request)

    def read() -> int:
        with database.reader() as session:
            return queries.revision(session)

    return _watch_of(request).current(read)


def fresh_revision(request: Request) -> int | None:
    """The catalogue revision if this process's watch has it without reading, else None."""
    return _watch_of(request).fresh()


def mark_changed(session: Session) -> None:
    """Note that this transaction changed the catalogue; watches learn it at commit."""
    session.info[CHANGED] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(CHANGED, False):
        bind: Any = session.get_bind()  # an Engine, or a Connection of one
        queries.forget_groups(bind.engine)
        watch = _watches.get(bind.engine)
        if watch is not None:
            watch.invalidate()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(CHANGED, None)
