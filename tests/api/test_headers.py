"""Headers of every answer: private JSON is never cached, pages cannot be framed or sniffed,
and the CSV export never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.catalogue.export import FORMULA_STARTS, safe_cell
from tests.api.catalogue.records import add
from tests.factories import PASSWORD, Flow
from tests.support.routes import route_table

PUBLIC_CACHED = ("/api/v1/catalogue/", "/catalogue", "/openapi.json")


def _urls(flow: Flow, number: str) -> list[str]:
    """Every GET route of the app, its path parameters filled with things that exist."""
    pid = flow.create()
    sha = flow.upload(pid).json()["sha256"]
    fill = {
        "proposal_id": str(pid),
        "version": sha,
        "kind": "stamp",
        "sha256": sha,
        "number": number,
    }
    urls = []
    for row in route_table(flow.client.app):  # type: ignore[arg-type]
        if "GET" in row.methods:
            urls.append(re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), "1"), row.path))
    return urls


def test_every_answer_carries_its_headers(flow: Flow, client: TestClient, db: Session) -> None:
    number = add(db, "PS", "2020-01-01", "عنوان", "Title").number
    urls = [*_urls(flow, number), "/api/v1/proposals/999999", "/no-such-page"]
    seen_json = seen_html = 0
    for url in urls:
        for headers in (flow.staff.ps_designer.headers, {}):
            r = client.get(url, headers=headers)
            assert r.status_code < 500, (url, r.status_code)
            assert r.headers.get("x-content-type-options") == "nosniff", url
            kind = r.headers.get("content-type", "")
            if kind.startswith(("application/json", "application/problem+json")):
                seen_json += 1
                cache = r.headers.get("cache-control", "")
                public = url.startswith(PUBLIC_CACHED) and cache.startswith("public")
                assert public or "no-store" in cache, (url, cache)
            if kind.startswith("text/html"):
                seen_html += 1
                policy = r.headers.get("content-security-policy", "")
                assert "frame-ancestors 'none'" in policy, url
                assert r.headers.get("referrer-policy"), url
    assert seen_json > 20
    assert seen_html >= 4


def test_the_token_response_is_not_stored(flow: Flow, client: TestClient) -> None:
    for password in (PASSWORD, "wrong password"):
        r = client.post(
            "/api/v1/auth/token",
            data={"username": flow.staff.ps_admin.username, "password": password},
        )
        assert r.headers["cache-control"] == "no-store", r.status_code


def test_catalogue_pages_allow_only_their_own_assets(client: TestClient, db: Session) -> None:
    number = add(db, "OM", "2021-05-01", "الخيول", "Horses").number
    for url in ("/catalogue?lang=ar", f"/catalogue/{number}?lang=en"):
        policy = client.get(url).headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_no_exported_cell_reads_as_a_formula(value: str) -> None:
    cell = safe_cell(value)
    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (value, "'" + value)
    assert (cell != value) == value.startswith(FORMULA_STARTS)


def test_the_csv_export_neutralises_formulas(client: TestClient, db: Session) -> None:
    titles = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    for n, title in enumerate(titles, start=1):
        add(db, "PS", f"2020-0{n}-01", "عنوان", title)
    r = client.get("/api/v1/catalogue/export.csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert sorted(row["title_en"] for row in rows) == sorted("'" + t for t in titles)
    assert all(row["face_value_minor"] == "500" for row in rows)
