"""What awaits a person, per role and administration: the studio's "waiting for me".

An approver waits on proposals in review where their administration has not decided this
round (an approval that lapsed, its giver no longer an active approver, is no decision); a
designer on drafts (those sent back with changes requested first); an administrator on
approved proposals not yet issued. Each line says who the proposal is waiting on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.administrations.models import Administration
from app.auth.service import Actor
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.reviews import service as reviews


@dataclass(frozen=True)
class Waiting:
    id: int
    title_ar: str
    title_en: str
    status: str
    review_round: int
    partners: tuple[str, ...]
    undecided: tuple[str, ...]  # partners that have not decided this round (in review)
    updated_at: dt.datetime
    planned_issue_date: dt.date
    sent_back: bool  # a draft that reviewers returned with changes requested


@dataclass(frozen=True)
class Dashboard:
    to_review: list[Waiting]
    to_design: list[Waiting]
    to_issue: list[Waiting]
    everything: list[Waiting]

    @property
    def waiting_count(self) -> int:
        return len(self.to_review) + len(self.to_design) + len(self.to_issue)


def dashboard(session: Session, actor: Actor) -> Dashboard:
    stmt = (
        proposals.readable_by(actor)
        .options(selectinload(Proposal.variants))
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
    )
    rows = list(session.scalars(stmt))
    codes = {i: c for i, c in session.execute(select(Administration.id, Administration.code))}  # noqa: C416 - rows, not pairs
    # Decisions that stand: an approval whose giver left the approver role awaits a new one.
    decided = reviews.standing_decided(session, [p for p in rows if p.status == "in_review"])
    lines: list[Waiting] = []
    for p in rows:
        partner_ids = [v.administration_id for v in p.variants]
        undecided = tuple(
            codes[a] for a in partner_ids if p.status == "in_review" and a not in decided[p.id]
        )
        lines.append(
            Waiting(
                id=p.id,
                title_ar=p.title_ar,
                title_en=p.title_en,
                status=p.status,
                review_round=p.review_round,
                partners=tuple(codes[a] for a in partner_ids),
                undecided=undecided,
                updated_at=p.updated_at,
                planned_issue_date=p.planned_issue_date,
                sent_back=p.status == "draft" and p.review_round > 0,
            )
        )
    mine = actor.administration_code
    return Dashboard(
        to_review=[w for w in lines if actor.has("approver") and mine in w.undecided],
        to_design=sorted(
            (w for w in lines if actor.has("designer") and w.status == "draft"),
            key=lambda w: not w.sent_back,
        ),
        to_issue=[w for w in lines if actor.has("admin") and w.status == "approved"],
        everything=lines,
    )
