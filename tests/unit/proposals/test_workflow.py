"""The pure state machine: the diagram's transitions and nothing else."""

from __future__ import annotations

import pytest

from app.core.problems import InvalidTransition
from app.proposals import workflow
from app.proposals.workflow import Action, Status


def test_the_diagram_has_exactly_these_edges() -> None:
    edges = {(s.value, a.value, t.value) for (s, a), t in workflow.TRANSITIONS.items()}
    assert edges == {
        ("draft", "submit", "in_review"),
        ("in_review", "request_changes", "draft"),
        ("in_review", "approve", "approved"),
        ("in_review", "reject", "rejected"),
        ("draft", "withdraw", "withdrawn"),
        ("in_review", "withdraw", "withdrawn"),
        ("approved", "issue", "issued"),
    }


@pytest.mark.parametrize("status", [Status.ISSUED, Status.REJECTED, Status.WITHDRAWN])
@pytest.mark.parametrize("action", list(Action))
def test_final_states_allow_nothing(status: Status, action: Action) -> None:
    with pytest.raises(InvalidTransition, match="final"):
        workflow.next_status(status.value, action)


def test_dual_control_needs_every_partner() -> None:
    assert not workflow.all_partners_approved({1, 2}, {1})
    assert workflow.all_partners_approved({1, 2}, {1, 2})
    assert workflow.all_partners_approved({1, 2}, {2, 1, 3})
    assert not workflow.all_partners_approved(set(), set())


def test_only_drafts_are_editable() -> None:
    assert [s for s in Status if workflow.is_editable(s.value)] == [Status.DRAFT]
