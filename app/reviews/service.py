"""Sign-off: dual control, separation of duties, and approvals bound to the current proof.

The caller holds the proposal's row lock, so two approvers deciding at once are serialised
by the database; the unique index over standing (proposal, administration, round) decisions
is the second guard.

People change while a proposal is in review. An approval counts only while the person who
gave it is an active approver of that administration; once they are not, it lapses: it is
marked superseded (kept as history, named in the audit trail) and that administration needs
an approval again, which another of its approvers may give in the same round. Once the
proposal is approved the round's approvals are evidence and never lapse: the sealed proof
names who signed at that time, whoever has left since.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.audit import chain as audit_chain
from app.auth.models import User
from app.auth.service import Actor
from app.core.base import utcnow
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
    with ``proof_sha256``, only those bound to that proof. In review, only those that still
    count (see `counts`); once approved, every approval that stood when it was approved."""
    stmt = (
        select(Review, User, Administration)
        .join(User, User.id == Review.reviewer_id)
        .join(Administration, Administration.id == Review.administration_id)
        .where(
            Review.proposal_id == proposal.id,
            Review.review_round == proposal.review_round,
            Review.decision == "approve",
            Review.superseded_at.is_(None),
        )
        .order_by(Review.id)
    )
    if proof_sha256 is not None:
        stmt = stmt.where(Review.proof_sha256 == proof_sha256)
    return [
        Approval(review, user.username, user.display_name, administration)
        for review, user, administration in session.execute(stmt).all()
        if counts(review, user, proposal.status)
    ]


def is_approver_of(user: User, administration_id: int) -> bool:
    """Whether the person may approve for that administration now."""
    return (
        user.is_active and "approver" in user.roles and user.administration_id == administration_id
    )


def counts(review: Review, reviewer: User, status: str) -> bool:
    """Whether a decision stands: not superseded and, while the proposal is in review, given
    by someone who is still an active approver of that administration.

    Superseding is written when people change (and whenever a decision is recorded), and
    this check covers whatever changed by another way in between.
    """
    if review.superseded_at is not None:
        return False
    if status != "in_review" or review.decision != "approve":
        return True
    return is_approver_of(reviewer, review.administration_id)


def pending_by(session: Session, user_id: int) -> list[int]:
    """The proposals in review holding a standing approval by the user in the current round."""
    stmt = (
        select(Proposal.id)
        .join(Review, Review.proposal_id == Proposal.id)
        .where(
            Review.reviewer_id == user_id,
            Review.review_round == Proposal.review_round,
            Review.decision == "approve",
            Review.superseded_at.is_(None),
            Proposal.status == "in_review",
        )
        .distinct()
        .order_by(Proposal.id)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class ChangedBy:
    """Who made the change that lapsed an approval (the command line is no user)."""

    user_id: int | None
    username: str


def lapse_stale(session: Session, proposal: Proposal, by: ChangedBy, reason: str) -> list[str]:
    """Supersede the current round's approvals that no longer count (the caller holds the
    proposal's row lock); returns the administrations that need an approval again.

    Each lapse is an event of the proposal's audit trail, naming whose approval it was.
    """
    if proposal.status != "in_review":
        return []
    rows = session.execute(
        select(Review, User)
        .join(User, User.id == Review.reviewer_id)
        .where(
            Review.proposal_id == proposal.id,
            Review.review_round == proposal.review_round,
            Review.superseded_at.is_(None),
        )
        .order_by(Review.id)
    ).all()
    codes = {i: c for i, c in session.execute(select(Administration.id, Administration.code))}  # noqa: C416 - rows, not pairs
    lapsed: list[str] = []
    for review, reviewer in rows:
        if counts(review, reviewer, proposal.status):
            continue
        review.superseded_at = utcnow()
        code = codes[review.administration_id]
        lapsed.append(code)
        data: dict[str, Any] = {
            "administration": code,
            "reviewer": reviewer.username,
            "review_id": review.id,
            "proof_sha256": review.proof_sha256,
            "reason": reason,
        }
        audit_chain.append(
            session,
            stream=audit_chain.proposal_stream(proposal.id),
            kind="approval_lapsed",
            actor_id=by.user_id,
            actor=by.username,
            data=data,
            proposal_id=proposal.id,
        )
    session.flush()
    return lapsed


def standing_decided(
    session: Session, proposals_in_review: Iterable[Proposal]
) -> dict[int, set[int]]:
    """For each proposal, the administrations whose decision of the current round stands."""
    rounds = {p.id: (p.review_round, p.status) for p in proposals_in_review}
    found: dict[int, set[int]] = {pid: set() for pid in rounds}
    if not rounds:
        return found
    stmt = (
        select(Review, User)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.proposal_id.in_(rounds), Review.superseded_at.is_(None))
    )
    for review, reviewer in session.execute(stmt):
        review_round, status = rounds[review.proposal_id]
        if review.review_round == review_round and counts(review, reviewer, status):
            found[review.proposal_id].add(review.administration_id)
    return found


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
    me = session.get(User, actor.user_id, populate_existing=True)  # as committed now
    if me is None or not is_approver_of(me, actor.administration_id):
        raise Forbidden("You are no longer an active approver of your administration")
    lapse_stale(session, proposal, ChangedBy(actor.user_id, actor.username), "no_longer_approver")
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


@dataclass(frozen=True)
class Decided:
    """A decision as staff read it back: who, for whom, and whether it lapsed (its giver is
    no longer an approver of that administration, and it stopped counting in review)."""

    review: Review
    username: str
    display_name: str
    administration_code: str
    lapsed: bool


def decisions(session: Session, proposal: Proposal) -> list[Decided]:
    """Every decision on the proposal, oldest first, with reviewer, name and administration.

    The designer reads the reasons given with a request for changes or a rejection here.
    """
    rows = session.execute(
        select(Review, User, Administration.code)
        .join(User, User.id == Review.reviewer_id)
        .join(Administration, Administration.id == Review.administration_id)
        .where(Review.proposal_id == proposal.id)
        .order_by(Review.id)
    )
    return [
        Decided(
            r,
            user.username,
            user.display_name,
            code,
            lapsed=not counts(
                r, user, proposal.status if r.review_round == proposal.review_round else "past"
            ),
        )
        for r, user, code in rows
    ]
