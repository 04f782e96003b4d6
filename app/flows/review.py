"""An approver's decision: re-authenticate, decide on the current proof, seal when complete.

The password is checked before the proposal's row is locked (argon2 takes a while, and other
approvers and designers would queue behind it), and a wrong password is recorded in a
transaction of its own, so it counts toward lock-out although the request fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.auth import service as auth
from app.auth.permissions import require
from app.auth.service import Actor
from app.core.db import Database
from app.proofs import service as proofs
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.reviews import service as reviews
from app.reviews.models import Review
from app.signing import service as signing
from app.storage.base import Storage


@dataclass(frozen=True)
class Decision:
    """What an approver decides: the proof they saw, and their reason."""

    decision: str
    proof_sha256: str
    comment: str


def review(
    database: Database,
    session: Session,
    actor: Actor,
    proposal_id: int,
    decision: Decision,
    *,
    password: str,
    client: str,
    storage: Storage,
    designs_dir: Path,
    sealer: signing.Sealer,
) -> tuple[Review, Proposal]:
    """Approve, request changes or reject, for the actor's own administration only, after
    the approver has given their password again."""
    with database.reader() as read:
        proposals.get(read, actor, proposal_id)  # 404 for a non-partner before anything else
    require(actor, "approver")
    auth.reauthenticate(database, actor, password, client)
    return decide(
        session,
        actor,
        proposal_id,
        decision,
        storage=storage,
        designs_dir=designs_dir,
        sealer=sealer,
    )


def decide(
    session: Session,
    actor: Actor,
    proposal_id: int,
    decision: Decision,
    *,
    storage: Storage,
    designs_dir: Path,
    sealer: signing.Sealer,
) -> tuple[Review, Proposal]:
    """The decision itself, on the proof as it stands now; the approval that completes the
    round seals that proof. (The demo loader calls this for its own trusted accounts.)"""
    proposal = proposals.get(session, actor, proposal_id, for_update=True)
    require(actor, "approver")
    current = proofs.current_review_proof(session, proposal, storage, designs_dir)
    recorded, complete = reviews.decide(
        session,
        actor,
        proposal,
        decision=decision.decision,
        proof_sha256=decision.proof_sha256,
        comment=decision.comment,
        current_proof_sha256=current.sha256,
    )
    if complete:
        signing.seal_approved(session, sealer, proposal, current.sha256)
    return recorded, proposal
