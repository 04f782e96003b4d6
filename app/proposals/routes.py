"""HTTP routes of proposals: open, list, read, edit (If-Match), submit, withdraw, events.

Every route loads the proposal through the partner-scoped query first, so staff of other
administrations get 404 before any role check could reveal that it exists.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from app.audit import chain as audit_chain
from app.audit.schemas import AuditEventOut
from app.auth.deps import CurrentActor
from app.auth.permissions import require
from app.core.db import ReadSessionDep, SessionDep
from app.core.deps import DesignsDirDep
from app.core.http import PROBLEM, PROBLEMS
from app.core.types import DbId
from app.flows import proposal_view as views
from app.flows.submit import submit
from app.proposals import service
from app.proposals.schemas import ProposalCreate, ProposalOut, ProposalSummary, ProposalUpdate
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["proposals"], responses=PROBLEMS)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_proposal(
    body: ProposalCreate,
    actor: CurrentActor,
    session: SessionDep,
    designs: DesignsDirDep,
    response: Response,
) -> ProposalOut:
    """Open a joint-issue proposal (designers of a partner administration)."""
    require(actor, "designer")
    proposal = service.create(session, actor, body, designs)
    out = views.detail(session, proposal)
    response.headers["ETag"] = service.etag(proposal)
    response.headers["Location"] = f"/api/v1/proposals/{proposal.id}"
    return out


@router.get("")
def list_proposals(actor: CurrentActor, session: ReadSessionDep) -> list[ProposalSummary]:
    """Proposals in which the caller's administration is a partner."""
    return views.summaries(session, service.list_for(session, actor))


@router.get("/{proposal_id}")
def get_proposal(
    proposal_id: DbId, actor: CurrentActor, session: ReadSessionDep, response: Response
) -> ProposalOut:
    proposal = service.get(session, actor, proposal_id)
    response.headers["ETag"] = service.etag(proposal)
    return views.detail(session, proposal)


@router.patch("/{proposal_id}", responses={412: PROBLEM, 428: PROBLEM})
def update_proposal(
    proposal_id: DbId,
    body: ProposalUpdate,
    actor: CurrentActor,
    session: SessionDep,
    designs: DesignsDirDep,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> ProposalOut:
    """Edit a draft; the If-Match header must carry the ETag the client last read."""
    proposal = service.get(session, actor, proposal_id, for_update=True)
    require(actor, "designer")
    service.check_if_match(proposal, if_match)
    service.update(session, actor, proposal, body, designs)
    out = views.detail(session, proposal)
    response.headers["ETag"] = service.etag(proposal)
    return out


@router.post("/{proposal_id}/submit")
def submit_proposal(
    proposal_id: DbId,
    actor: CurrentActor,
    session: SessionDep,
    storage: StorageDep,
    designs: DesignsDirDep,
    response: Response,
) -> ProposalOut:
    """Send a draft for review by every partner; 422 names what is still missing."""
    proposal = submit(session, actor, proposal_id, storage=storage, designs_dir=designs)
    out = views.detail(session, proposal)
    response.headers["ETag"] = service.etag(proposal)
    return out


@router.post("/{proposal_id}/withdraw")
def withdraw_proposal(
    proposal_id: DbId, actor: CurrentActor, session: SessionDep, response: Response
) -> ProposalOut:
    proposal = service.get(session, actor, proposal_id, for_update=True)
    require(actor, "designer")
    service.withdraw(session, actor, proposal)
    out = views.detail(session, proposal)
    response.headers["ETag"] = service.etag(proposal)
    return out


@router.get("/{proposal_id}/events")
def proposal_events(
    proposal_id: DbId, actor: CurrentActor, session: ReadSessionDep
) -> list[AuditEventOut]:
    """The proposal's audit trail, oldest first, with each event's hash-chain links."""
    proposal = service.get(session, actor, proposal_id)
    return [
        AuditEventOut.model_validate(e)
        for e in audit_chain.events_for_proposal(session, proposal.id)
    ]
