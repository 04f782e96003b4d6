"""The hash chain on plain values: any change to content, order or links is found."""

from __future__ import annotations

import dataclasses
import datetime as dt

from app.audit import chain
from app.audit.models import AuditEvent

AT = dt.datetime(2027, 1, 1, 12, 0, tzinfo=dt.UTC)


def _chain(n: int) -> list[AuditEvent]:
    events, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        data = {"n": seq}
        digest = chain.event_hash(
            stream="s", seq=seq, kind="k", actor="a", at=AT, data=data, prev_hash=prev
        )
        events.append(
            AuditEvent(
                id=seq,
                stream="s",
                seq=seq,
                kind="k",
                actor="a",
                at=AT,
                data=data,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    return events


def test_an_intact_chain_verifies() -> None:
    assert chain.verify_events(_chain(5)) == []


def test_changed_content_is_found() -> None:
    events = _chain(5)
    events[2].data = {"n": 99}
    breaks = chain.verify_events(events)
    assert [(b.seq, b.reason) for b in breaks] == [(3, "content does not match hash")]


def test_a_deleted_event_is_found() -> None:
    events = _chain(5)
    del events[1]
    reasons = {b.reason for b in chain.verify_events(events)}
    assert reasons == {"sequence gap", "previous hash mismatch"}


def test_hash_ignores_the_timezone_the_time_was_read_in() -> None:
    plus3 = AT.astimezone(dt.timezone(dt.timedelta(hours=3)))
    args = dataclasses.asdict(chain.ChainBreak("s", 1, 1, "x"))
    assert args["stream"] == "s"
    assert chain.event_hash(
        stream="s", seq=1, kind="k", actor="a", at=AT, data={}, prev_hash=chain.GENESIS
    ) == chain.event_hash(
        stream="s", seq=1, kind="k", actor="a", at=plus3, data={}, prev_hash=chain.GENESIS
    )
