"""Every route of the OpenAPI document, called by every kind of caller, with the status each
must get. A route added without an entry here fails the first test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.signing.certificates import authority_and_pkcs12
from tests.factories import PASSWORD, Caller, Flow, png_bytes, proposal_body

ACTORS = ("anonymous", "designer", "approver", "admin", "eg_designer", "eg_approver", "eg_admin")


@dataclass(frozen=True)
class Case:
    """How to call one route, and the status each actor gets."""

    setup: str  # the state the proposal is put in first: none, draft, in_review, approved
    call: Callable[[Flow, int, Caller | None], Any]
    expect: dict[str, int]


def _h(caller: Caller | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**(caller.headers if caller else {}), **(extra or {})}


def _partner(ok: int, others: int = 403) -> dict[str, int]:
    """Partner staff: `ok` for the right role, `others` for the wrong one; outsiders 404."""
    return (
        {"anonymous": 401, "eg_designer": 404, "eg_approver": 404, "eg_admin": 404}
        | {"designer": others, "approver": others, "admin": others}
        | {"_ok": ok}
    )


def _role(role: str, ok: int, wrong: int = 403) -> dict[str, int]:
    expect = _partner(ok, wrong)
    ok_code = expect.pop("_ok")
    expect[role] = ok_code
    return expect


def _staff(ok: int) -> dict[str, int]:
    return {
        "anonymous": 401,
        "designer": ok,
        "approver": ok,
        "admin": ok,
        "eg_designer": 404,
        "eg_approver": 404,
        "eg_admin": 404,
    }


def _public(ok: int) -> dict[str, int]:
    return dict.fromkeys(ACTORS, ok)


def _issuer(ok: int) -> dict[str, int]:
    """Catalogue corrections: only the issuing administration's admin (entries are public)."""
    return {**dict.fromkeys(ACTORS, 403), "anonymous": 401, "admin": ok}


def _review(flow: Flow, pid: int, who: Caller | None) -> Any:
    sha = flow.proof_sha(pid)
    return flow.client.post(
        f"/api/v1/proposals/{pid}/reviews",
        headers=_h(who),
        json={"decision": "approve", "proof_sha256": sha, "password": PASSWORD},
    )


def _patch(flow: Flow, pid: int, who: Caller | None) -> Any:
    return flow.client.patch(
        f"/api/v1/proposals/{pid}", json={"theme": "heritage"}, headers=_h(who, {"If-Match": "*"})
    )


def _comment(flow: Flow, pid: int) -> int:
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/comments",
        json={"body": "Move the value up"},
        headers=flow.staff.om_approver.headers,
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _on_comment(action: str) -> Callable[[Flow, int, Caller | None], Any]:
    def call(flow: Flow, pid: int, who: Caller | None) -> Any:
        cid = _comment(flow, pid)
        if action == "reopen":
            flow.client.post(
                f"/api/v1/proposals/{pid}/comments/{cid}/resolve",
                headers=flow.staff.om_approver.headers,
            )
        body = {"body": "Done"} if action == "replies" else None
        return flow.client.post(
            f"/api/v1/proposals/{pid}/comments/{cid}/{action}", json=body, headers=_h(who)
        )

    return call


def _proof_page(flow: Flow, pid: int, who: Caller | None, suffix: str) -> Any:
    sha = flow.proof_sha(pid)
    return flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages{suffix}", headers=_h(who))


def _read_notification(flow: Flow, _pid: int, who: Caller | None) -> Any:
    """Reads the caller's own first line, or else another person's (which must be 404)."""
    owner = who if who is not None else flow.staff.om_approver
    items = flow.client.get("/api/v1/notifications", headers=owner.headers).json()["items"]
    if not items:
        items = flow.client.get(
            "/api/v1/notifications", headers=flow.staff.om_approver.headers
        ).json()["items"]
    return flow.client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=_h(who))


