"""Throttling of password checks, at login and at sign-off."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth import throttle
from app.reviews.models import Review
from tests.factories import PASSWORD, Flow, Staff


def _login(client: TestClient, username: str, password: str) -> int:
    r = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    status: int = r.status_code
    return status


@pytest.mark.usefixtures("staff")
def test_failed_logins_lock_the_account_with_retry_after(client: TestClient) -> None:
    for _ in range(5):
        assert _login(client, "ps-admin", "wrong password") == 401
    r = client.post("/api/v1/auth/token", data={"username": "ps-admin", "password": PASSWORD})
    assert r.status_code == 429
    assert r.headers["content-type"] == "application/problem+json"
    assert 0 < int(r.headers["retry-after"]) <= 2
    assert r.json()["retry_after"] == int(r.headers["retry-after"])


@pytest.mark.usefixtures("staff")
def test_one_account_locked_does_not_lock_another(client: TestClient) -> None:
    for _ in range(5):
        _login(client, "ps-admin", "wrong password")
    assert _login(client, "om-admin", PASSWORD) == 200


@pytest.mark.usefixtures("staff")
def test_a_client_address_guessing_many_accounts_is_slowed(client: TestClient) -> None:
    for i in range(20):
        assert _login(client, f"nobody-{i}", "guess") == 401
    assert _login(client, "ps-admin", PASSWORD) == 429


@pytest.mark.usefixtures("staff")
def test_success_clears_the_account_record(client: TestClient) -> None:
    for _ in range(4):
        _login(client, "ps-admin", "wrong password")
    assert _login(client, "ps-admin", PASSWORD) == 200
    for _ in range(4):
        assert _login(client, "ps-admin", "wrong password") == 401
    assert _login(client, "ps-admin", PASSWORD) == 200


def test_the_delay_doubles_and_is_capped() -> None:
    policy = throttle.Policy()
    delays = [throttle.delay_for(n, 5, policy) for n in range(4, 20)]
    assert delays[:2] == [0.0, 2.0]
    assert delays[2] == 4.0
    assert max(delays) == policy.max_delay_seconds


def _reviews(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Review)) or 0


def test_sign_off_needs_the_password_and_failures_count(flow: Flow, db: Session) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    url = f"/api/v1/proposals/{pid}/reviews"
    headers = flow.staff.om_approver.headers
    for _ in range(5):
        r = flow.client.post(
            url,
            json={"decision": "approve", "proof_sha256": sha, "password": "not mine"},
            headers=headers,
        )
        assert r.status_code == 403
        assert r.json()["type"].endswith("reauthentication-failed")
    assert _reviews(db) == 0
    r = flow.client.post(
        url,
        json={"decision": "approve", "proof_sha256": sha, "password": PASSWORD},
        headers=headers,
    )
    assert r.status_code == 429
    missing = flow.client.post(
        url,
        json={"decision": "approve", "proof_sha256": sha},
        headers=flow.staff.ps_approver.headers,
    )
    assert missing.status_code == 422
    assert _reviews(db) == 0


def test_login_locked_out_staff_member_cannot_sign_off_either(
    flow: Flow, staff: Staff, db: Session
) -> None:
    pid = flow.in_review()
    for _ in range(5):
        _login(flow.client, "om-approver", "wrong password")
    assert flow.review(pid, staff.om_approver).status_code == 429
    assert _reviews(db) == 0
