"""Adding an artwork version, in the two steps around the streamed body: may this person
upload to this proposal (settled before a byte is read), then validate, store and record
the staged file in one write transaction. The API and the studio's upload both call these."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.artwork import preflight, service
from app.artwork.models import ArtworkVersion
from app.artwork.upload import Staged
from app.auth.permissions import require
from app.auth.service import Actor
from app.core.db import Database
from app.designs.formats import stamp_format
from app.proposals import service as proposals
from app.storage.base import Storage


def check_allowed(database: Database, actor: Actor, proposal_id: int) -> None:
    """404 for a non-partner, 403 without the designer role, 409 unless in draft."""
    with database.reader() as read:
        proposal = proposals.get(read, actor, proposal_id)
        require(actor, "designer")
        proposals.require_editable(proposal)


def record(
    session: Session,
    actor: Actor,
    proposal_id: int,
    staged: Staged,
    storage: Storage,
    *,
    max_pixels: int,
    designs_dir: Path,
) -> tuple[ArtworkVersion, bool]:
    """The new version (or the existing one for identical bytes, with `False`)."""
    proposal = proposals.get(session, actor, proposal_id, for_update=True)
    return service.add_version(
        session,
        actor,
        proposal,
        staged.path,
        staged.sha256,
        staged.size,
        storage,
        max_pixels=max_pixels,
        target=preflight.Target.of(stamp_format(designs_dir, proposal.format)),
    )
