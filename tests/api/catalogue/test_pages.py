"""The HTML pages, images, exports and feed, as a browser or a spreadsheet would fetch them."""

from __future__ import annotations

import csv
import io
import json
import time
from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from tests.api.catalogue.records import add
from tests.factories import Flow


def test_catalogue_page_is_arabic_rtl_by_default(client: TestClient, db: Session) -> None:
    add(db, "PS", "2027-03-01", "يوم البريد العربي", "Arab Postal Day")
    r = client.get("/catalogue")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in r.text
    assert "يوم البريد العربي" in r.text
    assert 'name="q"' in r.text
    assert "/api/v1/catalogue/stamps/PS001.27/image?size=thumb" in r.text
    assert r.headers["vary"] == "Accept-Language"


def test_language_follows_accept_language_and_lang(client: TestClient, db: Session) -> None:
    add(db, "PS", "2027-03-01", "يوم البريد العربي", "Arab Postal Day")
    english = client.get("/catalogue", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en" dir="ltr">' in english.text
    assert "Arab Postal Day" in english.text
    forced = client.get("/catalogue?lang=ar", headers={"Accept-Language": "en"})
    assert 'dir="rtl"' in forced.text
    assert "vary" not in forced.headers
    assert client.get("/catalogue?lang=fr").status_code == 422
    too_long = client.get("/catalogue", params={"q": "ب" * 201})
    assert too_long.status_code == 422
    assert too_long.headers["content-type"] == "application/problem+json"
    assert client.get("/catalogue", params={"q": "", "year": "", "joint": ""}).status_code == 200


def test_search_and_filters_work_without_javascript(client: TestClient, db: Session) -> None:
    add(db, "PS", "2027-03-01", "قبة الصخرة", "Dome of the Rock")
    add(db, "EG", "1990-01-01", "الأهرامات", "The Pyramids")
    page = client.get("/catalogue", params={"q": "الصخره", "lang": "en"}).text
    assert "Dome of the Rock" in page
    assert "The Pyramids" not in page
    page = client.get("/catalogue", params={"administration": "EG", "lang": "en"}).text
    assert "The Pyramids" in page
    assert "Dome of the Rock" not in page
    assert "No stamps match." in client.get("/catalogue?lang=en&q=zzzz").text


def test_browse_pages_link_to_the_next(client: TestClient, db: Session) -> None:
    for i in range(30):
        add(db, "OM", f"2001-01-{1 + i % 28:02d}", f"طابع {i}", f"Stamp {i}")
    first = client.get("/catalogue?lang=en").text
    assert first.count('<li class="card') == 24
    start = first.index('rel="next" href="') + len('rel="next" href="')
    next_url = first[start : first.index('"', start)].replace("&amp;", "&")
    second = client.get(next_url).text
    assert second.count('<li class="card') == 6


def test_pages_and_entries_answer_304(client: TestClient, db: Session) -> None:
    add(db, "PS", "2027-03-01", "يوم البريد العربي", "Arab Postal Day")
    for url in (
        "/catalogue?lang=en",
        "/catalogue/PS001.27?lang=ar",
        "/api/v1/catalogue/stamps",
        "/api/v1/catalogue/stamps/PS001.27",
        "/api/v1/catalogue/stamps/PS001.27/image?size=thumb",
        "/catalogue/feed.atom",
        "/api/v1/catalogue/export.csv",
    ):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["cache-control"].startswith("public"), url
        etag = r.headers["etag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.content == b""
        assert again.headers["etag"] == etag
    before = client.get("/catalogue?lang=en").headers["etag"]
    detail = client.get("/catalogue/PS001.27?lang=en").headers["etag"]
    add(db, "OM", "2027-03-02", "جديد", "New")
    after = client.get("/catalogue?lang=en", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert "New" in after.text
    # Any change to the catalogue moves every page's ETag on, a stamp's page too.
    again = client.get("/catalogue/PS001.27?lang=en", headers={"If-None-Match": detail})
    assert again.status_code == 200


def test_a_change_from_another_process_shows_within_the_ttl(
    settings: Settings, database: Database, db: Session
) -> None:
    """Another worker bumps the revision behind this process's back: pages follow in time."""
    add(db, "PS", "2027-03-01", "يوم البريد العربي", "Arab Postal Day")
    quick = settings.model_copy(update={"catalogue_revision_ttl": 1.5})
    with TestClient(create_app(quick, database)) as client:
        before = client.get("/catalogue?lang=en")
        db.execute(text("UPDATE catalogue_revisions SET value = value + 1 WHERE id = 1"))
        db.execute(
            text("UPDATE catalogue_entries SET title_en = 'Changed elsewhere' WHERE number = :n"),
            {"n": "PS001.27"},
        )
        db.commit()  # a plain write: no session of this process marked the catalogue changed
        assert client.get("/catalogue?lang=en").text == before.text  # cached, as allowed
        time.sleep(1.6)
        assert "Changed elsewhere" in client.get("/catalogue?lang=en").text


def test_detail_page(flow: Flow, client: TestClient) -> None:
    flow.issued("2027-03-01")
    en = client.get("/catalogue/PS001.27?lang=en").text
    assert '<html lang="en" dir="ltr">' in en
    assert "Palestine - Oman Joint Issue" in en
    assert "not the UPU WNS number" in en
    assert "not yet assigned" in en
    assert "/catalogue/OM001.27?lang=en" in en  # the partner, side by side
    assert "size=preview" in en
    assert 'alt="Stamp PS001.27: Palestine - Oman Joint Issue' in en
    assert "13½" in en
    assert "Sheet" in en
    assert "First-day cover" in en
    assert "500 mils" in en
    ar = client.get("/catalogue/OM001.27", headers={"Accept-Language": "ar"}).text
    assert 'dir="rtl"' in ar
    assert "100 بيسة" in ar
    assert "إصدار مشترك فلسطين - عُمان" in ar
    assert client.get("/catalogue/PS999.27").status_code == 404


def test_images(flow: Flow, client: TestClient) -> None:
    flow.issued("2027-03-01")
    for size, fmt in (("thumb", "JPEG"), ("preview", "JPEG"), ("full", "PNG")):
        r = client.get(f"/api/v1/catalogue/stamps/OM001.27/image?size={size}")
        assert r.status_code == 200
        with Image.open(io.BytesIO(r.content)) as image:
            assert image.format == fmt
            assert image.mode == "RGB"
            assert not image.getexif()
            assert "icc_profile" not in image.info
    ps = client.get("/api/v1/catalogue/stamps/PS001.27/image?size=thumb")
    om = client.get("/api/v1/catalogue/stamps/OM001.27/image?size=thumb")
    assert ps.headers["etag"] != om.headers["etag"]  # each variant has its own inscriptions
    assert client.get("/api/v1/catalogue/stamps/OM001.27/image?size=huge").status_code == 422
    assert client.get("/api/v1/catalogue/stamps/OM404.27/image").status_code == 404


def test_exports_hold_exactly_the_public_entries(client: TestClient, db: Session) -> None:
    entries = [add(db, "PS", f"2020-0{m}-01", f"عنوان {m}", f"Title {m}") for m in range(1, 6)]
    r = client.get("/api/v1/catalogue/export.csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert sorted(row["number"] for row in rows) == sorted(e.number for e in entries)
    assert {row["title_ar"] for row in rows} == {f"عنوان {m}" for m in range(1, 6)}
    data = json.loads(client.get("/api/v1/catalogue/export.json").content)
    assert sorted(item["number"] for item in data) == sorted(e.number for e in entries)
    assert data[0]["face_value"]["unit"]["name"] == {"ar": "مل", "en": "mils"}


def test_atom_feed(client: TestClient, db: Session) -> None:
    add(db, "OM", "2027-01-01", "الخيول العربية", "Arabian horses")
    r = client.get("/catalogue/feed.atom?lang=en")
    assert r.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(r.content)  # noqa: S314 - our own response
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles == ["OM001.27 — Arabian horses"]
    link = feed.find("a:entry/a:link", ns)
    assert link is not None
    assert link.get("href", "").endswith("/catalogue/OM001.27?lang=en")


def test_nothing_unissued_is_public(flow: Flow, client: TestClient) -> None:
    secret = {"ar": "مسودة سرية", "en": "Zebrafinch secret draft"}
    flow.create(title=secret)
    in_review = flow.create(title=secret)
    flow.upload(in_review)
    flow.submit(in_review)
    flow.issued("2027-03-01")  # one issued joint stamp, under the usual title
    for url in (
        "/api/v1/catalogue/stamps?q=Zebrafinch",
        "/api/v1/catalogue/stamps?q=مسودة",
        "/catalogue?lang=en",
        "/api/v1/catalogue/export.csv",
        "/api/v1/catalogue/export.json",
        "/catalogue/feed.atom",
    ):
        body = client.get(url).content.decode("utf-8-sig")
        assert "Zebrafinch" not in body, url
        assert "مسودة" not in body, url
    assert '<li class="card' not in client.get("/catalogue?q=Zebrafinch&lang=en").text
    items = client.get("/api/v1/catalogue/stamps").json()["items"]
    assert sorted(i["number"] for i in items) == ["OM001.27", "PS001.27"]
    for number in ("PS002.27", "OM002.27"):
        assert client.get(f"/catalogue/{number}").status_code == 404
        assert client.get(f"/api/v1/catalogue/stamps/{number}/image").status_code == 404
