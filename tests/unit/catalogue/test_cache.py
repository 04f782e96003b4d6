"""The catalogue cache: the state read at most once per TTL, at once after a change or a
release instant, never stale; the search groups read once a state; changes heard from the app's
own sessions only."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker

from app.catalogue.cache import CHANGE, CatalogueCache, RevisionWatch, Snapshot
from app.catalogue.search.plan import Group
from app.core.db import Database, note_change

NOW = dt.datetime(2027, 2, 28, 21, tzinfo=dt.UTC)
RELEASE = dt.datetime(2027, 2, 28, 22, tzinfo=dt.UTC)  # 00:00 on 1 March in Hebron


class Counter:
    """A catalogue whose revision is `value`, with one stamp released at RELEASE."""

    def __init__(self) -> None:
        self.value = 1
        self.reads = 0
        self.now = NOW

    def read(self) -> Snapshot:
        self.reads += 1
        if self.now < RELEASE:
            return Snapshot(self.value, None, RELEASE)
        return Snapshot(self.value, RELEASE, None)


def revision(watch: RevisionWatch, db: Counter, now: dt.datetime = NOW) -> int:
    return watch.current(db.read, now).revision


def test_reads_once_per_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("app.catalogue.cache.time.monotonic", lambda: clock[0])
    watch, db = RevisionWatch(1.0), Counter()
    assert revision(watch, db) == 1
    db.value = 2  # changed by another process
    clock[0] += 0.5
    assert revision(watch, db) == 1
    assert db.reads == 1
    clock[0] += 0.6
    assert revision(watch, db) == 2
    assert db.reads == 2


def test_a_release_instant_passed_reads_again_within_the_ttl() -> None:
    """A stamp becomes public at its instant with no write: the state read before holds until
    then, and not after (nor with the clock set back before the release it saw)."""
    watch, db = RevisionWatch(3600.0), Counter()
    before = watch.current(db.read, NOW)
    assert watch.current(db.read, RELEASE - dt.timedelta(seconds=1)) is before
    assert db.reads == 1
    db.now = RELEASE
    after = watch.current(db.read, RELEASE)
    assert db.reads == 2
    assert after.key != before.key  # pages rendered before the release are not served after
    assert watch.fresh(RELEASE + dt.timedelta(days=1)) is after
    assert watch.fresh(RELEASE - dt.timedelta(seconds=1)) is None  # the clock set back


def test_invalidation_reads_again_at_once() -> None:
    watch, db = RevisionWatch(3600.0), Counter()
    assert revision(watch, db) == 1
    db.value = 2
    watch.invalidate()
    assert revision(watch, db) == 2


def test_a_read_older_than_an_invalidation_is_not_kept() -> None:
    watch, db = RevisionWatch(3600.0), Counter()
    started, release = threading.Event(), threading.Event()

    def slow_read() -> Snapshot:
        value = db.read()  # the old revision, read before the change commits
        started.set()
        release.wait(5)
        return value

    reader = threading.Thread(target=watch.current, args=(slow_read, NOW))
    reader.start()
    started.wait(5)
    db.value = 2
    watch.invalidate()  # the change commits while the slow read is in flight
    release.set()
    reader.join(5)
    assert revision(watch, db) == 2


def test_a_catalogue_change_forgets_the_groups_and_the_revision() -> None:
    cache, db = CatalogueCache(revision_ttl=3600.0), Counter()
    groups = [Group("PS", 2026, 3)]
    assert cache.groups(5, lambda: groups) is groups
    assert cache.groups(5, list) is groups  # read once at a revision
    assert revision(cache.revision, db) == 1
    cache.heard({"notifications"})  # someone else's change
    assert cache.groups(5, list) is groups
    seen = cache.revision.fresh(NOW)
    assert seen is not None
    assert seen.revision == 1
    cache.heard({CHANGE})
    assert cache.groups(5, list) == []
    assert cache.revision.fresh(NOW) is None


def test_only_the_databases_own_sessions_reach_its_listeners(engine: Engine) -> None:
    """The listener is on the database's session factory: another factory's commit on the
    same engine is not heard, so two apps never invalidate each other's caches."""
    heard: list[set[str]] = []
    with engine.connect() as connection:
        outer = connection.begin()
        ours = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        theirs = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        Database(engine=engine, writer=ours, reader=ours).on_change(lambda c: heard.append(set(c)))
        for factory in (theirs, ours):
            with factory() as session:
                note_change(session, CHANGE)
                session.commit()
        with ours() as session:
            session.execute(text("SELECT 1"))
            note_change(session, CHANGE)
            session.rollback()
            session.commit()  # a rolled-back change is forgotten, not told at the next commit
        with ours() as session:
            session.execute(text("SELECT 1"))
            note_change(session, "kept")
            with contextlib.suppress(ValueError), session.begin_nested():
                raise ValueError  # a savepoint rolled back inside the transaction
            session.commit()
        outer.rollback()
    assert heard == [{CHANGE}, {"kept"}]
