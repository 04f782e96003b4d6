"""POST /proposals/{id}/reviews: an approver's decision on the proof they saw."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from app.auth.deps import CurrentActor, ReviewQuota
from app.core.db import DatabaseDep, ReadSessionDep, SessionDep
from app.core.deps import DesignsDirDep
from app.core.http import PROBLEMS, client_address
from app.core.types import DbId
from app.flows import review as flows
from app.flows.review import Decision
from app.proposals import service as proposals
from app.reviews import service
from app.reviews.schemas import ReviewIn, ReviewOut, ReviewRead
from app.signing.deps import SealerDep
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["reviews"], responses=PROBLEMS)


@router.post("/{proposal_id}/reviews", status_code=status.HTTP_201_CREATED)
def review_proposal(
    proposal_id: DbId,
    body: ReviewIn,
    request: Request,
    actor: CurrentActor,
    _quota: ReviewQuota,  # counted before the request's session begins: no lock is held
    database: DatabaseDep,
    session: SessionDep,
    storage: StorageDep,
    designs: DesignsDirDep,
    sealer: SealerDep,
) -> ReviewOut:
    """Approve, request changes or reject, for the caller's own administration only.

    At most `STAMPS_REVIEW_LIMIT` submissions per user in a window (429 with Retry-After)."""
    decision = Decision(body.decision, body.proof_sha256, body.comment)
    review, proposal = flows.review(
        database,
        session,
        actor,
        proposal_id,
        decision,
        password=body.password,
        client=client_address(request),
        storage=storage,
        designs_dir=designs,
        sealer=sealer,
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
    return out


@router.get("/{proposal_id}/reviews")
def list_reviews(
    proposal_id: DbId, actor: CurrentActor, session: ReadSessionDep
) -> list[ReviewRead]:
    """Every decision, oldest first, with its reason: what the designers answer."""
    proposal = proposals.get(session, actor, proposal_id)
    return [
        ReviewRead(
            id=d.review.id,
            administration=d.administration_code,
            reviewer=d.username,
            reviewer_name=d.display_name,
            decision=d.review.decision,
            proof_sha256=d.review.proof_sha256,
            comment=d.review.comment,
            review_round=d.review.review_round,
            created_at=d.review.created_at,
            lapsed=d.lapsed,
        )
        for d in service.decisions(session, proposal)
    ]
