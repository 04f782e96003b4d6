"""Artwork upload: content-decided formats, measurements, idempotence, safe downloads."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.artwork.models import ArtworkVersion
from app.core.settings import Settings
from tests.factories import Flow, png_bytes


def _stored_files(settings: Settings) -> list[str]:
    root = settings.storage_dir / "artwork"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _rows(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(ArtworkVersion)) or 0


def test_upload_measures_and_stores_by_hash(flow: Flow, settings: Settings) -> None:
    pid = flow.create()
    r = flow.upload(pid, png_bytes(1087, 850))
    assert r.status_code == 201
    body = r.json()
    assert body["version"] == 1
    assert (body["width_px"], body["height_px"]) == (1087, 850)
    assert body["mode"] == "RGB"
    assert body["icc_profile"] is False
    assert 590 < body["ppi"] < 610  # 46 × 36 mm with bleed at about 600 ppi
    assert _stored_files(settings) == [body["sha256"]]


def test_identical_bytes_are_idempotent(flow: Flow, db: Session, settings: Settings) -> None:
    pid = flow.create()
    data = png_bytes(colour="olive")
    first = flow.upload(pid, data)
    again = flow.upload(pid, data)
    assert again.status_code == 200
    assert again.json()["version"] == first.json()["version"]
    assert _rows(db) == 1
    second = flow.upload(pid, png_bytes(colour="navy"))
    assert second.json()["version"] == 2
    assert len(_stored_files(settings)) == 2


def _jpeg_with_profile() -> bytes:
    buffer = io.BytesIO()
    Image.new("CMYK", (400, 300), (0, 80, 90, 0)).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def test_jpeg_and_tiff_are_recognised_by_content(flow: Flow) -> None:
    pid = flow.create()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("looks-like.png", _jpeg_with_profile(), "image/png")},
        headers=flow.staff.ps_designer.headers,
    )
    assert r.status_code == 201
    assert r.json()["media_type"] == "image/jpeg"
    assert r.json()["mode"] == "CMYK"
    tiff = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(tiff, format="TIFF")
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("x.bin", tiff.getvalue(), "application/octet-stream")},
        headers=flow.staff.ps_designer.headers,
    )
    assert r.json()["media_type"] == "image/tiff"


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("empty.png", b"", 422),
        ("notes.png", b"These are my notes, not an image.\n" * 10, 415),
        ("truncated.png", png_bytes(300, 300)[:400], 422),
        ("anim.gif", _gif(), 415),
        ("doc.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", 415),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing(
    flow: Flow, db: Session, settings: Settings, name: str, data: bytes, status: int
) -> None:
    pid = flow.create()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": (name, data, "image/png")},
        headers=flow.staff.ps_designer.headers,
    )
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert _rows(db) == 0
    assert _stored_files(settings) == []
    assert list((settings.storage_dir / ".staging").iterdir()) == []


def test_decompression_bomb_is_refused(flow: Flow, db: Session, settings: Settings) -> None:
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")
    pid = flow.create()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("bomb.png", buffer.getvalue(), "image/png")},
        headers=flow.staff.ps_designer.headers,
    )
    assert r.status_code == 422
    assert "decompression bomb" in r.json()["detail"]
    assert _rows(db) == 0
    assert _stored_files(settings) == []


def test_upload_outside_draft_is_refused(flow: Flow, db: Session) -> None:
    pid = flow.in_review()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("a.png", png_bytes(colour="red"), "image/png")},
        headers=flow.staff.ps_designer.headers,
    )
    assert r.status_code == 409
    assert _rows(db) == 1


def test_approvers_cannot_upload(flow: Flow, db: Session) -> None:
    pid = flow.create()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("a.png", png_bytes(), "image/png")},
        headers=flow.staff.ps_approver.headers,
    )
    assert r.status_code == 403
    assert _rows(db) == 0


def test_versions_list_and_original_download(flow: Flow) -> None:
    pid = flow.create()
    data = png_bytes(colour="gold")
    sha = flow.upload(pid, data).json()["sha256"]
    listing = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork", headers=flow.staff.om_approver.headers
    ).json()
    assert [v["sha256"] for v in listing] == [sha]
    r = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork/1", headers=flow.staff.om_approver.headers
    )
    assert r.status_code == 200
    assert r.content == data
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["x-content-type-options"] == "nosniff"
    missing = flow.client.get(
        f"/api/v1/proposals/{pid}/artwork/7", headers=flow.staff.om_approver.headers
    )
    assert missing.status_code == 404


def _tiff_rgb16(width: int, height: int) -> bytes:
    """An uncompressed 16-bit-per-channel RGB TIFF, written by hand (Pillow writes 8-bit)."""
    import struct

    pixels = struct.pack("<3H", 65535, 32768, 0) * (width * height)
    entries = [
        (256, 3, 1, width),
        (257, 3, 1, height),
        (258, 3, 3, 0),
        (259, 3, 1, 1),
        (262, 3, 1, 2),
        (273, 4, 1, 0),
        (277, 3, 1, 3),
        (278, 3, 1, height),
        (279, 4, 1, len(pixels)),
        (284, 3, 1, 1),
    ]
    ifd_at = 8
    bits_at = ifd_at + 2 + 12 * len(entries) + 4
    data_at = bits_at + 6
    header = struct.pack("<2sHI", b"II", 42, ifd_at)
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = {258: bits_at, 273: data_at}.get(tag, value)
        packed = (
            struct.pack("<H", value) + b"\0\0"
            if kind == 3 and count == 1
            else struct.pack("<I", value)
        )
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    ifd += struct.pack("<I", 0)
    return header + ifd + struct.pack("<3H", 16, 16, 16) + pixels


def test_a_16_bit_rgb_tiff_master_is_measured(flow: Flow) -> None:
    pid = flow.create()
    body = flow.upload(pid, _tiff_rgb16(460, 360)).json()
    assert body["media_type"] == "image/tiff"
    assert body["bit_depth"] == 16
    assert (body["width_px"], body["height_px"]) == (460, 360)
