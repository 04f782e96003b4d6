"""Issue an approved proposal into the catalogue: one numbered entry per partner, linked to
the proof every partner approved and to the artwork it shows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.artwork import service as artwork
from app.auth.permissions import require
from app.auth.service import Actor
from app.catalogue import service as catalogue
from app.catalogue.models import CatalogueEntry
from app.catalogue.schemas import IssueIn
from app.core.problems import Conflict
from app.designs import themes
from app.designs.formats import stamp_format
from app.proposals import service as proposals
from app.reviews import service as reviews


def issue(
    session: Session,
    actor: Actor,
    proposal_id: int,
    details: IssueIn | None,
    *,
    designs_dir: Path,
) -> list[CatalogueEntry]:
    """Issue the proposal (administrators of a partner); 409 unless it is approved."""
    proposal = proposals.get(session, actor, proposal_id, for_update=True)
    require(actor, "admin")
    approvals = reviews.approvals(session, proposal)
    latest = artwork.latest(session, proposal.id)
    if proposal.status == "approved" and (not approvals or latest is None):
        raise Conflict("The approval record of this proposal is incomplete")
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
