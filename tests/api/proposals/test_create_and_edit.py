"""Opening and editing proposals: validation, partners, If-Match."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.proposals.models import Proposal
from tests.factories import Flow, Staff, proposal_body


def _counts(db: Session) -> tuple[int, int]:
    db.expire_all()
    return (
        db.scalar(select(func.count()).select_from(Proposal)) or 0,
        db.scalar(select(func.count()).select_from(AuditEvent)) or 0,
    )


def test_designer_opens_a_draft_with_an_etag(client: TestClient, staff: Staff) -> None:
    r = client.post("/api/v1/proposals", json=proposal_body(), headers=staff.om_designer.headers)
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "draft"
    assert r.headers["etag"] == f'"{body["id"]}.{body["version"]}"'
    assert [v["administration"] for v in body["variants"]] == ["PS", "OM"]
    assert all(v["issue_date"] == "2027-03-01" for v in body["variants"])
    assert body["title"]["ar"] == "إصدار مشترك فلسطين - عُمان"


def _bad(name: str, body: Any) -> Any:
    return pytest.param(body, id=name)


@pytest.mark.parametrize(
    "payload",
    [
        _bad(
            "unknown administration",
            proposal_body(
                variants=[
                    {"administration": "PS", "face_value_minor": 500, "quantity": 1},
                    {"administration": "ZZ", "face_value_minor": 100, "quantity": 1},
                ]
            ),
        ),
        _bad(
            "negative face value",
            proposal_body(
                variants=[
                    {"administration": "PS", "face_value_minor": -5, "quantity": 1},
                    {"administration": "OM", "face_value_minor": 100, "quantity": 1},
                ]
            ),
        ),
        _bad("missing arabic title", proposal_body(title={"en": "Only English"})),
        _bad("empty arabic title", proposal_body(title={"ar": "  ", "en": "Only English"})),
        _bad(
            "one partner only",
            proposal_body(
                variants=[
                    {"administration": "PS", "face_value_minor": 500, "quantity": 1},
                ]
            ),
        ),
        _bad(
            "same partner twice",
            proposal_body(
                variants=[
                    {"administration": "PS", "face_value_minor": 500, "quantity": 1},
                    {"administration": "ps", "face_value_minor": 100, "quantity": 1},
                ]
            ),
        ),
        _bad("unknown format", proposal_body(format="huge-999")),
        _bad("unknown joint kind", proposal_body(joint_kind="triplet")),
        _bad("unknown field", {**proposal_body(), "status": "approved"}),
        _bad("bad date", proposal_body(planned_issue_date="2027-02-30")),
        _bad("not an object", [1, 2, 3]),
    ],
)
def test_bad_proposals_get_a_problem_and_write_nothing(
    client: TestClient, staff: Staff, db: Session, payload: Any
) -> None:
    before = _counts(db)
    r = client.post("/api/v1/proposals", json=payload, headers=staff.ps_designer.headers)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 422
    assert r.json()["detail"]
    assert _counts(db) == before


def test_malformed_json_is_a_422_problem(client: TestClient, staff: Staff, db: Session) -> None:
    before = _counts(db)
    r = client.post(
        "/api/v1/proposals",
        content=b'{"title": {"ar": ',
        headers={**staff.ps_designer.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert _counts(db) == before


def test_a_10_mb_json_body_is_refused_with_413(
    client: TestClient, staff: Staff, db: Session
) -> None:
    before = _counts(db)
    huge = proposal_body(description={"ar": "ا" * 5_000_000, "en": "x"})
    r = client.post("/api/v1/proposals", json=huge, headers=staff.ps_designer.headers)
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert _counts(db) == before


def test_only_designers_of_a_partner_open_proposals(
    client: TestClient, staff: Staff, db: Session
) -> None:
    before = _counts(db)
    r = client.post("/api/v1/proposals", json=proposal_body(), headers=staff.eg_designer.headers)
    assert r.status_code == 403
    r = client.post("/api/v1/proposals", json=proposal_body(), headers=staff.ps_approver.headers)
    assert r.status_code == 403
    assert client.post("/api/v1/proposals", json=proposal_body()).status_code == 401
    assert _counts(db) == before


def test_patch_needs_if_match_and_refuses_stale_versions(flow: Flow, staff: Staff) -> None:
    pid = flow.create()
    url, headers = f"/api/v1/proposals/{pid}", staff.om_designer.headers
    change = {"title": {"ar": "عنوان جديد", "en": "New title"}}
    assert flow.client.patch(url, json=change, headers=headers).status_code == 428
    etag = flow.client.get(url, headers=headers).headers["etag"]
    r = flow.client.patch(url, json=change, headers={**headers, "If-Match": etag})
    assert r.status_code == 200, r.text
    assert r.json()["title"]["en"] == "New title"
    assert r.headers["etag"] != etag
    stale = flow.client.patch(
        url, json={"theme": "heritage"}, headers={**headers, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert flow.get(pid)["theme"] == "postal-cooperation"


def test_patch_is_refused_outside_draft(flow: Flow, staff: Staff) -> None:
    pid = flow.in_review()
    url, headers = f"/api/v1/proposals/{pid}", staff.ps_designer.headers
    etag = flow.client.get(url, headers=headers).headers["etag"]
    r = flow.client.patch(url, json={"theme": "heritage"}, headers={**headers, "If-Match": etag})
    assert r.status_code == 409


def test_submit_names_what_is_missing(flow: Flow, staff: Staff) -> None:
    pid = flow.create(description={"ar": "", "en": "English only"})
    r = flow.client.post(f"/api/v1/proposals/{pid}/submit", headers=staff.ps_designer.headers)
    assert r.status_code == 422
    assert r.json()["missing"] == ["artwork", "description.ar"]
    assert flow.get(pid)["status"] == "draft"


def test_list_shows_only_proposals_of_the_callers_partners(flow: Flow, staff: Staff) -> None:
    pid = flow.create()
    ps_list = flow.client.get("/api/v1/proposals", headers=staff.ps_approver.headers).json()
    eg_list = flow.client.get("/api/v1/proposals", headers=staff.eg_admin.headers).json()
    assert [p["id"] for p in ps_list] == [pid]
    assert ps_list[0]["partners"] == ["PS", "OM"]
    assert eg_list == []


def test_a_variant_may_choose_latin_digits_and_the_proof_follows(flow: Flow) -> None:
    latin = proposal_body(
        variants=[
            {"administration": "PS", "face_value_minor": 500, "quantity": 1, "digits": "latin"},
            {"administration": "OM", "face_value_minor": 100, "quantity": 1},
        ]
    )
    pid = flow.create(**{k: v for k, v in latin.items() if k == "variants"})
    variants = flow.get(pid)["variants"]
    assert [v["digits"] for v in variants] == ["latin", None]
    arab = flow.create()
    assert flow.proof_sha(pid) != flow.proof_sha(arab)
