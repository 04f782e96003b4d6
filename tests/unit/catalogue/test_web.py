"""Language choice, cursors, themes and the page cache."""

from __future__ import annotations

import pytest

from app.catalogue import queries
from app.catalogue.cache import CatalogueCache
from app.catalogue.web import negotiate
from app.core.problems import Unprocessable
from app.core.settings import PROJECT_ROOT
from app.designs.themes import load


@pytest.mark.parametrize(
    ("explicit", "header", "lang"),
    [
        (None, None, "ar"),
        (None, "en-GB,en;q=0.9", "en"),
        (None, "fr-FR, ar;q=0.8, en;q=0.5", "ar"),
        (None, "en;q=0.3, ar;q=0.7", "ar"),
        (None, "de, fr", "ar"),
        (None, "en;q=0", "ar"),
        ("en", "ar", "en"),
        ("ar", "en", "ar"),
        ("xx", "en", "en"),
        (None, "en;q=oops, ar", "ar"),
    ],
)
def test_negotiate(explicit: str | None, header: str | None, lang: str) -> None:
    assert negotiate(explicit, header) == lang


def test_cursor_is_tied_to_its_sort_order() -> None:
    assert queries.decode_cursor("WyJuZXdlc3QiLCIyMDI3LTAzLTAxIiw1XQ", "newest")[1] == 5
    with pytest.raises(Unprocessable):
        queries.decode_cursor("WyJuZXdlc3QiLCIyMDI3LTAzLTAxIiw1XQ", "number")
    for bad in ("%%%", "e30", "WzFd", "bnVsbA"):
        with pytest.raises(Unprocessable):
            queries.decode_cursor(bad)


def test_themes_have_two_levels() -> None:
    themes = load(PROJECT_ROOT / "designs" / "themes.json")
    cooperation = themes.get("postal-cooperation")
    assert cooperation.group == "people-and-society"
    assert themes.get("people-and-society").en == "People and society"
    assert cooperation in themes.children("people-and-society")
    assert all(t.ar and t.en for t in (*themes.groups, *themes.leaves))
    assert themes.get("unknown-theme").group == "unknown-theme"


def test_page_cache_renders_once_per_key_and_evicts() -> None:
    cache = CatalogueCache(revision_ttl=1.0, pages=2)
    calls: list[int] = []

    def render(n: int) -> bytes:
        calls.append(n)
        return str(n).encode()

    assert cache.page_or_render((1,), lambda: render(1)) == b"1"
    assert cache.page_or_render((1,), lambda: render(9)) == b"1"
    cache.page_or_render((2,), lambda: render(2))
    cache.page_or_render((3,), lambda: render(3))
    cache.page_or_render((1,), lambda: render(1))
    assert calls == [1, 2, 3, 1]
