"""Signed checkpoints of the audit chains' heads, made in the transaction that moves a head.

A hash chain shows an event changed in place, but not a chain cut short at its end, nor one
rewritten with every later hash recomputed: both are consistent chains again. A checkpoint is
the service's signature over (stream, event count, head hash, time); a partner who keeps the
checkpoints of its proposals can later tell the database it no longer holds what was signed.

A checkpoint is made at every status transition of a proposal and every `every` events of any
stream, in the same transaction as the event it names, so a rolled-back change leaves none.
The key comes from whoever opened the session: `install` puts a `Signer` in the session
factory's `info` (the application and the command line do), and audit never reaches into the
key store itself. A session with no signer (a bare test session) makes no checkpoints.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditCheckpoint, AuditEvent
from app.core.base import utcnow
from app.core.hashing import canonical_json

SIGNER = "audit_checkpoint_signer"
KIND = "audit-checkpoint"
VERSION = 1
ALGORITHM = "ECDSA P-256 with SHA-256 over the canonical JSON of the statement"
TRANSITION, INTERVAL = "transition", "interval"


class SigningKey(Protocol):
    """The service key as the signing package holds it: a private key and its certificate."""

    @property
    def private_key(self) -> ec.EllipticCurvePrivateKey: ...

    @property
    def certificate(self) -> x509.Certificate: ...


@dataclass(frozen=True)
class Signer:
    """How this process signs checkpoints: the service key (fetched when one is made, so a
    command that never appends never touches the key files) and the interval in events."""

    key: Callable[[], SigningKey]
    every: int = 50


def install(factory: sessionmaker[Session], signer: Signer) -> None:
    """Let every session the factory opens from now on sign checkpoints with `signer`."""
    info = dict(factory.kw.get("info") or {})
    info[SIGNER] = signer
    factory.configure(info=info)


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def after_append(
    session: Session, event: AuditEvent, *, transition: bool
) -> AuditCheckpoint | None:
    """Checkpoint the stream of `event` if a transition or the interval asks for one."""
    signer = session.info.get(SIGNER)
    if not isinstance(signer, Signer):
        return None
    if transition:
        reason = TRANSITION
    elif event.seq % signer.every == 0:
        reason = INTERVAL
    else:
        return None
    return make(session, signer.key(), event, reason)


def make(session: Session, key: SigningKey, event: AuditEvent, reason: str) -> AuditCheckpoint:
    """Sign the statement that `event` heads its stream, and add it to the session."""
    at = utcnow()
    statement = {
        "kind": KIND,
        "version": VERSION,
        "stream": event.stream,
        "count": event.seq,
        "head_hash": event.hash,
        "at": at.isoformat(timespec="microseconds"),
        "reason": reason,
        "certificate_sha256": fingerprint(key.certificate),
    }
    signed = canonical_json(statement)
    signature = key.private_key.sign(signed, ec.ECDSA(hashes.SHA256()))
    row = AuditCheckpoint(
        stream=event.stream,
        count=event.seq,
        proposal_id=event.proposal_id,
        head_hash=event.hash,
        at=at,
        statement=signed.decode("utf-8"),
        signature=base64.b64encode(signature).decode("ascii"),
    )
    session.add(row)
    session.flush()
    return row


def entry(row: AuditCheckpoint) -> dict[str, Any]:
    """One checkpoint as it is handed out: the signed statement and its signature."""
    statement: dict[str, Any] = json.loads(row.statement)
    return {"statement": statement, "signature": row.signature}


def for_streams(session: Session, streams: Iterable[str]) -> list[AuditCheckpoint]:
    """The checkpoints of the given streams, by stream and count."""
    wanted = sorted(set(streams))
    if not wanted:
        return []
    stmt = (
        select(AuditCheckpoint)
        .where(AuditCheckpoint.stream.in_(wanted))
        .order_by(AuditCheckpoint.stream, AuditCheckpoint.count)
    )
    return list(session.scalars(stmt))


def every_stream(session: Session) -> list[AuditCheckpoint]:
    """Every checkpoint the database holds (the operator's export)."""
    stmt = select(AuditCheckpoint).order_by(AuditCheckpoint.stream, AuditCheckpoint.count)
    return list(session.scalars(stmt))
