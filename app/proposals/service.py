"""Proposal rules: open, read (scoped to partners), edit in draft, submit and withdraw.

Every change runs on a row locked for the transaction and writes its audit event in the same
transaction; the route commits once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, selectinload

from app.administrations import service as administrations
from app.audit import chain as audit_chain
from app.audit.models import AuditEvent
from app.auth.service import Actor
from app.core import etags
from app.core.base import utcnow
from app.core.problems import (
    Forbidden,
    InvalidTransition,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unprocessable,
)
from app.designs import formats
from app.notifications import service as notifications
from app.proposals import dates, workflow
from app.proposals.models import Proposal, Variant
from app.proposals.schemas import ProposalCreate, ProposalUpdate, VariantIn
from app.proposals.workflow import Action

CONTRIBUTION_KINDS = ("created", "edited", "artwork_uploaded")


def readable_by(actor: Actor) -> Select[Proposal]:
    """Proposals in which the actor's administration is a partner; every private read uses it."""
    partner = exists().where(
        Variant.proposal_id == Proposal.id,
        Variant.administration_id == actor.administration_id,
    )
    return select(Proposal).where(partner)


def get(session: Session, actor: Actor, proposal_id: int, *, for_update: bool = False) -> Proposal:
    """Load a proposal the actor may see, or 404 (existence is not revealed to others)."""
    stmt = readable_by(actor).where(Proposal.id == proposal_id)
    if for_update:
        # The row lock makes concurrent writers queue; populate_existing re-reads the row
        # after the wait, so the caller decides on what the winner committed.
        stmt = stmt.with_for_update(of=Proposal).execution_options(populate_existing=True)
    proposal = session.scalar(stmt.options(selectinload(Proposal.variants)))
    if proposal is None:
        raise NotFound(f"No proposal {proposal_id}")
    return proposal


def lock(session: Session, proposal_ids: list[int]) -> list[Proposal]:
    """Lock proposals found through another domain's rows (a person's pending approvals), in
    id order so two lockers never wait on each other crosswise; re-read after the wait."""
    stmt = (
        select(Proposal)
        .where(Proposal.id.in_(proposal_ids))
        .order_by(Proposal.id)
        .with_for_update(of=Proposal)
        .execution_options(populate_existing=True)
        .options(selectinload(Proposal.variants))
    )
    return list(session.scalars(stmt))


def list_for(session: Session, actor: Actor) -> list[Proposal]:
    stmt = readable_by(actor).options(selectinload(Proposal.variants)).order_by(Proposal.id.desc())
    return list(session.scalars(stmt))


def _variants(
    session: Session, items: list[VariantIn], default_date: Any, actor: Actor
) -> list[Variant]:
    for position, item in enumerate(items):
        if item.issue_date is not None:
            dates.check(item.issue_date, f"variants.{position}.issue_date")
    found = administrations.by_codes(session, [v.administration for v in items])
    missing = sorted({v.administration for v in items} - set(found))
    if missing:
        raise Unprocessable(f"Unknown administration: {', '.join(missing)}", field="variants")
    if actor.administration_code not in found:
        raise Forbidden("Your administration must be one of the partners of the joint issue")
    return [
        Variant(
            administration_id=found[item.administration].id,
            position=position,
            face_value_minor=item.face_value_minor,
            quantity=item.quantity,
            issue_date=item.issue_date or default_date,
            digits=item.digits,
        )
        for position, item in enumerate(items)
    ]


def create(session: Session, actor: Actor, body: ProposalCreate, designs_dir: Path) -> Proposal:
    """Open a proposal as a draft; the caller's administration must be a partner."""
    if not formats.is_known(designs_dir, body.format):
        raise Unprocessable(f"Unknown stamp format {body.format!r}", field="format")
    dates.check(body.planned_issue_date, "planned_issue_date")
    proposal = Proposal(
        title_ar=body.title.ar,
        title_en=body.title.en,
        description_ar=body.description.ar,
        description_en=body.description.en,
        theme=body.theme,
        format=body.format,
        joint_kind=body.joint_kind,
        planned_issue_date=body.planned_issue_date,
        status=workflow.Status.DRAFT.value,
        created_by_id=actor.user_id,
        variants=_variants(session, body.variants, body.planned_issue_date, actor),
    )
    session.add(proposal)
    session.flush()
    _audit(session, actor, proposal, "created", {"title_en": proposal.title_en})
    return proposal


def check_if_match(proposal: Proposal, if_match: str | None) -> None:
    """Optimistic concurrency for edits: the client must name the version it edited."""
    if not if_match:
        raise PreconditionRequired("Send If-Match with the proposal's ETag")
    if not etags.match(if_match, etag(proposal)):
        raise PreconditionFailed(
            "The proposal changed since you read it", current_etag=etag(proposal)
        )


def etag(proposal: Proposal) -> str:
    return f'"{proposal.id}.{proposal.version}"'


def require_editable(proposal: Proposal) -> None:
    if not workflow.is_editable(proposal.status):
        raise InvalidTransition(
            f"A proposal can be changed only in draft; this one is {proposal.status}",
            current_status=proposal.status,
        )


