"""A philatelist's visit: the catalogue in Arabic on a phone, search, filter, a stamp, English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.catalogue.search.text import normalise

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _images_loaded(page: Any, selector: str) -> int:
    count: int = page.eval_on_selector_all(
        selector, "els => els.filter(i => i.complete && i.naturalWidth > 0).length"
    )
    return count


def _scroll_through(page: Any) -> None:
    """Scroll to the end a screen at a time, as a reader would, so lazy images load."""
    page.evaluate(
        """async () => {
            const pause = () => new Promise(resolve => setTimeout(resolve, 50));
            const inView = i => {
                const box = i.getBoundingClientRect();
                return box.bottom > 0 && box.top < innerHeight;
            };
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
                scrollTo(0, y);
                // Stay until the images on screen have arrived (they render on first ask).
                for (let waited = 0; waited < 10000; waited += 50) {
                    await pause();
                    const shown = [...document.images].filter(inView);
                    if (shown.every(i => i.complete)) break;
                }
            }
            scrollTo(0, 0);
        }"""
    )
    page.wait_for_load_state("networkidle")


def _fits_the_screen(page: Any) -> bool:
    fits: bool = page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    return fits


def test_arabic_catalogue_search_filter_and_stamp(
    browser: Any, server: str, artifacts: Path
) -> None:
    context = browser.new_context(viewport=PHONE, locale="ar", device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{server}/catalogue")
    page.wait_for_load_state("networkidle")

    # Arabic, right to left, readable on a phone.
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.inner_text("h1") == "فهرس الطوابع"
    assert _fits_the_screen(page)
    brand = page.locator("a.brand").bounding_box()
    switch = page.locator("a.switch").bounding_box()
    assert brand is not None
    assert switch is not None
    assert brand["x"] > switch["x"]  # the title starts on the right
    cards = page.locator("li.card")
    assert cards.count() == 24
    assert _images_loaded(page, "li.card img") >= 2  # the ones on screen (others load lazily)
    page.screenshot(path=str(artifacts / "catalogue-ar-phone.png"))

    # Search: two Arabic words, as a person types them (no harakat).
    page.fill("input[name=q]", "يوم البريد")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    titles = page.locator("li.card .title").all_inner_texts()
    assert any(t.startswith("يوم البريد العربي") for t in titles), titles
    # Every hit has "يوم" in its title, whatever harakat it was printed with.
    assert all("يوم" in normalise(t) for t in titles), titles

    # Filter: Oman Post, joint issues only.
    page.fill("input[name=q]", "")
    page.click("details.filters summary")
    page.select_option("select[name=administration]", "OM")
    page.check("input[name=joint]")
    page.click("details.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    metas = page.locator("li.card .meta .country").all_inner_texts()
    assert metas
    assert set(metas) == {"سلطنة عُمان"}
    assert page.locator("li.card .badge:not(.warn)").count() == len(metas)  # "joint issue"
    _scroll_through(page)
    assert _images_loaded(page, "li.card img") == len(metas)
    page.screenshot(path=str(artifacts / "catalogue-ar-filtered.png"), full_page=True)

    # Open a stamp.
    page.goto(f"{server}/catalogue/OM001.27")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "إصدار مشترك فلسطين - عُمان" in page.inner_text("h1")
    preview = page.locator("figure.preview img")
    assert "OM001.27" in (preview.get_attribute("alt") or "")
    assert _images_loaded(page, "figure.preview img") == 1
    assert page.locator("table.technical").is_visible()
    assert _fits_the_screen(page)
    page.screenshot(path=str(artifacts / "stamp-ar-phone.png"), full_page=True)

    # Switch to English.
    page.click("a.switch")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.inner_text("h1") == "Palestine - Oman Joint Issue"
    assert "100 baisa" in page.inner_text("main")
    context.close()


def test_english_stamp_page_on_a_desktop(browser: Any, server: str, artifacts: Path) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server}/catalogue/PS001.27")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "en"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    text = page.inner_text("main")
    for seen in ("Catalogue no.", "PS001.27", "not the UPU WNS number", "Technical data",
                 "Perforation", "13½", "Issued jointly with", "OM001.27", "Sheet"):  # fmt: skip
        assert seen in text, seen
    # The joint issue's stamps side by side, both images loaded.
    assert _images_loaded(page, ".side-by-side img") == 2
    boxes = [b for b in (f.bounding_box() for f in page.locator(".side-by-side figure").all()) if b]
    assert len(boxes) == 2
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1
    assert _images_loaded(page, "figure.preview img") == 1
    page.screenshot(path=str(artifacts / "stamp-en-desktop.png"), full_page=True)
    context.close()
