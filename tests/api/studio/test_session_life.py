"""A studio session's life: made new at sign-in whatever the browser held, flagged so scripts
and other sites cannot use it, ended at once by sign-out, ended by its age, and the password
checks (sign-in and sign-off) counted in the API's own record of failures."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth import service as auth_service
from app.auth.models import AuthFailure
from app.core.base import utcnow
from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from app.reviews.models import Review
from tests.api.studio.pages import Person
from tests.api.studio.records import changed, snapshot
from tests.factories import PASSWORD, Flow, Staff

LOGIN = "/studio/login"
SECONDS = 120


def _sign_in(person: Person, username: str, password: str = PASSWORD, **headers: str) -> Response:
    token = person.csrf(LOGIN)
    answer: Response = person.client.post(
        LOGIN,
        data={"csrf_token": token, "username": username, "password": password},
        headers=headers,
    )
    return answer


def _cookies(answer: Response) -> dict[str, dict[str, str]]:
    """Each Set-Cookie of the answer: name -> its attributes (and `value`)."""
    found: dict[str, dict[str, str]] = {}
    for header in answer.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            attributes = {k: str(v) for k, v in morsel.items() if v}
            flags = {part.strip().lower() for part in header.split(";")}
            attributes |= {flag: "yes" for flag in ("httponly", "secure") if flag in flags}
            found[name] = {"value": morsel.value, **attributes}
    return found


@pytest.fixture
def short(settings: Settings, database: Database) -> Iterator[TestClient]:
    """The studio with sessions of two minutes (STAMPS_STUDIO_SESSION_SECONDS)."""
    brief = settings.model_copy(update={"studio_session_seconds": SECONDS})
    with TestClient(create_app(brief, database), follow_redirects=False) as client:
        yield client


def _move_clock(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    later = utcnow() + dt.timedelta(seconds=seconds)
    monkeypatch.setattr(auth_service, "utcnow", lambda: later)


def test_a_session_ends_when_its_time_is_up(
    short: TestClient, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Person(short, None)
    answer = _sign_in(person, staff.ps_designer.username)
    assert answer.status_code == 303
    assert _cookies(answer)["stamps_studio"]["max-age"] == str(SECONDS)
    assert person.get("/studio/inbox").status_code == 200
    _move_clock(monkeypatch, SECONDS - 5)
    assert person.get("/studio/inbox").status_code == 200
    _move_clock(monkeypatch, SECONDS + 1)
    late = person.get("/studio/inbox?lang=ar")
    assert late.status_code == 303
    assert late.headers["location"] == "/studio/login?next=%2Fstudio%2Finbox%3Flang%3Dar"


def test_a_form_posted_after_the_session_ended_records_nothing(
    short: TestClient, staff: Staff, flow: Flow, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = flow.create()
    person = Person(short, None)
    _sign_in(person, staff.om_approver.username)
    token = person.csrf()
    _move_clock(monkeypatch, SECONDS + 1)
    before = snapshot(db)
    answer = person.client.post(
        f"/studio/proposals/{pid}/comments", data={"csrf_token": token, "body": "Too late"}
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/studio/login?next=")
    assert changed(before, snapshot(db)) == []


def test_nothing_held_before_sign_in_becomes_the_session(client: TestClient, staff: Staff) -> None:
    person = Person(client, None)
    person.client.cookies.set("stamps_studio_pre", "chosen-by-an-attacker", path="/studio")
    person.client.cookies.set("stamps_studio", "chosen-by-an-attacker-too", path="/studio")
    before = {c.name: c.value for c in person.client.cookies.jar}
    answer = _sign_in(person, staff.om_approver.username)
    assert answer.status_code == 303
    made = _cookies(answer)
    session = made["stamps_studio"]["value"]
    assert session not in before.values()
    assert len(session) >= 32
    assert made["stamps_studio_pre"]["max-age"] == "0"  # the pre-session ends at sign-in
    signed_in_again = _sign_in(person, staff.om_approver.username)
    assert _cookies(signed_in_again)["stamps_studio"]["value"] != session


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_cookie_flags(client: TestClient, staff: Staff, scheme: str) -> None:
    person = Person(client, None)
    person.client.base_url = f"{scheme}://testserver"
    form = person.get(LOGIN)
    pre = _cookies(form)["stamps_studio_pre"]
    answer = _sign_in(person, staff.ps_admin.username)
    session = _cookies(answer)["stamps_studio"]
    for cookie in (pre, session):
        assert cookie["httponly"] == "yes"
        assert cookie["path"] == "/studio"
        assert ("secure" in cookie) == (scheme == "https")
    assert session["samesite"].lower() == "lax"
    assert pre["samesite"].lower() in ("lax", "strict")
    out = person.post("/studio/logout")
    ended = _cookies(out)["stamps_studio"]
    assert ended["value"] == ""
    assert ended["max-age"] == "0"
    assert ended["path"] == "/studio"


def test_sign_out_ends_the_session_everywhere_at_once(client: TestClient, staff: Staff) -> None:
    person = Person(client, None)
    answer = _sign_in(person, staff.ps_designer.username)
    session = _cookies(answer)["stamps_studio"]["value"]
    api = {"Authorization": f"Bearer {session}"}
    assert client.get("/api/v1/proposals", headers=api).status_code == 200
    assert person.post("/studio/logout").headers["location"] == "/studio/login"
    replay = Person(client, None)
    replay.client.cookies.set("stamps_studio", session)
    for path in ("/studio/", "/studio/inbox", "/studio/proposals/new"):
        gone = replay.get(path)
        assert gone.status_code == 303, path
        assert gone.headers["location"].startswith("/studio/login?next=")
    assert client.get("/api/v1/proposals", headers=api).status_code == 401


def _failures(db: Session, username: str) -> int:
    db.expire_all()
    stmt = select(func.count()).select_from(AuthFailure).where(AuthFailure.username == username)
    return int(db.scalar(stmt) or 0)


def test_the_lock_out_page_is_a_page_in_the_person_language(
    client: TestClient, staff: Staff
) -> None:
    person = Person(client, None)
    for _ in range(6):
        last = _sign_in(person, staff.om_admin.username, "wrong", **{"accept-language": "ar"})
    assert last.status_code == 429
    assert last.headers["content-type"].startswith("text/html")
    assert 'lang="ar" dir="rtl"' in last.text
    assert int(last.headers["retry-after"]) > 0
    assert "no-store" in last.headers["cache-control"]
    assert "content-security-policy" in last.headers
    assert re.search(r'name="username"[^>]*value="om-admin"', last.text)  # the form is kept


def test_a_wrong_password_at_sign_off_counts_toward_the_lock_out(
    client: TestClient, staff: Staff, flow: Flow, db: Session
) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    person = Person(client, staff.om_approver)
    decide = {"decision": "approve", "proof_sha256": sha, "password": "not my password"}
    for number in range(1, 6):
        wrong = person.post(f"/studio/proposals/{pid}/review?lang=en", decide)
        assert wrong.status_code == 403, wrong.text[:300]
        assert wrong.headers["content-type"].startswith("text/html")
        assert _failures(db, staff.om_approver.username) == number
    token = client.post(
        "/api/v1/auth/token", data={"username": staff.om_approver.username, "password": PASSWORD}
    )
    assert token.status_code == 429  # the API's sign-in waits too: one record of failures
    waits = person.post(f"/studio/proposals/{pid}/review", {**decide, "password": PASSWORD})
    assert waits.status_code == 429  # even the right password waits
    assert int(waits.headers["retry-after"]) > 0
    assert waits.headers["content-type"].startswith("text/html")
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Review)) == 0
    assert flow.get(pid)["status"] == "in_review"
