"""A search page asked group by group is the page the whole-catalogue index gives.

Both backends ask the (administration, year) groups at the head of the page order first
(`search.plan`): PostgreSQL then the word-beginnings index for what they leave, SQLite the
remaining groups. However the asks are cut, every page, cursor, filter and sort order must
come out as the whole-catalogue index alone gives them (a catalogue asked in one go).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.catalogue import service
from app.catalogue.cache import CatalogueCache
from app.catalogue.models import NumberSequence
from app.catalogue.schemas import ErratumIn, ReasonIn
from app.catalogue.search import find, plan
from app.core.db import Database
from tests.api.catalogue.records import add, themes

SUBJECTS = [
    ("يوم البريد العربي", "Arab Postal Day"),
    ("شجرة الزيتون", "The Olive Tree"),
    ("الخيول العربية الأصيلة", "Arabian Horses"),
    ("يوم المرأة", "Women's Day"),
    ("قلعة نزوى", "Nizwa Fort"),
]
# A letter alone is a word too: SQLite leaves it out of its look for words no stamp holds.
QUERIES = [
    "يوم", "يوم البريد", "الزيتون", "خيول", "نزوي", "arab", "قلعه", "غير موجود", "ي", "ي غير",
]  # fmt: skip
FILTERS: list[dict[str, Any]] = [
    {},
    {"administration": "OM"},
    {"year": 1995, "face_min": 150},
    {"date_from": "1994-03-01", "date_to": "2003-07-01"},
]
# (entries of the first ask, groups per ask, asks): one group at a time, a few, the most
CUTS = [(1, 1, 2), (3, 2, 3), (30, 6, 3)]


@pytest.fixture
def catalogue(db: Session) -> None:
    for index in range(90):
        title_ar, title_en = SUBJECTS[index % len(SUBJECTS) if index % 7 else 4]
        code = ("PS", "OM", "EG")[index % 3]
        date = f"{1990 + index % 30}-{1 + index % 12:02d}-{1 + index % 27:02d}"
        add(db, code, date, f"{title_ar} {index}", f"{title_en} {index}", value=100 + index)


def walk(client: TestClient, **params: Any) -> list[list[str]]:
    """Every page of a search, following the cursors."""
    pages: list[list[str]] = []
    cursor = None
    for _ in range(100):
        query = {"limit": 6, **params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/catalogue/stamps", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([item["number"] for item in body["items"]])
        cursor = body["next_cursor"]
        if not cursor:
            return pages
    raise AssertionError(f"the pages of {params} never end")


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("sort", ["newest", "oldest", "number"])
def test_asks_by_group_give_the_pages_of_the_whole_index(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    asked = 0
    spans = plan.spans

    def counting(*args: Any) -> Iterator[plan.Span]:
        nonlocal asked
        for span in spans(*args):
            asked += 1
            yield span

    monkeypatch.setattr(plan, "spans", counting)
    for filters in FILTERS:
        for q in QUERIES:
            params = {"q": q, "sort": sort, **filters}
            monkeypatch.setattr(plan, "FIRST_ENTRIES", 10**9)  # asked in one go
            expected = walk(client, **params)
            for first, groups, asks in CUTS:
                monkeypatch.setattr(plan, "FIRST_ENTRIES", first)
                monkeypatch.setattr(plan, "MAX_GROUPS", groups)
                monkeypatch.setattr(plan, "FTS5_MAX_GROUPS", groups)
                monkeypatch.setattr(plan, "MAX_ASKS", asks)
                assert walk(client, **params) == expected, (params, first, groups, asks)
    assert asked > 250


@pytest.mark.usefixtures("catalogue")
def test_a_stamp_issued_since_is_found_in_its_new_group(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stamp issued after the last search is found at once, in its own new group."""
    monkeypatch.setattr(plan, "FIRST_ENTRIES", 1)
    before = walk(client, q="نزوي", administration="EG")
    add(db, "EG", "2031-05-01", "قلعة نزوى الجديدة", "Nizwa Fort, new")
    db.flush()
    after = walk(client, q="نزوي", administration="EG")
    assert after[0][0] == "EG001.31"
    assert [n for page in after for n in page][1:] == [n for page in before for n in page]


@pytest.mark.usefixtures("catalogue")
def test_a_corrected_title_is_found_by_its_new_words_only(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grouped index follows a correction of the searched text, as the whole index does."""
    monkeypatch.setattr(plan, "FIRST_ENTRIES", 1)
    entry = add(db, "PS", "2030-02-01", "طوابع البحر الميت", "Dead Sea stamps")
    db.flush()
    assert walk(client, q="البحر الميت") == [[entry.number]]
    correction = ErratumIn(
        field="title_ar",
        value="طوابع وادي القلط",
        reason=ReasonIn(ar="خطأ في العنوان", en="Wrong title"),
    )
    service.correct(db, entry, correction, themes())
    db.flush()
    assert walk(client, q="وادي القلط") == [[entry.number]]
    assert walk(client, q="البحر الميت") == [[]]


def test_groups_are_read_once_a_revision_and_again_after_a_change(
    database: Database, db: Session
) -> None:
    """A search reuses the groups it read at the revision it serves; issuing bumps it."""
    cache = CatalogueCache(revision_ttl=60.0)
    database.on_change(cache.heard)
    first = find.groups(db, cache, revision=7)
    db.add(NumberSequence(administration_code="PS", year=2040, last_seq=3))
    db.flush()
    assert find.groups(db, cache, revision=7) is first
    assert ("PS", 2040, 3) in find.groups(db, cache, revision=8)
    assert ("PS", 2040, 3) in find.groups(db, cache, None)  # no revision named: read afresh
    add(db, "OM", "2041-01-05", "قلعة", "Fort")  # commits a catalogue change
    assert ("OM", 2041, 1) in find.groups(db, cache, revision=8)