def _change_user(flow: Flow, _pid: int, who: Caller | None) -> Any:
    """Re-roles a fresh Palestine Post user: only PS's admin may; EG's admin finds no one."""
    made = flow.client.post(
        "/api/v1/users",
        headers=flow.staff.ps_admin.headers,
        json={
            "username": f"ps-target-{who.username if who else 'anonymous'}",
            "display_name": "Target",
            "password": "long password 1",
            "roles": ["designer"],
        },
    )
    assert made.status_code == 201, made.text
    return flow.client.patch(
        f"/api/v1/users/{made.json()['id']}",
        headers=_h(who),
        json={"roles": ["approver", "designer"]},
    )


def _second_version(flow: Flow, pid: int, who: Caller | None, what: str) -> Any:
    flow.upload(pid, png_bytes(colour="olive"))
    return flow.client.get(f"/api/v1/proposals/{pid}/artwork/2/{what}", headers=_h(who))


def _import_pkcs12(flow: Flow, _pid: int, who: Caller | None) -> Any:
    _authority, bundle = authority_and_pkcs12(b"secret")
    return flow.client.post(
        "/api/v1/administrations/PS/signing-identities/pkcs12",
        files={"file": ("ps.p12", bundle, "application/x-pkcs12")},
        data={"password": "secret"},
        headers=_h(who),
    )


