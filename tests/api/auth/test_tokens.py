"""Tokens: login, the current user, revocation, expiry; problem+json on every failure."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.auth.models import ApiToken
from tests.factories import PASSWORD, Staff


@pytest.mark.usefixtures("staff")
def test_login_returns_a_bearer_token_that_identifies_the_user(client: TestClient) -> None:
    r = client.post("/api/v1/auth/token", data={"username": "ps-designer", "password": PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json() == {
        "username": "ps-designer",
        "display_name": "Ps Designer",
        "administration": "PS",
        "roles": ["designer"],
    }


@pytest.mark.usefixtures("staff")
def test_wrong_password_and_unknown_user_get_the_same_401(client: TestClient) -> None:
    for username, password in (("ps-designer", "wrong password"), ("nobody", PASSWORD)):
        r = client.post("/api/v1/auth/token", data={"username": username, "password": password})
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["detail"] == "Wrong username or password"


def test_anonymous_and_garbage_tokens_get_401(client: TestClient) -> None:
    assert client.get("/api/v1/me").status_code == 401
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


def test_revoked_token_stops_working_at_once(client: TestClient, staff: Staff) -> None:
    headers = staff.ps_admin.headers
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_expired_token_is_refused(client: TestClient, staff: Staff, db: Session) -> None:
    db.execute(update(ApiToken).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(1)))
    db.commit()
    assert client.get("/api/v1/me", headers=staff.ps_admin.headers).status_code == 401


def test_admin_creates_users_of_their_own_administration_only(
    client: TestClient, staff: Staff
) -> None:
    body = {
        "username": "om-second-approver",
        "display_name": "Second approver",
        "password": "a long enough password",
        "roles": ["approver"],
    }
    r = client.post("/api/v1/users", json=body, headers=staff.om_admin.headers)
    assert r.status_code == 201, r.text
    assert r.json()["administration"] == "OM"
    again = client.post("/api/v1/users", json=body, headers=staff.om_admin.headers)
    assert again.status_code == 409
    r = client.post(
        "/api/v1/users", json={**body, "username": "x-user"}, headers=staff.om_designer.headers
    )
    assert r.status_code == 403
    token = client.post(
        "/api/v1/auth/token",
        data={"username": "om-second-approver", "password": "a long enough password"},
    ).json()["access_token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["administration"] == "OM"
    assert me["roles"] == ["approver"]


def test_administrations_are_public_and_follow_the_contract(client: TestClient) -> None:
    r = client.get("/api/v1/administrations")
    assert r.status_code == 200
    by_code = {a["code"]: a for a in r.json()}
    assert set(by_code) >= {"PS", "OM", "EG"}
    assert by_code["OM"]["unit"] == {
        "name": {"ar": "بيسة", "en": "baisa"},
        "minor_per_major": 1000,
        "iso4217": "OMR",
    }
    assert by_code["PS"]["unit"]["iso4217"] is None
    assert by_code["PS"]["inscription"] == {"ar": "فلسطين", "latin": "PALESTINE"}


def test_healthz_reports_the_database(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
