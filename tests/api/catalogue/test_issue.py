"""Issuing into the catalogue: numbers, links, and nothing unissued in public."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import Flow


def test_issue_creates_one_linked_entry_per_partner(flow: Flow) -> None:
    entries = flow.issued("2027-03-01")
    by_admin = {e["administration"]: e for e in entries}
    assert by_admin["PS"]["number"] == "PS001.27"
    assert by_admin["OM"]["number"] == "OM001.27"
    assert by_admin["PS"]["joint_with"] == ["OM001.27"]
    assert by_admin["OM"]["joint_with"] == ["PS001.27"]
    assert by_admin["OM"]["face_value"]["unit"]["name"] == {"ar": "بيسة", "en": "baisa"}
    assert by_admin["PS"]["wns_number"] is None
    assert by_admin["PS"]["perforation"] == "13½"
    public = flow.client.get("/api/v1/catalogue/stamps/OM001.27")
    assert public.status_code == 200
    assert public.json()["joint_with"] == ["PS001.27"]
    assert public.json()["title"]["ar"] == "إصدار مشترك فلسطين - عُمان"


def test_numbers_run_per_administration_and_year(flow: Flow) -> None:
    flow.issued("2027-03-01")
    second = flow.issued("2027-09-01")
    assert sorted(e["number"] for e in second) == ["OM002.27", "PS002.27"]
    next_year = flow.issued("2028-01-15")
    assert sorted(e["number"] for e in next_year) == ["OM001.28", "PS001.28"]


def test_only_partner_admins_issue(flow: Flow) -> None:
    pid = flow.approved()
    for caller in (flow.staff.ps_designer, flow.staff.om_approver):
        r = flow.client.post(f"/api/v1/proposals/{pid}/issue", json={}, headers=caller.headers)
        assert r.status_code == 403
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/issue", json={}, headers=flow.staff.eg_admin.headers
    )
    assert r.status_code == 404
    assert flow.get(pid)["status"] == "approved"


def test_public_catalogue_shows_issued_stamps_only(flow: Flow, client: TestClient) -> None:
    flow.create()
    flow.in_review()
    flow.approved()
    assert client.get("/api/v1/catalogue/stamps").json() == {"items": [], "next_cursor": None}
    flow.issued()
    items = client.get("/api/v1/catalogue/stamps").json()["items"]
    assert sorted(i["number"] for i in items) == ["OM001.27", "PS001.27"]
    assert client.get("/api/v1/catalogue/stamps/PS009.27").status_code == 404


def test_catalogue_filters_and_pages_without_repeats(flow: Flow, client: TestClient) -> None:
    for date in ("2027-01-10", "2027-05-10", "2028-02-01"):
        flow.issued(date)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 4}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/catalogue/stamps", params=params).json()
        seen += [i["number"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6
    om_2027 = client.get(
        "/api/v1/catalogue/stamps", params={"administration": "om", "year": 2027}
    ).json()["items"]
    assert [i["number"] for i in om_2027] == ["OM002.27", "OM001.27"]
    found = client.get("/api/v1/catalogue/stamps", params={"q": "oman joint"}).json()["items"]
    assert len(found) == 6
    assert client.get("/api/v1/catalogue/stamps", params={"q": "فلسطين"}).json()["items"]
    assert client.get("/api/v1/catalogue/stamps", params={"joint": "false"}).json()["items"] == []
    bad = client.get("/api/v1/catalogue/stamps", params={"cursor": "%%%"})
    assert bad.status_code == 422
