"""Sign-off: dual control, separation of duties, and approvals bound to the current proof.

The caller holds the proposal's row lock, so two approvers deciding at once are serialised
by the database; the unique (proposal, administration, round) key is the second guard.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.auth.models import User
from app.auth.service import Actor
from app.core.problems import Conflict, Forbidden, StaleProof
from app.notifications import service as notifications
from app.proposals import service as proposals
from app.proposals import workflow
from app.proposals.models import Proposal
from app.proposals.workflow import Action
from app.reviews.models import Review

ACTIONS = {
    "approve": Action.APPROVE,
    "request_changes": Action.REQUEST_CHANGES,
    "reject": Action.REJECT,
}


@dataclass(frozen=True)
class Approval:
    """An approval of the current round with who gave it, for whom: what the approved proof
    lists, the seal signs and the catalogue entry links to."""

    review: Review
    username: str
    display_name: str
    administration: Administration


def approvals(
    session: Session, proposal: Proposal, *, proof_sha256: str | None = None
) -> list[Approval]:
    """The approvals of the proposal's current review round, in the order they were given;
    with ``proof_sha256``, only those bound to that proof."""
    stmt = (
        select(Review, User.username, User.display_name, Administration)
        .join(User, User.id == Review.reviewer_id)
        .join(Administration, Administration.id == Review.administration_id)
        .where(
            Review.proposal_id == proposal.id,
            Review.review_round == proposal.review_round,
            Review.decision == "approve",
        )
        .order_by(Review.id)
    )
    if proof_sha256 is not None:
        stmt = stmt.where(Review.proof_sha256 == proof_sha256)
    return [Approval(*row) for row in session.execute(stmt).all()]


def decide(
    session: Session,
    actor: Actor,
    proposal: Proposal,
    *,
    decision: str,
    proof_sha256: str,
    comment: str,
    current_proof_sha256: str,
) -> tuple[Review, bool]:
    """Record one administration's decision and move the proposal when the rules say so.

    Returns the review and whether it completed the approvals (every partner approved the
    current proof): then the proposal is approved, and the caller seals that proof.
    """
    action = ACTIONS[decision]
    workflow.next_status(proposal.status, action)  # every decision needs in_review
    if actor.administration_id not in {v.administration_id for v in proposal.variants}:
        raise Forbidden("Only approvers of a partner administration can review")
    if proposals.contributed(session, proposal.id, actor.user_id):
        raise Forbidden("You changed this proposal's texts or artwork, so you cannot review it")
    if proof_sha256 != current_proof_sha256:
        raise StaleProof(
            "The proof you reviewed is not the current one; fetch proof.pdf again",
            current_proof_sha256=current_proof_sha256,
        )
    review = Review(
        proposal_id=proposal.id,
        administration_id=actor.administration_id,
        review_round=proposal.review_round,
        reviewer_id=actor.user_id,
        decision=decision,
        proof_sha256=proof_sha256,
        comment=comment,
    )
    try:
        with session.begin_nested():
            session.add(review)
    except IntegrityError:
        raise Conflict(
            f"{actor.administration_code} has already decided in this review round"
        ) from None
    data = {"decision": decision, "proof_sha256": proof_sha256, "comment": comment}
    if action is Action.APPROVE:
        approved_by = {
            a.review.administration_id
            for a in approvals(session, proposal, proof_sha256=current_proof_sha256)
        }
        partners = {v.administration_id for v in proposal.variants}
        everyone = workflow.all_partners_approved(partners, approved_by)
        if everyone:
            proposals.transition(session, actor, proposal, action, "reviewed", data)
        else:
            proposals.record(session, actor, proposal, "reviewed", data)
        _announce_approval(session, actor, proposal, partners - approved_by, everyone=everyone)
        return review, everyone
    else:
        proposals.transition(session, actor, proposal, action, "reviewed", data)
        kind = "changes_requested" if action is Action.REQUEST_CHANGES else "rejected"
        notifications.announce(
            session,
            kind,
            proposals.about(proposal),
            actor_id=actor.user_id,
            by=actor.display_name,
            administration=actor.administration_code,
            reason=comment,
        )
    return review, False


def _announce_approval(
    session: Session, actor: Actor, proposal: Proposal, undecided: set[int], *, everyone: bool
) -> None:
    """Designers and the approvers still to decide hear of a partner's approval; admins of
    every partner hear when all have approved and the proposal can be issued."""
    about = proposals.about(proposal)
    notifications.announce(
        session,
        "approved_by_partner",
        about,
        actor_id=actor.user_id,
        by=actor.display_name,
        administration=actor.administration_code,
        also=[(administration_id, "approver") for administration_id in sorted(undecided)],
    )
    if everyone:
        notifications.announce(
            session, "approved", about, actor_id=actor.user_id, by=actor.display_name
        )


def decisions(session: Session, proposal: Proposal) -> list[tuple[Review, str, str, str]]:
    """Every decision on the proposal, oldest first, with reviewer, name and administration.

    The designer reads the reasons given with a request for changes or a rejection here.
    """
    rows = session.execute(
        select(Review, User.username, User.display_name, Administration.code)
        .join(User, User.id == Review.reviewer_id)
        .join(Administration, Administration.id == Review.administration_id)
        .where(Review.proposal_id == proposal.id)
        .order_by(Review.id)
    )
    return [(r, username, name, code) for r, username, name, code in rows]
