"""The proposal state machine, as pure values: which transitions exist and when approval holds.

    draft ──submit──▶ in_review ──(every partner approved)──▶ approved ──issue──▶ issued
      ▲                  │  │
      └─request_changes──┘  └──reject──▶ rejected     draft/in_review ──withdraw──▶ withdrawn

Nothing here touches a database or HTTP, so every rule is tested on plain values.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from app.core.problems import InvalidTransition


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    ISSUED = "issued"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    ISSUE = "issue"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.IN_REVIEW,
    (Status.IN_REVIEW, Action.REQUEST_CHANGES): Status.DRAFT,
    (Status.IN_REVIEW, Action.APPROVE): Status.APPROVED,
    (Status.IN_REVIEW, Action.REJECT): Status.REJECTED,
    (Status.DRAFT, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.IN_REVIEW, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.APPROVED, Action.ISSUE): Status.ISSUED,
}
FINAL = frozenset({Status.ISSUED, Status.REJECTED, Status.WITHDRAWN})


def next_status(current: str, action: Action) -> Status:
    """The status `action` leads to from `current`, or InvalidTransition (409)."""
    status = Status(current)
    target = TRANSITIONS.get((status, action))
    if target is None:
        final = " (a final state)" if status in FINAL else ""
        raise InvalidTransition(
            f"Cannot {action.value.replace('_', ' ')} a proposal that is {status.value}{final}",
            current_status=status.value,
            action=action.value,
        )
    return target


def is_editable(current: str) -> bool:
    """Texts, variants and artwork change only in draft."""
    return Status(current) is Status.DRAFT


def all_partners_approved(partners: Iterable[int], approved_by: Iterable[int]) -> bool:
    """Dual control: every partner administration approved (the approvals are for one proof)."""
    partner_set = set(partners)
    return bool(partner_set) and partner_set <= set(approved_by)
