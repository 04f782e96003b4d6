"""The approval covers everything that is published: each field issuing copies into the
catalogue is in the review proof's publication record, so changing it changes the proof (and
its hash, which approvers sign); issuing refuses what differs from the approved record."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.catalogue.models import CatalogueEntry
from app.proofs.render import record
from app.proposals.models import Proposal, Variant
from tests.factories import Flow, Staff

PS = {"administration": "PS", "face_value_minor": 500, "quantity": 100000}
OM = {"administration": "OM", "face_value_minor": 100, "quantity": 100000}
CHANGES: dict[str, dict[str, Any]] = {
    "title": {"title": {"ar": "عنوان آخر", "en": "Another title"}},
    "description": {"description": {"ar": "وصف آخر", "en": "Another description"}},
    "theme": {"theme": "heritage"},
    "joint_kind": {"joint_kind": "se-tenant"},
    "format": {"format": "standard-30x40"},
    "face value": {"variants": [{**PS, "face_value_minor": 750}, OM]},
    "quantity": {"variants": [PS, {**OM, "quantity": 50000}]},
    "issue date": {"variants": [PS, {**OM, "issue_date": "2027-03-02"}]},
    "partners": {
        "variants": [PS, OM, {"administration": "EG", "face_value_minor": 300, "quantity": 1000}]
    },
}


def proof(flow: Flow, pid: int) -> tuple[str, bytes]:
    answer = flow.client.get(
        f"/api/v1/proposals/{pid}/proof.pdf", headers=flow.staff.ps_designer.headers
    )
    assert answer.status_code == 200, answer.text
    return answer.headers["etag"], answer.content


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_every_published_field_changes_the_proof(flow: Flow, field: str) -> None:
    pid = flow.create()
    flow.upload(pid)
    before, pdf = proof(flow, pid)
    changed = flow.client.patch(
        f"/api/v1/proposals/{pid}",
        json=CHANGES[field],
        headers={**flow.staff.ps_designer.headers, "If-Match": "*"},
    )
    assert changed.status_code == 200, changed.text
    after, new_pdf = proof(flow, pid)
    assert after != before
    assert record.read(new_pdf) != record.read(pdf)


def test_the_record_is_attached_and_named_on_every_page(flow: Flow) -> None:
    pid = flow.create()
    flow.upload(pid)
    _etag, pdf = proof(flow, pid)
    found = record.read(pdf)
    assert found == {
        "title": {"ar": "إصدار مشترك فلسطين - عُمان", "en": "Palestine - Oman Joint Issue"},
        "description": {"ar": "طابع تذكاري مشترك", "en": "A joint commemorative stamp"},
        "theme": "postal-cooperation",
        "joint_kind": "twin",
        "format": "standard-40x30",
        "size_mm": [40.0, 30.0],
        "partners": [
            {**PS, "issue_date": "2027-03-01"},
            {**OM, "issue_date": "2027-03-01"},
        ],
    }
    assert pdf.count(b"/EmbeddedFiles") == 1


def test_issuing_refuses_what_differs_from_the_approved_proof(
    client: TestClient, flow: Flow, staff: Staff, db: Session
) -> None:
    pid = flow.approved()
    # Changed behind the workflow's back, after every partner approved.
    db.execute(update(Proposal).where(Proposal.id == pid).values(description_en="Other"))
    db.execute(update(Variant).where(Variant.proposal_id == pid).values(quantity=7))
    db.flush()
    refused = client.post(f"/api/v1/proposals/{pid}/issue", headers=staff.ps_admin.headers)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["fields"] == ["description", "partners"]
    assert db.scalars(select(CatalogueEntry)).first() is None
    assert flow.get(pid)["status"] == "approved"
