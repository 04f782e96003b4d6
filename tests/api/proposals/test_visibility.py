"""Non-partners get 404 on every route of a proposal; anonymous callers get 401."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Caller, Flow, png_bytes

ROUTES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/api/v1/proposals/{id}", {}),
    ("PATCH", "/api/v1/proposals/{id}", {"json": {"theme": "x"}, "headers": {"If-Match": "*"}}),
    ("POST", "/api/v1/proposals/{id}/artwork", {"files": {"file": ("a.png", png_bytes(20, 20))}}),
    ("GET", "/api/v1/proposals/{id}/artwork", {}),
    ("GET", "/api/v1/proposals/{id}/artwork/1", {}),
    ("POST", "/api/v1/proposals/{id}/submit", {}),
    ("GET", "/api/v1/proposals/{id}/proof.pdf", {}),
    ("GET", "/api/v1/proposals/{id}/proofs/stamp.pdf?administration=PS", {}),
    ("GET", "/api/v1/proposals/{id}/proofs/sheet.pdf?administration=OM", {}),
    ("GET", "/api/v1/proposals/{id}/proofs/press.pdf?administration=PS", {}),
    (
        "POST",
        "/api/v1/proposals/{id}/reviews",
        {"json": {"decision": "approve", "proof_sha256": "0" * 64, "password": "x"}},
    ),
    ("POST", "/api/v1/proposals/{id}/withdraw", {}),
    ("POST", "/api/v1/proposals/{id}/issue", {"json": {"issue_date": "2027-03-01"}}),
    ("GET", "/api/v1/proposals/{id}/events", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), ROUTES, ids=[r[1] for r in ROUTES])
def test_non_partner_staff_get_404_and_anonymous_401(
    flow: Flow, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    pid = flow.in_review()
    before = flow.get(pid)
    url = path.format(id=pid)
    outsiders: list[Caller] = [flow.staff.eg_designer, flow.staff.eg_approver, flow.staff.eg_admin]
    for outsider in outsiders:
        headers = {**kwargs.get("headers", {}), **outsider.headers}
        r = flow.client.request(method, url, **{**kwargs, "headers": headers})
        assert r.status_code == 404, (outsider.username, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    r = flow.client.request(method, url, **kwargs)
    assert r.status_code == 401
    missing = flow.client.request(
        method,
        path.format(id=pid + 1000),
        **{**kwargs, "headers": {**kwargs.get("headers", {}), **flow.staff.ps_admin.headers}},
    )
    assert missing.status_code == 404
    assert flow.get(pid) == before