MATRIX: dict[str, Case] = {
    "POST /api/v1/auth/token": Case(
        "none",
        lambda f, _p, who: f.client.post(
            "/api/v1/auth/token",
            data={"username": who.username if who else "nobody", "password": PASSWORD},
        ),
        {**_public(200), "anonymous": 401},
    ),
    "DELETE /api/v1/auth/token": Case(
        "none",
        lambda f, _p, who: f.client.delete("/api/v1/auth/token", headers=_h(who)),
        {**_public(204), "anonymous": 401},
    ),
    "GET /api/v1/me": Case(
        "none",
        lambda f, _p, who: f.client.get("/api/v1/me", headers=_h(who)),
        {**_public(200), "anonymous": 401},
    ),
    "POST /api/v1/users": Case(
        "none",
        lambda f, _p, who: f.client.post(
            "/api/v1/users",
            headers=_h(who),
            json={
                "username": f"new-{who.username if who else 'x'}",
                "display_name": "New",
                "password": "long password 1",
                "roles": ["designer"],
            },
        ),
        {
            "anonymous": 401,
            "designer": 403,
            "approver": 403,
            "admin": 201,
            "eg_designer": 403,
            "eg_approver": 403,
            "eg_admin": 201,
        },
    ),
    "GET /api/v1/users": Case(
        "none",
        lambda f, _p, who: f.client.get("/api/v1/users", headers=_h(who)),
        {**dict.fromkeys(ACTORS, 403), "anonymous": 401, "admin": 200, "eg_admin": 200},
    ),
    "PATCH /api/v1/users/{user_id}": Case(
        "none",
        _change_user,
        {**dict.fromkeys(ACTORS, 403), "anonymous": 401, "admin": 200, "eg_admin": 404},
    ),
    "GET /api/v1/certificates": Case(
        "none",
        lambda f, _p, who: f.client.get("/api/v1/certificates", headers=_h(who)),
        _public(200),
    ),
    "GET /api/v1/administrations/{code}/certificates": Case(
        "approved",
        lambda f, _p, who: f.client.get("/api/v1/administrations/PS/certificates", headers=_h(who)),
        _public(200),
    ),
    "POST /api/v1/administrations/{code}/signing-identities": Case(
        "none",
        lambda f, _p, who: f.client.post(
            "/api/v1/administrations/PS/signing-identities", headers=_h(who)
        ),
        {**dict.fromkeys(ACTORS, 403), "anonymous": 401, "admin": 201},
    ),
    "POST /api/v1/administrations/{code}/signing-identities/pkcs12": Case(
        "none",
        _import_pkcs12,
        {**dict.fromkeys(ACTORS, 403), "anonymous": 401, "admin": 201},
    ),
    # Only the administration's own admins; the administration is public, so others get 403.
    "GET /api/v1/administrations/{code}/audit/checkpoints": Case(
        "in_review",
        lambda f, _p, who: f.client.get(
            "/api/v1/administrations/PS/audit/checkpoints", headers=_h(who)
        ),
        _issuer(200),
    ),
    "GET /api/v1/administrations": Case(
        "none",
        lambda f, _p, who: f.client.get("/api/v1/administrations", headers=_h(who)),
        _public(200),
    ),
    "GET /api/v1/proposals": Case(
        "none",
        lambda f, _p, who: f.client.get("/api/v1/proposals", headers=_h(who)),
        {**_public(200), "anonymous": 401},
    ),
    "POST /api/v1/proposals": Case(
        "none",
        lambda f, _p, who: f.client.post(
            "/api/v1/proposals", json=proposal_body(), headers=_h(who)
        ),
        {
            "anonymous": 401,
            "designer": 201,
            "approver": 403,
            "admin": 403,
            "eg_designer": 403,
            "eg_approver": 403,
            "eg_admin": 403,
        },
    ),
    "GET /api/v1/proposals/{proposal_id}": Case(
        "draft",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}", headers=_h(who)),
        _staff(200),
    ),
    "PATCH /api/v1/proposals/{proposal_id}": Case("draft", _patch, _role("designer", 200)),
    "POST /api/v1/proposals/{proposal_id}/submit": Case(
        "draft",
        lambda f, p, who: f.client.post(f"/api/v1/proposals/{p}/submit", headers=_h(who)),
        _role("designer", 200),
    ),
    "POST /api/v1/proposals/{proposal_id}/withdraw": Case(
        "draft",
        lambda f, p, who: f.client.post(f"/api/v1/proposals/{p}/withdraw", headers=_h(who)),
        _role("designer", 200),
    ),
    "GET /api/v1/proposals/{proposal_id}/events": Case(
        "draft",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}/events", headers=_h(who)),
        _staff(200),
    ),
    "POST /api/v1/proposals/{proposal_id}/artwork": Case(
        "draft",
        lambda f, p, who: f.client.post(
            f"/api/v1/proposals/{p}/artwork",
            headers=_h(who),
            files={"file": ("a.png", png_bytes(colour="navy"), "image/png")},
        ),
        _role("designer", 201),
    ),
    "GET /api/v1/proposals/{proposal_id}/artwork": Case(
        "draft",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}/artwork", headers=_h(who)),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/artwork/{version}": Case(
        "draft",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}/artwork/1", headers=_h(who)),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/artwork/{version}/preflight": Case(
        "draft",
        lambda f, p, who: f.client.get(
            f"/api/v1/proposals/{p}/artwork/1/preflight", headers=_h(who)
        ),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/artwork/{version}/preview.png": Case(
        "draft",
        lambda f, p, who: f.client.get(
            f"/api/v1/proposals/{p}/artwork/1/preview.png", headers=_h(who)
        ),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/proof.pdf": Case(
        "in_review",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}/proof.pdf", headers=_h(who)),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/approved-proof.pdf": Case(
        "approved",
        lambda f, p, who: f.client.get(
            f"/api/v1/proposals/{p}/approved-proof.pdf", headers=_h(who)
        ),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/proofs/{kind}.pdf": Case(
        "in_review",
        lambda f, p, who: f.client.get(
            f"/api/v1/proposals/{p}/proofs/sheet.pdf?administration=OM", headers=_h(who)
        ),
        _staff(200),
    ),
    "POST /api/v1/proposals/{proposal_id}/reviews": Case(
        "in_review", _review, _role("approver", 201)
    ),
    "GET /api/v1/proposals/{proposal_id}/reviews": Case(
        "in_review",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}/reviews", headers=_h(who)),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/rounds": Case(
        "in_review",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}/rounds", headers=_h(who)),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/proofs/{sha256}/pages": Case(
        "in_review", lambda f, p, who: _proof_page(f, p, who, ""), _staff(200)
    ),
    "GET /api/v1/proposals/{proposal_id}/proofs/{sha256}/pages/{number}.png": Case(
        "in_review", lambda f, p, who: _proof_page(f, p, who, "/1.png?dpi=48"), _staff(200)
    ),
    "GET /api/v1/proposals/{proposal_id}/comments": Case(
        "draft",
        lambda f, p, who: f.client.get(f"/api/v1/proposals/{p}/comments", headers=_h(who)),
        _staff(200),
    ),
    "POST /api/v1/proposals/{proposal_id}/comments": Case(
        "draft",
        lambda f, p, who: f.client.post(
            f"/api/v1/proposals/{p}/comments", json={"body": "Looks good"}, headers=_h(who)
        ),
        _staff(201),
    ),
    "POST /api/v1/proposals/{proposal_id}/comments/{comment_id}/replies": Case(
        "draft", _on_comment("replies"), _staff(201)
    ),
    "POST /api/v1/proposals/{proposal_id}/comments/{comment_id}/resolve": Case(
        "draft", _on_comment("resolve"), _staff(200)
    ),
    "POST /api/v1/proposals/{proposal_id}/comments/{comment_id}/reopen": Case(
        "draft", _on_comment("reopen"), _staff(200)
    ),
    "GET /api/v1/notifications": Case(
        "in_review",
        lambda f, _p, who: f.client.get("/api/v1/notifications", headers=_h(who)),
        {**_public(200), "anonymous": 401},
    ),
    "POST /api/v1/notifications/read": Case(
        "in_review",
        lambda f, _p, who: f.client.post("/api/v1/notifications/read", headers=_h(who)),
        {**_public(204), "anonymous": 401},
    ),
    "POST /api/v1/notifications/{notification_id}/read": Case(
        "in_review",
        _read_notification,
        {**_public(404), "anonymous": 401, "approver": 204},
    ),
    "GET /api/v1/proposals/{proposal_id}/artwork/{version}/compare": Case(
        "draft",
        lambda f, p, who: _second_version(f, p, who, "compare"),
        _staff(200),
    ),
    "GET /api/v1/proposals/{proposal_id}/artwork/{version}/difference.png": Case(
        "draft",
        lambda f, p, who: _second_version(f, p, who, "difference.png"),
        _staff(200),
    ),
    "POST /api/v1/proposals/{proposal_id}/issue": Case(
        "approved",
        lambda f, p, who: f.client.post(f"/api/v1/proposals/{p}/issue", json={}, headers=_h(who)),
        _role("admin", 201),
    ),
    "GET /api/v1/catalogue/stamps": Case(
        "none",
        lambda f, _p, who: f.client.get("/api/v1/catalogue/stamps", headers=_h(who)),
        _public(200),
    ),
    "GET /api/v1/catalogue/stamps/{number}": Case(
        "issued",
        lambda f, _p, who: f.client.get("/api/v1/catalogue/stamps/PS001.27", headers=_h(who)),
        _public(200),
    ),
    "GET /api/v1/catalogue/stamps/{number}/image": Case(
        "issued",
        lambda f, _p, who: f.client.get(
            "/api/v1/catalogue/stamps/PS001.27/image?size=thumb", headers=_h(who)
        ),
        _public(200),
    ),
    "GET /api/v1/catalogue/export.csv": Case(
        "issued",
        lambda f, _p, who: f.client.get("/api/v1/catalogue/export.csv", headers=_h(who)),
        _public(200),
    ),
    "GET /api/v1/catalogue/export.json": Case(
        "issued",
        lambda f, _p, who: f.client.get("/api/v1/catalogue/export.json", headers=_h(who)),
        _public(200),
    ),
    "GET /catalogue": Case(
        "issued", lambda f, _p, who: f.client.get("/catalogue", headers=_h(who)), _public(200)
    ),
    "GET /catalogue/{number}": Case(
        "issued",
        lambda f, _p, who: f.client.get("/catalogue/PS001.27", headers=_h(who)),
        _public(200),
    ),
    "GET /catalogue/feed.atom": Case(
        "issued",
        lambda f, _p, who: f.client.get("/catalogue/feed.atom", headers=_h(who)),
        _public(200),
    ),
    "POST /api/v1/catalogue/stamps/{number}/withdrawal": Case(
        "issued",
        lambda f, _p, who: f.client.post(
            "/api/v1/catalogue/stamps/PS001.27/withdrawal",
            json={"withdrawn_on": "2028-01-01"},
            headers=_h(who),
        ),
        _issuer(200),
    ),
    "POST /api/v1/catalogue/stamps/{number}/errata": Case(
        "issued",
        lambda f, _p, who: f.client.post(
            "/api/v1/catalogue/stamps/PS001.27/errata",
            json={
                "field": "title_en",
                "value": "Palestine - Oman Joint Issue 2027",
                "reason": {"ar": "تصحيح العنوان", "en": "Title corrected"},
            },
            headers=_h(who),
        ),
        _issuer(201),
    ),
    "PUT /api/v1/catalogue/stamps/{number}/references": Case(
        "issued",
        lambda f, _p, who: f.client.put(
            "/api/v1/catalogue/stamps/PS001.27/references",
            json={"michel": "1234"},
            headers=_h(who),
        ),
        _issuer(200),
    ),
    "PUT /api/v1/catalogue/stamps/{number}/announcement": Case(
        "issued",
        lambda f, _p, who: f.client.put(
            "/api/v1/catalogue/stamps/PS001.27/announcement",
            json={"announced": True},
            headers=_h(who),
        ),
        _issuer(200),
    ),
    "GET /api/v1/catalogue/scheduled": Case(
        "issued",
        lambda f, _p, who: f.client.get("/api/v1/catalogue/scheduled", headers=_h(who)),
        {**_public(200), "anonymous": 401},
    ),
    "GET /api/v1/catalogue/upcoming": Case(
        "issued",
        lambda f, _p, who: f.client.get("/api/v1/catalogue/upcoming", headers=_h(who)),
        _public(200),
    ),
    "GET /catalogue/upcoming": Case(
        "issued",
        lambda f, _p, who: f.client.get("/catalogue/upcoming", headers=_h(who)),
        _public(200),
    ),
    "GET /healthz": Case(
        "none", lambda f, _p, who: f.client.get("/healthz", headers=_h(who)), _public(200)
    ),
    "GET /readyz": Case(
        "none", lambda f, _p, who: f.client.get("/readyz", headers=_h(who)), _public(200)
    ),
    # Metrics go by the caller's address, not its token: the test client is not loopback.
    "GET /metrics": Case(
        "none", lambda f, _p, who: f.client.get("/metrics", headers=_h(who)), _public(403)
    ),
}


