"""The embargo: a stamp issued for a day to come is public from 00:00 of that day in its
administration's zone, on every public surface at once, and not a second before.

Palestine (Asia/Hebron, UTC+2 in winter) and Oman (Asia/Muscat, UTC+4) are two hours apart, so
the two entries of one joint issue dated 15 January 2027 appear two hours apart. The tests
move the app's clock (`app.core.clock`); nothing sleeps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.clock import Clock
from app.core.settings import Settings
from tests.factories import Flow

DAY = "2027-01-15"
ZONES = {"PS": ZoneInfo("Asia/Hebron"), "OM": ZoneInfo("Asia/Muscat")}
NUMBERS = {"PS": "PS001.27", "OM": "OM001.27"}
ATOM = "{http://www.w3.org/2005/Atom}"


def local(code: str, text: str) -> dt.datetime:
    """A wall-clock time in the administration's zone."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZONES[code])


@pytest.fixture
def clock(client: TestClient) -> Clock:
    app = client.app
    assert isinstance(app, FastAPI)
    found = app.state.clock
    assert isinstance(found, Clock)
    found.set(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))  # the day of issue is weeks away
    return found


def seen(client: TestClient) -> dict[str, set[str]]:
    """The numbers each public surface shows, and the entries whose page and image answer."""
    feed = ET.fromstring(client.get("/catalogue/feed.atom?lang=en").content)  # noqa: S314 - ours
    titles = [t.text or "" for t in feed.iter(f"{ATOM}title")]
    csv_rows = csv.DictReader(io.StringIO(client.get("/api/v1/catalogue/export.csv").text[1:]))
    list_page = client.get("/catalogue?lang=en").text
    return {
        "list": {i["number"] for i in client.get("/api/v1/catalogue/stamps").json()["items"]},
        "search": {
            i["number"]
            for i in client.get("/api/v1/catalogue/stamps", params={"q": "عمان"}).json()["items"]
        },
        "csv": {row["number"] for row in csv_rows},
        "json": {e["number"] for e in client.get("/api/v1/catalogue/export.json").json()},
        "feed": {n for n in NUMBERS.values() if any(t.startswith(n) for t in titles)},
        "list page": {n for n in NUMBERS.values() if n in list_page},
        "entry": {
            n
            for n in NUMBERS.values()
            if client.get(f"/api/v1/catalogue/stamps/{n}").status_code == 200
        },
        "page": {n for n in NUMBERS.values() if client.get(f"/catalogue/{n}").status_code == 200},
        "image": {
            n
            for n in NUMBERS.values()
            if client.get(f"/api/v1/catalogue/stamps/{n}/image?size=thumb").status_code == 200
        },
    }


def everywhere(*numbers: str) -> dict[str, set[str]]:
    surfaces = ("list", "search", "csv", "json", "feed", "list page", "entry", "page", "image")
    return {surface: set(numbers) for surface in surfaces}


def test_each_entry_appears_at_midnight_in_its_own_zone(
    flow: Flow, client: TestClient, clock: Clock
) -> None:
    flow.issued(DAY)
    assert seen(client) == everywhere()

    clock.set(local("OM", "2027-01-14T23:59:59"))  # 19:59:59 UTC; 21:59:59 in Hebron
    assert seen(client) == everywhere()
    before = client.get("/catalogue?lang=en")

    clock.set(local("OM", "2027-01-15T00:00:00"))  # Muscat's midnight; 22:00 in Hebron
    assert seen(client) == everywhere("OM001.27")
    # The list page rendered a second before is neither served again nor confirmed by its ETag.
    again = client.get("/catalogue?lang=en", headers={"If-None-Match": before.headers["ETag"]})
    assert again.status_code == 200
    assert "OM001.27" in again.text
    # The released partner does not name the one still under embargo.
    om = client.get("/api/v1/catalogue/stamps/OM001.27").json()
    assert om["joint_with"] == []
    assert "PS001.27" not in client.get("/catalogue/OM001.27?lang=en").text

    clock.set(local("PS", "2027-01-14T23:59:59"))  # two hours on: still the 14th in Hebron
    assert seen(client) == everywhere("OM001.27")

    clock.set(local("PS", "2027-01-15T00:00:00"))
    assert seen(client) == everywhere("OM001.27", "PS001.27")
    assert client.get("/api/v1/catalogue/stamps/OM001.27").json()["joint_with"] == ["PS001.27"]
    feed = ET.fromstring(client.get("/catalogue/feed.atom?lang=en").content)  # noqa: S314 - ours
    published = [p.text for p in feed.iter(f"{ATOM}published")]
    assert published == ["2027-01-14T22:00:00+00:00", "2027-01-14T20:00:00+00:00"]

    clock.set(local("OM", "2027-01-14T23:59:59"))  # the clock set back: hidden again
    assert seen(client) == everywhere()


