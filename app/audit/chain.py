"""The audit hash chain: append inside the caller's transaction, and verify a whole chain.

Each stream (one per proposal, one per administration for user management) is a chain:
an event's hash covers its content and the previous event's hash, so changing or deleting any
stored event breaks every later link. The unique (stream, seq) key makes two concurrent writers
fail rather than fork the chain. A transition's event, and every Nth event of a stream, is
followed in the same transaction by a signed checkpoint of the stream's head (`checkpoints`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import checkpoints
from app.audit.models import AuditEvent
from app.core.base import utcnow
from app.core.hashing import sha256_json

GENESIS = "0" * 64


def event_hash(
    *,
    stream: str,
    seq: int,
    kind: str,
    actor: str,
    at: dt.datetime,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    """The hash of one event's content and its predecessor's hash (pure)."""
    return sha256_json(
        {
            "stream": stream,
            "seq": seq,
            "kind": kind,
            "actor": actor,
            "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "data": data,
            "prev_hash": prev_hash,
        }
    )


def proposal_stream(proposal_id: int) -> str:
    return f"proposal:{proposal_id}"


def append(
    session: Session,
    *,
    stream: str,
    kind: str,
    actor_id: int | None,
    actor: str,
    data: dict[str, Any],
    proposal_id: int | None = None,
    transition: bool = False,
) -> AuditEvent:
    """Add the next event of `stream` to the session (flushed, committed by the caller);
    `transition` marks a status change, whose new head is checkpointed at once."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.stream == stream)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = utcnow()
    event = AuditEvent(
        stream=stream,
        seq=seq,
        proposal_id=proposal_id,
        kind=kind,
        actor_id=actor_id,
        actor=actor,
        at=at,
        data=data,
        prev_hash=prev_hash,
        hash=event_hash(
            stream=stream, seq=seq, kind=kind, actor=actor, at=at, data=data, prev_hash=prev_hash
        ),
    )
    session.add(event)
    session.flush()
    checkpoints.after_append(session, event, transition=transition)
    return event


@dataclass(frozen=True)
class ChainBreak:
    stream: str
    seq: int
    event_id: int
    reason: str


def verify_events(events: Iterable[AuditEvent]) -> list[ChainBreak]:
    """Walk events (ordered by stream, seq) and report every link that does not hold."""
    breaks: list[ChainBreak] = []
    current_stream: str | None = None
    expected_prev, expected_seq = GENESIS, 1
    for event in events:
        if event.stream != current_stream:
            current_stream, expected_prev, expected_seq = event.stream, GENESIS, 1
        if event.seq != expected_seq:
            breaks.append(ChainBreak(event.stream, event.seq, event.id, "sequence gap"))
        if event.prev_hash != expected_prev:
            breaks.append(ChainBreak(event.stream, event.seq, event.id, "previous hash mismatch"))
        recomputed = event_hash(
            stream=event.stream,
            seq=event.seq,
            kind=event.kind,
            actor=event.actor,
            at=event.at,
            data=event.data,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            breaks.append(
                ChainBreak(event.stream, event.seq, event.id, "content does not match hash")
            )
        expected_prev, expected_seq = event.hash, event.seq + 1
    return breaks


def verify(session: Session) -> tuple[int, list[ChainBreak]]:
    """Verify every stream in the database; returns (events checked, breaks)."""
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.stream, AuditEvent.seq)).all()
    return len(events), verify_events(events)


def hashes_by_stream(session: Session) -> dict[str, dict[int, str]]:
    """Every stream's event hashes by sequence number, to hold against checkpoints."""
    found: dict[str, dict[int, str]] = {}
    for stream, seq, digest in session.execute(
        select(AuditEvent.stream, AuditEvent.seq, AuditEvent.hash)
    ):
        found.setdefault(stream, {})[seq] = digest
    return found


def events_for_proposal(session: Session, proposal_id: int) -> list[AuditEvent]:
    stream = proposal_stream(proposal_id)
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.stream == stream).order_by(AuditEvent.seq)
        )
    )
