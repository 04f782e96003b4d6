"""A search page found by walking the newest candidates is the page the index gives.

Frequent words are answered from a window of the next candidates in page order, rare
ones by the full-text index; whichever answers, every page, cursor and filter must come
out the same, on SQLite (FTS5) and PostgreSQL (GIN).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.catalogue import queries
from tests.api.catalogue.records import add

SUBJECTS = [
    ("يوم البريد العربي", "Arab Postal Day"),
    ("شجرة الزيتون", "The Olive Tree"),
    ("الخيول العربية الأصيلة", "Arabian Horses"),
    ("يوم المرأة", "Women's Day"),
    ("قلعة نزوى", "Nizwa Fort"),
]
QUERIES = ["يوم", "يوم البريد", "الزيتون", "خيول", "نزوي", "arab", "قلعه", "غير موجود"]


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
        query = {"limit": 4, **params, **({"cursor": cursor} if cursor else {})}
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
def test_window_and_index_give_the_same_pages(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    answered_by_window = 0
    page_from_window = queries._page_from_window

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal answered_by_window
        rows = page_from_window(*args, **kwargs)
        answered_by_window += rows is not None
        return rows

    monkeypatch.setattr(queries, "_page_from_window", counting)
    for filters in ({}, {"administration": "OM"}, {"year": 1995}, {"face_min": 150}):
        for q in QUERIES:
            params = {"q": q, "sort": sort, **filters}
            monkeypatch.setattr(queries, "SEARCH_WINDOW", {})  # the index alone
            expected = walk(client, **params)
            for window in (6, 30, 2000):  # mostly the index, a mix, mostly the window
                windows = {"sqlite": window, "postgresql": window}
                monkeypatch.setattr(queries, "SEARCH_WINDOW", windows)
                assert walk(client, **params) == expected, (params, window)
    assert answered_by_window > 50
