"""The record: issue details, products, withdrawal, errata and other catalogues' numbers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import Flow


def issue_with(flow: Flow, body: dict[str, object]) -> list[dict[str, object]]:
    pid = flow.approved()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/issue", json=body, headers=flow.staff.ps_admin.headers
    )
    assert r.status_code == 201, r.text
    entries: list[dict[str, object]] = r.json()
    return entries


def test_issue_records_the_technical_data(flow: Flow, client: TestClient) -> None:
    issue_with(
        flow,
        {
            "issue_date": "2027-04-02",
            "first_day_place": {"ar": "رام الله", "en": "Ramallah"},
            "printer": "Cartor",
            "printing_process": "Offset lithography",
            "designer": "Laila Haddad",
            "perforation": "13¾ × 14",
            "products": [
                {"kind": "sheet", "stamps_per_product": 20},
                {"kind": "miniature-sheet", "stamps_per_product": 1, "quantity": 5000},
            ],
        },
    )
    entry = client.get("/api/v1/catalogue/stamps/PS001.27").json()
    assert entry["perforation"] == "13¾ × 14"
    assert entry["perforation_detail"] == {"kind": "comb", "horizontal": 13.75, "vertical": 14.0}
    assert entry["first_day_place"] == {"ar": "رام الله", "en": "Ramallah"}
    assert entry["printer"] == "Cartor"
    assert entry["theme_detail"]["group"] == "people-and-society"
    assert entry["images"]["thumb"].endswith("/PS001.27/image?size=thumb")
    kinds = {p["kind"]: p for p in entry["products"]}
    assert kinds["sheet"]["stamps"] == {"PS001.27": 20}
    assert kinds["sheet"]["quantity"] == 5000
    assert kinds["miniature-sheet"]["quantity"] == 5000
    found = client.get("/api/v1/catalogue/stamps", params={"product": "miniature-sheet"}).json()
    assert sorted(i["number"] for i in found["items"]) == ["OM001.27", "PS001.27"]
    assert client.get("/api/v1/catalogue/stamps", params={"q": "Laila ramallah"}).json()["items"]


def test_bad_perforation_is_refused_and_nothing_is_issued(flow: Flow, client: TestClient) -> None:
    pid = flow.approved()
    r = client.post(
        f"/api/v1/proposals/{pid}/issue",
        json={"perforation": "thirteen"},
        headers=flow.staff.ps_admin.headers,
    )
    assert r.status_code == 422
    assert client.get("/api/v1/catalogue/stamps").json()["items"] == []


def test_withdrawal_keeps_the_entry_public_and_marked(flow: Flow, client: TestClient) -> None:
    flow.issued("2027-03-01")
    url = "/api/v1/catalogue/stamps/PS001.27/withdrawal"
    body = {"withdrawn_on": "2029-12-31"}
    assert client.post(url, json=body, headers=flow.staff.om_admin.headers).status_code == 403
    assert client.post(url, json=body, headers=flow.staff.ps_designer.headers).status_code == 403
    assert client.post(url, json=body).status_code == 401
    r = client.post(url, json=body, headers=flow.staff.ps_admin.headers)
    assert r.status_code == 200, r.text
    assert client.post(url, json=body, headers=flow.staff.ps_admin.headers).status_code == 409
    entry = client.get("/api/v1/catalogue/stamps/PS001.27").json()
    assert entry["withdrawn_on"] == "2029-12-31"
    assert "Withdrawn" in client.get("/catalogue/PS001.27?lang=en").text
    early = client.post(
        "/api/v1/catalogue/stamps/OM001.27/withdrawal",
        json={"withdrawn_on": "2020-01-01"},
        headers=flow.staff.om_admin.headers,
    )
    assert early.status_code == 422


def test_errata_correct_and_are_shown(flow: Flow, client: TestClient) -> None:
    flow.issued("2027-03-01")
    r = client.post(
        "/api/v1/catalogue/stamps/OM001.27/errata",
        json={
            "field": "title_en",
            "value": "Oman - Palestine Joint Issue",
            "reason": {"ar": "ترتيب الاسمين", "en": "Order of the names"},
            "noted_on": "2027-05-01",
        },
        headers=flow.staff.om_admin.headers,
    )
    assert r.status_code == 201, r.text
    entry = client.get("/api/v1/catalogue/stamps/OM001.27").json()
    assert entry["title"]["en"] == "Oman - Palestine Joint Issue"
    assert entry["errata"] == [
        {
            "noted_on": "2027-05-01",
            "field": "title_en",
            "old_value": "Palestine - Oman Joint Issue",
            "new_value": "Oman - Palestine Joint Issue",
            "reason": {"ar": "ترتيب الاسمين", "en": "Order of the names"},
        }
    ]
    page = client.get("/catalogue/OM001.27?lang=en").text
    assert "Order of the names" in page
    assert "Errata" in page
    perf = client.post(
        "/api/v1/catalogue/stamps/OM001.27/errata",
        json={
            "field": "perforation",
            "value": "14 x 13.75",
            "reason": {"ar": "قياس", "en": "Gauged"},
        },
        headers=flow.staff.om_admin.headers,
    )
    assert perf.json()["new_value"] == "14 × 13¾"
    bad = client.post(
        "/api/v1/catalogue/stamps/OM001.27/errata",
        json={"field": "number", "value": "OM007.27", "reason": {"ar": "x", "en": "x"}},
        headers=flow.staff.om_admin.headers,
    )
    assert bad.status_code == 422


def test_references_are_entered_by_hand(flow: Flow, client: TestClient) -> None:
    flow.issued("2027-03-01")
    refs = {"michel": "2345", "scott": "1234", "sg": "987", "yvert": None}
    r = client.put(
        "/api/v1/catalogue/stamps/PS001.27/references",
        json=refs,
        headers=flow.staff.ps_admin.headers,
    )
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/catalogue/stamps/PS001.27").json()["references"] == refs
    assert "Michel 2345" in client.get("/catalogue/PS001.27?lang=en").text
