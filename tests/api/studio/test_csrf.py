"""Every studio form, refused when its CSRF token is missing, wrong, another session's, or when
the browser says it came from another site; the same post with its own token is accepted, so
each refusal is the token's doing. A refused form changes no row of any table. A POST route
added without its case here fails `test_every_form_has_a_case`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from tests.api.studio.pages import Person
from tests.api.studio.records import changed, snapshot
from tests.api.studio.test_pages import FORM
from tests.factories import PASSWORD, Caller, Flow, Staff, png_bytes
from tests.support.routes import route_table

FOREIGN = "https://evil.example"
BAD = ("missing", "forged", "other-session", "foreign-origin")


@dataclass(frozen=True)
class Form:
    """One form as its page posts it: who posts, where, and what."""

    who: Caller
    path: str
    data: dict[str, str]
    upload: bool = False  # multipart, the token in X-CSRF-Token as the page's script sends it


def _comment(client: TestClient, staff: Staff, pid: int) -> int:
    r = client.post(
        f"/api/v1/proposals/{pid}/comments",
        json={"body": "The dove is too close to the edge."},
        headers=staff.om_approver.headers,
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _version(person: Person, pid: int) -> str:
    found = re.search(
        r'name="version" value="(\d+)"', person.get(f"/studio/proposals/{pid}/edit").text
    )
    assert found
    return found.group(1)


@dataclass(frozen=True)
class Ctx:
    client: TestClient
    staff: Staff
    flow: Flow


Prepare = Callable[[Ctx], Form]


def _new(c: Ctx) -> Form:
    return Form(c.staff.ps_designer, "/studio/proposals/new", FORM)


def _edit(c: Ctx) -> Form:
    pid = c.flow.create()
    version = _version(Person(c.client, c.staff.ps_designer), pid)
    data = {**FORM, "version": version, "title_en": "Another title"}
    return Form(c.staff.ps_designer, f"/studio/proposals/{pid}/edit", data)


def _submit(c: Ctx) -> Form:
    pid = c.flow.create()
    c.flow.upload(pid)
    return Form(c.staff.ps_designer, f"/studio/proposals/{pid}/submit", {})


def _withdraw(c: Ctx) -> Form:
    return Form(c.staff.ps_designer, f"/studio/proposals/{c.flow.in_review()}/withdraw", {})


def _review(c: Ctx) -> Form:
    pid = c.flow.in_review()
    data = {"decision": "approve", "proof_sha256": c.flow.proof_sha(pid), "password": PASSWORD}
    return Form(c.staff.om_approver, f"/studio/proposals/{pid}/review", data)


def _issue(c: Ctx) -> Form:
    return Form(c.staff.ps_admin, f"/studio/proposals/{c.flow.approved()}/issue", {})


def _add_comment(c: Ctx) -> Form:
    pid = c.flow.create()
    return Form(c.staff.om_approver, f"/studio/proposals/{pid}/comments", {"body": "Move it"})


def _reply(c: Ctx) -> Form:
    pid = c.flow.create()
    cid = _comment(c.client, c.staff, pid)
    path = f"/studio/proposals/{pid}/comments/{cid}/replies"
    return Form(c.staff.ps_designer, path, {"body": "Moved"})


def _resolve(c: Ctx) -> Form:
    pid = c.flow.create()
    cid = _comment(c.client, c.staff, pid)
    return Form(c.staff.om_approver, f"/studio/proposals/{pid}/comments/{cid}/resolve", {})


def _artwork(c: Ctx) -> Form:
    return Form(
        c.staff.ps_designer, f"/studio/proposals/{c.flow.create()}/artwork", {}, upload=True
    )


def _read(c: Ctx) -> Form:
    c.flow.in_review()  # the approvers are told
    return Form(c.staff.om_approver, "/studio/inbox/read", {})


def _logout(c: Ctx) -> Form:
    return Form(c.staff.ps_designer, "/studio/logout", {})


CASES: dict[str, Prepare] = {
    "/studio/proposals/new": _new,
    "/studio/proposals/{proposal_id}/edit": _edit,
    "/studio/proposals/{proposal_id}/submit": _submit,
    "/studio/proposals/{proposal_id}/withdraw": _withdraw,
    "/studio/proposals/{proposal_id}/review": _review,
    "/studio/proposals/{proposal_id}/issue": _issue,
    "/studio/proposals/{proposal_id}/comments": _add_comment,
    "/studio/proposals/{proposal_id}/comments/{comment_id}/replies": _reply,
    "/studio/proposals/{proposal_id}/comments/{comment_id}/{change}": _resolve,
    "/studio/proposals/{proposal_id}/artwork": _artwork,
    "/studio/inbox/read": _read,
    "/studio/logout": _logout,
}
LOGIN = "/studio/login"  # no session yet: tested on its own below


def test_every_form_has_a_case(client: TestClient) -> None:
    posts = {
        row.path
        for row in route_table(client.app)  # type: ignore[arg-type]
        if row.path.startswith("/studio") and "POST" in row.methods
    }
    assert posts == set(CASES) | {LOGIN}


def _send(person: Person, form: Form, token: str | None, headers: dict[str, str]) -> Response:
    if form.upload:
        sent = {**headers, **({"X-CSRF-Token": token} if token is not None else {})}
        files = {"file": ("art.png", png_bytes(), "image/png")}
        answer: Response = person.client.post(form.path, files=files, headers=sent)
        return answer
    data = {**form.data, **({"csrf_token": token} if token is not None else {})}
    answer = person.client.post(form.path, data=data, headers=headers)
    return answer


def _attempt(person: Person, other: Person, form: Form, kind: str) -> Response:
    own = person.csrf()
    token: str | None = {
        "missing": None,
        "forged": "0" * 64,
        "other-session": other.csrf(),
        "foreign-origin": own,
        "own": own,
    }[kind]
    headers = {"origin": FOREIGN} if kind == "foreign-origin" else {}
    return _send(person, form, token, headers)


@pytest.mark.parametrize("route", sorted(CASES))
def test_a_form_without_its_own_token_changes_nothing(
    route: str, client: TestClient, staff: Staff, flow: Flow, db: Session
) -> None:
    form = CASES[route](Ctx(client, staff, flow))
    person = Person(client, form.who)
    other = Person(client, staff.om_designer)
    for kind in BAD:
        before = snapshot(db)
        answer = _attempt(person, other, form, kind)
        assert answer.status_code == 403, (kind, answer.status_code, answer.text[:300])
        assert answer.headers["content-type"].startswith("text/html"), kind
        assert "no-store" in answer.headers["cache-control"]
        assert "stamps_studio=" not in answer.headers.get("set-cookie", "")
        assert changed(before, snapshot(db)) == [], kind
    assert person.get("/studio/").status_code == 200  # a refused sign-out kept the session
    accepted = _attempt(person, other, form, "own")
    assert accepted.status_code == 303, accepted.text[:400]  # the same form, with its token


def test_the_sign_in_form_needs_its_own_token(
    client: TestClient, staff: Staff, db: Session
) -> None:
    credentials = {"username": staff.ps_designer.username, "password": PASSWORD}
    visitor = Person(client, None)
    someone = Person(client, None)
    own = visitor.csrf()
    tries: list[tuple[str | None, dict[str, str]]] = [
        (None, {}),
        ("0" * 64, {}),
        (someone.csrf(), {}),  # another visitor's pre-session token
        (staff.ps_designer.token, {}),  # a session token is not a form token
        (own, {"origin": FOREIGN}),
    ]
    for token, headers in tries:
        before = snapshot(db)
        data = {**credentials, **({"csrf_token": token} if token is not None else {})}
        answer = visitor.client.post(LOGIN, data=data, headers=headers)
        assert answer.status_code == 403, (token, answer.text[:300])
        assert answer.headers["content-type"].startswith("text/html")
        assert "stamps_studio=" not in answer.headers.get("set-cookie", "")
        assert changed(before, snapshot(db)) == []  # no session made, no failure counted
    signed = visitor.client.post(LOGIN, data={**credentials, "csrf_token": own})
    assert signed.status_code == 303
    assert "stamps_studio=" in signed.headers["set-cookie"]


def test_a_cookie_planted_beside_the_session_lends_no_token(
    client: TestClient, staff: Staff, flow: Flow, db: Session
) -> None:
    """Cookie tossing: a value planted under the session cookie's name (from a sibling site or
    a more specific path) arrives beside the real session. The attacker can read the form token
    the studio derives for the planted value; it must not pass for the victim's session."""
    pid = flow.create()
    planted = "planted-" + "x" * 40
    attacker = Person(client, None)
    attacker.client.cookies.set("stamps_studio", planted)
    attackers_token = attacker.csrf()
    victim = TestClient(client.app, follow_redirects=False)
    cookie = f"stamps_studio={planted}; stamps_studio={staff.om_approver.token}"
    before = snapshot(db)
    answer = victim.post(
        f"/studio/proposals/{pid}/comments",
        data={"body": "Posted in the victim's name", "csrf_token": attackers_token},
        headers={"cookie": cookie},
    )
    assert answer.status_code == 403, answer.text[:300]
    assert changed(before, snapshot(db)) == []
    own = re.search(
        r'name="csrf_token" value="([^"]+)"',
        victim.get("/studio/", headers={"cookie": cookie}).text,
    )
    assert own  # the victim's own page carries the victim's token, which is accepted
    accepted = victim.post(
        f"/studio/proposals/{pid}/comments",
        data={"body": "Posted by the victim", "csrf_token": own.group(1)},
        headers={"cookie": cookie},
    )
    assert accepted.status_code == 303, accepted.text[:300]
