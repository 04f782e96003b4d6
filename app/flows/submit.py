"""Submit a draft for review: the artwork must pass preflight, and the event records the
proof the reviewers will see."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.artwork import preflight
from app.artwork import service as artwork
from app.auth.permissions import require
from app.auth.service import Actor
from app.designs.formats import stamp_format
from app.proofs import service as proofs
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.storage.base import Storage


def submit(
    session: Session, actor: Actor, proposal_id: int, *, storage: Storage, designs_dir: Path
) -> Proposal:
    """Send a draft to every partner for review; 422 names everything still missing."""
    proposal = proposals.get(session, actor, proposal_id, for_update=True)
    require(actor, "designer")
    target = preflight.Target.of(stamp_format(designs_dir, proposal.format))
    before = proposals.start_review(
        session, proposal, artwork.missing_for_review(session, proposal.id, target)
    )
    proof = proofs.current_review_proof(session, proposal, storage, designs_dir)
    proposals.record_submitted(session, actor, proposal, before, proof.sha256)
    return proposal
