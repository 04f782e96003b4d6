"""The staff view of a proposal: its variants, latest artwork and current-round decisions.

A flow because it reads three domains; the API and the studio show the same view."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.artwork import service as artwork
from app.auth.models import User
from app.proposals.models import Proposal
from app.proposals.schemas import (
    ApprovalOut,
    Description,
    ProposalOut,
    ProposalSummary,
    Title,
    VariantOut,
)
from app.reviews import service as reviews


def _codes(session: Session) -> dict[int, str]:
    # A Result has .keys(), so dict(result) would treat it as a mapping.
    return {  # noqa: C416
        id_: code for id_, code in session.execute(select(Administration.id, Administration.code))
    }


def detail(session: Session, proposal: Proposal) -> ProposalOut:
    codes = _codes(session)
    latest = artwork.latest(session, proposal.id)
    creator = session.scalar(select(User.username).where(User.id == proposal.created_by_id))
    history = [
        ApprovalOut(
            administration=d.administration_code,
            reviewer=d.username,
            decision=d.review.decision,
            proof_sha256=d.review.proof_sha256,
            comment=d.review.comment,
            review_round=d.review.review_round,
            at=d.review.created_at,
            lapsed=d.lapsed,
        )
        for d in reviews.decisions(session, proposal)
    ]
    return ProposalOut(
        id=proposal.id,
        status=proposal.status,
        version=proposal.version,
        review_round=proposal.review_round,
        title=Title(ar=proposal.title_ar, en=proposal.title_en),
        description=Description(ar=proposal.description_ar, en=proposal.description_en),
        theme=proposal.theme,
        format=proposal.format,
        joint_kind=proposal.joint_kind,
        planned_issue_date=proposal.planned_issue_date,
        variants=[
            VariantOut(
                administration=codes[v.administration_id],
                face_value_minor=v.face_value_minor,
                quantity=v.quantity,
                issue_date=v.issue_date,
                digits=v.digits,
            )
            for v in proposal.variants
        ],
        artwork_version=latest.version if latest else None,
        created_by=creator or "",
        created_at=proposal.created_at,
        updated_at=proposal.updated_at,
        # The current round's decisions that stand: a lapsed approval awaits a new one.
        reviews=[r for r in history if r.review_round == proposal.review_round and not r.lapsed],
        review_history=history,
    )


def summaries(session: Session, proposals: list[Proposal]) -> list[ProposalSummary]:
    codes = _codes(session)
    return [
        ProposalSummary(
            id=p.id,
            status=p.status,
            title=Title(ar=p.title_ar, en=p.title_en),
            partners=[codes[v.administration_id] for v in p.variants],
            updated_at=p.updated_at,
        )
        for p in proposals
    ]
