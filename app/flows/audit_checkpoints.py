"""What a partner's admin downloads to keep: the signed checkpoints of its proposals' chains.

Spans domains (administrations, proposals, audit): the proposals are those the caller's
administration is partner of, read through the same partner scope as every private read, so
an administration never receives another's streams, nor learns which proposals exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.administrations import service as administrations
from app.audit import chain as audit_chain
from app.audit import checkpoint_check, checkpoints
from app.auth.permissions import require
from app.auth.service import Actor
from app.core.base import utcnow
from app.core.problems import P_, Forbidden, NotFound
from app.proposals import service as proposals
from app.proposals.models import Proposal


class OtherAdministration(Forbidden):
    type, title = "other-administration", P_("This belongs to another administration")


def for_administration(session: Session, actor: Actor, code: str) -> dict[str, Any]:
    """The checkpoint document of `code`'s proposals, for that administration's admins only."""
    code = code.upper()
    if code not in administrations.by_codes(session, [code]):
        raise NotFound(f"No administration {code}")
    if actor.administration_code != code:
        raise OtherAdministration(
            f"Only admins of {code} download its audit checkpoints", administration=code
        )
    require(actor, "admin")
    ids = session.scalars(proposals.readable_by(actor).with_only_columns(Proposal.id))
    streams = [audit_chain.proposal_stream(pid) for pid in ids]
    rows = checkpoints.for_streams(session, streams)
    return checkpoint_check.document(
        [checkpoints.entry(row) for row in rows],
        scope=f"administration:{code}",
        exported_at=utcnow().isoformat(timespec="seconds"),
    )
