"""The conversation over HTTP: threads on a proposal, pins on proof pages, resolve/reopen.

Every staff member of a partner administration may read and write; anyone else gets 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from app.auth.deps import CurrentActor
from app.comments import service
from app.comments.schemas import CommentIn, CommentOut, ReplyIn
from app.core.db import ReadSessionDep, SessionDep
from app.core.http import PROBLEMS
from app.core.types import DbId
from app.proofs import pages
from app.storage.deps import StorageDep

router = APIRouter(prefix="/api/v1/proposals", tags=["comments"], responses=PROBLEMS)


@router.get("/{proposal_id}/comments")
def list_comments(
    proposal_id: DbId,
    actor: CurrentActor,
    session: ReadSessionDep,
    proof_sha256: str | None = Query(default=None, pattern=r"^[0-9a-f]{64}$"),
    resolved: bool | None = None,
) -> list[CommentOut]:
    """Threads oldest first, with replies; `proof_sha256` keeps those pinned to that proof."""
    return service.threads(
        session, actor, proposal_id, proof_sha256=proof_sha256, resolved=resolved
    )


@router.post("/{proposal_id}/comments", status_code=status.HTTP_201_CREATED)
def add_comment(
    proposal_id: DbId,
    body: CommentIn,
    actor: CurrentActor,
    session: SessionDep,
    storage: StorageDep,
) -> CommentOut:
    """Start a thread; with `pin`, on a rectangle of one page of one of the proposal's proofs."""
    comment = service.add(
        session, actor, proposal_id, body, lambda sha: pages.page_count(storage, sha)
    )
    out = service.thread(session, proposal_id, comment.id)
    return out


@router.post("/{proposal_id}/comments/{comment_id}/replies", status_code=status.HTTP_201_CREATED)
def reply_to_comment(
    proposal_id: DbId, comment_id: DbId, body: ReplyIn, actor: CurrentActor, session: SessionDep
) -> CommentOut:
    """Answer a thread; the whole thread comes back."""
    answer = service.reply(session, actor, proposal_id, comment_id, body.body)
    out = service.thread(session, proposal_id, answer.id)
    return out


@router.post("/{proposal_id}/comments/{comment_id}/resolve")
def resolve_comment(
    proposal_id: DbId, comment_id: DbId, actor: CurrentActor, session: SessionDep
) -> CommentOut:
    """Mark a thread resolved (409 when it already is)."""
    service.set_resolved(session, actor, proposal_id, comment_id, resolved=True)
    out = service.thread(session, proposal_id, comment_id)
    return out


@router.post("/{proposal_id}/comments/{comment_id}/reopen")
def reopen_comment(
    proposal_id: DbId, comment_id: DbId, actor: CurrentActor, session: SessionDep
) -> CommentOut:
    """Open a resolved thread again (409 when it is open)."""
    service.set_resolved(session, actor, proposal_id, comment_id, resolved=False)
    out = service.thread(session, proposal_id, comment_id)
    return out
