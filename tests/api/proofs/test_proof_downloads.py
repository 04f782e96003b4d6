"""Proof PDFs through HTTP: the review proof of every variant and each partner's stamp,
sheet and press PDF, named by their SHA-256, deterministic, cached and scoped."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import Flow, png_bytes
from tests.unit.proofs.test_review_pdf import _page_streams

KINDS = ("stamp", "sheet", "press")


def _text(pdf: bytes, tmp_path: Path) -> str:
    executable = shutil.which("pdftotext")
    if executable is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / f"{hashlib.sha256(pdf).hexdigest()}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [executable, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _watermarked(pdf: bytes) -> bool:
    return any("/Subtype /Watermark" in stream for stream in _page_streams(pdf))


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def test_review_proof_shows_every_variant_and_is_named_by_its_hash(
    flow: Flow, tmp_path: Path
) -> None:
    pid = flow.in_review()
    url = f"/api/v1/proposals/{pid}/proof.pdf"
    first = flow.client.get(url, headers=flow.staff.ps_approver.headers)
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["etag"] == f'"{hashlib.sha256(first.content).hexdigest()}"'
    assert _pages(first.content) == 2
    text = _text(first.content, tmp_path)
    assert "PALESTINE" in text
    assert "OMAN" in text
    again = flow.client.get(url, headers=flow.staff.om_designer.headers)
    assert again.content == first.content  # deterministic, and the same for every partner
    assert again.headers["etag"] == first.headers["etag"]
    cached = flow.client.get(
        url, headers={**flow.staff.ps_approver.headers, "If-None-Match": first.headers["etag"]}
    )
    assert cached.status_code == 304
    assert cached.content == b""
    stale = flow.client.get(
        url, headers={**flow.staff.ps_approver.headers, "If-None-Match": '"' + "0" * 64 + '"'}
    )
    assert stale.status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_each_partners_proof_keeps_the_joint_line(flow: Flow, tmp_path: Path, kind: str) -> None:
    pid = flow.in_review()
    shown: dict[str, bytes] = {}
    for code in ("PS", "OM", "om"):
        url = f"/api/v1/proposals/{pid}/proofs/{kind}.pdf?administration={code}"
        r = flow.client.get(url, headers=flow.staff.ps_designer.headers)
        assert r.status_code == 200, r.text
        assert r.headers["etag"] == f'"{hashlib.sha256(r.content).hexdigest()}"'
        assert _pages(r.content) == 1
        shown[code] = r.content
        cached = flow.client.get(
            url, headers={**flow.staff.om_approver.headers, "If-None-Match": r.headers["etag"]}
        )
        assert cached.status_code == 304
    assert shown["OM"] == shown["om"]
    assert shown["PS"] != shown["OM"]
    palestine, oman = _text(shown["PS"], tmp_path), _text(shown["OM"], tmp_path)
    assert "Palestine \u2013 Sultanate of Oman joint issue" in palestine
    assert "Sultanate of Oman \u2013 Palestine joint issue" in oman
    assert "فلسطين" in oman  # the partner's name is on Oman's proof too
    assert "PALESTINE" not in oman


@pytest.mark.parametrize("kind", KINDS)
def test_non_partner_administration_is_404(flow: Flow, kind: str) -> None:
    pid = flow.in_review()
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/{kind}.pdf?administration=EG",
        headers=flow.staff.ps_designer.headers,
    )
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    [
        "proofs/poster.pdf?administration=PS",
        "proofs/review.pdf?administration=PS",
        "proofs/stamp.pdf",
        "proofs/stamp.pdf?administration=PSX",
    ],
)
def test_bad_kind_or_administration_is_422(flow: Flow, path: str) -> None:
    pid = flow.in_review()
    r = flow.client.get(f"/api/v1/proposals/{pid}/{path}", headers=flow.staff.ps_designer.headers)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_press_pdf_has_page_boxes_and_no_watermark(flow: Flow) -> None:
    pid = flow.in_review()
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/press.pdf?administration=PS",
        headers=flow.staff.ps_designer.headers,
    )
    assert r.status_code == 200
    assert b"/TrimBox" in r.content
    assert b"/BleedBox" in r.content
    assert not _watermarked(r.content)


SIGNOFF_WORDS = ("Sign-offs", "التوقيعات", "Time (UTC)", "Approver", "UTC", "للطباعة")


def _status_free(text: str) -> list[str]:
    status_words = ("IN REVIEW", "APPROVED", "قيد المراجعة", "معتمد", "Status", "الحالة")
    words = status_words + SIGNOFF_WORDS
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not any(w in line for w in words)]


def test_approved_proof_differs_by_status_mark_and_signoffs(flow: Flow, tmp_path: Path) -> None:
    pid = flow.in_review()
    url = f"/api/v1/proposals/{pid}/proof.pdf"
    in_review = flow.client.get(url, headers=flow.staff.ps_approver.headers).content
    for approver in (flow.staff.ps_approver, flow.staff.om_approver):
        r = flow.review(pid, approver)
        assert r.status_code == 201, r.text
    assert flow.get(pid)["status"] == "approved"
    approved = flow.client.get(url, headers=flow.staff.ps_approver.headers)
    assert approved.status_code == 200
    assert approved.content != in_review
    assert _watermarked(in_review)  # the bilingual "not for print" mark
    assert not _watermarked(approved.content)
    before, after = _text(in_review, tmp_path), _text(approved.content, tmp_path)
    assert "IN REVIEW" in before
    assert "APPROVED" in after
    assert "Sign-offs" not in before
    for signed in ("Sign-offs", "Ps Approver", "Om Approver", "Approved for print", " UTC"):
        assert signed in after, signed
    missing = [line for line in _status_free(before) if line not in after]
    assert missing == []  # everything else is still there


def test_first_approval_leaves_the_proof_unchanged(flow: Flow) -> None:
    """Approvers sign a hash: it must not move while the round is still open."""
    pid = flow.in_review()
    url = f"/api/v1/proposals/{pid}/proof.pdf"
    before = flow.client.get(url, headers=flow.staff.om_approver.headers)
    r = flow.review(pid, flow.staff.ps_approver)
    assert r.status_code == 201, r.text
    assert flow.get(pid)["status"] == "in_review"
    after = flow.client.get(url, headers=flow.staff.om_approver.headers)
    assert after.headers["etag"] == before.headers["etag"]
    assert after.content == before.content
    r = flow.review(pid, flow.staff.om_approver, sha=before.headers["etag"].strip('"'))
    assert r.status_code == 201, r.text
    assert flow.get(pid)["status"] == "approved"


@pytest.mark.parametrize("kind", ["stamp"])
def test_approved_stamp_proof_lists_the_signoffs(flow: Flow, tmp_path: Path, kind: str) -> None:
    pid = flow.approved()
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/{kind}.pdf?administration=OM",
        headers=flow.staff.om_designer.headers,
    )
    assert r.status_code == 200
    assert not _watermarked(r.content)
    text = _text(r.content, tmp_path)
    assert "Ps Approver" in text
    assert "Om Approver" in text


def test_repeated_requests_follow_every_change(flow: Flow, tmp_path: Path) -> None:
    """A repeated request is answered from the store; any change still gives a new proof."""
    pid = flow.create()
    url = f"/api/v1/proposals/{pid}/proof.pdf"
    headers = flow.staff.ps_designer.headers
    placeholder = flow.client.get(url, headers=headers)
    assert flow.client.get(url, headers=headers).content == placeholder.content
    flow.upload(pid)
    with_art = flow.client.get(url, headers=headers)
    assert with_art.headers["etag"] != placeholder.headers["etag"]
    flow.upload(pid, png_bytes(colour="navy"))
    new_art = flow.client.get(url, headers=headers)
    assert new_art.headers["etag"] not in {placeholder.headers["etag"], with_art.headers["etag"]}
    proposal = f"/api/v1/proposals/{pid}"
    etag = flow.client.get(proposal, headers=headers).headers["etag"]
    change = {"title": {"ar": "عنوان جديد", "en": "New title"}}
    r = flow.client.patch(proposal, json=change, headers={**headers, "If-Match": etag})
    assert r.status_code == 200, r.text
    retitled = flow.client.get(url, headers=headers)
    assert retitled.headers["etag"] != new_art.headers["etag"]
    assert "New title" in _text(retitled.content, tmp_path)
    assert retitled.headers["etag"] == f'"{hashlib.sha256(retitled.content).hexdigest()}"'
    flow.submit(pid)
    submitted = flow.client.get(url, headers=headers)
    assert "IN REVIEW" in _text(submitted.content, tmp_path)
    stamp = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/stamp.pdf?administration=OM", headers=headers
    )
    assert stamp.status_code == 200
    assert stamp.headers["etag"] != submitted.headers["etag"]


def test_repeated_request_for_an_unreadable_proposal_is_404(flow: Flow) -> None:
    pid = flow.in_review()
    url = f"/api/v1/proposals/{pid}/proof.pdf"
    assert flow.client.get(url, headers=flow.staff.ps_designer.headers).status_code == 200
    outsider = flow.client.get(url, headers=flow.staff.eg_approver.headers)
    assert outsider.status_code == 404
