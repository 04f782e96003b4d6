"""A person at their own browser for the studio's browser tests: their own context (cookies,
language), signed in with the demo password, and what they see read in their own words.

`Person.everywhere` runs axe-core on a page in Arabic and in English; `Person.photograph` saves
it at desktop and phone width in both languages and fails when the phone page is wider than the
phone (a horizontal scroll bar is the commonest layout bug a screenshot hides in its margins).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.studio.rendering import STUDIO
from tests.browser import axe as axe_core

PASSWORD = "stamps-demo"  # the demo accounts' published local password
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGS = ("ar", "en")
Prepare = Callable[[Any], None]

# Proof pages and previews load lazily; a screenshot must not catch them half there.
_EVERY_IMAGE = """() => {
    document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
}"""
_IMAGES_LOADED = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"


class Person:
    """One person signed in to the studio at `base`, reading it in `lang`."""

    def __init__(self, browser: Any, base: str, username: str, lang: str) -> None:
        self.base = base
        self.username = username
        self.lang = lang
        self.context = browser.new_context(viewport=DESKTOP, locale=lang)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())  # "withdraw?" confirmations
        self.go("/studio/login")
        self.page.fill("#username", username)
        self.page.fill("#password", PASSWORD)
        self.page.click("form[action='/studio/login'] button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/studio/(\?.*)?$"))

    def t(self, message: str, **params: Any) -> str:
        """A studio message in this person's language, as the page writes it."""
        return STUDIO.tr(self.lang, message, **params)

    def url(self, path: str, lang: str | None = None) -> str:
        path, _, fragment = path.partition("#")
        joined = f"{path}{'&' if '?' in path else '?'}lang={lang or self.lang}"
        return self.base + joined + (f"#{fragment}" if fragment else "")

    def go(self, path: str, lang: str | None = None) -> None:
        """Open `path` in `lang` (the person's own by default; the choice sticks in a cookie,
        so the redirects after a form come back in the language last asked for)."""
        self.page.goto(self.url(path, lang))

    def path(self) -> str:
        """The current page's path and query, without the language."""
        here = self.page.url.removeprefix(self.base).partition("#")[0]
        return re.sub(r"[?&]lang=\w+", "", here)

    def wait_for(self, pattern: str) -> None:
        self.page.wait_for_url(re.compile(pattern))

    def notice(self) -> str:
        return str(self.page.locator("main > .notice[role=status]").inner_text()).strip()

    def badge(self) -> str:
        return str(self.page.locator(".proposal-head .badge").inner_text()).strip()

    def unread(self) -> int:
        """The inbox count in the header (none shown: nothing unread)."""
        count = self.page.locator("header.bar nav .count")
        return int(count.inner_text()) if count.count() else 0

    def text(self, selector: str) -> str:
        return str(self.page.locator(selector).inner_text())

    def _own_last(self) -> list[str]:
        """Both languages, the person's own last: the page is left as they read it."""
        return sorted(LANGS, key=lambda lang: lang == self.lang)

    def everywhere(self, where: str, prepare: Prepare | None = None) -> None:
        """axe-core on the current page in Arabic and in English (after `prepare`, e.g. a
        dialog opened); the page is left in the person's own language."""
        path = self.path()
        for lang in self._own_last():
            self.go(path, lang)
            if prepare:
                prepare(self.page)
            if axe_core.available():
                axe_core.assert_accessible(self.page, f"{where} ({lang})")

    def photograph(
        self, artifacts: Path, name: str, prepare: Prepare | None = None, *, full: bool = True
    ) -> None:
        """studio-NAME-{ar,en}-{desktop,phone}.png of the current page; `full` takes the whole
        page, else what the window shows (a modal dialog). The page is left in the person's
        own language, at desktop width, as `prepare` left it."""
        path = self.path()
        for lang in self._own_last():
            self.go(path, lang)
            for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                self.page.set_viewport_size(viewport)
                if prepare:
                    prepare(self.page)
                self.page.evaluate(_EVERY_IMAGE)
                self.page.wait_for_function(_IMAGES_LOADED)
                if width == "phone":
                    wide = self.page.evaluate("() => document.documentElement.scrollWidth")
                    assert wide <= viewport["width"], f"{name} ({lang}) is {wide}px on a phone"
                shot = artifacts / f"studio-{name}-{lang}-{width}.png"
                self.page.screenshot(path=str(shot), full_page=full)
            self.page.set_viewport_size(DESKTOP)

    def close(self) -> None:
        self.context.close()


def open_signoff(page: Any) -> None:
    if page.locator("dialog#signoff[open]").count():
        return
    page.click("[data-open=signoff]")
    page.locator("dialog#signoff").wait_for(state="visible")


def show_difference(page: Any) -> None:
    page.click("[data-compare=difference]")


def sign_off(person: Person, decision: str, reason: str = "") -> None:
    """The sign-off dialog: the decision, the reason, the password again, signed."""
    open_signoff(person.page)
    dialog = person.page.locator("dialog#signoff")
    dialog.locator(f"input[name=decision][value={decision}]").check()
    if reason:
        dialog.locator("textarea[name=comment]").fill(reason)
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    person.wait_for(r".*done=decided")
