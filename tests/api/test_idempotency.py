"""Idempotency-Key on create-type POSTs: retries return the first result, never a second effect."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.artwork.models import ArtworkVersion
from app.proposals.models import Proposal
from app.reviews.models import Review
from tests.factories import PASSWORD, Flow, png_bytes, proposal_body


def _count(db: Session, model: type[object]) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_a_retried_create_returns_the_first_result(flow: Flow, db: Session) -> None:
    headers = {**flow.staff.ps_designer.headers, "Idempotency-Key": "create-1"}
    first = flow.client.post("/api/v1/proposals", json=proposal_body(), headers=headers)
    again = flow.client.post("/api/v1/proposals", json=proposal_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["etag"] == first.headers["etag"]
    assert _count(db, Proposal) == 1


def test_the_same_key_with_another_body_is_refused(flow: Flow, db: Session) -> None:
    headers = {**flow.staff.ps_designer.headers, "Idempotency-Key": "create-2"}
    assert flow.client.post("/api/v1/proposals", json=proposal_body(), headers=headers).is_success
    other = flow.client.post(
        "/api/v1/proposals", json=proposal_body(theme="heritage"), headers=headers
    )
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert _count(db, Proposal) == 1


def test_keys_are_scoped_to_the_user(flow: Flow, db: Session) -> None:
    key = {"Idempotency-Key": "shared-key"}
    for caller in (flow.staff.ps_designer, flow.staff.om_designer):
        r = flow.client.post(
            "/api/v1/proposals", json=proposal_body(), headers={**caller.headers, **key}
        )
        assert r.status_code == 201
        assert "idempotent-replayed" not in r.headers
    assert _count(db, Proposal) == 2


def test_uploads_reviews_and_issue_are_idempotent(flow: Flow, db: Session) -> None:
    pid = flow.create()
    upload = {**flow.staff.ps_designer.headers, "Idempotency-Key": "upload-1"}
    for _ in range(2):
        r = flow.client.post(
            f"/api/v1/proposals/{pid}/artwork",
            files={"file": ("a.png", png_bytes(), "image/png")},
            headers=upload,
        )
        assert r.status_code == 201
    assert _count(db, ArtworkVersion) == 1
    flow.submit(pid)
    sha = flow.proof_sha(pid)
    review = {**flow.staff.om_approver.headers, "Idempotency-Key": "review-1"}
    body = {"decision": "approve", "proof_sha256": sha, "password": PASSWORD}
    results = [
        flow.client.post(f"/api/v1/proposals/{pid}/reviews", json=body, headers=review)
        for _ in range(2)
    ]
    assert [r.status_code for r in results] == [201, 201]
    assert results[0].json() == results[1].json()
    assert _count(db, Review) == 1


def test_a_failed_request_releases_its_key(flow: Flow, db: Session) -> None:
    headers = {**flow.staff.ps_designer.headers, "Idempotency-Key": "retry-after-fix"}
    bad = proposal_body(format="no-such-format")
    assert flow.client.post("/api/v1/proposals", json=bad, headers=headers).status_code == 422
    good = flow.client.post("/api/v1/proposals", json=proposal_body(), headers=headers)
    assert good.status_code == 201
    assert _count(db, Proposal) == 1


def test_malformed_keys_are_refused(flow: Flow) -> None:
    headers = {**flow.staff.ps_designer.headers, "Idempotency-Key": "x" * 201}
    r = flow.client.post("/api/v1/proposals", json=proposal_body(), headers=headers)
    assert r.status_code == 400
