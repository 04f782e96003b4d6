"""Artwork version N against N-1: the changed region found, painted and outlined."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from app.artwork.compare import difference
from tests.factories import Flow, png_bytes


def _with_patch(
    colour: str = "teal", box: tuple[int, int, int, int] = (700, 100, 900, 300)
) -> bytes:
    image = Image.new("RGB", (1087, 850), colour)
    ImageDraw.Draw(image).rectangle(box, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(600, 600))
    return buffer.getvalue()


def test_the_changed_region_is_found_and_painted(flow: Flow) -> None:
    pid = flow.create()
    flow.upload(pid, png_bytes(colour="teal"))
    flow.upload(pid, _with_patch())
    headers = flow.staff.om_approver.headers
    r = flow.client.get(f"/api/v1/proposals/{pid}/artwork/2/compare", headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["version"], body["against"]) == (2, 1)
    region = body["changed_region"]
    # The white patch spans x 700..900 of 1087 and y 100..300 of 850.
    assert abs(region["x"] - 700 / 1087) < 0.01
    assert abs(region["y"] - 100 / 850) < 0.01
    assert abs(region["w"] - 200 / 1087) < 0.02
    assert abs(region["h"] - 200 / 850) < 0.02
    assert 0.03 < body["changed_fraction"] < 0.06
    png = flow.client.get(body["difference_url"], headers=headers)
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content)).convert("RGB")
    assert image.size == (body["width_px"], body["height_px"])
    inside = image.getpixel((int(0.74 * image.width), int(0.24 * image.height)))
    outside = image.getpixel((int(0.2 * image.width), int(0.7 * image.height)))
    assert inside == (230, 0, 126)
    assert outside != (230, 0, 126)


def test_a_version_at_another_resolution_is_no_change() -> None:
    small = io.BytesIO()
    Image.open(io.BytesIO(_with_patch())).resize((544, 425)).save(small, format="PNG")
    found = difference(small.getvalue(), _with_patch())
    assert found.changed_fraction < 0.01
    same = difference(_with_patch(), _with_patch())
    assert same.bbox is None
    assert same.changed_fraction == 0


def test_against_must_name_an_earlier_version_and_outsiders_get_404(flow: Flow) -> None:
    s = flow.staff
    pid = flow.create()
    flow.upload(pid)
    flow.upload(pid, _with_patch())
    base = f"/api/v1/proposals/{pid}/artwork"
    assert flow.client.get(f"{base}/1/compare", headers=s.ps_designer.headers).status_code == 422
    assert (
        flow.client.get(f"{base}/2/compare?against=2", headers=s.ps_designer.headers).status_code
        == 422
    )
    assert flow.client.get(f"{base}/3/compare", headers=s.ps_designer.headers).status_code == 404
    for path in ("2/compare", "2/difference.png"):
        assert flow.client.get(f"{base}/{path}", headers=s.eg_designer.headers).status_code == 404
        assert flow.client.get(f"{base}/{path}").status_code == 401
