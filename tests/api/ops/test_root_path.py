"""Served under a sub-path (`stamps serve --root-path /stamps`): every link starts with it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from tests.factories import Flow, Staff

ROOT = "/stamps"


@pytest.fixture
def under_root(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database), root_path=ROOT) as client:
        yield client


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]+)"', html)


def test_catalogue_pages_and_feed_link_under_the_root(
    client: TestClient, under_root: TestClient, staff: Staff
) -> None:
    entries = Flow(client, staff).issued()
    number = entries[0]["number"]
    pages = [under_root.get("/catalogue?lang=en"), under_root.get(f"/catalogue/{number}?lang=ar")]
    for page in pages:
        assert page.status_code == 200
        found = links(page.text)
        assert found
        local = [link for link in found if not link.startswith(("http:", "https:", "#"))]
        assert local
        assert all(link.startswith(ROOT + "/") for link in local), local
    stylesheet = next(link for link in links(pages[0].text) if link.endswith(".css"))
    assert under_root.get(stylesheet.removeprefix(ROOT)).status_code == 200
    feed = under_root.get("/catalogue/feed.atom")
    assert feed.status_code == 200
    hrefs = re.findall(r'href="([^"]+)"', feed.text)
    assert hrefs
    assert all(href.startswith(f"http://testserver{ROOT}/") for href in hrefs), hrefs
