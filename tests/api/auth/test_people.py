"""People change: an admin deactivates, reactivates and re-roles people of their own
administration; tokens and studio sessions stop at once; approvals still in review lapse."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.auth.models import User
from app.auth.service import Actor
from app.flows import waiting
from app.reviews.models import Review
from tests.api.studio.pages import Person
from tests.factories import PASSWORD, Caller, Flow, Staff

NEW_PASSWORD = PASSWORD  # reviews ask for the password again


def _id(db: Session, caller: Caller) -> int:
    found = db.scalar(select(User.id).where(User.username == caller.username))
    assert found is not None
    return found


def _patch(client: TestClient, by: Caller, user_id: int, body: dict[str, Any]) -> Any:
    return client.patch(f"/api/v1/users/{user_id}", json=body, headers=by.headers)


def _new_user(client: TestClient, by: Caller, username: str, *roles: str) -> Caller:
    body = {
        "username": username,
        "display_name": username.replace("-", " ").title(),
        "password": NEW_PASSWORD,
        "roles": list(roles),
    }
    r = client.post("/api/v1/users", json=body, headers=by.headers)
    assert r.status_code == 201, r.text
    token = client.post("/api/v1/auth/token", data={"username": username, "password": NEW_PASSWORD})
    assert token.status_code == 200, token.text
    return Caller(username, by.administration, token.json()["access_token"])


def _events(db: Session, stream: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.stream == stream)))


def test_an_admin_deactivates_and_the_token_stops_at_once(
    client: TestClient, staff: Staff, db: Session
) -> None:
    person = staff.ps_designer
    assert client.get("/api/v1/me", headers=person.headers).status_code == 200
    r = _patch(client, staff.ps_admin, _id(db, person), {"is_active": False})
    assert r.status_code == 200, r.text
    assert r.json()["is_active"] is False
    refused = client.get("/api/v1/me", headers=person.headers)
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    login = client.post("/api/v1/auth/token", data={"username": person.username, "password": "x"})
    assert login.status_code == 401
    kinds = [(e.kind, e.actor, e.data["username"]) for e in _events(db, "administration:PS")]
    assert ("user_deactivated", staff.ps_admin.username, person.username) in kinds

    again = _patch(client, staff.ps_admin, _id(db, person), {"is_active": True})
    assert again.json()["is_active"] is True
    # The old token stays revoked: the person signs in afresh.
    assert client.get("/api/v1/me", headers=person.headers).status_code == 401
    assert [e.kind for e in _events(db, "administration:PS")][-1] == "user_reactivated"


def test_a_studio_session_of_a_deactivated_person_is_sent_to_sign_in(
    client: TestClient, staff: Staff, db: Session
) -> None:
    person = Person(client, staff.ps_approver)
    assert person.get("/studio/").status_code == 200
    _patch(client, staff.ps_admin, _id(db, staff.ps_approver), {"is_active": False})
    page = person.get("/studio/")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/studio/login")


def test_an_admin_cannot_touch_another_administrations_people(
    client: TestClient, staff: Staff, db: Session
) -> None:
    target = _id(db, staff.ps_approver)
    for body in ({"is_active": False}, {"roles": ["admin"]}):
        r = _patch(client, staff.om_admin, target, body)
        assert r.status_code == 404, r.text
        assert r.headers["content-type"] == "application/problem+json"
    assert _patch(client, staff.ps_designer, target, {"is_active": False}).status_code == 403
    assert client.get("/api/v1/me", headers=staff.ps_approver.headers).status_code == 200
    listed = client.get("/api/v1/users", headers=staff.om_admin.headers).json()
    assert {u["administration"] for u in listed} == {"OM"}
    assert staff.ps_approver.username not in {u["username"] for u in listed}
    assert _patch(client, staff.om_admin, 999_999, {"is_active": False}).status_code == 404


def test_a_role_removed_takes_effect_at_once(flow: Flow, db: Session) -> None:
    staff, client = flow.staff, flow.client
    pid = flow.in_review()
    r = _patch(client, staff.ps_admin, _id(db, staff.ps_approver), {"roles": ["designer"]})
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/me", headers=staff.ps_approver.headers).json()["roles"] == [
        "designer"
    ]
    sha = flow.proof_sha(pid, staff.ps_designer)
    assert flow.review(pid, staff.ps_approver, sha=sha).status_code == 403
    events = _events(db, "administration:PS")
    assert events[-1].kind == "user_roles_changed"
    assert events[-1].data["before"]["roles"] == ["approver"]
    assert events[-1].data["after"]["roles"] == ["designer"]


def test_the_last_active_admin_stays(client: TestClient, staff: Staff, db: Session) -> None:
    admin = _id(db, staff.ps_admin)
    for body in ({"is_active": False}, {"roles": ["designer"]}):
        r = _patch(client, staff.ps_admin, admin, body)
        assert r.status_code == 409, r.text
        problem = r.json()
        assert problem["type"].endswith("last-admin")
        assert problem["title"] == "The last administrator cannot be removed"
    assert client.get("/api/v1/me", headers=staff.ps_admin.headers).json()["roles"] == ["admin"]
    second = _new_user(client, staff.ps_admin, "ps-second-admin", "admin")
    assert _patch(client, second, admin, {"roles": ["designer"]}).status_code == 200
    # The second admin is now the last one: not even they can step down.
    assert _patch(client, second, _id(db, second), {"is_active": False}).status_code == 409


def test_a_change_that_says_nothing_is_refused(
    client: TestClient, staff: Staff, db: Session
) -> None:
    target = _id(db, staff.ps_designer)
    bodies: list[dict[str, Any]] = [
        {},
        {"roles": []},
        {"roles": ["king"]},
        {"is_active": "no"},
        {"name": "x"},
    ]
    for body in bodies:
        r = _patch(client, staff.ps_admin, target, body)
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert [e.kind for e in _events(db, "administration:PS")] == []


def _pending_ps_approval(flow: Flow) -> int:
    pid = flow.in_review()
    r = flow.review(pid, flow.staff.ps_approver)
    assert r.status_code == 201, r.text
    assert r.json()["proposal_status"] == "in_review"
    return pid


def test_a_deactivated_approvers_pending_approval_stops_counting_and_another_completes_it(
    flow: Flow, db: Session
) -> None:
    staff, client = flow.staff, flow.client
    pid = _pending_ps_approval(flow)
    assert [r["administration"] for r in flow.get(pid)["reviews"]] == ["PS"]
    r = _patch(client, staff.ps_admin, _id(db, staff.ps_approver), {"is_active": False})
    assert r.status_code == 200, r.text

    view = flow.get(pid)
    assert view["status"] == "in_review"
    assert view["reviews"] == []  # Palestine Post needs an approval again
    assert [h["lapsed"] for h in view["review_history"]] == [True]
    listed = client.get(f"/api/v1/proposals/{pid}/reviews", headers=staff.om_designer.headers)
    assert [d["lapsed"] for d in listed.json()] == [True]
    lapsed = [e for e in _events(db, f"proposal:{pid}") if e.kind == "approval_lapsed"]
    assert [(e.data["administration"], e.data["reviewer"]) for e in lapsed] == [
        ("PS", staff.ps_approver.username)
    ]

    second = _new_user(client, staff.ps_admin, "ps-second-approver", "approver")
    db.expire_all()
    board = waiting.dashboard(db, _actor(db, second.username))
    assert pid in {w.id for w in board.to_review}
    assert next(w for w in board.everything if w.id == pid).undecided == ("PS", "OM")
    assert flow.review(pid, staff.om_approver).json()["proposal_status"] == "in_review"
    done = flow.review(pid, second)
    assert done.status_code == 201, done.text
    assert done.json()["proposal_status"] == "approved"
    view = flow.get(pid)
    assert sorted((r["administration"], r["reviewer"]) for r in view["reviews"]) == [
        ("OM", staff.om_approver.username),
        ("PS", second.username),
    ]
    pdf = client.get(f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=second.headers)
    assert pdf.status_code == 200
    db.expire_all()
    signers = set(
        db.scalars(
            select(User.username)
            .join(Review, Review.reviewer_id == User.id)
            .where(Review.proposal_id == pid, Review.superseded_at.is_(None))
        )
    )
    assert signers == {second.username, staff.om_approver.username}


def _actor(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return Actor.of(user, username[:2].upper())


def test_a_role_removed_lapses_the_approval_for_good(flow: Flow, db: Session) -> None:
    staff, client = flow.staff, flow.client
    pid = _pending_ps_approval(flow)
    approver = _id(db, staff.ps_approver)
    assert _patch(client, staff.ps_admin, approver, {"roles": ["designer"]}).status_code == 200
    assert _patch(client, staff.ps_admin, approver, {"roles": ["approver"]}).status_code == 200
    view = flow.get(pid)
    assert view["reviews"] == []  # given back the role, the lapsed approval stays lapsed
    again = flow.review(pid, staff.ps_approver)  # ... and they may approve anew
    assert again.status_code == 201, again.text
    assert [r["administration"] for r in flow.get(pid)["reviews"]] == ["PS"]


def test_an_approval_stops_counting_whichever_way_the_account_changed(
    flow: Flow, db: Session
) -> None:
    """Counting reads the approver as they are now: an account changed outside the API (a
    database repair) lapses the approval too, and the next decision marks it."""
    staff, client = flow.staff, flow.client
    pid = _pending_ps_approval(flow)
    db.execute(update(User).where(User.id == _id(db, staff.ps_approver)).values(is_active=False))
    db.commit()
    assert flow.get(pid)["reviews"] == []
    second = _new_user(client, staff.ps_admin, "ps-other-approver", "approver")
    assert flow.review(pid, second).status_code == 201
    assert flow.review(pid, staff.om_approver).json()["proposal_status"] == "approved"
    kinds = [e.kind for e in _events(db, f"proposal:{pid}")]
    assert "approval_lapsed" in kinds


def test_after_approval_the_evidence_stays_and_names_who_signed(flow: Flow, db: Session) -> None:
    staff, client = flow.staff, flow.client
    pid = flow.approved()
    before = client.get(
        f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.ps_admin.headers
    )
    assert before.status_code == 200
    for approver in (staff.ps_approver, staff.om_approver):
        admin = staff.ps_admin if approver.administration == "PS" else staff.om_admin
        assert _patch(client, admin, _id(db, approver), {"is_active": False}).status_code == 200
    view = flow.get(pid)
    assert view["status"] == "approved"
    assert sorted(r["reviewer"] for r in view["reviews"]) == sorted(
        [staff.ps_approver.username, staff.om_approver.username]
    )
    assert not any(h["lapsed"] for h in view["review_history"])
    after = client.get(
        f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.ps_admin.headers
    )
    assert hashlib.sha256(after.content).digest() == hashlib.sha256(before.content).digest()
    assert not [e for e in _events(db, f"proposal:{pid}") if e.kind == "approval_lapsed"]
    issued = client.post(
        f"/api/v1/proposals/{pid}/issue",
        json={"issue_date": "2027-03-01"},
        headers=staff.ps_admin.headers,
    )
    assert issued.status_code == 201, issued.text


def test_the_studio_page_shows_the_lapsed_approval_and_asks_for_another(
    flow: Flow, db: Session
) -> None:
    staff, client = flow.staff, flow.client
    pid = _pending_ps_approval(flow)
    _patch(client, staff.ps_admin, _id(db, staff.ps_approver), {"is_active": False})
    page = Person(client, staff.om_designer).get(f"/studio/proposals/{pid}?lang=en")
    assert page.status_code == 200
    assert "no longer counts: its approver is no longer an active approver" in page.text
    assert f"The approval by {staff.ps_approver.username} for PS no longer counts" in page.text
    assert page.text.count("Not decided yet") == 2  # both partners: OM had not decided either
    arabic = Person(client, staff.om_designer).get(f"/studio/proposals/{pid}?lang=ar")
    assert "لم يعد محسوبًا" in arabic.text
