"""What the studio's forms and pages do, as the JSON API would: the editor makes the very
proposal the API makes, refusals stand next to their fields in the language the browser asks
for and record nothing, and every page (error pages too) is HTML with the page headers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.studio.pages import Person, errors_in
from tests.api.studio.records import changed, snapshot
from tests.api.studio.test_pages import FORM
from tests.factories import PASSWORD, Flow, Staff, png_bytes

SAME_BODY = {
    "title": {"ar": FORM["title_ar"], "en": FORM["title_en"]},
    "description": {"ar": FORM["description_ar"], "en": FORM["description_en"]},
    "theme": FORM["theme"],
    "format": FORM["format"],
    "joint_kind": FORM["joint_kind"],
    "planned_issue_date": FORM["planned_issue_date"],
    "variants": [
        {"administration": "PS", "face_value_minor": 500, "quantity": 50000},
        {
            "administration": "OM",
            "face_value_minor": 100,
            "quantity": 40000,
            "issue_date": "2027-05-02",
        },
    ],
}
OWN = {"id", "created_at", "updated_at"}  # what two proposals never share


def _read(client: TestClient, staff: Staff, pid: int) -> dict[str, Any]:
    r = client.get(f"/api/v1/proposals/{pid}", headers=staff.om_approver.headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    body["variants"].sort(key=lambda v: v["administration"])  # the editor lists partners by code
    return {k: v for k, v in body.items() if k not in OWN}


def test_the_editor_makes_the_proposal_the_api_makes(client: TestClient, staff: Staff) -> None:
    answer = Person(client, staff.ps_designer).post("/studio/proposals/new", FORM)
    assert answer.status_code == 303, errors_in(answer)
    found = re.match(r"/studio/proposals/(\d+)\?", answer.headers["location"])
    assert found
    made = client.post("/api/v1/proposals", json=SAME_BODY, headers=staff.ps_designer.headers)
    assert made.status_code == 201, made.text
    assert _read(client, staff, int(found.group(1))) == _read(client, staff, made.json()["id"])


def test_editor_errors_follow_accept_language_and_record_nothing(
    client: TestClient, staff: Staff, db: Session
) -> None:
    person = Person(client, staff.ps_designer)
    before = snapshot(db)
    bad = {**FORM, "title_ar": "", "variant.PS.face_value_minor": "five"}
    arabic = person.post("/studio/proposals/new", bad, headers={"accept-language": "ar"})
    assert arabic.status_code == 422
    assert arabic.headers["content-type"].startswith("text/html")
    assert 'lang="ar" dir="rtl"' in arabic.text
    assert 'id="err-title_ar">هذا الحقل مطلوب.<' in arabic.text
    assert 'id="err-variant-PS-face_value_minor">اكتب عددًا صحيحًا أكبر من الصفر.<' in arabic.text
    english = person.post("/studio/proposals/new", bad, headers={"accept-language": "en"})
    assert 'id="err-title_ar">This is required.<' in english.text
    assert changed(before, snapshot(db)) == []
    pid = client.post("/api/v1/proposals", json=SAME_BODY, headers=staff.ps_designer.headers)
    edit = f"/studio/proposals/{pid.json()['id']}/edit"
    version = re.search(r'name="version" value="(\d+)"', person.get(edit).text)
    assert version
    before = snapshot(db)
    refused = person.post(
        edit, {**bad, "version": version.group(1)}, headers={"accept-language": "ar"}
    )
    assert refused.status_code == 422
    assert 'id="err-title_ar">هذا الحقل مطلوب.<' in refused.text
    assert changed(before, snapshot(db)) == []


def test_a_stale_edit_says_why_and_changes_nothing(
    client: TestClient, staff: Staff, flow: Flow, db: Session
) -> None:
    pid = flow.create()
    person = Person(client, staff.ps_designer)
    version = re.search(
        r'name="version" value="(\d+)"', person.get(f"/studio/proposals/{pid}/edit").text
    )
    assert version
    stale = {**FORM, "version": str(int(version.group(1)) - 1 or 99), "title_en": "Mine"}
    before = snapshot(db)
    answer = person.post(f"/studio/proposals/{pid}/edit", stale, headers={"accept-language": "ar"})
    assert answer.status_code in (409, 412)
    assert answer.headers["content-type"].startswith("text/html")
    assert errors_in(answer)  # the reason, on the form
    assert 'lang="ar"' in answer.text
    assert changed(before, snapshot(db)) == []


@pytest.mark.parametrize(
    "pin",
    [
        {"pin_page": "1", "pin_x": "0.9", "pin_y": "0.1", "pin_w": "0.5", "pin_h": "0.1"},
        {"pin_page": "1", "pin_x": "-0.1", "pin_y": "0.1", "pin_w": "0.2", "pin_h": "0.1"},
        {"pin_page": "99", "pin_x": "0.1", "pin_y": "0.1", "pin_w": "0.2", "pin_h": "0.1"},
        {"pin_page": "1", "pin_x": "0.1", "pin_y": "0.1", "pin_w": "0", "pin_h": "0.1"},
        {"pin_page": "1", "pin_x": "nan", "pin_y": "0.1", "pin_w": "0.2", "pin_h": "0.1"},
    ],
    ids=["past-the-edge", "negative", "no-such-page", "empty-rectangle", "not-a-number"],
)
def test_a_pin_outside_the_page_is_a_422_page_and_records_nothing(
    client: TestClient, staff: Staff, flow: Flow, db: Session, pin: dict[str, str]
) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    person = Person(client, staff.om_approver)
    before = snapshot(db)
    answer = person.post(
        f"/studio/proposals/{pid}/comments?lang=en", {"body": "Here", "pin_sha256": sha, **pin}
    )
    assert answer.status_code == 422, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/html")
    assert re.search(r'class="field-error" id="err-pin(-\w+)?">[^<]+<', answer.text), pin
    assert "Here" in answer.text  # what was written is kept in the form
    assert changed(before, snapshot(db)) == []


def test_a_pin_on_another_proof_is_refused(
    client: TestClient, staff: Staff, flow: Flow, db: Session
) -> None:
    pid = flow.in_review()
    before = snapshot(db)
    answer = Person(client, staff.om_approver).post(
        f"/studio/proposals/{pid}/comments",
        {"body": "Here", "pin_sha256": "a" * 64, "pin_page": "1"}
        | {"pin_x": "0.1", "pin_y": "0.1", "pin_w": "0.1", "pin_h": "0.1"},
    )
    assert 400 <= answer.status_code < 500
    assert answer.headers["content-type"].startswith("text/html")
    assert changed(before, snapshot(db)) == []


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_a_decision_against_the_proposal_needs_a_reason(
    client: TestClient, staff: Staff, flow: Flow, db: Session, decision: str
) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    person = Person(client, staff.ps_approver)
    before = snapshot(db)
    answer = person.post(
        f"/studio/proposals/{pid}/review",
        {"decision": decision, "proof_sha256": sha, "comment": "  ", "password": PASSWORD},
        headers={"accept-language": "ar"},
    )
    assert answer.status_code == 422
    assert "data-reopen" in answer.text  # the dialog opens again, the message inside
    assert errors_in(answer)
    assert 'lang="ar"' in answer.text
    assert set(changed(before, snapshot(db))) <= {"rate_hits"}  # the attempt is counted
    assert flow.get(pid)["status"] == "in_review"


ERRORS = [
    ("/studio/proposals/999999", 404),
    ("/studio/proposals/abc", 422),
    ("/studio/proposals/0", 422),
    ("/studio/proposals/99999999999999999999", 422),
    ("/studio/proposals/abc/edit", 422),
    ("/studio/proposals/999999/compare?version=2", 404),
    ("/studio/proposals/999999/proofs/" + "a" * 64 + ".pdf", 404),
    ("/studio/nowhere", 404),
    ("/studio/logout", 405),
]


@pytest.mark.parametrize(("path", "status"), ERRORS)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_error_pages_are_pages_in_the_person_language(
    client: TestClient, staff: Staff, path: str, status: int, lang: str
) -> None:
    person = Person(client, staff.ps_designer)
    for answer in (
        person.get(path, headers={"accept-language": lang}),
        person.get(path + ("&" if "?" in path else "?") + f"lang={lang}"),
    ):
        assert answer.status_code == status, (path, answer.text[:300])
        assert answer.headers["content-type"].startswith("text/html"), path
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in answer.text
        assert "no-store" in answer.headers["cache-control"]
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_every_page_carries_no_store_and_the_page_policy(
    client: TestClient, staff: Staff, flow: Flow
) -> None:
    pid = flow.create()
    flow.upload(pid)
    flow.upload(pid, png_bytes(colour="orange"))
    person = Person(client, staff.ps_designer)
    pages = [
        "/studio/login",
        "/studio/",
        "/studio/inbox",
        "/studio/proposals/new",
        f"/studio/proposals/{pid}",
        f"/studio/proposals/{pid}/edit",
        f"/studio/proposals/{pid}/compare?version=2",
    ]
    for lang in ("ar", "en"):
        for path in pages:
            answer = person.get(path, headers={"accept-language": lang})
            assert answer.status_code == 200, path
            assert answer.headers["content-type"].startswith("text/html"), path
            assert answer.headers["cache-control"] == "no-store", path
            policy = answer.headers["content-security-policy"]
            assert "script-src 'self'" in policy
            assert "frame-ancestors 'none'" in policy
            assert "form-action 'self'" in policy
    anonymous = Person(client, None).get("/studio/login")
    assert anonymous.headers["cache-control"] == "no-store"
    assert "content-security-policy" in anonymous.headers


def test_a_bad_pin_is_explained_in_arabic(client: TestClient, staff: Staff, flow: Flow) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    pin = {"pin_sha256": sha, "pin_page": "1", "pin_x": "-0.1", "pin_y": "a"}
    answer = Person(client, staff.om_approver).post(
        f"/studio/proposals/{pid}/comments?lang=ar",
        {"body": "هنا", **pin, "pin_w": "0.2", "pin_h": "0.1"},
    )
    assert answer.status_code == 422
    assert 'id="err-pin-x">القيمة صغيرة جدًا: 0 على الأقل.<' in answer.text
    assert 'id="err-pin-y">اكتب رقمًا.<' in answer.text
    assert "Input should" not in answer.text  # no English from the validator on an Arabic page
