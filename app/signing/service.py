"""Seal the approved proof in the approval's own transaction, and serve it to partners.

`seal_approved` runs inside the request that approves: the sealed PDF is written to storage
(content-addressed, so a retried request writes the same bytes under the same key) before the
transaction commits, and its row is flushed in that transaction. An approved proposal is
therefore never without its sealed proof, and a rolled-back approval leaves at most an
unreferenced blob.

The sealer (storage and key files) travels with the session: the application puts it in
the session factory's `info` at start-up; without an application (the CLI's demo loader) it
is built from the process settings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.service import Actor
from app.core.problems import P_, Conflict, NotFound
from app.core.settings import Settings
from app.proofs.service import NAMESPACE as PROOFS_NAMESPACE
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.proposals.workflow import Status
from app.reviews import service as reviews
from app.signing import identities, keys, seal
from app.signing.models import SealedProof
from app.storage.base import Storage, content_key
from app.storage.factory import make_storage

NAMESPACE = "sealed-proofs"
SEALED_STATES = {Status.APPROVED.value, Status.ISSUED.value}


class NotApprovedYet(Conflict):
    type, title = "not-approved", P_("The proposal is not approved yet")


@dataclass(frozen=True)
class Sealer:
    """Where sealed proofs go and which key seals them."""

    storage: Storage
    key_path: Path
    cert_path: Path
    # Decrypts the administrations' stored keys (`identities`).
    secret_key: str

    @classmethod
    def from_settings(cls, settings: Settings, storage: Storage | None = None) -> Sealer:
        return cls(
            storage or make_storage(settings),
            settings.signing_key_path,
            settings.signing_cert_path,
            settings.secret_key,
        )

    def key(self) -> keys.ServiceKey:
        return keys.ensure(self.key_path, self.cert_path)


def _approvals(
    session: Session, sealer: Sealer, proposal: Proposal, proof_sha256: str
) -> tuple[tuple[seal.Approval, ...], dict[str, keys.SigningKey]]:
    """The approvals to seal, and the key of each approving administration."""
    approvals = []
    approvers: dict[str, keys.SigningKey] = {}
    for a in reviews.approvals(session, proposal, proof_sha256=proof_sha256):
        approvals.append(
            seal.Approval(
                name=a.display_name,
                username=a.username,
                administration_code=a.administration.code,
                administration_en=a.administration.name_en,
                administration_ar=a.administration.name_ar,
                approved_at=a.review.created_at,
            )
        )
        approvers[a.administration.code] = identities.for_signing(
            session, a.administration, sealer.secret_key, a.review.created_at
        )
    return tuple(approvals), approvers


def seal_approved(
    session: Session, sealer: Sealer, proposal: Proposal, proof_sha256: str
) -> SealedProof:
    """Seal the proof every partner approved; called as the proposal becomes approved."""
    existing = session.scalar(select(SealedProof).where(SealedProof.proposal_id == proposal.id))
    if existing is not None:
        if existing.proof_sha256 != proof_sha256:
            raise Conflict("This proposal's approved proof is already sealed")
        return existing
    reviewed = sealer.storage.read_bytes(content_key(PROOFS_NAMESPACE, proof_sha256))
    approvals, approvers = _approvals(session, sealer, proposal, proof_sha256)
    request = seal.SealRequest(
        proposal_id=proposal.id,
        title_en=proposal.title_en,
        title_ar=proposal.title_ar,
        proof_sha256=proof_sha256,
        approvals=approvals,
    )
    sealed = seal.seal(reviewed, request, sealer.key(), approvers)
    digest = hashlib.sha256(sealed).hexdigest()
    sealer.storage.put_bytes(content_key(NAMESPACE, digest), sealed)
    row = SealedProof(
        proposal_id=proposal.id,
        proof_sha256=proof_sha256,
        sealed_sha256=digest,
        size_bytes=len(sealed),
        signatures=1 + len(request.approvals),
    )
    session.add(row)
    session.flush()
    return row


def approved_proof(
    session: Session, actor: Actor, proposal_id: int, storage: Storage
) -> tuple[SealedProof, bytes]:
    """The sealed proof for staff of a partner (404 for others, 409 before approval)."""
    proposal = proposals.get(session, actor, proposal_id)
    if proposal.status not in SEALED_STATES:
        raise NotApprovedYet(
            f"Proposal {proposal.id} is {proposal.status}; the sealed proof exists once approved",
            current_status=proposal.status,
        )
    row = session.scalar(select(SealedProof).where(SealedProof.proposal_id == proposal.id))
    if row is None:
        raise NotFound(f"Proposal {proposal.id} has no sealed proof")
    data = storage.read_bytes(content_key(NAMESPACE, row.sealed_sha256))
    if hashlib.sha256(data).hexdigest() != row.sealed_sha256:
        raise Conflict("The stored sealed proof does not match its recorded hash")
    return row, data
