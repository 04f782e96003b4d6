"""The interactive documentation works on a closed network: every file its pages load is
served by the service itself, and the pages name no other host."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app

REFERENCE = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']|url:\s*['"]([^'"]+)['"]""")


def _references(html: str) -> list[str]:
    return [a or b for a, b in REFERENCE.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_only_their_own_files(client: TestClient, page: str) -> None:
    r = client.get(page)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert not re.search(r"https?://", r.text), re.findall(r"https?://[^\s\"'<>]+", r.text)
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    found = _references(r.text)
    assert "/openapi.json" in found
    scripts = [ref for ref in found if ref.endswith(".js")]
    for script in scripts:
        assert b"cdn.redoc.ly" not in client.get(script).content
    assert scripts, found
    for ref in found:
        assert ref.startswith("/"), ref
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        assert asset.content, ref


def test_docs_follow_the_root_path(settings: Settings, database: Database) -> None:
    """Behind a proxy at /stamps, the pages link their files under /stamps too."""
    with TestClient(create_app(settings, database), root_path="/stamps") as client:
        html = client.get("/docs").text
        found = _references(html)
        assert found
        assert all(ref.startswith("/stamps/") for ref in found), found
        script = next(ref for ref in found if ref.endswith(".js"))
        assert client.get(script).status_code == 200, script


def test_oauth2_redirect_page(client: TestClient) -> None:
    r = client.get("/docs/oauth2-redirect")
    assert r.status_code == 200
    assert not re.search(r"https?://", r.text)
