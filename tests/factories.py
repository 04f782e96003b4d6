"""Small typed factories: users with tokens, and an HTTP driver for the proposal workflow."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.auth import service as auth
from app.auth.models import User
from app.core import security

PASSWORD = "correct horse battery"
SECRET = "test-secret-key"


@lru_cache
def password_hash() -> str:
    """One argon2 hash for every test user: hashing is deliberately slow."""
    return security.hash_password(PASSWORD)


@dataclass(frozen=True)
class Caller:
    username: str
    administration: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_user(session: Session, code: str, *roles: str, username: str | None = None) -> Caller:
    admin = session.scalar(select(Administration).where(Administration.code == code))
    assert admin is not None, code
    name = username or f"{code.lower()}-{'-'.join(roles) or 'staff'}"
    user = User(
        username=name,
        display_name=name.replace("-", " ").title(),
        administration_id=admin.id,
        roles=sorted(roles),
        password_hash=password_hash(),
    )
    session.add(user)
    session.flush()
    token = auth.issue_token(session, user, SECRET, 3600)
    session.commit()
    return Caller(name, code, token)


def png_bytes(width: int = 1087, height: int = 850, colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG", dpi=(600, 600))
    return buffer.getvalue()


def proposal_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": {"ar": "إصدار مشترك فلسطين - عُمان", "en": "Palestine - Oman Joint Issue"},
        "description": {"ar": "طابع تذكاري مشترك", "en": "A joint commemorative stamp"},
        "theme": "postal-cooperation",
        "format": "standard-40x30",
        "joint_kind": "twin",
        "planned_issue_date": "2027-03-01",
        "variants": [
            {"administration": "PS", "face_value_minor": 500, "quantity": 100000},
            {"administration": "OM", "face_value_minor": 100, "quantity": 100000},
        ],
    }
    body.update(overrides)
    return body


@dataclass
class Staff:
    """The cast of a Palestine–Oman joint issue, plus outsiders from Egypt."""

    ps_designer: Caller
    om_designer: Caller
    ps_approver: Caller
    om_approver: Caller
    ps_admin: Caller
    om_admin: Caller
    eg_designer: Caller
    eg_approver: Caller
    eg_admin: Caller


def make_staff(session: Session) -> Staff:
    return Staff(
        ps_designer=make_user(session, "PS", "designer"),
        om_designer=make_user(session, "OM", "designer"),
        ps_approver=make_user(session, "PS", "approver"),
        om_approver=make_user(session, "OM", "approver"),
        ps_admin=make_user(session, "PS", "admin"),
        om_admin=make_user(session, "OM", "admin"),
        eg_designer=make_user(session, "EG", "designer"),
        eg_approver=make_user(session, "EG", "approver"),
        eg_admin=make_user(session, "EG", "admin"),
    )


class Flow:
    """Drives a proposal through the API, asserting each step succeeded."""

    def __init__(self, client: TestClient, staff: Staff) -> None:
        self.client = client
        self.staff = staff

    def create(self, by: Caller | None = None, **overrides: Any) -> int:
        r = self.client.post(
            "/api/v1/proposals",
            json=proposal_body(**overrides),
            headers=(by or self.staff.ps_designer).headers,
        )
        assert r.status_code == 201, r.text
        return int(r.json()["id"])

    def upload(self, pid: int, data: bytes | None = None, by: Caller | None = None) -> Response:
        r: Response = self.client.post(
            f"/api/v1/proposals/{pid}/artwork",
            files={"file": ("art.png", data or png_bytes(), "image/png")},
            headers=(by or self.staff.ps_designer).headers,
        )
        assert r.status_code in (200, 201), r.text
        return r

    def submit(self, pid: int, by: Caller | None = None) -> None:
        r = self.client.post(
            f"/api/v1/proposals/{pid}/submit", headers=(by or self.staff.ps_designer).headers
        )
        assert r.status_code == 200, r.text

    def proof_sha(self, pid: int, by: Caller | None = None) -> str:
        r = self.client.get(
            f"/api/v1/proposals/{pid}/proof.pdf", headers=(by or self.staff.ps_approver).headers
        )
        assert r.status_code == 200, r.text
        etag: str = r.headers["etag"]
        return etag.strip('"')

    def review(
        self,
        pid: int,
        by: Caller,
        decision: str = "approve",
        sha: str | None = None,
        comment: str | None = None,
    ) -> Response:
        response: Response = self.client.post(
            f"/api/v1/proposals/{pid}/reviews",
            json={
                "decision": decision,
                "proof_sha256": sha or self.proof_sha(pid, by),
                "comment": reason_for(decision) if comment is None else comment,
                "password": PASSWORD,
            },
            headers=by.headers,
        )
        return response

    def in_review(self) -> int:
        pid = self.create()
        self.upload(pid)
        self.submit(pid)
        return pid

    def approved(self) -> int:
        pid = self.in_review()
        for approver in (self.staff.ps_approver, self.staff.om_approver):
            r = self.review(pid, approver)
            assert r.status_code == 201, r.text
        return pid

    def issued(self, issue_date: str = "2027-03-01") -> list[dict[str, Any]]:
        pid = self.approved()
        r = self.client.post(
            f"/api/v1/proposals/{pid}/issue",
            json={"issue_date": issue_date},
            headers=self.staff.ps_admin.headers,
        )
        assert r.status_code == 201, r.text
        entries: list[dict[str, Any]] = r.json()
        return entries

    def get(self, pid: int, by: Caller | None = None) -> dict[str, Any]:
        r = self.client.get(
            f"/api/v1/proposals/{pid}", headers=(by or self.staff.ps_designer).headers
        )
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


def reason_for(decision: str) -> str:
    """A reason where the decision needs one (changes requested, rejection), none otherwise."""
    return "" if decision == "approve" else "The emblem is too small; enlarge it."
