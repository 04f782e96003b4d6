"""POST /proposals/{id}/reviews: an approver's decision on the proof they saw."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from app.auth import service as auth
from app.auth.deps import CurrentActor
from app.auth.permissions import require
from app.auth.routes import client_address
from app.auth.service import ReauthenticationFailed
from app.core.db import ReadSessionDep, SessionDep
from app.core.deps import DesignsDirDep, StorageDep
from app.core.types import DbId
from app.proofs import service as proofs
from app.proposals import service as proposals
from app.proposals.routes import PROBLEMS
from app.reviews import service
from app.reviews.schemas import ReviewIn, ReviewOut, ReviewRead

router = APIRouter(prefix="/api/v1/proposals", tags=["reviews"], responses=PROBLEMS)


@router.post("/{proposal_id}/reviews", status_code=status.HTTP_201_CREATED)
def review_proposal(
    proposal_id: DbId,
    body: ReviewIn,
    request: Request,
    actor: CurrentActor,
    session: SessionDep,
    storage: StorageDep,
    designs: DesignsDirDep,
) -> ReviewOut:
    """Approve, request changes or reject, for the caller's own administration only."""
    proposal = proposals.get(session, actor, proposal_id, for_update=True)
    require(actor, "approver")
    try:
        auth.reauthenticate(session, actor, body.password, client_address(request))
    except ReauthenticationFailed:
        session.commit()  # the failure counts toward lock-out; nothing else was written
        raise
    current = proofs.current_review_proof(session, proposal, storage, designs)
    review = service.decide(
        session,
        actor,
        proposal,
        decision=body.decision,
        proof_sha256=body.proof_sha256,
        comment=body.comment,
        current_proof_sha256=current.sha256,
    )
    out = ReviewOut(
        id=review.id,
        proposal_id=proposal.id,
        administration=actor.administration_code,
        reviewer=actor.username,
        decision=review.decision,
        proof_sha256=review.proof_sha256,
        comment=review.comment,
        review_round=review.review_round,
        created_at=review.created_at,
        proposal_status=proposal.status,
    )
    session.commit()
    return out


@router.get("/{proposal_id}/reviews")
def list_reviews(
    proposal_id: DbId, actor: CurrentActor, session: ReadSessionDep
) -> list[ReviewRead]:
    """Every decision, oldest first, with its reason: what the designers answer."""
    proposal = proposals.get(session, actor, proposal_id)
    return [
        ReviewRead(
            id=review.id,
            administration=code,
            reviewer=username,
            reviewer_name=name,
            decision=review.decision,
            proof_sha256=review.proof_sha256,
            comment=review.comment,
            review_round=review.review_round,
            created_at=review.created_at,
        )
        for review, username, name, code in service.decisions(session, proposal)
    ]
