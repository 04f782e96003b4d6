"""Signed checkpoints: made with each transition, downloaded by a partner's admins only, and
verifiable with nothing but the published service certificate."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditCheckpoint, AuditEvent
from app.core.db import Database
from app.core.hashing import canonical_json
from app.core.settings import Settings
from app.main import create_app
from tests.factories import Flow, Staff

URL = "/api/v1/administrations/{}/audit/checkpoints"


def _download(flow: Flow, code: str = "PS", who: Any = None) -> dict[str, Any]:
    r = flow.client.get(URL.format(code), headers=(who or flow.staff.ps_admin).headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    body: dict[str, Any] = r.json()
    return body


def _certificate(client: TestClient) -> x509.Certificate:
    return x509.load_pem_x509_certificate(client.get("/api/v1/certificates").content)


def test_each_transition_signs_the_head_it_leaves(flow: Flow) -> None:
    pid = flow.approved()  # created, uploaded, submitted (4 events later: two reviews)
    events = flow.client.get(
        f"/api/v1/proposals/{pid}/events", headers=flow.staff.ps_admin.headers
    ).json()
    document = _download(flow)
    assert document["format"] == "joint-stamp-studio/audit-checkpoints"
    assert document["scope"] == "administration:PS"
    mine = [c for c in document["checkpoints"] if c["statement"]["stream"] == f"proposal:{pid}"]
    # The submission and the approval are transitions; the first approval moved nothing.
    assert [c["statement"]["count"] for c in mine] == [3, 5]
    for checkpoint in mine:
        statement = checkpoint["statement"]
        assert statement["head_hash"] == events[statement["count"] - 1]["hash"]
        assert statement["reason"] == "transition"
    public_key = _certificate(flow.client).public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    for checkpoint in document["checkpoints"]:
        public_key.verify(  # raises if the statement is not exactly what was signed
            base64.b64decode(checkpoint["signature"]),
            canonical_json(checkpoint["statement"]),
            ec.ECDSA(hashes.SHA256()),
        )
        fingerprint = _certificate(flow.client).fingerprint(hashes.SHA256()).hex()
        assert checkpoint["statement"]["certificate_sha256"] == fingerprint


def test_a_partner_gets_its_proposals_only(flow: Flow, staff: Staff) -> None:
    ours = flow.in_review()
    theirs = flow.create(
        by=staff.om_designer,
        variants=[
            {"administration": "OM", "face_value_minor": 100, "quantity": 1000},
            {"administration": "EG", "face_value_minor": 500, "quantity": 1000},
        ],
    )
    flow.upload(theirs, by=staff.om_designer)
    flow.submit(theirs, by=staff.om_designer)

    def streams(code: str, who: Any) -> set[str]:
        return {c["statement"]["stream"] for c in _download(flow, code, who)["checkpoints"]}

    assert streams("PS", staff.ps_admin) == {f"proposal:{ours}"}
    assert streams("OM", staff.om_admin) == {f"proposal:{ours}", f"proposal:{theirs}"}
    assert streams("EG", staff.eg_admin) == {f"proposal:{theirs}"}


@pytest.mark.parametrize(
    ("who", "code", "status", "problem"),
    [
        ("eg_admin", "PS", 403, "other-administration"),
        ("om_admin", "PS", 403, "other-administration"),
        ("ps_approver", "PS", 403, "forbidden"),
        ("ps_admin", "ZZ", 404, "not-found"),
        ("ps_admin", "P1", 422, None),
    ],
)
def test_others_are_refused(
    flow: Flow, staff: Staff, who: str, code: str, status: int, problem: str | None
) -> None:
    flow.in_review()
    r = flow.client.get(URL.format(code), headers=getattr(staff, who).headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    if problem:
        assert r.json()["type"].endswith(problem)
    assert "head_hash" not in r.text


def test_the_lower_case_code_names_the_same_administration(flow: Flow, staff: Staff) -> None:
    flow.in_review()
    assert _download(flow, "ps", staff.ps_admin)["scope"] == "administration:PS"


def test_a_refused_transition_leaves_no_checkpoint(flow: Flow, db: Session) -> None:
    pid = flow.in_review()
    before = db.scalar(select(func.count()).select_from(AuditCheckpoint))
    r = flow.client.post(f"/api/v1/proposals/{pid}/submit", headers=flow.staff.ps_designer.headers)
    assert r.status_code == 409, r.text
    assert db.scalar(select(func.count()).select_from(AuditCheckpoint)) == before


@pytest.fixture
def every_two(settings: Settings, database: Database) -> Iterator[TestClient]:
    """A service that checkpoints every second event of a stream."""
    tight = settings.model_copy(update={"audit_checkpoint_every": 2})
    with TestClient(create_app(tight, database)) as client:
        yield client


def test_every_nth_event_is_checkpointed(every_two: TestClient, staff: Staff, db: Session) -> None:
    flow = Flow(every_two, staff)
    pid = flow.create()
    for theme in ("heritage", "nature", "sport"):
        r = every_two.patch(
            f"/api/v1/proposals/{pid}",
            json={"theme": theme},
            headers={**staff.ps_designer.headers, "If-Match": "*"},
        )
        assert r.status_code == 200, r.text
    rows = db.scalars(
        select(AuditCheckpoint)
        .where(AuditCheckpoint.stream == f"proposal:{pid}")
        .order_by(AuditCheckpoint.count)
    ).all()
    assert [(r.count, r.proposal_id) for r in rows] == [(2, pid), (4, pid)]
    head = db.scalar(select(AuditEvent.hash).where(AuditEvent.proposal_id == pid).filter_by(seq=4))
    assert rows[-1].head_hash == head
    assert '"reason":"interval"' in rows[-1].statement
