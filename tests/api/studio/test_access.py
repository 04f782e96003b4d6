"""Every studio page and form, for every kind of person: anonymous, each role of a partner,
and staff of an administration that is no partner. A studio route added without its row
here fails `test_every_studio_route_is_in_the_matrix`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.proposals.models import Proposal
from tests.api.studio.pages import Person
from tests.api.studio.records import changed, snapshot
from tests.factories import Caller, Flow, Staff, png_bytes
from tests.support.routes import route_table

ANY = "any"  # a status the row does not pin: the person may act, the outcome is tested elsewhere


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # the route's path; `{pid}`, `{sha}`, `{cid}` are filled from the setting
    anonymous: int | str
    designer: int | str
    approver: int | str
    admin: int | str
    outsider: int | str  # staff of Egypt Post: no partner of the proposal


DRAFT_PAGE = "/studio/proposals/{pid}"
MATRIX = [
    Row("GET", "/studio/login", 200, 200, 200, 200, 200),
    Row("POST", "/studio/login", ANY, ANY, ANY, ANY, ANY),  # test_sessions.py
    Row("POST", "/studio/logout", 303, 303, 303, 303, 303),
    Row("GET", "/studio/", 303, 200, 200, 200, 200),
    Row("GET", "/studio/inbox", 303, 200, 200, 200, 200),
    Row("POST", "/studio/inbox/read", 303, 303, 303, 303, 303),
    Row("GET", "/studio/proposals/new", 303, 200, 403, 403, 200),
    Row("POST", "/studio/proposals/new", 303, 422, 403, 403, 422),
    Row("GET", "/studio/proposals/{pid}/edit", 303, 200, 403, 403, 404),
    Row("POST", "/studio/proposals/{pid}/edit", 303, 422, 403, 403, 404),
    Row("GET", DRAFT_PAGE, 303, 200, 200, 200, 404),
    Row("POST", "/studio/proposals/{pid}/submit", 303, ANY, 403, 403, 404),
    Row("POST", "/studio/proposals/{pid}/withdraw", 303, ANY, 403, 403, 404),
    Row("POST", "/studio/proposals/{pid}/review", 303, 403, 422, 403, 404),
    Row("POST", "/studio/proposals/{pid}/issue", 303, 403, 403, 409, 404),
    Row("POST", "/studio/proposals/{pid}/comments", 303, 422, 422, 422, 404),
    Row("POST", "/studio/proposals/{pid}/comments/{cid}/replies", 303, 422, 422, 422, 404),
    Row("POST", "/studio/proposals/{pid}/comments/{cid}/{change}", 303, 409, 409, 409, 404),
    Row("POST", "/studio/proposals/{pid}/artwork", 303, 415, 403, 403, 404),
    Row("GET", "/studio/proposals/{pid}/compare", 303, 200, 200, 200, 404),
    Row("GET", "/studio/proposals/{pid}/proofs/{sha}/pages/{number}.png", 303, 200, 200, 200, 404),
    Row("GET", "/studio/proposals/{pid}/proofs/{sha}.pdf", 303, 200, 200, 200, 404),
    Row("GET", "/studio/proposals/{pid}/approved-proof.pdf", 303, 409, 409, 409, 404),
    Row("GET", "/studio/proposals/{pid}/artwork/{version}/preview.png", 303, 200, 200, 200, 404),
    Row("GET", "/studio/proposals/{pid}/artwork/{version}/difference.png", 303, 200, 200, 200, 404),
]


def _studio_routes(client: TestClient) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for row in route_table(client.app):  # type: ignore[arg-type]
        if row.path.startswith("/studio") and row.methods:
            found |= {(m, row.path) for m in row.methods if m != "HEAD"}
    return found


def test_every_studio_route_is_in_the_matrix(client: TestClient) -> None:
    def shape(path: str) -> str:
        return (
            path.replace("{pid}", "{proposal_id}")
            .replace("{sha}", "{sha256}")
            .replace("{cid}", "{comment_id}")
        )

    listed = {(row.method, shape(row.path)) for row in MATRIX}
    assert _studio_routes(client) == listed


@dataclass(frozen=True)
class Setting:
    pid: int
    sha: str
    cid: int

    def fill(self, path: str) -> str:
        filled = (
            path.replace("{pid}", str(self.pid))
            .replace("{sha}", self.sha)
            .replace("{cid}", str(self.cid))
            .replace("{change}", "reopen")
            .replace("{number}", "1")
            .replace("{version}", "2")
        )
        return filled + ("?version=2" if filled.endswith("/compare") else "")


@pytest.fixture
def setting(client: TestClient, flow: Flow, staff: Staff) -> Setting:
    """A draft of Palestine and Oman with two artwork versions, its proof and one comment."""
    pid = flow.create()
    flow.upload(pid)
    flow.upload(pid, png_bytes(colour="orange"))
    sha = flow.proof_sha(pid)
    r = client.post(
        f"/api/v1/proposals/{pid}/comments",
        json={"body": "The dove is too close to the edge."},
        headers=staff.om_approver.headers,
    )
    assert r.status_code == 201, r.text
    return Setting(pid, sha, int(r.json()["id"]))


def _who(staff: Staff, kind: str) -> Caller | None:
    return {
        "anonymous": None,
        "designer": staff.ps_designer,
        "approver": staff.om_approver,
        "admin": staff.ps_admin,
        "outsider": staff.eg_designer,
    }[kind]


def _state(db: Session, pid: int) -> tuple[str, int]:
    db.expire_all()
    proposal = db.get(Proposal, pid)
    assert proposal is not None
    return proposal.status, proposal.version


KINDS = ("anonymous", "designer", "approver", "admin", "outsider")


@pytest.mark.parametrize("row", MATRIX, ids=[f"{r.method} {r.path}" for r in MATRIX])
def test_each_person_gets_what_the_matrix_says(
    row: Row, client: TestClient, staff: Staff, setting: Setting, db: Session
) -> None:
    path = setting.fill(row.path)
    for kind in KINDS:
        expected = getattr(row, kind)
        if expected == ANY:
            continue
        person = Person(client, _who(staff, kind))
        before = _state(db, setting.pid)
        rows_before = snapshot(db)
        if row.method == "GET":
            answer = person.get(path)
        elif path.endswith("/artwork"):
            token = person.csrf()
            answer = person.client.post(
                path,
                files={"file": ("x.txt", b"not an image", "text/plain")},
                headers={"X-CSRF-Token": token},
            )
        else:
            answer = person.post(path)
        assert answer.status_code == expected, (kind, path, answer.text[:400])
        if answer.status_code == 303 and kind == "anonymous" and row.method == "GET":
            assert answer.headers["location"] == "/studio/login?" + urlencode({"next": path}), path
        elif answer.status_code == 303 and kind == "anonymous":
            assert answer.headers["location"].startswith("/studio/login"), path
        assert _state(db, setting.pid) == before, (kind, path)
        if answer.status_code >= 400 or kind == "anonymous":  # a refusal changes no row at all
            # but the per-user count of attempts, which counts every attempt (as the API's)
            assert set(changed(rows_before, snapshot(db))) <= {"rate_hits"}, (kind, path)
        if answer.status_code >= 400:  # refusals are pages, in the studio's frame, never JSON
            assert answer.headers["content-type"].startswith("text/html"), (kind, path)
            assert "no-store" in answer.headers["cache-control"], (kind, path)
            assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
            assert re.search(r'<html lang="(ar|en)"', answer.text), (kind, path)
        if row.method == "GET" and answer.status_code != 303:
            assert (
                "no-store" in answer.headers["cache-control"]
                or "private" in answer.headers["cache-control"]
            )
        if answer.headers.get("content-type", "").startswith("text/html"):
            assert "json" not in answer.headers["content-type"]
