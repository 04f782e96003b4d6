"""What a proof viewer needs besides the pages: each review round's proof, and the geometry
of a stored proof (with the sign-off table it carries once every partner approved)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.audit import chain as audit_chain
from app.designs.formats import formats
from app.proofs import pages, service
from app.proofs.render.signoffs import table_height
from app.proposals.models import Proposal
from app.storage.base import Storage


@dataclass(frozen=True)
class Round:
    review_round: int
    proof_sha256: str
    submitted_at: dt.datetime
    submitted_by: str


def rounds(session: Session, proposal_id: int) -> list[Round]:
    """Every review round's proof, oldest first: what each submission sent for review."""
    found: list[Round] = []
    for event in audit_chain.events_for_proposal(session, proposal_id):
        if event.kind == "submitted" and "proof_sha256" in event.data:
            found.append(Round(len(found) + 1, event.data["proof_sha256"], event.at, event.actor))
    return found


def approved_at(session: Session, proposal_id: int) -> dt.datetime | None:
    """When the proposal became approved (the last time, should it ever repeat)."""
    moments = [
        event.at
        for event in audit_chain.events_for_proposal(session, proposal_id)
        if event.data.get("to") == "approved"
    ]
    return moments[-1] if moments else None


def geometry(
    session: Session, storage: Storage, designs_dir: Path, proposal: Proposal, sha256: str
) -> tuple[str, list[pages.PageGeometry]]:
    """The proof's kind and each page's size and stamp boxes; 404 for another's proof."""
    proof = service.stored_proof_of(session, proposal.id, sha256)
    fmt = formats(designs_dir).get(proposal.format)
    table = 0.0
    approved = approved_at(session, proposal.id)
    if approved is not None and proof.created_at >= approved:
        # Rendered once every partner approved: the proof lists the sign-offs.
        table = table_height(len(service.signoffs(session, proposal)))
    return proof.kind, pages.geometry(storage, sha256, proof.kind, fmt, table)