@pytest.mark.usefixtures("clock")
def test_a_scheduled_number_answers_as_one_never_given(flow: Flow, client: TestClient) -> None:
    flow.issued(DAY)
    for path in (
        "/api/v1/catalogue/stamps/{}",
        "/api/v1/catalogue/stamps/{}/image",
        "/catalogue/{}",
    ):
        scheduled = client.get(path.format("PS001.27"))
        unknown = client.get(path.format("PS099.27"))
        assert scheduled.status_code == unknown.status_code == 404
        assert scheduled.headers["content-type"] == unknown.headers["content-type"]
        assert set(scheduled.headers) == set(unknown.headers)
        if "json" in scheduled.headers["content-type"]:
            body, other = scheduled.json(), unknown.json()
            assert body.pop("request_id") != other.pop("request_id")
            mentioned = json.dumps(body, ensure_ascii=False).replace("PS001.27", "PS099.27")
            assert json.loads(mentioned) == other  # the same answer, but for the number asked
        else:
            assert scheduled.text.replace("PS001.27", "PS099.27") == unknown.text
    outsider = flow.staff.eg_admin.headers
    for number in ("PS001.27", "PS099.27"):
        r = client.put(
            f"/api/v1/catalogue/stamps/{number}/announcement",
            json={"announced": True},
            headers=outsider,
        )
        assert r.status_code == 404


def test_partner_staff_see_a_scheduled_stamp(flow: Flow, client: TestClient, clock: Clock) -> None:
    entries = flow.issued(DAY)
    for who in (flow.staff.om_designer, flow.staff.ps_approver):
        shown = client.get("/api/v1/catalogue/scheduled", headers=who.headers).json()
        assert {(s["number"], s["public_from"]) for s in shown} == {
            ("OM001.27", "2027-01-14T20:00:00Z"),
            ("PS001.27", "2027-01-14T22:00:00Z"),
        }
        assert all(s["announced"] is False and s["title"]["en"] for s in shown)
    assert (
        client.get("/api/v1/catalogue/scheduled", headers=flow.staff.eg_admin.headers).json() == []
    )
    assert client.get("/api/v1/catalogue/scheduled").status_code == 401
    assert {e["number"] for e in entries} == set(NUMBERS.values())
    clock.set(local("PS", "2027-01-15T00:00:00"))
    assert (
        client.get("/api/v1/catalogue/scheduled", headers=flow.staff.om_admin.headers).json() == []
    )


def test_the_upcoming_list_shows_only_what_was_announced(
    flow: Flow, client: TestClient, clock: Clock
) -> None:
    flow.issued(DAY)
    assert client.get("/api/v1/catalogue/upcoming").json() == []

    def announce(number: str, headers: dict[str, str], announced: bool = True) -> int:
        r = client.put(
            f"/api/v1/catalogue/stamps/{number}/announcement",
            json={"announced": announced},
            headers=headers,
        )
        status: int = r.status_code
        return status

    assert announce("PS001.27", flow.staff.om_admin.headers) == 403  # not Oman Post's stamp
    assert announce("PS001.27", flow.staff.ps_designer.headers) == 403
    assert announce("PS001.27", flow.staff.ps_admin.headers) == 200
    upcoming = client.get("/api/v1/catalogue/upcoming").json()
    assert upcoming == [
        {
            "title": {"ar": "إصدار مشترك فلسطين - عُمان", "en": "Palestine - Oman Joint Issue"},
            "issue_date": DAY,
            "administrations": ["PS"],
        }
    ]
    assert announce("OM001.27", flow.staff.om_admin.headers) == 200
    assert client.get("/api/v1/catalogue/upcoming").json()[0]["administrations"] == ["PS", "OM"]

    english = client.get("/catalogue/upcoming?lang=en")
    arabic = client.get("/catalogue/upcoming?lang=ar")
    assert english.status_code == arabic.status_code == 200
    assert '<html lang="en" dir="ltr">' in english.text
    assert "Upcoming issues" in english.text
    assert "Palestine Post" in english.text
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "الإصدارات القادمة" in arabic.text
    assert "بريد عُمان" in arabic.text
    for page in (english.text, arabic.text):
        assert "Palestine - Oman Joint Issue" in page
        assert DAY in page
        for absent in ("<img", "/image", "PS001.27", "mils", "مل "):  # no image, number or value
            assert absent not in page

    clock.set(local("OM", "2027-01-15T00:00:00"))  # Oman's is public: off the upcoming list
    assert client.get("/api/v1/catalogue/upcoming").json()[0]["administrations"] == ["PS"]
    assert announce("PS001.27", flow.staff.ps_admin.headers, announced=False) == 200
    assert client.get("/api/v1/catalogue/upcoming").json() == []
    assert "No issue has been announced yet." in client.get("/catalogue/upcoming?lang=en").text


def test_a_fixed_catalogue_clock_is_refused_in_production() -> None:
    with pytest.raises(ValueError, match="CATALOGUE_NOW"):
        Settings(env="production", secret_key="x" * 40, catalogue_now=dt.datetime.now(dt.UTC))
