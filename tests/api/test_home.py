"""The front door `/`: an HTML page, in the visitor's language, that leads to the catalogue and
to the studio (it used to answer a JSON 404)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize(
    ("query", "headers", "lang", "direction"),
    [
        ("?lang=ar", {}, "ar", "rtl"),
        ("?lang=en", {}, "en", "ltr"),
        ("", {"Accept-Language": "ar-PS,ar;q=0.9"}, "ar", "rtl"),
        ("", {"Accept-Language": "en-GB,en;q=0.9,ar;q=0.5"}, "en", "ltr"),
        ("", {}, "ar", "rtl"),  # no preference at all: Arabic
        ("?lang=ar", {"Accept-Language": "en"}, "ar", "rtl"),  # the choice before the browser
    ],
)
def test_home_page_in_the_visitors_language(
    client: TestClient, query: str, headers: dict[str, str], lang: str, direction: str
) -> None:
    r = client.get("/" + query, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}" dir="{direction}">' in r.text
    links = _links(r.text)
    # Both doors keep the language; the switch leads to the other one; the API docs.
    assert f"/catalogue?lang={lang}" in links
    assert f"/studio/?lang={lang}" in links
    other = "en" if lang == "ar" else "ar"
    assert f"/?lang={other}" in links
    assert "/docs" in links
    if query:
        assert "vary" not in r.headers
    else:
        assert r.headers["vary"] == "Accept-Language"


def test_arabic_words_and_english_words(client: TestClient) -> None:
    arabic = client.get("/?lang=ar").text
    for words in ("استوديو الطوابع المشتركة", "فهرس الطوابع", "استوديو التصميم", "English"):
        assert words in arabic, words
    assert "Design studio" not in arabic
    english = client.get("/?lang=en").text
    for words in ("Joint Stamp Studio", "Stamp catalogue", "Design studio", "العربية"):
        assert words in english, words
    assert "استوديو التصميم" not in english


def test_home_is_a_page_not_a_json_404(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert not r.headers["content-type"].startswith(("application/json", "application/problem"))
    assert "<h1>" in r.text


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    get = client.get("/?lang=en")
    head = client.head("/?lang=en")
    assert head.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["etag"] == get.headers["etag"]
    assert head.content == b""


def test_unknown_language_is_refused(client: TestClient) -> None:
    r = client.get("/?lang=fr")
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_conditional_request_and_cache_headers(client: TestClient) -> None:
    first = client.get("/?lang=ar")
    assert first.headers["cache-control"].startswith("public")
    again = client.get("/?lang=ar", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/?lang=en").headers["etag"] != first.headers["etag"]


def test_page_passes_the_content_security_policy(client: TestClient) -> None:
    r = client.get("/?lang=en")
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    # Nothing the policy would block: no inline script, style block or style attribute.
    assert "<script" not in r.text
    assert "<style" not in r.text
    assert "style=" not in r.text
    css = client.get("/static/site.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "/static/site.css" in _links(r.text)


def test_home_is_not_in_the_api_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths
    assert "/static/site.css" not in paths


def test_links_start_with_the_root_path(settings: Settings, database: Database) -> None:
    with TestClient(create_app(settings, database), root_path="/stamps") as under_root:
        links = _links(under_root.get("/?lang=en").text)
    for link in ("/stamps/catalogue?lang=en", "/stamps/studio/?lang=en", "/stamps/?lang=ar",
                 "/stamps/docs", "/stamps/static/site.css"):  # fmt: skip
        assert link in links, link
