"""People change: an administrator deactivates, reactivates or re-roles a person of their
own administration, and the approvals that person gave stop counting where not yet final.

A flow because it spans two domains: the account (auth) and the reviews it leaves pending.
The account changes first, under its administration's lock; then each proposal in review
holding a standing approval by the person is locked in id order (as an approver's decision
locks it) and the approval is marked lapsed, in the audit trail too. An approval racing the
change is refused by the decision's own check of the approver, or, committed in the instant
between, stops counting all the same: whether an approval counts is read from the person as
they are now (`reviews.counts`), and the next decision on that proposal marks it. An
approved or issued proposal is not touched: its sealed evidence names who signed then.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.auth import service as auth
from app.auth.models import User
from app.auth.service import AccountChange, Actor
from app.proposals import service as proposals
from app.reviews import service as reviews


@dataclass(frozen=True)
class Outcome:
    """What changed of the account, and which approvals stopped counting (by proposal)."""

    user: User
    changed: dict[str, object]
    lapsed: dict[int, list[str]]


def change(session: Session, user: User, change: AccountChange, *, by: Actor | None) -> Outcome:
    """Apply `change` to `user` (already found in the caller's administration, or named on
    the command line by `by=None`) and lapse the approvals it makes stale."""
    changed = auth.change_account(session, user, change, by=by)
    pending = reviews.pending_by(session, user.id) if changed else []
    lapsed: dict[int, list[str]] = {}
    if pending:
        who = reviews.ChangedBy(by.user_id if by else None, by.username if by else "system")
        reason = "deactivated" if changed.get("is_active") is False else "roles_changed"
        for proposal in proposals.lock(session, pending):
            codes = reviews.lapse_stale(session, proposal, who, reason)
            if codes:
                lapsed[proposal.id] = codes
    return Outcome(user, changed, lapsed)
