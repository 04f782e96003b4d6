"""Proof pages as images and geometry, the proof of each review round, and who may see them."""

from __future__ import annotations

import io

from PIL import Image

from app.storage.base import derived_key
from tests.factories import PASSWORD, Flow, png_bytes


def test_pages_come_as_png_at_the_asked_resolution_and_are_stored_once(flow: Flow) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    headers = flow.staff.om_approver.headers
    first = flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages/1.png", headers=headers)
    assert first.status_code == 200
    assert first.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(first.content))
    # A4 landscape at 96 dpi: 297 x 210 mm.
    assert abs(image.width - 297 / 25.4 * 96) <= 2
    assert abs(image.height - 210 / 25.4 * 96) <= 2
    storage = flow.client.app.state.storage  # type: ignore[attr-defined]
    assert storage.exists(derived_key("proof-pages", sha, "p1-96.png"))
    again = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/{sha}/pages/1.png",
        headers={**headers, "If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304
    small = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/{sha}/pages/2.png?dpi=48", headers=headers
    )
    assert Image.open(io.BytesIO(small.content)).width == round(image.width / 2)
    for path in ("3.png", "1.png?dpi=50", "0.png"):
        bad = flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages/{path}", headers=headers)
        assert bad.status_code in (404, 422), path
        assert bad.headers["content-type"] == "application/problem+json"


def test_geometry_places_trim_bleed_and_safe_boxes_of_both_stamps(flow: Flow) -> None:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/{sha}/pages", headers=flow.staff.ps_designer.headers
    )
    assert r.status_code == 200
    body = r.json()
    assert body["kind"] == "review"
    assert [p["number"] for p in body["pages"]] == [1, 2]
    page = body["pages"][0]
    assert round(page["width_mm"]) == 297
    assert round(page["height_mm"]) == 210
    actual, enlarged = page["stamps"]
    assert actual["role"] == "actual"
    assert actual["scale"] == 1.0
    # standard-40x30: the trim at 100 % is 40 mm of the page's 297 mm.
    assert abs(actual["trim"]["w"] * 297 - 40) < 0.01
    assert abs(actual["trim"]["h"] * 210 - 30) < 0.01
    for stamp in (actual, enlarged):
        trim, bleed, safe = stamp["trim"], stamp["bleed"], stamp["safe"]
        assert bleed["x"] < trim["x"] < safe["x"]
        assert bleed["y"] < trim["y"] < safe["y"]
        assert safe["x"] + safe["w"] < trim["x"] + trim["w"] < bleed["x"] + bleed["w"]
        for rect in (trim, bleed, safe):
            assert rect["x"] >= 0
            assert rect["y"] >= 0
            assert rect["x"] + rect["w"] <= 1
            assert rect["y"] + rect["h"] <= 1
    assert enlarged["scale"] > 1
    assert enlarged["trim"]["x"] > actual["trim"]["x"] + actual["trim"]["w"]  # right column


def test_the_stamp_boxes_lie_where_the_page_image_shows_the_artwork(flow: Flow) -> None:
    pid = flow.create()
    flow.upload(pid, png_bytes(colour="red"))
    flow.submit(pid)
    sha = flow.proof_sha(pid)
    headers = flow.staff.ps_designer.headers
    stamp = flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages", headers=headers).json()[
        "pages"
    ][0]["stamps"][1]
    png = flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages/1.png", headers=headers)
    image = Image.open(io.BytesIO(png.content)).convert("RGB")
    safe = stamp["safe"]
    centre = (
        int((safe["x"] + safe["w"] / 4) * image.width),
        int((safe["y"] + safe["h"] / 2) * image.height),
    )
    r, g, b = image.getpixel(centre)  # type: ignore[misc]
    assert (r > 150, g < 110, b < 110) == (True, True, True), (r, g, b)


def test_outsiders_and_foreign_proofs_get_404(flow: Flow) -> None:
    s = flow.staff
    pid = flow.in_review()
    other = flow.in_review()
    sha = flow.proof_sha(pid)
    for who, proposal in ((s.eg_approver, pid), (s.ps_designer, other)):
        for suffix in ("", "/1.png"):
            r = flow.client.get(
                f"/api/v1/proposals/{proposal}/proofs/{sha}/pages{suffix}", headers=who.headers
            )
            assert r.status_code == 404, (who.username, suffix)
    anonymous = flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages/1.png")
    assert anonymous.status_code == 401


def test_each_review_round_names_the_proof_it_sent(flow: Flow) -> None:
    s = flow.staff
    pid = flow.in_review()
    first = flow.proof_sha(pid)
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/reviews",
        json={
            "decision": "request_changes",
            "proof_sha256": first,
            "comment": "Darker, please",
            "password": PASSWORD,
        },
        headers=s.om_approver.headers,
    )
    assert r.status_code == 201, r.text
    flow.upload(pid, png_bytes(colour="navy"))
    flow.submit(pid)
    second = flow.proof_sha(pid)
    rounds = flow.client.get(f"/api/v1/proposals/{pid}/rounds", headers=s.om_approver.headers)
    assert rounds.status_code == 200
    assert [(x["review_round"], x["proof_sha256"]) for x in rounds.json()] == [
        (1, first),
        (2, second),
    ]
    old = flow.client.get(
        f"/api/v1/proposals/{pid}/proofs/{first}/pages/1.png", headers=s.om_approver.headers
    )
    assert old.status_code == 200  # the last round's proof stays viewable beside this one


def _enlarged_trim(flow: Flow, pid: int, sha: str) -> dict[str, float]:
    headers = flow.staff.ps_designer.headers
    found = flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages", headers=headers)
    trim: dict[str, float] = found.json()["pages"][0]["stamps"][1]["trim"]
    return trim


def _pixel(flow: Flow, pid: int, sha: str, x: float, y: float) -> tuple[int, int, int]:
    headers = flow.staff.ps_designer.headers
    png = flow.client.get(f"/api/v1/proposals/{pid}/proofs/{sha}/pages/1.png", headers=headers)
    image = Image.open(io.BytesIO(png.content)).convert("RGB")
    pixel = image.getpixel((int(x * image.width), int(y * image.height)))
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def test_an_approved_proof_places_its_boxes_above_the_sign_off_table(flow: Flow) -> None:
    s = flow.staff
    pid = flow.create()
    flow.upload(pid, png_bytes(colour="red"))
    flow.submit(pid)
    in_review = flow.proof_sha(pid)
    for approver in (s.ps_approver, s.om_approver):
        assert flow.review(pid, approver).status_code == 201
    released = flow.proof_sha(pid)
    assert released != in_review
    before, after = _enlarged_trim(flow, pid, in_review), _enlarged_trim(flow, pid, released)
    for sha, trim in ((in_review, before), (released, after)):
        # The middle of the trim: the red artwork.
        r, g, b = _pixel(flow, pid, sha, trim["x"] + trim["w"] / 2, trim["y"] + trim["h"] * 0.5)
        assert (r > 150, g < 110, b < 110) == (True, True, True), (sha, r, g, b)
        # Above the bleed (7.5 mm at 250 %): the white page.
        above = trim["y"] - 0.06
        assert _pixel(flow, pid, sha, trim["x"] + trim["w"] / 2, above) == (255, 255, 255)
