"""Issue dates: the window, refused dates, and a moved date reaching proof and catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.proposals import dates
from app.proposals.models import Proposal
from tests.api.catalogue.records import add
from tests.factories import Flow, Staff, proposal_body

VARIANTS = [
    {"administration": "PS", "face_value_minor": 500, "quantity": 100000},
    {"administration": "OM", "face_value_minor": 100, "quantity": 100000},
]


def _proposals(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Proposal)) or 0


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["type"].endswith("/issue-date-outside-window")
    assert problem["field"] == field
    assert problem["detail"].startswith(f"{field}: ")
    first, last = dates.window()
    assert (problem["first"], problem["last"]) == (first.isoformat(), last.isoformat())


def test_the_window_runs_from_2000_to_ten_years_ahead_within_the_century() -> None:
    assert dates.window(dt.date(2026, 12, 3)) == (dt.date(2000, 1, 1), dt.date(2036, 12, 3))
    assert dates.window(dt.date(2028, 2, 29)) == (dt.date(2000, 1, 1), dt.date(2038, 2, 28))
    assert dates.window(dt.date(2095, 6, 1)) == (dt.date(2000, 1, 1), dt.date(2099, 12, 31))
    assert dates.IssueDateOutsideWindow.title_in("ar") == "تاريخ الإصدار خارج التواريخ المقبولة"
    assert dates.IssueDateOutsideWindow.title_in("en") == (
        "The issue date is outside the accepted dates"
    )


def _out_of_window() -> list[str]:
    _, last = dates.window()
    return ["1999-12-31", "1960-05-01", (last + dt.timedelta(days=1)).isoformat(), "2060-03-01"]


@pytest.mark.parametrize("day", _out_of_window())
def test_a_proposal_dated_outside_the_window_is_refused(
    client: TestClient, staff: Staff, db: Session, day: str
) -> None:
    before = _proposals(db)
    r = client.post(
        "/api/v1/proposals",
        json=proposal_body(planned_issue_date=day),
        headers=staff.ps_designer.headers,
    )
    _refused(r, "planned_issue_date")
    variants = [VARIANTS[0], {**VARIANTS[1], "issue_date": day}]
    r = client.post(
        "/api/v1/proposals",
        json=proposal_body(variants=variants),
        headers=staff.ps_designer.headers,
    )
    _refused(r, "variants.1.issue_date")
    assert _proposals(db) == before


def test_the_edges_of_the_window_are_accepted(client: TestClient, staff: Staff) -> None:
    first, last = dates.window()
    for day in (first, last):
        r = client.post(
            "/api/v1/proposals",
            json=proposal_body(planned_issue_date=day.isoformat()),
            headers=staff.ps_designer.headers,
        )
        assert r.status_code == 201, r.text


def test_patching_a_date_outside_the_window_is_refused(flow: Flow, staff: Staff) -> None:
    pid = flow.create()
    url, headers = f"/api/v1/proposals/{pid}", staff.ps_designer.headers
    etag = flow.client.get(url, headers=headers).headers["etag"]
    r = flow.client.patch(
        url, json={"planned_issue_date": "1999-01-01"}, headers={**headers, "If-Match": etag}
    )
    _refused(r, "planned_issue_date")
    assert flow.get(pid)["planned_issue_date"] == "2027-03-01"


def test_issuing_on_a_date_outside_the_window_is_refused(flow: Flow, staff: Staff) -> None:
    pid = flow.approved()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/issue",
        json={"issue_date": "2060-03-01"},
        headers=staff.ps_admin.headers,
    )
    _refused(r, "issue_date")
    assert flow.get(pid)["status"] == "approved"


def _proof_text(flow: Flow, pid: int) -> str:
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/proof.pdf", headers=flow.staff.ps_approver.headers
    )
    assert r.status_code == 200, r.text
    document = pdfium.PdfDocument(r.content)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def test_a_moved_planned_date_reaches_the_variants_the_proof_and_the_catalogue(
    flow: Flow, staff: Staff
) -> None:
    own_day = {**VARIANTS[1], "issue_date": "2027-08-02"}  # OM issues on a day of its own
    pid = flow.create(variants=[VARIANTS[0], own_day])
    url, headers = f"/api/v1/proposals/{pid}", staff.ps_designer.headers
    etag = flow.client.get(url, headers=headers).headers["etag"]
    r = flow.client.patch(
        url, json={"planned_issue_date": "2028-05-04"}, headers={**headers, "If-Match": etag}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["planned_issue_date"] == "2028-05-04"
    assert {v["administration"]: v["issue_date"] for v in body["variants"]} == {
        "PS": "2028-05-04",
        "OM": "2027-08-02",
    }
    flow.upload(pid)
    flow.submit(pid)
    text = _proof_text(flow, pid)
    assert "2028-05-04" in text
    assert "2027-03-01" not in text
    for approver in (staff.ps_approver, staff.om_approver):
        assert flow.review(pid, approver).status_code == 201
    r = flow.client.post(f"/api/v1/proposals/{pid}/issue", json={}, headers=staff.ps_admin.headers)
    assert r.status_code == 201, r.text
    issued = {e["administration"]: (e["number"], e["issue_date"]) for e in r.json()}
    assert issued == {"PS": ("PS001.28", "2028-05-04"), "OM": ("OM001.27", "2027-08-02")}


def test_an_issue_steps_over_a_number_the_previous_century_holds(flow: Flow, db: Session) -> None:
    add(db, "PS", "1927-05-01", "طابع قديم", "An old stamp")
    entries = flow.issued("2027-03-01")
    numbers = {e["administration"]: e["number"] for e in entries}
    assert numbers == {"PS": "PS002.27", "OM": "OM001.27"}
