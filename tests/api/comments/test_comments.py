"""The conversation through HTTP: threads, pins on proof pages, resolution, who may see it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Caller, Flow


def _post(flow: Flow, pid: int, who: Caller, body: dict[str, Any]) -> Any:
    return flow.client.post(f"/api/v1/proposals/{pid}/comments", json=body, headers=who.headers)


def _pin(sha: str, **overrides: Any) -> dict[str, Any]:
    return {"proof_sha256": sha, "page": 1, "x": 0.1, "y": 0.2, "w": 0.3, "h": 0.15, **overrides}


def test_partners_read_and_write_and_outsiders_get_404(flow: Flow) -> None:
    s = flow.staff
    pid = flow.create()
    r = _post(flow, pid, s.ps_designer, {"body": "المسودة الأولى جاهزة · first draft ready"})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["author"] == s.ps_designer.username
    assert made["administration"] == "PS"
    assert made["pin"] is None
    assert made["resolved"] is None
    for partner in (s.om_approver, s.om_designer, s.ps_admin):
        listed = flow.client.get(f"/api/v1/proposals/{pid}/comments", headers=partner.headers)
        assert listed.status_code == 200
        assert [c["body"] for c in listed.json()] == ["المسودة الأولى جاهزة · first draft ready"]
    for outsider in (s.eg_designer, s.eg_approver, s.eg_admin):
        got = flow.client.get(f"/api/v1/proposals/{pid}/comments", headers=outsider.headers)
        assert got.status_code == 404
        assert got.headers["content-type"] == "application/problem+json"
        assert _post(flow, pid, outsider, {"body": "hello"}).status_code == 404
        reply = flow.client.post(
            f"/api/v1/proposals/{pid}/comments/{made['id']}/replies",
            json={"body": "x"},
            headers=outsider.headers,
        )
        assert reply.status_code == 404
    assert flow.client.get(f"/api/v1/proposals/{pid}/comments").status_code == 401


def test_a_pin_names_a_proof_page_and_a_rectangle_inside_it(flow: Flow) -> None:
    s = flow.staff
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    r = _post(flow, pid, s.om_approver, {"body": "Value too small", "pin": _pin(sha, page=2)})
    assert r.status_code == 201, r.text
    assert r.json()["pin"] == _pin(sha, page=2)
    bad = {
        "page beyond the proof": _pin(sha, page=3),
        "unknown proof": _pin("0" * 64),
        "outside the page": _pin(sha, x=0.8, w=0.3),
        "empty rectangle": _pin(sha, w=0),
        "negative": _pin(sha, y=-0.1),
    }
    for name, pin in bad.items():
        got = _post(flow, pid, s.om_approver, {"body": "x", "pin": pin})
        assert got.status_code == 422, name
        assert got.headers["content-type"] == "application/problem+json", name
    other = flow.in_review()
    foreign = _post(flow, other, s.om_approver, {"body": "x", "pin": _pin(sha)})
    assert foreign.status_code == 422  # another proposal's proof
    pinned = flow.client.get(
        f"/api/v1/proposals/{pid}/comments?proof_sha256={sha}", headers=s.ps_designer.headers
    ).json()
    assert [c["pin"]["page"] for c in pinned] == [2]
    assert (
        flow.client.get(f"/api/v1/proposals/{other}/comments", headers=s.ps_designer.headers).json()
        == []
    )


@pytest.mark.parametrize("body", ["", "   ", "bell\u0007", "\u202eevil", "x" * 5001, "null\u0000"])
def test_unreadable_text_is_refused_and_nothing_is_written(flow: Flow, body: str) -> None:
    pid = flow.create()
    r = _post(flow, pid, flow.staff.ps_designer, {"body": body})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    listed = flow.client.get(
        f"/api/v1/proposals/{pid}/comments", headers=flow.staff.ps_designer.headers
    )
    assert listed.json() == []


def test_text_is_kept_as_written_in_either_language(flow: Flow) -> None:
    pid = flow.create()
    text = "لون الخلفيّة (Pantone 7474) أغمق من اللازم\nsecond line\twith a tab"
    r = _post(flow, pid, flow.staff.om_approver, {"body": f"  {text}  "})
    assert r.status_code == 201
    assert r.json()["body"] == text


def test_threads_replies_resolve_and_reopen(flow: Flow) -> None:
    s = flow.staff
    pid = flow.create()
    root = _post(flow, pid, s.om_approver, {"body": "Check the Arabic inscription"}).json()
    base = f"/api/v1/proposals/{pid}/comments/{root['id']}"
    first = flow.client.post(
        f"{base}/replies", json={"body": "Fixed in v2"}, headers=s.ps_designer.headers
    )
    assert first.status_code == 201
    reply_id = first.json()["replies"][0]["id"]
    nested = flow.client.post(
        f"/api/v1/proposals/{pid}/comments/{reply_id}/replies",
        json={"body": "Thanks"},
        headers=s.om_approver.headers,
    )
    assert nested.status_code == 201
    thread = nested.json()
    assert thread["id"] == root["id"]
    assert [r["body"] for r in thread["replies"]] == ["Fixed in v2", "Thanks"]
    resolved = flow.client.post(f"{base}/resolve", headers=s.om_approver.headers)
    assert resolved.status_code == 200
    assert resolved.json()["resolved"]["by"] == s.om_approver.username
    again = flow.client.post(f"{base}/resolve", headers=s.om_approver.headers)
    assert again.status_code == 409
    listed = flow.client.get(
        f"/api/v1/proposals/{pid}/comments?resolved=false", headers=s.ps_designer.headers
    )
    assert listed.json() == []
    reopened = flow.client.post(f"{base}/reopen", headers=s.ps_designer.headers)
    assert reopened.status_code == 200
    assert reopened.json()["resolved"] is None
    assert flow.client.post(f"{base}/reopen", headers=s.ps_designer.headers).status_code == 409
    on_reply = flow.client.post(
        f"/api/v1/proposals/{pid}/comments/{reply_id}/resolve", headers=s.ps_designer.headers
    )
    assert on_reply.status_code == 422
    missing = flow.client.post(
        f"/api/v1/proposals/{pid}/comments/999999/resolve", headers=s.ps_designer.headers
    )
    assert missing.status_code == 404


def test_a_comment_of_another_proposal_is_not_found_through_this_one(flow: Flow) -> None:
    s = flow.staff
    one, two = flow.create(), flow.create()
    cid = _post(flow, one, s.ps_designer, {"body": "on one"}).json()["id"]
    r = flow.client.post(
        f"/api/v1/proposals/{two}/comments/{cid}/replies",
        json={"body": "x"},
        headers=s.ps_designer.headers,
    )
    assert r.status_code == 404


def test_the_designer_reads_the_reason_for_changes(flow: Flow) -> None:
    s = flow.staff
    pid = flow.in_review()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/reviews",
        json={
            "decision": "request_changes",
            "proof_sha256": flow.proof_sha(pid, s.om_approver),
            "comment": "القيمة الاسمية صغيرة · the face value is too small",
            "password": "correct horse battery",
        },
        headers=s.om_approver.headers,
    )
    assert r.status_code == 201, r.text
    reviews = flow.client.get(f"/api/v1/proposals/{pid}/reviews", headers=s.ps_designer.headers)
    assert reviews.status_code == 200
    [decision] = reviews.json()
    assert decision["decision"] == "request_changes"
    assert decision["administration"] == "OM"
    assert decision["comment"] == "القيمة الاسمية صغيرة · the face value is too small"
    outsider = flow.client.get(f"/api/v1/proposals/{pid}/reviews", headers=s.eg_admin.headers)
    assert outsider.status_code == 404
