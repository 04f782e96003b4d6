"""axe-core finds no accessibility violation on the public pages: the front door, the catalogue
list (its filters open too) and a stamp's page, in Arabic and English, on a phone and a desktop."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import assert_accessible, violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
Axe = Callable[[Any, str], None]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh context of the (language, screen) the test is parametrized with."""
    lang, screen = request.param
    context = browser.new_context(viewport=SCREENS[screen], locale=lang)
    yield context.new_page()
    context.close()


CASES = [(lang, screen) for lang in ("ar", "en") for screen in SCREENS]


def _open(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("page", CASES, indirect=True, ids=["-".join(c) for c in CASES])
def test_front_page(
    page: Any, axe: Axe, server: str, artifacts: Path, request: pytest.FixtureRequest
) -> None:
    lang, screen = request.node.callspec.params["page"]
    _open(page, f"{server}/?lang={lang}")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1")
    doors = page.locator("a.door").evaluate_all("links => links.map(a => a.pathname + a.search)")
    assert doors == [f"/catalogue?lang={lang}", f"/studio/?lang={lang}"]
    page.screenshot(path=str(artifacts / f"home-{lang}-{screen}.png"), full_page=True)
    axe(page, f"/ {lang} {screen}")


@pytest.mark.parametrize("page", CASES, indirect=True, ids=["-".join(c) for c in CASES])
def test_catalogue_list(page: Any, axe: Axe, server: str, request: pytest.FixtureRequest) -> None:
    lang, screen = request.node.callspec.params["page"]
    _open(page, f"{server}/catalogue?lang={lang}")
    axe(page, f"/catalogue {lang} {screen}")
    page.click("details.filters summary")
    axe(page, f"/catalogue {lang} {screen}, filters open")


@pytest.mark.parametrize("page", CASES, indirect=True, ids=["-".join(c) for c in CASES])
def test_stamp_page(page: Any, axe: Axe, server: str, request: pytest.FixtureRequest) -> None:
    lang, screen = request.node.callspec.params["page"]
    _open(page, f"{server}/catalogue/OM001.27?lang={lang}")
    axe(page, f"/catalogue/OM001.27 {lang} {screen}")


@pytest.mark.parametrize("page", [("en", "desktop")], indirect=True, ids=["en-desktop"])
def test_no_results_and_next_page(page: Any, axe: Axe, server: str) -> None:
    _open(page, f"{server}/catalogue?lang=en&q=zzzz")
    axe(page, "/catalogue en, no stamp matches")
    _open(page, f"{server}/catalogue?lang=ar")
    page.click(".pager a")
    page.wait_for_load_state("networkidle")
    axe(page, "/catalogue ar, second page")


@pytest.mark.parametrize("page", [("en", "desktop")], indirect=True, ids=["en-desktop"])
def test_the_check_sees_what_it_should_under_the_page_policy(page: Any, server: str) -> None:
    """axe runs with the page's Content-Security-Policy in force and reports what is wrong."""
    _open(page, f"{server}/?lang=en")
    # The policy holds: an inline script is refused (which is why axe is evaluated instead).
    with contextlib.suppress(Exception):
        page.add_script_tag(content="window.inlineScriptRan = true")
    assert page.evaluate("() => window.inlineScriptRan") is None
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('main').append(img);
        }"""
    )
    found = {v["id"]: v for v in violations(page)}
    assert "image-alt" in found
    assert found["image-alt"]["nodes"][0]["target"] == ["img"]
    with pytest.raises(AssertionError, match=r"(?s)image-alt \(critical\).*\n    img: "):
        assert_accessible(page, "/ with a picture without words")
