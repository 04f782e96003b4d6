"""Issue an approved proposal into the catalogue: one numbered entry per partner, linked to
the proof every partner approved and to the artwork it shows.

What is published must be what was approved: the approved review proof carries the
publication record (texts, theme, joint kind, format, face values, quantities, dates,
partners), and issuing refuses when the proposal no longer matches it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.artwork import service as artwork
from app.auth.permissions import require
from app.auth.service import Actor
from app.catalogue import service as catalogue
from app.catalogue.models import CatalogueEntry
from app.catalogue.schemas import IssueIn
from app.core.problems import P_, Conflict
from app.designs import themes
from app.designs.formats import stamp_format
from app.proofs import service as proofs
from app.proofs.render import record
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.reviews import service as reviews
from app.storage.base import Storage, content_key


class NotWhatWasApproved(Conflict):
    type, title = "not-what-was-approved", P_("The proposal differs from the approved proof")


def _check_record(
    session: Session, proposal: Proposal, proof_sha256: str, storage: Storage, designs_dir: Path
) -> None:
    """Refuse to publish fields that differ from the approved proof's publication record."""
    approved = record.read(storage.read_bytes(content_key(proofs.NAMESPACE, proof_sha256)))
    if approved is None:  # a proof made before proofs carried their record
        return
    ids = [v.administration_id for v in proposal.variants]
    rows = select(Administration.id, Administration.code).where(Administration.id.in_(ids))
    codes = {row.id: row.code for row in session.execute(rows)}
    fmt = stamp_format(designs_dir, proposal.format)
    now = proofs.publication(proposal, codes, fmt).record()
    differing = sorted(key for key in set(now) | set(approved) if now.get(key) != approved.get(key))
    if differing:
        raise NotWhatWasApproved(
            "What would be published differs from the approved proof in: " + ", ".join(differing),
            fields=differing,
        )


def issue(
    session: Session,
    actor: Actor,
    proposal_id: int,
    details: IssueIn | None,
    *,
    designs_dir: Path,
    storage: Storage,
) -> list[CatalogueEntry]:
    """Issue the proposal (administrators of a partner); 409 unless it is approved."""
    proposal = proposals.get(session, actor, proposal_id, for_update=True)
    require(actor, "admin")
    approvals = reviews.approvals(session, proposal)
    latest = artwork.latest(session, proposal.id)
    if proposal.status == "approved" and (not approvals or latest is None):
        raise Conflict("The approval record of this proposal is incomplete")
    if proposal.status == "approved":
        _check_record(session, proposal, approvals[0].review.proof_sha256, storage, designs_dir)
    return catalogue.issue(
        session,
        actor,
        proposal,
        issue_date=details.issue_date if details else None,
        stamp_format=stamp_format(designs_dir, proposal.format),
        approved_proof_sha256=approvals[0].review.proof_sha256 if approvals else "",
        artwork_sha256=latest.sha256 if latest else "",
        details=details,
        themes=themes.load(designs_dir / "themes.json"),
    )