def _routes(flow: Flow) -> set[str]:
    spec = flow.client.get("/openapi.json").json()
    return {f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops}


def test_every_route_has_an_entry(flow: Flow) -> None:
    assert _routes(flow) == set(MATRIX)
    for key, case in MATRIX.items():
        assert set(case.expect) - {"_ok"} == set(ACTORS), key


def _caller(flow: Flow, actor: str) -> Caller | None:
    staff = flow.staff
    return {
        "anonymous": None,
        "designer": staff.ps_designer,
        "approver": staff.ps_approver,
        "admin": staff.ps_admin,
        "eg_designer": staff.eg_designer,
        "eg_approver": staff.eg_approver,
        "eg_admin": staff.eg_admin,
    }[actor]


def _prepare(flow: Flow, state: str) -> int:
    if state == "none":
        return 0
    if state == "draft":
        pid = flow.create()
        flow.upload(pid)
        return pid
    if state == "in_review":
        return flow.in_review()
    if state == "approved":
        return flow.approved()
    flow.issued("2027-03-01")
    return 0


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_each_caller_gets_the_expected_status(flow: Flow, route: str) -> None:
    case = MATRIX[route]
    pid = _prepare(flow, case.setup)
    for number, actor in enumerate(ACTORS):
        if number and case.setup not in ("none", "issued"):  # public entries are shared
            pid = _prepare(flow, case.setup)
        response = case.call(flow, pid, _caller(flow, actor))
        expected = case.expect[actor]
        assert response.status_code == expected, (route, actor, response.text[:300])
        if expected >= 400:
            assert response.headers["content-type"] == "application/problem+json", (route, actor)
        if route.startswith("DELETE /api/v1/auth/token") and expected == 204:
            flow.staff = type(flow.staff)(
                **{  # the token was revoked: issue fresh ones
                    name: _refresh(flow, caller) for name, caller in vars(flow.staff).items()
                }
            )


def _refresh(flow: Flow, caller: Caller) -> Caller:
    r = flow.client.post(
        "/api/v1/auth/token", data={"username": caller.username, "password": PASSWORD}
    )
    return Caller(caller.username, caller.administration, r.json()["access_token"])
