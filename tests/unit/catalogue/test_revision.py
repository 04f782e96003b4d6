"""The revision watch: read at most once per TTL, at once after an invalidation, never stale."""

from __future__ import annotations

import threading

import pytest

from app.catalogue.revision import RevisionWatch


class Counter:
    def __init__(self) -> None:
        self.value = 1
        self.reads = 0

    def read(self) -> int:
        self.reads += 1
        return self.value


def test_reads_once_per_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("app.catalogue.revision.time.monotonic", lambda: clock[0])
    watch, db = RevisionWatch(1.0), Counter()
    assert watch.current(db.read) == 1
    db.value = 2  # changed by another process
    clock[0] += 0.5
    assert watch.current(db.read) == 1
    assert db.reads == 1
    clock[0] += 0.6
    assert watch.current(db.read) == 2
    assert db.reads == 2


def test_invalidation_reads_again_at_once() -> None:
    watch, db = RevisionWatch(3600.0), Counter()
    assert watch.current(db.read) == 1
    db.value = 2
    watch.invalidate()
    assert watch.current(db.read) == 2


def test_a_read_older_than_an_invalidation_is_not_kept() -> None:
    watch, db = RevisionWatch(3600.0), Counter()
    started, release = threading.Event(), threading.Event()

    def slow_read() -> int:
        value = db.value  # the old revision, read before the change commits
        started.set()
        release.wait(5)
        return value

    reader = threading.Thread(target=watch.current, args=(slow_read,))
    reader.start()
    started.wait(5)
    db.value = 2
    watch.invalidate()  # the change commits while the slow read is in flight
    release.set()
    reader.join(5)
    assert watch.current(db.read) == 2
