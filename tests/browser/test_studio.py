"""The whole joint issue through the studio, one browser context per person.

The Palestine Post designer opens the proposal in the editor and uploads its artwork, the Oman
Post approver pins a comment on the proof and asks for changes, the designer finds the comment
drawn where it applies, answers with a second version and compares it, both approvers sign off
with their passwords, the Palestine Post administrator issues, and the stamp is in the public
catalogue. At each step the test reads what that person is shown (badges, notices, the inbox
count, who is still waited on); every studio page is checked with axe-core in Arabic and
English, and photographed at phone and desktop width in both (tests/browser/artifacts/).

The service is one of its own, with only the demo data: the stamp issued here must not change
the catalogue the other browser tests count, and each dashboard holds just what this story did.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.browser import axe as axe_core
from tests.browser.conftest import running_service
from tests.browser.people import (
    LANGS,
    PASSWORD,
    PHONE,
    Person,
    open_signoff,
    show_difference,
    sign_off,
)

pytestmark = pytest.mark.browser

ART = Path(__file__).resolve().parents[2] / "designs" / "palestine-oman-2027" / "artwork.png"
TITLE_EN = "Joint Issue: Olive Harvest"
TITLE_AR = "إصدار مشترك: قطاف الزيتون"
COMMENT = "The olive branch touches the perforation: move it 2 mm inwards."
REASON = "Move the olive branch away from the perforation."
THEMES = json.loads((ART.parents[1] / "themes.json").read_text(encoding="utf-8"))
THEME_AR = THEMES["nature"]["themes"]["flora"]["ar"]


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_service(tmp_path_factory.mktemp("studio-service")) as base:
        yield base


def _second_version(folder: Path) -> Path:
    """The artwork with a changed region, so the compare view has something to show."""
    image = Image.open(ART).convert("RGB")
    image.paste((200, 30, 60), (120, 90, 420, 300))
    path = folder / "artwork-v2.png"
    image.save(path, dpi=(600, 600))
    return path


def _create(designer: Person, artifacts: Path) -> str:
    """The editor: both titles, theme, format, joint kind, the two partners' variants."""
    page = designer.page
    designer.go("/studio/proposals/new")
    assert designer.text("h1") == designer.t("New joint-issue proposal")
    designer.everywhere("editor, new proposal")
    page.fill("#title_ar", TITLE_AR)
    page.fill("#title_en", TITLE_EN)
    page.fill("#description_ar", "أيدٍ تقطف الزيتون تحت شمس الخريف.")
    page.fill("#description_en", "Hands picking olives under the autumn sun.")
    page.select_option("#theme", "flora")
    page.select_option("#joint_kind", "concerted")
    page.select_option("#format", "standard-40x30")
    page.check("input[name='partner.PS']")
    page.check("input[name='partner.OM']")
    page.fill("#fv-PS", "500")
    page.fill("#q-PS", "100000")
    page.fill("#fv-OM", "100")
    page.fill("#q-OM", "80000")
    page.fill("#planned_issue_date", "2027-10-01")
    for width, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(
            path=str(artifacts / f"studio-editor-filled-ar-{width}.png"), full_page=True
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("form.editor button[type=submit]")
    designer.wait_for(r".*/studio/proposals/\d+\?done=created")
    found = re.search(r"/studio/proposals/\d+", page.url)
    assert found is not None
    proposal = found.group(0)
    assert designer.notice() == designer.t("The proposal is open: upload its artwork next.")
    assert designer.badge() == designer.t("Draft")
    facts = designer.text("#h-issue + .facts")
    assert THEME_AR in facts  # the theme by its name, the joint kind in the page's words
    assert designer.t("concerted") in facts
    assert page.locator("table.partners tbody tr").count() == 2
    assert designer.text(".proposal-head h1") == TITLE_AR
    assert designer.text(".other-title") == TITLE_EN
    assert designer.t("No artwork yet.") in designer.text("#artwork")
    assert page.locator("form[action$='/submit']").count() == 0  # nothing to send yet
    designer.everywhere("proposal, draft without artwork")
    return proposal


def _edit(designer: Person, proposal: str, artifacts: Path) -> None:
    designer.go(f"{proposal}/edit")
    assert designer.page.input_value("#title_en") == TITLE_EN
    designer.everywhere("editor, editing a draft")
    designer.photograph(artifacts, "editor")
    designer.page.fill("#description_en", "Hands picking olives under the October sun.")
    designer.page.click("form.editor button[type=submit]")
    designer.wait_for(r".*done=saved")
    assert designer.notice() == designer.t("Saved.")
    designer.go(proposal, "en")
    assert "October sun" in designer.text(".description")
    designer.go(proposal)


def _upload(person: Person, artwork: Path) -> None:
    """The upload form (the page's script sends it with a progress bar, then follows it)."""
    person.page.set_input_files("#artwork-file", str(artwork))
    person.page.click("form.upload button[type=submit]")
    person.wait_for(r".*done=uploaded")
    assert person.notice() == person.t("The artwork version is uploaded.")


def _submit(person: Person) -> None:
    person.page.click("form[action$='/submit'] button")
    person.wait_for(r".*done=submitted")
    assert person.notice() == person.t("Sent for review: every partner's approvers are told.")
    assert person.badge() == person.t("In review")


def _draw_pin(approver: Person) -> None:
    """A drag over the proof page's sheet: the pin fields of the comment form fill in."""
    page = approver.page
    sheet = page.locator("figure.page .sheet").first
    sheet.scroll_into_view_if_needed()
    box = sheet.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.35, steps=5)
    page.mouse.up()


