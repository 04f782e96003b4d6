"""Conversation rules: who may comment, where a pin may point, threads and their resolution.

Every call first loads the proposal through the partner-scoped query, so the staff of any
partner administration read and write the conversation and everyone else gets 404. Replies
always hang from the thread's first comment: threads are one level deep, as reviewers read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.administrations.models import Administration
from app.auth.models import User
from app.auth.service import Actor
from app.comments.models import Comment
from app.comments.schemas import CommentIn, CommentOut, Pin, ReplyOut, Resolution
from app.core.base import utcnow
from app.core.problems import Conflict, NotFound, Unprocessable
from app.proofs.models import Proof
from app.proposals import service as proposals
from app.proposals.models import Proposal

PageCount = Callable[[str], int]


@dataclass(frozen=True)
class _Row:
    comment: Comment
    author: str
    author_name: str
    administration: str
    resolver: str | None


def _check_pin(session: Session, proposal: Proposal, pin: Pin, page_count: PageCount) -> None:
    """A pin must name a proof of this proposal and a page that proof has."""
    known = session.scalar(
        select(Proof.id)
        .where(Proof.proposal_id == proposal.id, Proof.sha256 == pin.proof_sha256)
        .limit(1)
    )
    if known is None:
        raise Unprocessable("The pin names no proof of this proposal", field="pin.proof_sha256")
    pages = page_count(pin.proof_sha256)
    if pin.page > pages:
        raise Unprocessable(f"The proof has {pages} page(s)", field="pin.page", pages=pages)


def add(
    session: Session, actor: Actor, proposal_id: int, body: CommentIn, page_count: PageCount
) -> Comment:
    """Start a thread on the proposal, pinned to a proof region when `body.pin` is given."""
    proposal = proposals.get(session, actor, proposal_id)
    pin = body.pin
    if pin is not None:
        _check_pin(session, proposal, pin, page_count)
    comment = Comment(
        proposal_id=proposal.id,
        author_id=actor.user_id,
        administration_id=actor.administration_id,
        review_round=proposal.review_round,
        body=body.body,
        proof_sha256=pin.proof_sha256 if pin else None,
        page=pin.page if pin else None,
        x=pin.x if pin else None,
        y=pin.y if pin else None,
        w=pin.w if pin else None,
        h=pin.h if pin else None,
    )
    session.add(comment)
    session.flush()
    return comment


def _thread(session: Session, proposal_id: int, comment_id: int) -> Comment:
    comment = session.scalar(
        select(Comment).where(Comment.id == comment_id, Comment.proposal_id == proposal_id)
    )
    if comment is None:
        raise NotFound(f"No comment {comment_id} on proposal {proposal_id}")
    if comment.parent_id is not None:
        parent = session.get(Comment, comment.parent_id)
        assert parent is not None  # noqa: S101 - foreign key
        return parent
    return comment


def reply(session: Session, actor: Actor, proposal_id: int, comment_id: int, text: str) -> Comment:
    """Answer a thread (a reply to a reply joins the same thread)."""
    proposal = proposals.get(session, actor, proposal_id)
    root = _thread(session, proposal.id, comment_id)
    answer = Comment(
        proposal_id=proposal.id,
        parent_id=root.id,
        author_id=actor.user_id,
        administration_id=actor.administration_id,
        review_round=proposal.review_round,
        body=text,
    )
    session.add(answer)
    session.flush()
    return answer


def set_resolved(
    session: Session, actor: Actor, proposal_id: int, comment_id: int, *, resolved: bool
) -> Comment:
    """Resolve or reopen a thread; doing what is already done is a 409, not a silent no-op."""
    proposal = proposals.get(session, actor, proposal_id)
    root = session.scalar(
        select(Comment)
        .where(Comment.id == comment_id, Comment.proposal_id == proposal.id)
        .with_for_update()
    )
    if root is None:
        raise NotFound(f"No comment {comment_id} on proposal {proposal_id}")
    if root.parent_id is not None:
        raise Unprocessable("Only a thread's first comment is resolved or reopened")
    if (root.resolved_at is not None) == resolved:
        state = "resolved" if resolved else "open"
        raise Conflict(f"The thread is already {state}", resolved=resolved)
    root.resolved_at = utcnow() if resolved else None
    root.resolved_by_id = actor.user_id if resolved else None
    session.flush()
    return root


def _rows(session: Session, proposal_id: int, only: int | None = None) -> list[_Row]:
    resolver = aliased(User)
    stmt = (
        select(Comment, User.username, User.display_name, Administration.code, resolver.username)
        .join(User, User.id == Comment.author_id)
        .join(Administration, Administration.id == Comment.administration_id)
        .outerjoin(resolver, resolver.id == Comment.resolved_by_id)
        .where(Comment.proposal_id == proposal_id)
        .order_by(Comment.id)
    )
    if only is not None:
        stmt = stmt.where((Comment.id == only) | (Comment.parent_id == only))
    return [_Row(*row) for row in session.execute(stmt)]


def _reply_out(row: _Row) -> ReplyOut:
    c = row.comment
    return ReplyOut(
        id=c.id,
        body=c.body,
        author=row.author,
        author_name=row.author_name,
        administration=row.administration,
        created_at=c.created_at,
    )


def _pin_of(c: Comment) -> Pin | None:
    if c.proof_sha256 is None or c.page is None:
        return None
    box = (c.x, c.y, c.w, c.h)
    if None in box:
        return None  # the check constraint keeps a pin whole; this only narrows the type
    x, y, w, h = (float(v or 0) for v in box)
    return Pin(proof_sha256=c.proof_sha256, page=c.page, x=x, y=y, w=w, h=h)


def _threads(rows: list[_Row]) -> list[CommentOut]:
    replies: dict[int, list[ReplyOut]] = {}
    for row in rows:
        if row.comment.parent_id is not None:
            replies.setdefault(row.comment.parent_id, []).append(_reply_out(row))
    out = []
    for row in rows:
        c = row.comment
        if c.parent_id is not None:
            continue
        resolved = (
            Resolution(by=row.resolver, at=c.resolved_at)
            if c.resolved_at is not None and row.resolver is not None
            else None
        )
        out.append(
            CommentOut(
                **_reply_out(row).model_dump(),
                review_round=c.review_round,
                pin=_pin_of(c),
                resolved=resolved,
                replies=replies.get(c.id, []),
            )
        )
    return out


def threads(
    session: Session,
    actor: Actor,
    proposal_id: int,
    *,
    proof_sha256: str | None = None,
    resolved: bool | None = None,
) -> list[CommentOut]:
    """The proposal's threads, oldest first, each with its replies; optionally filtered."""
    proposal = proposals.get(session, actor, proposal_id)
    found = _threads(_rows(session, proposal.id))
    if proof_sha256 is not None:
        found = [t for t in found if t.pin is not None and t.pin.proof_sha256 == proof_sha256]
    if resolved is not None:
        found = [t for t in found if (t.resolved is not None) == resolved]
    return found


def thread(session: Session, proposal_id: int, comment_id: int) -> CommentOut:
    """One thread as read back after a change (the caller has already loaded the proposal)."""
    root = _thread(session, proposal_id, comment_id)
    return _threads(_rows(session, proposal_id, only=root.id))[0]
