"""What the studio's pages do with what a person sends: the editor, the sign-off dialog, pinned
comments and the error pages, in the page's language, and never a half-done change."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.proposals.models import Proposal
from app.reviews.models import Review
from tests.api.studio.pages import Person, errors_in
from tests.factories import PASSWORD, Flow, Staff

FORM = {
    "title_ar": "إصدار مشترك: الزيتون",
    "title_en": "Joint Issue: The Olive",
    "description_ar": "غصن زيتون",
    "description_en": "An olive branch",
    "theme": "postal-cooperation",
    "joint_kind": "twin",
    "format": "standard-40x30",
    "planned_issue_date": "2027-05-01",
    "partner.PS": "on",
    "variant.PS.face_value_minor": "500",
    "variant.PS.quantity": "50000",
    "partner.OM": "on",
    "variant.OM.face_value_minor": "100",
    "variant.OM.quantity": "40000",
    "variant.OM.issue_date": "2027-05-02",
}


def _count(db: Session) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(Proposal)) or 0)


def test_the_editor_creates_what_the_api_then_returns(client: TestClient, staff: Staff) -> None:
    person = Person(client, staff.ps_designer)
    answer = person.post("/studio/proposals/new", FORM)
    assert answer.status_code == 303, errors_in(answer)
    found = re.search(r"/studio/proposals/(\d+)\?done=created", answer.headers["location"])
    assert found
    body = client.get(
        f"/api/v1/proposals/{found.group(1)}", headers=staff.om_approver.headers
    ).json()
    assert body["title"] == {"ar": FORM["title_ar"], "en": FORM["title_en"]}
    variants = {v["administration"]: v for v in body["variants"]}
    assert variants["PS"]["face_value_minor"] == 500
    assert variants["OM"]["quantity"] == 40000
    assert variants["PS"]["issue_date"] == "2027-05-01"
    assert variants["OM"]["issue_date"] == "2027-05-02"
    page = person.get(answer.headers["location"] + "&lang=en")
    assert "The proposal is open: upload its artwork next." in page.text


def test_editor_errors_stand_next_to_their_fields_in_the_page_language(
    client: TestClient, staff: Staff, db: Session
) -> None:
    person = Person(client, staff.ps_designer)
    before = _count(db)
    bad = {**FORM, "title_en": "", "variant.OM.quantity": "-3", "planned_issue_date": "soon"}
    answer = person.post("/studio/proposals/new?lang=ar", bad)
    assert answer.status_code == 422
    assert 'id="err-title_en">هذا الحقل مطلوب.<' in answer.text
    assert 'id="err-variant-OM-quantity">اكتب عددًا صحيحًا أكبر من الصفر.<' in answer.text
    assert "اكتب التاريخ بالصيغة YYYY-MM-DD." in errors_in(answer)
    assert 'value="Joint Issue: The Olive"' not in answer.text  # the emptied field stays empty
    assert 'value="غصن زيتون"' not in answer.text  # textareas keep their text inside
    assert FORM["description_ar"] in answer.text
    english = person.post("/studio/proposals/new?lang=en", {**FORM, "partner.OM": ""})
    assert english.status_code == 422
    assert "Add at least 2." in errors_in(english)
    hidden = person.post("/studio/proposals/new?lang=en", {**FORM, "title_en": "A\u202eB"})
    assert hidden.status_code == 422
    assert any("cannot be printed" in e for e in errors_in(hidden))
    assert _count(db) == before


def test_a_stale_edit_is_refused_and_changes_nothing(
    client: TestClient, staff: Staff, flow: Flow
) -> None:
    pid = flow.create()
    person = Person(client, staff.ps_designer)
    form = person.get(f"/studio/proposals/{pid}/edit").text
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    client.patch(
        f"/api/v1/proposals/{pid}",
        json={"title": {"ar": "عنوان آخر", "en": "Another title"}},
        headers={**staff.om_designer.headers, "If-Match": f'"{pid}.{version.group(1)}"'},
    )
    stale = {**FORM, "version": version.group(1), "title_en": "My title"}
    answer = person.post(f"/studio/proposals/{pid}/edit?lang=en", stale)
    assert answer.status_code == 412, errors_in(answer)
    assert any("changed since you read it" in e for e in errors_in(answer))
    assert flow.get(pid)["title"]["en"] == "Another title"


def test_a_sign_off_needs_a_reason_and_the_right_password(
    client: TestClient, staff: Staff, flow: Flow, db: Session
) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    person = Person(client, staff.om_approver)
    page = person.get(f"/studio/proposals/{pid}?lang=en")
    assert f'name="proof_sha256" value="{sha}"' in page.text  # the dialog binds the proof shown
    decide = {
        "decision": "request_changes",
        "proof_sha256": sha,
        "comment": "",
        "password": PASSWORD,
    }
    no_reason = person.post(f"/studio/proposals/{pid}/review?lang=en", decide)
    assert no_reason.status_code == 422
    assert "Say what must change: a reason is required." in errors_in(no_reason)
    assert "data-reopen" in no_reason.text  # the dialog opens again with the message
    wrong = person.post(
        f"/studio/proposals/{pid}/review?lang=en",
        {**decide, "comment": "Move the dove", "password": "not it"},
    )
    assert wrong.status_code == 403
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Review)) == 0
    done = person.post(f"/studio/proposals/{pid}/review", {**decide, "comment": "Move the dove"})
    assert done.status_code == 303
    assert flow.get(pid)["status"] == "draft"
    designer = Person(client, staff.ps_designer).get(f"/studio/proposals/{pid}?lang=en")
    assert "Move the dove" in designer.text
    assert "Changes requested" in designer.text


def test_a_pin_outside_the_page_is_refused_and_a_good_one_is_drawn(
    client: TestClient, staff: Staff, flow: Flow
) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    person = Person(client, staff.om_approver)
    pin = {"pin_sha256": sha, "pin_page": "1", "pin_x": "0.9", "pin_y": "0.1", "pin_w": "0.5"}
    outside = person.post(
        f"/studio/proposals/{pid}/comments?lang=en", {"body": "Here", **pin, "pin_h": "0.1"}
    )
    assert outside.status_code == 422
    good = {**pin, "pin_x": "0.2", "pin_w": "0.1", "pin_h": "0.1"}
    posted = person.post(f"/studio/proposals/{pid}/comments", {"body": "The dove", **good})
    assert posted.status_code == 303
    page = Person(client, staff.ps_designer).get(f"/studio/proposals/{pid}")
    assert '<g class="pin"><rect x="200.0" y="100.0" width="100.0" height="100.0"/>' in page.text
    api = client.get(f"/api/v1/proposals/{pid}/comments", headers=staff.ps_designer.headers)
    assert api.json()[0]["pin"]["page"] == 1
    assert api.json()[0]["body"] == "The dove"


def test_a_draft_sent_back_leads_to_the_pins_on_its_round_proof(
    client: TestClient, staff: Staff, flow: Flow
) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    approver = Person(client, staff.om_approver)
    pin = {"pin_sha256": sha, "pin_page": "1", "pin_x": "0.2", "pin_y": "0.1", "pin_w": "0.1"}
    approver.post(f"/studio/proposals/{pid}/comments", {"body": "The dove", **pin, "pin_h": "0.1"})
    decide = {"decision": "request_changes", "proof_sha256": sha, "comment": "Move the dove"}
    assert (
        approver.post(f"/studio/proposals/{pid}/review", {**decide, "password": PASSWORD})
    ).status_code == 303
    designer = Person(client, staff.ps_designer)
    draft = designer.get(f"/studio/proposals/{pid}?lang=en")
    assert '<g class="pin">' not in draft.text  # the draft's own proof is not the one pinned
    link = f'href="/studio/proposals/{pid}?round=1#proof">on proof page 1 of round 1</a>'
    assert link in draft.text
    earlier = designer.get(f"/studio/proposals/{pid}?round=1&lang=en")
    assert '<g class="pin"><rect x="200.0" y="100.0" width="100.0" height="100.0"/>' in earlier.text
    assert f"/proofs/{sha}/pages/1.png" in earlier.text
    assert "The proof of review round 1, with the comments pinned on it." in earlier.text
    unknown = designer.get(f"/studio/proposals/{pid}?round=7&lang=en")
    assert unknown.status_code == 200
    assert '<g class="pin">' not in unknown.text  # no such round: the current proof
    assert designer.get(f"/studio/proposals/{pid}?round=0").status_code == 422


def test_error_pages_are_pages_in_the_person_language(client: TestClient, staff: Staff) -> None:
    person = Person(client, staff.eg_designer)
    for path, status in (
        ("/studio/proposals/999999", 404),
        ("/studio/proposals/abc", 422),
        ("/studio/nowhere", 404),
    ):
        answer = person.get(path, headers={"accept-language": "ar"})
        assert answer.status_code == status, path
        assert answer.headers["content-type"].startswith("text/html")
        assert 'lang="ar" dir="rtl"' in answer.text
        assert "no-store" in answer.headers["cache-control"]
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    api = client.get("/api/v1/proposals/999999", headers=staff.eg_designer.headers)
    assert api.headers["content-type"] == "application/problem+json"


TEXT = st.text(st.characters(codec="utf-8"), max_size=60)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=TEXT, quantity=TEXT, date=TEXT, body=TEXT, x=TEXT)
def test_arbitrary_form_text_never_fails(
    client: TestClient, staff: Staff, title: str, quantity: str, date: str, body: str, x: str
) -> None:
    person = Person(client, staff.om_designer)
    form = {**FORM, "title_ar": title, "variant.PS.quantity": quantity, "planned_issue_date": date}
    created = person.post("/studio/proposals/new", form)
    assert created.status_code in (303, 422), created.text[:300]
    comment = person.post(
        "/studio/proposals/1/comments", {"body": body, "pin_sha256": "a" * 64, "pin_x": x}
    )
    assert comment.status_code in (303, 404, 422), comment.text[:300]
