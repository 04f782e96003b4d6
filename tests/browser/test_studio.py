"""The whole joint issue through the studio, one browser context per person.

The Palestine Post designer opens the proposal and uploads its artwork, the Oman Post approver
pins a comment on the proof and asks for changes, the designer answers with a second version and
compares it, both approvers sign off with their passwords, the Palestine Post administrator
issues, and the stamp is in the public catalogue. Each studio page is checked with axe-core and
photographed at phone and desktop width in Arabic and English (tests/browser/artifacts/).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.browser import axe as axe_core

pytestmark = pytest.mark.browser

PASSWORD = "stamps-demo"  # the demo accounts' published local password
ART = Path(__file__).resolve().parents[2] / "designs" / "palestine-oman-2027" / "artwork.png"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TITLE_EN = "Joint Issue: Olive Harvest"
TITLE_AR = "إصدار مشترك: قطاف الزيتون"


class Person:
    """One person at their own browser: their own cookies, their own language."""

    def __init__(self, browser: Any, server: str, username: str, lang: str) -> None:
        self.server = server
        self.lang = lang
        self.context = browser.new_context(viewport=DESKTOP, locale="ar" if lang == "ar" else "en")
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.go(f"/studio/login?lang={lang}")
        self.page.fill("#username", username)
        self.page.fill("#password", PASSWORD)
        self.page.click("form[action='/studio/login'] button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/studio/$"))

    def go(self, path: str) -> None:
        self.page.goto(self.server + path)

    def shot(self, artifacts: Path, name: str, both: bool = True) -> None:
        """The page at desktop width, and at phone width when `both`."""
        self.page.screenshot(path=str(artifacts / f"studio-{name}-{self.lang}-desktop.png"))
        if both:
            self.page.set_viewport_size(PHONE)
            self.page.screenshot(
                path=str(artifacts / f"studio-{name}-{self.lang}-phone.png"), full_page=True
            )
            self.page.set_viewport_size(DESKTOP)

    def accessible(self, where: str) -> None:
        if axe_core.available():
            axe_core.assert_accessible(self.page, f"{where} ({self.lang})")

    def close(self) -> None:
        self.context.close()


def _second_version(folder: Path) -> Path:
    """The artwork with a changed region, so the compare view has something to show."""
    image = Image.open(ART).convert("RGB")
    image.paste((200, 30, 60), (120, 90, 420, 300))
    path = folder / "artwork-v2.png"
    image.save(path, dpi=(600, 600))
    return path


def _sign_off(person: Person, decision: str, reason: str = "") -> None:
    page = person.page
    page.click("[data-open=signoff]")
    dialog = page.locator("dialog#signoff")
    assert dialog.is_visible()
    dialog.locator(f"input[name=decision][value={decision}]").check()
    if reason:
        dialog.locator("textarea[name=comment]").fill(reason)
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*done=decided"))


def test_a_joint_issue_from_proposal_to_catalogue(
    browser: Any, server: str, artifacts: Path, tmp_path: Path
) -> None:
    designer = Person(browser, server, "ps-designer", "ar")
    page = designer.page
    designer.accessible("dashboard, designer")
    designer.shot(artifacts, "dashboard")

    # The designer opens the proposal through the editor, in Arabic.
    designer.go("/studio/proposals/new")
    designer.accessible("editor, new")
    page.fill("#title_ar", TITLE_AR)
    page.fill("#title_en", TITLE_EN)
    page.fill("#description_ar", "أيدٍ تقطف الزيتون تحت شمس الخريف.")
    page.fill("#description_en", "Hands picking olives under the autumn sun.")
    page.select_option("#format", "standard-40x30")
    page.check("input[name='partner.OM']")
    page.fill("#fv-PS", "500")
    page.fill("#q-PS", "100000")
    page.fill("#fv-OM", "100")
    page.fill("#q-OM", "80000")
    page.fill("#planned_issue_date", "2027-10-01")
    designer.shot(artifacts, "editor")
    page.click("form.editor button[type=submit]")
    page.wait_for_url(re.compile(r".*/studio/proposals/\d+\?done=created"))
    pid = int(re.search(r"/proposals/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    proposal = f"/studio/proposals/{pid}"

    # Artwork, through the upload form and its progress bar.
    page.set_input_files("#artwork-file", str(ART))
    page.click("form.upload button[type=submit]")
    page.wait_for_url(re.compile(r".*done=uploaded"))
    assert page.locator(".versions > li").count() == 1
    assert page.locator(".checks li").count() >= 5  # the preflight report, check by check
    assert page.locator("figure.page img").count() >= 1  # the draft's proof is shown
    page.click("form[action$='/submit'] button")
    page.wait_for_url(re.compile(r".*done=submitted"))
    assert page.locator(".badge.s-in_review").count() == 1
    designer.accessible("proposal in review, designer")

    # The Oman Post approver finds it waiting, pins a comment on the proof, asks for changes.
    approver = Person(browser, server, "om-approver", "en")
    a = approver.page
    assert a.locator("#to-review + ul, section[aria-labelledby=to-review]").first.inner_text()
    assert TITLE_EN in a.locator("section[aria-labelledby=to-review]").inner_text()
    a.click(f"section[aria-labelledby=to-review] a[href='{proposal}']")
    a.wait_for_url(re.compile(rf".*{proposal}$"))
    sha = a.locator("#proof .hash code").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    sheet = a.locator("figure.page .sheet").first
    sheet.scroll_into_view_if_needed()
    box = sheet.bounding_box()
    assert box is not None
    a.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.2)
    a.mouse.down()
    a.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.35, steps=5)
    a.mouse.up()
    assert a.locator("input[name=pin_page]").input_value() == "1"
    a.fill("#comment-body", "The olive branch touches the perforation: move it 2 mm inwards.")
    a.click("#new-comment button[type=submit]")
    a.wait_for_url(re.compile(r".*done=commented"))
    assert a.locator(".pin rect").count() == 1
    approver.accessible("proposal with a pinned comment, approver")
    a.locator("#h-proof").scroll_into_view_if_needed()
    a.evaluate("document.getElementById('h-proof').scrollIntoView()")
    approver.shot(artifacts, "proof-viewer-pinned")
    a.click("[data-zoom=true-size]")
    assert a.locator("[data-zoom=true-size][aria-pressed=true]").count() == 1
    a.click("[data-zoom=fit]")
    a.click("[data-open=signoff]")
    assert sha in a.locator("dialog#signoff").inner_text()  # exactly the proof shown
    approver.accessible("sign-off dialog")
    approver.shot(artifacts, "sign-off", both=False)
    a.click("dialog#signoff [data-close]")
    _sign_off(approver, "request_changes", "Move the olive branch away from the perforation.")

    # The designer reads it on the page it belongs to, answers with version 2, compares.
    designer.go(proposal)
    assert page.locator(".badge.s-draft").inner_text().strip() == "طُلبت تعديلات"
    assert page.locator(".pin rect").count() == 0  # the pin was on the earlier round's proof
    assert "The olive branch touches the perforation" in page.locator("#conversation").inner_text()
    assert "Move the olive branch away" in page.locator(".decisions").inner_text()
    page.set_input_files("#artwork-file", str(_second_version(tmp_path)))
    page.click("form.upload button[type=submit]")
    page.wait_for_url(re.compile(r".*done=uploaded"))
    designer.go(f"{proposal}/compare?version=2")
    designer.accessible("compare view")
    assert "%" in page.locator(".lead").inner_text()
    page.click("[data-compare=difference]")
    assert page.locator(".compare .difference img").is_visible()
    assert not page.locator(".compare .older img").is_visible()
    designer.shot(artifacts, "compare")
    english = Person(browser, server, "ps-designer", "en")
    english.go(f"{proposal}/compare?version=2")
    english.shot(artifacts, "compare")
    english.close()
    designer.go(proposal)
    page.click("form[action$='/submit'] button")
    page.wait_for_url(re.compile(r".*done=submitted"))

    # Both partners approve, each with their own password.
    approver.go(proposal)
    _sign_off(approver, "approve")
    partner = Person(browser, server, "ps-approver", "ar")
    partner.go(proposal)
    _sign_off(partner, "approve")
    assert partner.page.locator("a[href$='/approved-proof.pdf']").count() == 1
    assert partner.page.locator(".signed li").count() == 2
    partner.close()

    # The Palestine Post administrator issues; the stamp is in the public catalogue.
    admin = Person(browser, server, "ps-admin", "en")
    assert TITLE_EN in admin.page.locator("section[aria-labelledby=to-issue]").inner_text()
    admin.go(proposal)
    admin.page.click("form[action$='/issue'] button")
    admin.page.wait_for_url(re.compile(r".*done=issued"))
    assert admin.page.locator(".badge.s-issued").count() == 1
    timeline = admin.page.locator(".timeline").inner_text()
    assert "issued the stamp into the catalogue" in timeline
    assert "requested changes for OM" in timeline
    admin.accessible("issued proposal, administrator")
    admin.close()
    catalogue = approver.context.new_page()
    catalogue.goto(f"{server}/catalogue?lang=en&q=Olive+Harvest")
    assert TITLE_EN in catalogue.content()

    # The designer's inbox holds what happened, in Arabic.
    designer.go("/studio/inbox")
    assert page.locator(".inbox li").count() >= 2
    designer.accessible("inbox")
    designer.go("/studio/")
    designer.shot(artifacts, "dashboard-after")
    approver.go("/studio/")
    approver.shot(artifacts, "dashboard")
    designer.close()
    approver.close()


def test_sign_in_and_error_pages_are_accessible(browser: Any, server: str, artifacts: Path) -> None:
    for lang in ("ar", "en"):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(f"{server}/studio/login?lang={lang}")
        if axe_core.available():
            axe_core.assert_accessible(page, f"sign-in ({lang})")
        page.screenshot(path=str(artifacts / f"studio-login-{lang}-phone.png"))
        page.fill("#username", "om-admin")
        page.fill("#password", "not the password")
        page.click("form[action='/studio/login'] button[type=submit]")
        assert page.locator(".error").count() == 1
        page.fill("#password", PASSWORD)
        page.click("form[action='/studio/login'] button[type=submit]")
        page.goto(f"{server}/studio/proposals/999999")
        assert page.locator("h1").count() == 1
        if axe_core.available():
            axe_core.assert_accessible(page, f"error page ({lang})")
        context.close()
