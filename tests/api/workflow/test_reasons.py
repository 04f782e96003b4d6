"""A request for changes or a rejection says why, and the designers read every reason on the
proposal itself, round after round."""

from __future__ import annotations

import pytest

from tests.factories import Flow


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
@pytest.mark.parametrize("blank", ["", "   ", "\n \n"])
def test_a_decision_against_needs_a_reason(flow: Flow, decision: str, blank: str) -> None:
    pid = flow.in_review()
    before = flow.get(pid)
    r = flow.review(pid, flow.staff.om_approver, decision, comment=blank)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert problem["errors"][0]["loc"] == ["body", "comment"]
    assert problem["errors"][0]["type"] == "reason_required"
    assert problem["detail"].startswith("comment: a reason is required to ")
    after = flow.get(pid)
    assert after["status"] == "in_review"
    assert after["version"] == before["version"]
    assert after["review_history"] == []


def test_an_approval_needs_no_reason(flow: Flow) -> None:
    pid = flow.in_review()
    assert flow.review(pid, flow.staff.om_approver, "approve", comment="").status_code == 201


def test_designers_read_every_reason_on_the_proposal(flow: Flow) -> None:
    pid = flow.in_review()
    reason = "الشعار صغير · the emblem is too small"
    r = flow.review(pid, flow.staff.om_approver, "request_changes", comment=reason)
    assert r.status_code == 201, r.text
    seen = flow.get(pid, flow.staff.ps_designer)
    assert seen["status"] == "draft"
    assert [(d["decision"], d["comment"], d["administration"]) for d in seen["reviews"]] == [
        ("request_changes", reason, "OM")
    ]
    flow.submit(pid)  # a new round: the reason stays in the history
    again = flow.get(pid, flow.staff.ps_designer)
    assert again["reviews"] == []
    assert [(d["comment"], d["review_round"]) for d in again["review_history"]] == [(reason, 1)]
