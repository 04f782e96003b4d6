"""Signing in and out of the studio, and the CSRF token every form carries."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.auth.models import ApiToken
from app.comments.models import Comment
from app.core.base import utcnow
from tests.api.studio.pages import Person, errors_in
from tests.factories import PASSWORD, Flow, Staff

LOGIN = "/studio/login"


def _sign_in(person: Person, username: str, password: str = PASSWORD, **headers: str) -> Response:
    token = person.csrf(LOGIN)
    answer: Response = person.client.post(
        LOGIN,
        data={"csrf_token": token, "username": username, "password": password, "next": "/studio/"},
        headers=headers,
    )
    return answer


def test_sign_in_makes_a_new_session_and_sign_out_ends_it(client: TestClient, staff: Staff) -> None:
    person = Person(client, None)
    planted = "planted-by-someone-else"
    person.client.cookies.set("stamps_studio", planted)
    answer = _sign_in(person, staff.om_approver.username)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/studio/"
    cookie = answer.headers["set-cookie"]
    assert "stamps_studio=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Path=/studio" in cookie
    assert "Secure" not in cookie
    session = person.client.cookies.get("stamps_studio", path="/studio")
    assert session
    assert session != planted
    assert person.get("/studio/").status_code == 200

    again = Person(client, None)
    _sign_in(again, staff.om_approver.username)
    assert again.client.cookies.get("stamps_studio", path="/studio") != session  # new each time

    out = person.post("/studio/logout")
    assert out.status_code == 303
    replay = Person(client, None)
    replay.client.cookies.set("stamps_studio", session)
    assert replay.get("/studio/").status_code == 303  # the old value opens nothing


def test_cookies_are_secure_over_https(client: TestClient, staff: Staff) -> None:
    person = Person(client, None)
    person.client.base_url = "https://testserver"
    answer = _sign_in(person, staff.ps_designer.username)
    assert answer.status_code == 303
    assert "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_is_said_in_the_page_language_and_throttled_like_the_api(
    client: TestClient, staff: Staff
) -> None:
    person = Person(client, None)
    first = _sign_in(person, staff.ps_admin.username, "wrong password", **{"accept-language": "ar"})
    assert first.status_code == 401
    assert "text/html" in first.headers["content-type"]
    assert "اسم المستخدم أو كلمة المرور غير صحيحة." in errors_in(first)
    statuses = [_sign_in(person, staff.ps_admin.username, "wrong").status_code for _ in range(6)]
    assert statuses[-1] == 429
    refused = _sign_in(person, staff.ps_admin.username)  # even the right password waits
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    api = client.post(
        "/api/v1/auth/token", data={"username": staff.ps_admin.username, "password": PASSWORD}
    )
    assert api.status_code == 429  # the API shares the record of failures


def test_next_never_leads_to_another_site(client: TestClient, staff: Staff) -> None:
    person = Person(client, None)
    token = person.csrf(LOGIN)
    answer = person.client.post(
        LOGIN,
        data={
            "csrf_token": token,
            "username": staff.ps_designer.username,
            "password": PASSWORD,
            "next": "//evil.example/studio",
        },
    )
    assert answer.headers["location"] == "/studio/"


def _comments(db: Session) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(Comment)) or 0)


@pytest.mark.parametrize(
    ("token", "origin"),
    [(None, None), ("forged", None), ("other-session", None), ("own", "https://evil.example")],
)
def test_a_form_without_its_token_or_from_another_site_is_refused(
    client: TestClient, staff: Staff, flow: Flow, db: Session, token: str | None, origin: str | None
) -> None:
    pid = flow.create()
    person = Person(client, staff.om_approver)
    other = Person(client, staff.ps_approver)
    values = {"own": person.csrf(), "other-session": other.csrf(), "forged": "0" * 64}
    data = {"body": "A comment that must not land"}
    if token is not None:
        data["csrf_token"] = values[token]
    headers = {"origin": origin} if origin else {}
    before = _comments(db)
    answer = person.client.post(f"/studio/proposals/{pid}/comments", data=data, headers=headers)
    assert answer.status_code == 403
    assert "text/html" in answer.headers["content-type"]
    assert _comments(db) == before
    sign_in = Person(client, None)
    refused = sign_in.client.post(
        LOGIN, data={"username": staff.ps_designer.username, "password": PASSWORD}
    )
    assert refused.status_code == 403
    assert "stamps_studio=" not in refused.headers.get("set-cookie", "")


def test_the_own_token_and_origin_are_accepted(
    client: TestClient, staff: Staff, flow: Flow
) -> None:
    pid = flow.create()
    person = Person(client, staff.om_approver)
    answer = person.post(
        f"/studio/proposals/{pid}/comments",
        {"body": "Accepted"},
        headers={"origin": "http://testserver"},
    )
    assert answer.status_code == 303


def test_an_expired_session_signs_out(client: TestClient, staff: Staff, db: Session) -> None:

    person = Person(client, staff.eg_admin)
    assert person.get("/studio/").status_code == 200
    db.execute(update(ApiToken).values(expires_at=utcnow()))
    db.commit()
    answer = person.get("/studio/inbox")
    assert answer.status_code == 303
    assert re.match(r"/studio/login\?next=%2Fstudio%2Finbox", answer.headers["location"])
