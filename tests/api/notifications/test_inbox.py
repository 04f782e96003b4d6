"""Who hears of each step of the joint issue, in the inbox and in the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.auth.models import User
from app.notifications.models import Notification, OutboxMessage
from tests.factories import PASSWORD, Caller, Flow


def _with_addresses(db: Session) -> None:
    db.execute(update(User).values(email=User.username + "@post.example"))
    db.commit()


def _inbox(flow: Flow, who: Caller, **params: Any) -> dict[str, Any]:
    r = flow.client.get("/api/v1/notifications", params=params, headers=who.headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _kinds(flow: Flow, who: Caller) -> list[str]:
    return [item["kind"] for item in reversed(_inbox(flow, who)["items"])]


def _outbox(db: Session) -> list[tuple[str, str]]:
    db.expire_all()
    rows = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [(r.to_address.split("@")[0], r.kind) for r in rows]


def test_each_step_tells_the_people_it_awaits(flow: Flow, db: Session) -> None:
    _with_addresses(db)
    s = flow.staff
    pid = flow.in_review()
    assert _outbox(db) == [("ps-approver", "submitted"), ("om-approver", "submitted")]
    assert _kinds(flow, s.om_approver) == ["submitted"]
    assert _kinds(flow, s.ps_designer) == []  # the one who submitted is not told
    for outsider in (s.eg_approver, s.eg_designer, s.eg_admin):
        assert _kinds(flow, outsider) == []
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/reviews",
        json={
            "decision": "request_changes",
            "proof_sha256": flow.proof_sha(pid),
            "comment": "الشعار صغير · the emblem is small",
            "password": PASSWORD,
        },
        headers=s.om_approver.headers,
    )
    assert r.status_code == 201
    [line] = _inbox(flow, s.ps_designer)["items"]
    assert line["kind"] == "changes_requested"
    assert line["data"]["reason"] == "الشعار صغير · the emblem is small"
    assert line["headline"]["en"] == "OM asked for changes to Palestine - Oman Joint Issue"
    assert line["headline"]["ar"].startswith("طلبت OM تعديلات")
    assert line["link"] == f"/studio/proposals/{pid}"
    assert _kinds(flow, s.om_designer) == ["changes_requested"]
    flow.submit(pid)
    assert flow.review(pid, s.ps_approver).status_code == 201
    # A partner approved: the designers hear, and the approver still to decide.
    assert _kinds(flow, s.om_approver)[-1] == "approved_by_partner"
    assert _kinds(flow, s.om_designer)[-1] == "approved_by_partner"
    assert flow.review(pid, s.om_approver).status_code == 201
    assert _kinds(flow, s.ps_admin) == ["approved"]
    assert _kinds(flow, s.om_admin) == ["approved"]
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/issue",
        json={"issue_date": "2027-03-01"},
        headers=s.ps_admin.headers,
    )
    assert r.status_code == 201, r.text
    for everyone in (s.om_admin, s.om_designer, s.ps_approver, s.om_approver, s.ps_designer):
        assert _kinds(flow, everyone)[-1] == "issued"
    assert "issued" not in _kinds(flow, s.ps_admin)
    assert _kinds(flow, s.eg_admin) == []
    sent = _outbox(db)
    assert ("om-admin", "issued") in sent
    assert ("ps-admin", "issued") not in sent


def test_no_address_no_mail_but_the_inbox_line(flow: Flow, db: Session) -> None:
    flow.in_review()
    assert _outbox(db) == []
    assert _kinds(flow, flow.staff.om_approver) == ["submitted"]


def test_a_refused_step_tells_nobody(flow: Flow, db: Session) -> None:
    _with_addresses(db)
    pid = flow.create()
    r = flow.client.post(f"/api/v1/proposals/{pid}/submit", headers=flow.staff.ps_designer.headers)
    assert r.status_code == 422  # no artwork yet
    db.expire_all()
    assert db.scalars(select(Notification)).all() == []
    assert _outbox(db) == []


def test_read_one_read_all_and_only_ones_own(flow: Flow) -> None:
    s = flow.staff
    first, second = flow.in_review(), flow.in_review()
    inbox = _inbox(flow, s.om_approver)
    assert inbox["unread"] == 2
    newest = inbox["items"][0]
    assert newest["proposal_id"] == second
    assert {i["proposal_id"] for i in inbox["items"]} == {first, second}
    mine = f"/api/v1/notifications/{newest['id']}/read"
    assert flow.client.post(mine, headers=s.ps_approver.headers).status_code == 404
    assert flow.client.post(mine, headers=s.om_approver.headers).status_code == 204
    assert _inbox(flow, s.om_approver)["unread"] == 1
    assert [i["id"] for i in _inbox(flow, s.om_approver, unread="true")["items"]] != [newest["id"]]
    assert _inbox(flow, s.ps_approver)["unread"] == 2
    all_read = flow.client.post("/api/v1/notifications/read", headers=s.om_approver.headers)
    assert all_read.status_code == 204
    assert _inbox(flow, s.om_approver)["unread"] == 0
    assert flow.client.get("/api/v1/notifications").status_code == 401


def test_users_get_an_address(flow: Flow, db: Session) -> None:
    admin = flow.staff.om_admin
    body = {
        "username": "om-second-approver",
        "display_name": "Second approver",
        "password": "long password 2",
        "roles": ["approver"],
        "email": "second.approver@omanpost.example",
    }
    r = flow.client.post("/api/v1/users", json=body, headers=admin.headers)
    assert r.status_code == 201, r.text
    assert r.json()["email"] == "second.approver@omanpost.example"
    for bad in ("not an address", "a@b", "x@y.om\r\nBcc: all@y.om", "<a@b.om>"):
        refused = flow.client.post(
            "/api/v1/users",
            json={**body, "username": "om-third", "email": bad},
            headers=admin.headers,
        )
        assert refused.status_code == 422, bad
    flow.in_review()
    assert ("om-second-approver", "submitted") not in _outbox(db)  # only with an address
    assert ("second.approver", "submitted") in _outbox(db)
