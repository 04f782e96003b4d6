"""The workflow rules of DESIGN.md, each shown through HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.reviews.models import Review
from tests.factories import PASSWORD, Flow, make_user, png_bytes


def _reviews(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Review)) or 0


def test_one_partner_alone_leaves_the_proposal_in_review(flow: Flow) -> None:
    pid = flow.in_review()
    r = flow.review(pid, flow.staff.ps_approver)
    assert r.status_code == 201, r.text
    assert r.json()["proposal_status"] == "in_review"
    assert flow.get(pid)["status"] == "in_review"
    r = flow.review(pid, flow.staff.om_approver)
    assert r.json()["proposal_status"] == "approved"
    proposal = flow.get(pid)
    assert proposal["status"] == "approved"
    assert {(x["administration"], x["decision"]) for x in proposal["reviews"]} == {
        ("PS", "approve"),
        ("OM", "approve"),
    }


def test_a_second_approver_of_the_same_administration_does_not_count_twice(
    flow: Flow, db: Session
) -> None:
    second = make_user(db, "PS", "approver", username="ps-approver-2")
    pid = flow.in_review()
    assert flow.review(pid, flow.staff.ps_approver).status_code == 201
    r = flow.review(pid, second)
    assert r.status_code == 409
    assert flow.get(pid)["status"] == "in_review"


@pytest.mark.parametrize("who", ["ps_designer", "ps_admin"])
def test_non_approvers_cannot_review(flow: Flow, db: Session, who: str) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    before = _reviews(db)
    r = flow.review(pid, getattr(flow.staff, who), sha=sha)
    assert r.status_code == 403
    assert _reviews(db) == before
    assert flow.get(pid)["status"] == "in_review"


def test_non_partner_approver_cannot_review_and_learns_nothing(flow: Flow, db: Session) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    r = flow.review(pid, flow.staff.eg_approver, sha=sha)
    assert r.status_code == 404  # existence is not revealed to non-partners
    assert _reviews(db) == 0


def test_an_approver_who_edited_or_uploaded_cannot_approve(flow: Flow, db: Session) -> None:
    both = make_user(db, "OM", "designer", "approver", username="om-designer-approver")
    pid = flow.create()
    flow.upload(pid, png_bytes(colour="navy"), by=both)
    flow.submit(pid)
    r = flow.review(pid, both)
    assert r.status_code == 403
    assert "changed" in r.json()["detail"]
    assert _reviews(db) == 0

    editor = make_user(db, "PS", "designer", "approver", username="ps-editor-approver")
    pid2 = flow.create()
    url = f"/api/v1/proposals/{pid2}"
    etag = flow.client.get(url, headers=editor.headers).headers["etag"]
    r = flow.client.patch(
        url, json={"theme": "heritage"}, headers={**editor.headers, "If-Match": etag}
    )
    assert r.status_code == 200
    flow.upload(pid2)
    flow.submit(pid2)
    assert flow.review(pid2, editor).status_code == 403


def test_a_review_of_a_stale_proof_is_refused(flow: Flow, db: Session) -> None:
    pid = flow.in_review()
    r = flow.review(pid, flow.staff.ps_approver, sha="a" * 64)
    assert r.status_code == 409
    assert r.json()["current_proof_sha256"] == flow.proof_sha(pid)
    assert _reviews(db) == 0


def test_new_artwork_after_changes_requested_makes_earlier_approvals_stale(flow: Flow) -> None:
    pid = flow.in_review()
    first_proof = flow.proof_sha(pid)
    assert flow.review(pid, flow.staff.ps_approver).status_code == 201
    r = flow.review(pid, flow.staff.om_approver, decision="request_changes")
    assert r.json()["proposal_status"] == "draft"
    flow.upload(pid, png_bytes(colour="maroon"))
    flow.submit(pid)
    new_proof = flow.proof_sha(pid)
    assert new_proof != first_proof
    # The old approval neither counts nor can be replayed against the old proof.
    assert flow.review(pid, flow.staff.om_approver, sha=first_proof).status_code == 409
    assert flow.review(pid, flow.staff.om_approver).status_code == 201
    assert flow.get(pid)["status"] == "in_review"
    assert flow.review(pid, flow.staff.ps_approver).status_code == 201
    assert flow.get(pid)["status"] == "approved"


def test_resubmitting_unchanged_still_needs_every_partner_again(flow: Flow) -> None:
    pid = flow.in_review()
    assert flow.review(pid, flow.staff.ps_approver).status_code == 201
    flow.review(pid, flow.staff.om_approver, decision="request_changes")
    flow.submit(pid)
    assert flow.review(pid, flow.staff.om_approver).status_code == 201
    assert flow.get(pid)["status"] == "in_review"


ILLEGAL = [
    ("draft", "reviews"),
    ("draft", "issue"),
    ("in_review", "submit"),
    ("in_review", "issue"),
    ("approved", "submit"),
    ("approved", "withdraw"),
    ("approved", "reviews"),
    ("issued", "submit"),
    ("issued", "withdraw"),
    ("issued", "issue"),
    ("issued", "reviews"),
    ("rejected", "submit"),
    ("rejected", "withdraw"),
    ("rejected", "reviews"),
    ("withdrawn", "submit"),
    ("withdrawn", "withdraw"),
    ("withdrawn", "reviews"),
    ("withdrawn", "issue"),
]


def _reach(flow: Flow, state: str) -> int:
    if state == "draft":
        pid = flow.create()
        flow.upload(pid)
        return pid
    if state == "in_review":
        return flow.in_review()
    if state == "approved":
        return flow.approved()
    if state == "issued":
        pid = flow.approved()
        r = flow.client.post(
            f"/api/v1/proposals/{pid}/issue", json={}, headers=flow.staff.ps_admin.headers
        )
        assert r.status_code == 201
        return pid
    if state == "rejected":
        pid = flow.in_review()
        assert flow.review(pid, flow.staff.om_approver, "reject").status_code == 201
        return pid
    pid = flow.in_review()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/withdraw", headers=flow.staff.om_designer.headers
    )
    assert r.status_code == 200
    return pid


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_transitions_outside_the_diagram_are_refused(flow: Flow, state: str, action: str) -> None:
    pid = _reach(flow, state)
    before = flow.get(pid)
    events = flow.client.get(
        f"/api/v1/proposals/{pid}/events", headers=flow.staff.ps_admin.headers
    ).json()
    url = f"/api/v1/proposals/{pid}/{action}"
    if action == "reviews":
        sha = flow.proof_sha(pid)
        r = flow.client.post(
            url,
            json={"decision": "approve", "proof_sha256": sha, "password": PASSWORD},
            headers=flow.staff.ps_approver.headers,
        )
    elif action == "issue":
        r = flow.client.post(url, json={}, headers=flow.staff.ps_admin.headers)
    else:
        r = flow.client.post(url, headers=flow.staff.ps_designer.headers)
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert flow.get(pid) == before
    after = flow.client.get(
        f"/api/v1/proposals/{pid}/events", headers=flow.staff.ps_admin.headers
    ).json()
    assert after == events


def test_withdraw_from_draft_and_in_review(flow: Flow) -> None:
    for pid in (flow.create(), flow.in_review()):
        r = flow.client.post(
            f"/api/v1/proposals/{pid}/withdraw", headers=flow.staff.om_designer.headers
        )
        assert r.status_code == 200
        assert r.json()["status"] == "withdrawn"
