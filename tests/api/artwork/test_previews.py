"""Previews: sRGB PNGs rebuilt from pixels, so no metadata of the original ever leaks."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.factories import Flow


def _jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x9286] = "confidential comment"  # UserComment (in the Exif IFD on save)
    exif.get_ifd(0x8825)[2] = (31.0, 57.0, 0.0)  # GPS latitude
    buffer = io.BytesIO()
    Image.new("RGB", (1087, 850), "olive").save(
        buffer, format="JPEG", exif=exif, comment=b"internal note", quality=92
    )
    return buffer.getvalue()


@pytest.mark.parametrize(("size", "longest"), [("thumb", 256), ("preview", 1024)])
def test_previews_carry_no_metadata(flow: Flow, size: str, longest: int) -> None:
    pid = flow.create()
    original = _jpeg_with_metadata()
    flow.upload(pid, original)
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork/1/preview.png",
        params={"size": size},
        headers=flow.staff.om_approver.headers,
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/png"
    assert b"SecretCam" not in r.content
    assert b"internal note" not in r.content
    assert b"Exif" not in r.content
    with Image.open(io.BytesIO(r.content)) as preview:
        assert preview.mode == "RGB"
        assert max(preview.size) == longest
        assert not preview.info.get("exif")
        assert not preview.getexif()
    download = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork/1", headers=flow.staff.om_approver.headers
    )
    assert download.content == original  # the private original is kept as uploaded


def test_previews_are_cached_by_content(flow: Flow) -> None:
    pid = flow.create()
    flow.upload(pid)
    url = f"/api/v1/proposals/{pid}/artwork/1/preview.png?size=thumb"
    first = flow.client.get(url, headers=flow.staff.ps_designer.headers)
    etag = first.headers["etag"]
    assert "immutable" in first.headers["cache-control"]
    again = flow.client.get(url, headers={**flow.staff.ps_designer.headers, "If-None-Match": etag})
    assert again.status_code == 304
    outsider = flow.client.get(url, headers=flow.staff.eg_admin.headers)
    assert outsider.status_code == 404
    assert flow.client.get(url).status_code == 401


def test_cmyk_masters_are_previewed_through_their_icc_profile(flow: Flow) -> None:
    from tests.support.cmyk_icc import cmyk_profile_bytes

    master = Image.new("CMYK", (1087, 850), (255, 0, 0, 0))  # pure process cyan
    master.paste((0, 0, 255, 0), (0, 0, 543, 850))  # left half pure yellow
    buffer = io.BytesIO()
    master.save(buffer, format="TIFF", compression="tiff_lzw", icc_profile=cmyk_profile_bytes())
    pid = flow.create()
    body = flow.upload(pid, buffer.getvalue()).json()
    assert body["mode"] == "CMYK"
    assert body["icc_name"] == "Joint Stamp Studio test CMYK"
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork/1/preview.png", headers=flow.staff.ps_designer.headers
    )
    with Image.open(io.BytesIO(r.content)) as preview:
        assert preview.mode == "RGB"
        rgb = preview.convert("RGB")
        cyan = rgb.getpixel((rgb.width * 3 // 4, rgb.height // 2))
        yellow = rgb.getpixel((rgb.width // 4, rgb.height // 2))
        assert isinstance(cyan, tuple)
        assert isinstance(yellow, tuple)
        assert (cyan[0] < 60, cyan[1] > 200, cyan[2] > 200) == (True, True, True)
        assert (yellow[0] > 200, yellow[1] > 200, yellow[2] < 60) == (True, True, True)
    check = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork/1/preflight", headers=flow.staff.ps_designer.headers
    ).json()
    assert {c["code"]: c["status"] for c in check["checks"]}["colour_mode"] == "pass"
