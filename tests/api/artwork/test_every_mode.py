"""Every Pillow mode the three accepted formats can carry, at every size class, with and
without an ICC profile: each upload is accepted (201) with previews that open, or refused with
a named 4xx problem; never a 500.

The cases are generated from Pillow itself: every mode × format pair Pillow can write is
tried, so a new mode in a Pillow release is tried too. The pixel limit is lowered for the test
(the same code path as the documented 60,000,000) so the at-the-limit images stay small.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageCms

from app.core.settings import Settings
from tests.factories import Flow
from tests.support.cmyk_icc import cmyk_profile_bytes

MODES = (
    "1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "LAB",
    "HSV", "I", "F", "I;16", "I;16L", "I;16B", "I;16N",
)  # fmt: skip
FORMATS = ("PNG", "TIFF", "JPEG")
PRINT = (1087, 850)  # 40 × 30 mm with bleed at 600 ppi
AT_LIMIT = (1200, 900)
LIMIT = AT_LIMIT[0] * AT_LIMIT[1]
# The same bytes at a limit one pixel lower are one over it; tried first, since a refused
# upload keeps nothing and the next one is then no repeat of stored bytes.
SIZES = {"tiny": (3, 2), "print": PRINT, "one-over": AT_LIMIT, "at-limit": AT_LIMIT}
NAMED_REFUSALS = {413, 415, 422}


def _sample(mode: str, size: tuple[int, int]) -> Image.Image:
    """A picture with content in every band (a gradient), not a flat fill."""
    gradient = Image.linear_gradient("L").resize(size)
    if mode in ("1", "L", "P"):
        return gradient.convert(mode)
    rgb = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                              Image.new("L", size, 90)))  # fmt: skip
    try:
        return rgb.convert(mode)
    except ValueError:
        return Image.new(mode, size)


def _icc_for(mode: str) -> bytes:
    if mode == "CMYK":
        return cmyk_profile_bytes()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    data: bytes = profile.tobytes()
    return data  # on a grey or odd mode it does not fit: the service must still cope


def _encoded(mode: str, fmt: str, size: tuple[int, int], icc: bool) -> bytes | None:
    """The file Pillow writes for this case, or None when Pillow cannot write it."""
    try:
        image = _sample(mode, size)
    except ValueError:
        return None
    options: dict[str, object] = {"icc_profile": _icc_for(mode)} if icc else {}
    buffer = io.BytesIO()
    try:
        image.save(buffer, format=fmt, **options)
    except (OSError, ValueError, KeyError):
        return None
    return buffer.getvalue()


def _cases() -> Iterator[tuple[str, str]]:
    for mode, fmt in itertools.product(MODES, FORMATS):
        if _encoded(mode, fmt, (2, 2), icc=False) is not None:
            yield mode, fmt


CASES = list(_cases())


def _preview_opens(client: TestClient, url: str, headers: dict[str, str], longest: int) -> None:
    r = client.get(url, headers=headers)
    assert r.status_code == 200, r.text
    with Image.open(io.BytesIO(r.content)) as preview:
        preview.load()
        assert preview.mode == "RGB"
        assert max(preview.size) <= longest


@pytest.mark.parametrize(("mode", "fmt"), CASES, ids=[f"{m}-{f}" for m, f in CASES])
def test_every_mode_size_and_profile_is_accepted_or_refused_by_name(
    flow: Flow, settings: Settings, mode: str, fmt: str
) -> None:
    pid = flow.create()
    headers = flow.staff.ps_designer.headers
    outcomes: dict[str, int] = {}
    for (label, size), icc in itertools.product(SIZES.items(), (False, True)):
        data = _encoded(mode, fmt, size, icc)
        if data is None or (label == "one-over" and icc):  # the pixel count is checked first
            continue
        settings.max_image_pixels = LIMIT - 1 if label == "one-over" else LIMIT
        r = flow.client.post(
            f"/api/v1/proposals/{pid}/artwork",
            files={"file": (f"art.{fmt.lower()}", data, "application/octet-stream")},
            headers=headers,
        )
        case = f"{mode} {fmt} {label} icc={icc}"
        outcomes[case] = r.status_code
        if r.status_code in NAMED_REFUSALS:
            assert r.headers["content-type"] == "application/problem+json", case
            assert r.json()["detail"], case
            if label == "one-over":
                assert r.json().get("reason") == "too-many-pixels", (case, r.text)
            continue
        assert r.status_code in (200, 201), (case, r.status_code, r.text)
        assert label != "one-over", f"{case}: over the pixel limit yet accepted"
        number = r.json()["version"]
        base = f"/api/v1/proposals/{pid}/artwork/{number}/preview.png"
        _preview_opens(flow.client, f"{base}?size=thumb", headers, 256)
        _preview_opens(flow.client, f"{base}?size=preview", headers, 1024)
    assert outcomes, f"{mode} {fmt}: no case could be written"
    for icc in (False, True):  # the limit itself is inside: as accepted as a print-size file
        at_print = outcomes.get(f"{mode} {fmt} print icc={icc}")
        at_limit = outcomes.get(f"{mode} {fmt} at-limit icc={icc}")
        if at_print in (200, 201):
            assert at_limit in (200, 201), outcomes


def _png_with_text(text_bytes: int, chunk: str) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    piece = "caption " * 1024  # 8 KiB a chunk
    for index in range(max(1, text_bytes // len(piece))):
        if chunk == "iTXt":
            info.add_itxt(f"Comment{index}", piece, lang="en", zip=False)
        else:
            info.add_text(f"Comment{index}", piece)
    buffer = io.BytesIO()
    Image.new("RGB", PRINT, "teal").save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


@pytest.mark.parametrize("chunk", ["tEXt", "iTXt"])
def test_png_text_chunks_beyond_the_budget_are_refused_and_a_caption_is_not(
    flow: Flow, chunk: str
) -> None:
    pid = flow.create()
    headers = flow.staff.ps_designer.headers
    bulky = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("art.png", _png_with_text(4 * 1024 * 1024, chunk), "image/png")},
        headers=headers,
    )
    assert bulky.status_code == 422, bulky.text
    assert bulky.json()["reason"] == "too-much-metadata"
    assert "text chunks" in bulky.json()["detail"]
    assert flow.client.get(f"/api/v1/proposals/{pid}/artwork", headers=headers).json() == []
    captioned = flow.upload(pid, _png_with_text(8 * 1024, chunk))
    assert captioned.status_code == 201