def update(
    session: Session,
    actor: Actor,
    proposal: Proposal,
    body: ProposalUpdate,
    designs_dir: Path,
) -> Proposal:
    """Edit texts or variants of a draft (the proposal is locked by the caller)."""
    require_editable(proposal)
    changed: list[str] = []
    if body.title is not None:
        proposal.title_ar, proposal.title_en = body.title.ar, body.title.en
        changed.append("title")
    if body.description is not None:
        proposal.description_ar = body.description.ar
        proposal.description_en = body.description.en
        changed.append("description")
    for field in ("theme", "joint_kind"):
        value = getattr(body, field)
        if value is not None:
            setattr(proposal, field, value)
            changed.append(field)
    if body.planned_issue_date is not None:
        _move_planned_date(proposal, dates.check(body.planned_issue_date, "planned_issue_date"))
        changed.append("planned_issue_date")
    if body.format is not None:
        if not formats.is_known(designs_dir, body.format):
            raise Unprocessable(f"Unknown stamp format {body.format!r}", field="format")
        proposal.format = body.format
        changed.append("format")
    if body.variants is not None:
        proposal.variants.clear()
        session.flush()
        proposal.variants.extend(
            _variants(session, body.variants, proposal.planned_issue_date, actor)
        )
        changed.append("variants")
    if not changed:
        raise Unprocessable("Nothing to change")
    # The row itself must be written even when only its variants changed: that bumps the
    # version (the ETag, and the key of every proof rendered from the proposal).
    proposal.updated_at = utcnow()
    session.flush()
    _audit(session, actor, proposal, "edited", {"fields": changed})
    return proposal


def _move_planned_date(proposal: Proposal, new: dt.date) -> None:
    """Move the planned date, and with it every variant that was issuing on the old one.

    A variant dated on the planned day follows it (that is where its date came from); one with a
    day of its own (an Arab Postal Day issue, one date per partner) keeps it. The proof and the
    catalogue read the variants' dates, so this is what makes the change reach them.
    """
    for variant in proposal.variants:
        if variant.issue_date == proposal.planned_issue_date:
            variant.issue_date = new
    proposal.planned_issue_date = new


def _move(session: Session, proposal: Proposal, action: Action) -> str:
    """Apply a workflow step to the row; returns the status it left."""
    before = proposal.status
    proposal.status = workflow.next_status(before, action).value
    if action is Action.SUBMIT:
        proposal.review_round += 1
    session.flush()
    return before


def transition(
    session: Session,
    actor: Actor,
    proposal: Proposal,
    action: Action,
    kind: str,
    data: dict[str, Any] | None = None,
) -> None:
    """Move the proposal along the workflow and record it, in one step."""
    before = _move(session, proposal, action)
    moved = {"from": before, "to": proposal.status, **(data or {})}
    _audit(session, actor, proposal, kind, moved, transition=True)


def start_review(session: Session, proposal: Proposal, missing: list[str]) -> str:
    """Move a draft into review (a new round); returns the status it left.

    ``missing`` names what other domains found lacking (artwork, preflight): with anything
    missing, the texts included, the proposal stays a draft and the 422 lists it all.
    """
    require_editable(proposal)
    missing = [*missing, *missing_texts(proposal)]
    if missing:
        raise Unprocessable(
            f"The proposal cannot be submitted yet; missing: {', '.join(missing)}",
            missing=missing,
        )
    return _move(session, proposal, Action.SUBMIT)


def record_submitted(
    session: Session, actor: Actor, proposal: Proposal, before: str, proof_sha256: str
) -> None:
    """The submission's event names the proof the reviewers will see; partners hear of it."""
    data = {"from": before, "to": proposal.status, "proof_sha256": proof_sha256}
    _audit(session, actor, proposal, "submitted", data, transition=True)
    notifications.announce(
        session,
        "submitted",
        about(proposal),
        actor_id=actor.user_id,
        by=actor.display_name,
        administration=actor.administration_code,
    )


def missing_texts(proposal: Proposal) -> list[str]:
    """The texts a proposal still lacks before review."""
    missing = []
    if not proposal.description_ar.strip():
        missing.append("description.ar")
    if not proposal.description_en.strip():
        missing.append("description.en")
    return missing


def withdraw(session: Session, actor: Actor, proposal: Proposal) -> None:
    transition(session, actor, proposal, Action.WITHDRAW, "withdrawn")


def contributed(session: Session, proposal_id: int, user_id: int) -> bool:
    """Whether the user wrote texts or artwork of the proposal (separation of duties)."""
    stmt = select(func.count()).where(
        AuditEvent.stream == audit_chain.proposal_stream(proposal_id),
        AuditEvent.actor_id == user_id,
        AuditEvent.kind.in_(CONTRIBUTION_KINDS),
    )
    return bool(session.scalar(stmt))


def _audit(
    session: Session,
    actor: Actor,
    proposal: Proposal,
    kind: str,
    data: dict[str, Any],
    *,
    transition: bool = False,
) -> None:
    """Append the proposal's event; a transition's is followed by a signed checkpoint."""
    audit_chain.append(
        session,
        stream=audit_chain.proposal_stream(proposal.id),
        kind=kind,
        actor_id=actor.user_id,
        actor=actor.username,
        data={"administration": actor.administration_code, **data},
        proposal_id=proposal.id,
        transition=transition,
    )


def record(
    session: Session, actor: Actor, proposal: Proposal, kind: str, data: dict[str, Any]
) -> None:
    """Write an audit event for a proposal on behalf of another domain (artwork, reviews)."""
    _audit(session, actor, proposal, kind, data)


def about(proposal: Proposal) -> notifications.About:
    """The proposal as notifications name it (variants must be loaded)."""
    return notifications.About(
        proposal_id=proposal.id,
        title_en=proposal.title_en,
        title_ar=proposal.title_ar,
        partner_ids=frozenset(v.administration_id for v in proposal.variants),
    )