def test_a_joint_issue_from_proposal_to_catalogue(
    browser: Any, studio: str, artifacts: Path, tmp_path: Path
) -> None:
    designer = Person(browser, studio, "ps-designer", "ar")
    approver = Person(browser, studio, "om-approver", "en")
    partner = Person(browser, studio, "ps-approver", "ar")
    admin = Person(browser, studio, "ps-admin", "en")
    unread = {p.username: p.unread() for p in (designer, approver, partner, admin)}
    page, a = designer.page, approver.page

    # The designer's dashboard, then the proposal through the editor, in Arabic.
    assert designer.text("h1") == designer.t("Waiting for me")
    designer.everywhere("dashboard, designer")
    proposal = _create(designer, artifacts)
    _edit(designer, proposal, artifacts)

    # Artwork, then the preflight report check by check, and the draft's proof.
    _upload(designer, ART)
    assert page.locator(".versions > li").count() == 1
    # It passes, with warnings a person can act on: RGB without an ICC profile.
    assert designer.text(".versions .badge") == designer.t("Preflight: warnings")
    checks = page.locator(".versions .checks li")
    assert checks.count() >= 5
    assert page.locator(".versions .checks li.pf-fail").count() == 0
    assert page.locator(".checks li.pf-pass .mark").first.inner_text() == designer.t("Pass")
    warned = page.locator(".versions .checks li.pf-warn").all_inner_texts()
    assert all(w.startswith(designer.t("Warning")) for w in warned)
    assert any("لا يوجد ملف تعريف ألوان مضمّن" in w for w in warned)  # "No ICC profile"
    assert page.locator("figure.page img").count() >= 1
    assert re.fullmatch(r"[0-9a-f]{64}", designer.text("#proof .hash code").strip())
    designer.everywhere("proposal, draft with artwork")
    _submit(designer)
    head = designer.text(".proposal-head")
    assert "OM" in head  # who is still waited on
    assert "PS" in head
    assert page.locator("#artwork-file").count() == 0  # no upload while partners decide
    designer.everywhere("proposal in review, designer")

    # The Oman Post approver is told, and finds it waiting on the dashboard.
    approver.go("/studio/")
    assert approver.unread() == unread["om-approver"] + 1
    waiting = approver.text("section[aria-labelledby=to-review]")
    assert TITLE_EN in waiting
    assert approver.text("#to-review .count") == "1"
    assert approver.text(".lead") == "1 proposal awaits you."
    approver.everywhere("dashboard, approver")
    approver.photograph(artifacts, "dashboard")
    approver.go("/studio/inbox")
    newest = a.locator(".inbox li").first
    assert newest.inner_text().startswith(f"{TITLE_EN} awaits your review")
    assert "unread" in (newest.get_attribute("class") or "")
    approver.everywhere("inbox, approver")
    approver.go("/studio/")
    a.click(f"section[aria-labelledby=to-review] a[href='{proposal}']")
    approver.wait_for(rf".*{proposal}$")
    assert approver.badge() == approver.t("In review")
    sha = approver.text("#proof .hash code").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)

    # A rectangle drawn on the proof pins the comment to it.
    _draw_pin(approver)
    assert a.input_value("input[name=pin_page]") == "1"
    assert a.input_value("input[name=pin_sha256]") == sha
    assert approver.text(".pin-state") == "Pinned to page 1 of the proof."
    a.fill("#comment-body", COMMENT)
    a.click("#new-comment button[type=submit]")
    approver.wait_for(r".*done=commented")
    assert approver.notice() == "Your comment is posted."
    assert a.locator(".pin rect").count() == 1
    label = a.locator(".pin-label")
    thread = str(label.get_attribute("href"))
    assert COMMENT in approver.text(thread)
    approver.everywhere("proposal in review with a pinned comment, approver")
    approver.photograph(artifacts, "proof-viewer-pinned")
    a.click("[data-zoom=true-size]")
    assert a.locator("[data-zoom=true-size][aria-pressed=true]").count() == 1
    a.click("[data-zoom=fit]")

    # The sign-off dialog shows exactly what is decided on; changes are asked with a reason.
    open_signoff(a)
    dialog = approver.text("dialog#signoff")
    for shown in (sha, TITLE_AR, TITLE_EN, "500", "100", "2027-10-01"):
        assert shown in dialog
    a.click("dialog#signoff [data-close]")
    approver.everywhere("sign-off dialog", open_signoff)
    approver.photograph(artifacts, "sign-off", open_signoff, full=False)
    approver.go(proposal)
    sign_off(approver, "request_changes", REASON)
    assert approver.notice() == "Your decision is recorded."
    assert approver.badge() == "Changes requested"
    assert REASON in approver.text(".decisions")

    # The designer is told, reads the reason and finds the comment on its round's proof.
    designer.go(proposal)
    assert designer.unread() == unread["ps-designer"] + 1
    assert designer.badge() == designer.t("Changes requested")
    assert REASON in designer.text(".decisions")
    assert COMMENT in designer.text("#conversation")
    assert page.locator(".pin rect").count() == 0  # the draft's own proof is a new one
    designer.everywhere("proposal sent back, designer")
    page.click(f"#conversation a[href='{proposal}?round=1#proof']")
    designer.wait_for(r".*\?round=1#proof$")
    assert designer.t(
        "The proof of review round %(n)s, with the comments pinned on it.", n=1
    ) in designer.text("#proof")
    assert designer.text("#proof .hash code").strip() == sha
    assert page.locator(".pin rect").count() == 1
    assert page.locator(".pin-label").get_attribute("href") == thread
    page.click(".pin-label")
    assert page.url.endswith(thread)
    designer.everywhere("the proof of round 1 with its pin, designer")
    designer.photograph(artifacts, "proof-round-1-designer")

    # Version 2, the compare view and its difference, and the proposal sent again.
    designer.go(proposal)
    _upload(designer, _second_version(tmp_path))
    assert page.locator(".versions > li").count() == 2
    designer.go(f"{proposal}/compare?version=2")
    assert designer.text("h1") == designer.t(
        "Version %(new)s against version %(old)s", new=2, old=1
    )
    assert "%" in designer.text(".lead")
    assert page.locator(".compare .older img").is_visible()
    show_difference(page)
    assert page.locator("[data-compare=difference][aria-pressed=true]").count() == 1
    assert page.locator(".compare .difference img").is_visible()
    assert not page.locator(".compare .older img").is_visible()
    page.screenshot(path=str(artifacts / "studio-compare-difference-ar-desktop.png"))
    page.click("[data-compare=side]")
    assert page.locator(".compare .older img").is_visible()
    designer.everywhere("compare view")
    designer.photograph(artifacts, "compare")
    designer.go(proposal)
    _submit(designer)
    assert designer.t("Review round %(round)s", round=2) in designer.text(".proposal-head")

    # Both partners approve, each with their own password.
    approver.go(proposal)
    assert approver.unread() == unread["om-approver"] + 2
    second = approver.text("#proof .hash code").strip()
    assert second != sha
    assert a.locator(".pin rect").count() == 0
    assert "on proof page 1 of round 1" in approver.text("#conversation")
    sign_off(approver, "approve")
    assert approver.badge() == "In review"
    assert "PS" in approver.text(".proposal-head .meta:last-child")
    assert a.locator("[data-open=signoff]").count() == 0  # Oman Post has decided
    approver.everywhere("proposal in review round 2, approved by one partner")
    partner.go("/studio/")
    # Told twice it awaits review, and once that Oman Post approved it.
    assert partner.unread() == unread["ps-approver"] + 3
    assert TITLE_AR in partner.text("section[aria-labelledby=to-review]")
    partner.go(proposal)
    sign_off(partner, "approve")
    assert partner.badge() == partner.t("Approved")
    assert partner.page.locator(".signed li").count() == 2
    sealed = partner.page.locator("a[href$='/approved-proof.pdf']")
    assert sealed.count() == 1
    pdf = partner.context.request.get(f"{studio}{proposal}/approved-proof.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body().startswith(b"%PDF")
    partner.everywhere("approved proposal")
    partner.close()

    # The Palestine Post administrator issues; the stamp is in the public catalogue.
    admin.go("/studio/")
    assert admin.unread() > unread["ps-admin"]
    assert TITLE_EN in admin.text("section[aria-labelledby=to-issue]")
    assert admin.text("#to-issue .count") == "1"
    admin.everywhere("dashboard, administrator")
    admin.go(proposal)
    admin.page.click("form[action$='/issue'] button")
    admin.wait_for(r".*done=issued")
    assert admin.notice() == "Issued: the stamp is in the catalogue."
    assert admin.badge() == "Issued"
    timeline = admin.text(".timeline")
    assert "issued the stamp into the catalogue" in timeline
    assert "requested changes for OM" in timeline
    assert admin.page.locator("form[action$='/issue']").count() == 0
    admin.everywhere("issued proposal, administrator")
    admin.close()
    catalogue = approver.context.new_page()
    catalogue.goto(f"{studio}/catalogue?lang=en")
    assert TITLE_EN in catalogue.locator("main").inner_text()
    catalogue.goto(f"{studio}/catalogue?lang=en&q=Olive+Harvest")
    assert TITLE_EN in catalogue.locator("main").inner_text()
    catalogue.close()

    # The designer's inbox holds what happened to the proposal, in Arabic.
    designer.go("/studio/inbox")
    lines = [str(t) for t in page.locator(".inbox li").all_inner_texts()]
    about = [line for line in lines if TITLE_AR in line]
    assert len(about) >= 3  # changes requested, approved by the partners, issued
    assert designer.unread() >= unread["ps-designer"] + 3
    designer.everywhere("inbox, designer")
    designer.photograph(artifacts, "inbox")
    designer.go("/studio/")
    assert TITLE_AR not in designer.text("section[aria-labelledby=to-design]")
    designer.photograph(artifacts, "dashboard-designer")
    designer.close()
    approver.close()


def test_sign_in_and_error_pages_are_accessible(browser: Any, studio: str, artifacts: Path) -> None:
    for lang in LANGS:
        context = browser.new_context(viewport=PHONE, locale=lang)
        page = context.new_page()
        page.goto(f"{studio}/studio/login?lang={lang}")
        if axe_core.available():
            axe_core.assert_accessible(page, f"sign-in ({lang})")
        page.screenshot(path=str(artifacts / f"studio-login-{lang}-phone.png"))
        page.fill("#username", "om-admin")
        page.fill("#password", "not the password")
        page.click("form[action='/studio/login'] button[type=submit]")
        assert page.locator(".error").count() == 1
        if axe_core.available():
            axe_core.assert_accessible(page, f"sign-in refused ({lang})")
        page.fill("#password", PASSWORD)
        page.click("form[action='/studio/login'] button[type=submit]")
        page.wait_for_url(re.compile(r".*/studio/(\?.*)?$"))
        answer = page.goto(f"{studio}/studio/proposals/999999?lang={lang}")
        assert answer is not None
        assert answer.status == 404
        assert page.locator("h1").count() == 1
        if lang == "ar":  # a detail with a value in it is English, and marked so
            assert page.locator("main p[lang=en]").inner_text() == "No proposal 999999"
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        if axe_core.available():
            axe_core.assert_accessible(page, f"error page ({lang})")
        page.screenshot(path=str(artifacts / f"studio-error-{lang}-phone.png"))
        context.close()
