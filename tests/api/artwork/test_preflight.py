"""The preflight report through HTTP, and a failing check keeping a proposal from review."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from tests.factories import Flow, png_bytes

# standard-40x30 with 3 mm bleed is 46 × 36 mm: 600 ppi is 1087 × 850 px.


def _preflight(flow: Flow, pid: int, version: int = 1) -> dict[str, Any]:
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork/{version}/preflight",
        headers=flow.staff.om_approver.headers,
    )
    assert r.status_code == 200, r.text
    report: dict[str, Any] = r.json()
    return report


def _check(report: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in report["checks"] if c["code"] == code)
    return found


@pytest.mark.parametrize(
    ("width", "height", "status"),
    [(1088, 851, "pass"), (800, 626, "warn"), (500, 391, "fail")],
)
def test_resolution_at_the_stamps_size_with_bleed(
    flow: Flow, width: int, height: int, status: str
) -> None:
    pid = flow.create()
    flow.upload(pid, png_bytes(width, height))
    check = _check(_preflight(flow, pid), "resolution")
    assert check["status"] == status
    assert check["message_ar"]
    assert "46 × 36 mm" in check["message_en"]


def test_rgb_without_profile_warns_and_the_report_is_bilingual(flow: Flow) -> None:
    pid = flow.create()
    flow.upload(pid, png_bytes())
    report = _preflight(flow, pid)
    assert report["status"] == "warn"
    assert report["format"] == "standard-40x30"
    colour = _check(report, "colour_mode")
    assert colour["status"] == "warn"
    assert "sRGB" in colour["message_en"]
    assert _check(report, "icc_profile")["status"] == "warn"
    assert _check(report, "aspect_ratio")["status"] == "pass"


def test_jpeg_is_accepted_but_flagged_lossy(flow: Flow) -> None:
    pid = flow.create()
    buffer = io.BytesIO()
    Image.new("RGB", (1087, 850), "teal").save(buffer, format="JPEG", quality=95)
    flow.upload(pid, buffer.getvalue())
    assert _check(_preflight(flow, pid), "compression")["status"] == "warn"


def test_wrong_aspect_ratio_fails_and_blocks_submit(flow: Flow) -> None:
    pid = flow.create()
    body = flow.upload(pid, png_bytes(1200, 1200)).json()
    assert body["preflight_status"] == "fail"
    assert _check(_preflight(flow, pid), "aspect_ratio")["status"] == "fail"
    r = flow.client.post(f"/api/v1/proposals/{pid}/submit", headers=flow.staff.ps_designer.headers)
    assert r.status_code == 422
    assert r.json()["missing"] == ["artwork.aspect_ratio"]
    flow.upload(pid, png_bytes(1087, 850))
    flow.submit(pid)


def test_the_report_follows_the_proposals_current_format(flow: Flow) -> None:
    pid = flow.create()
    flow.upload(pid, png_bytes(1087, 850))  # landscape
    url, headers = f"/api/v1/proposals/{pid}", flow.staff.ps_designer.headers
    etag = flow.client.get(url, headers=headers).headers["etag"]
    r = flow.client.patch(
        url, json={"format": "standard-30x40"}, headers={**headers, "If-Match": etag}
    )
    assert r.status_code == 200
    report = _preflight(flow, pid)
    assert report["format"] == "standard-30x40"
    assert _check(report, "aspect_ratio")["status"] == "fail"
