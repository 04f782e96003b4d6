"""Hostile uploads: refused quickly, with a clear problem, and nothing stored or recorded."""

from __future__ import annotations

import io
import struct
import time
import zlib
from collections.abc import Iterator

import pytest
from PIL import Image, TiffImagePlugin
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.artwork.models import ArtworkVersion
from app.core.settings import Settings
from tests.factories import Flow, png_bytes


def _nothing_kept(db: Session, settings: Settings) -> None:
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(ArtworkVersion)) == 0
    stored = [p for p in settings.storage_dir.rglob("*") if p.is_file()]
    assert stored == []


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (its data is a few bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _post(flow: Flow, pid: int, data: bytes, name: str = "art.png") -> tuple[int, dict[str, str]]:
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": (name, data, "image/png")},
        headers=flow.staff.ps_designer.headers,
    )
    assert r.headers["content-type"] == "application/problem+json", r.text
    body: dict[str, str] = r.json()
    return r.status_code, body


def test_a_small_png_claiming_20000_by_20000_is_refused_fast(
    flow: Flow, db: Session, settings: Settings
) -> None:
    pid = flow.create()
    started = time.perf_counter()
    status, body = _post(flow, pid, _png_claiming(20000, 20000))
    assert time.perf_counter() - started < 2
    assert status == 422
    assert "decompression bomb" in body["detail"]
    _nothing_kept(db, settings)


def test_an_image_over_the_pixel_limit_that_pillow_only_warns_about_is_refused(
    flow: Flow, db: Session, settings: Settings
) -> None:
    # 100 megapixels is under twice the 60 MP default, where Pillow only warns.
    status, body = _post(flow, flow.create(), _png_claiming(10000, 10000))
    assert status == 422
    assert "60,000,000" in body["detail"]
    _nothing_kept(db, settings)


def test_a_truncated_jpeg_is_refused(flow: Flow, db: Session, settings: Settings) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 50).convert("RGB").save(buffer, format="JPEG")
    status, body = _post(flow, flow.create(), buffer.getvalue()[:5000])
    assert status == 422
    assert "truncated" in body["detail"]
    _nothing_kept(db, settings)


def test_a_tiff_with_a_huge_text_tag_is_refused(
    flow: Flow, db: Session, settings: Settings
) -> None:
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[270] = "x" * 2_000_000  # ImageDescription
    buffer = io.BytesIO()
    Image.new("RGB", (300, 234), "white").save(buffer, format="TIFF", tiffinfo=info)
    status, body = _post(flow, flow.create(), buffer.getvalue(), "a.tif")
    assert status == 422
    assert "metadata" in body["detail"]
    _nothing_kept(db, settings)


def _formats() -> Iterator[tuple[str, bytes, str]]:
    yield "eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "PostScript/EPS"
    yield "pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n", "PDF"
    yield "svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"
    yield "psd", b"8BPS\x00\x01" + b"\x00" * 40, "Photoshop"
    gif = io.BytesIO()
    Image.new("P", (10, 10)).save(gif, format="GIF")
    yield "gif", gif.getvalue(), "GIF"
    webp = io.BytesIO()
    Image.new("RGB", (10, 10)).save(webp, format="WEBP")
    yield "webp", webp.getvalue(), "WebP"
    jp2 = io.BytesIO()
    Image.new("RGB", (10, 10)).save(jp2, format="JPEG2000")
    yield "jp2", jp2.getvalue(), "JPEG 2000"
    yield "text", b"just some words\n" * 20, "not an image"


@pytest.mark.parametrize(("kind", "data", "named"), list(_formats()), ids=lambda v: str(v)[:8])
def test_other_formats_are_refused_by_name(
    flow: Flow, db: Session, settings: Settings, kind: str, data: bytes, named: str
) -> None:
    status, body = _post(flow, flow.create(), data, f"innocent.{kind}.png")
    assert status == 415
    assert named in body["detail"]
    _nothing_kept(db, settings)


def test_polyglots_are_refused(flow: Flow, db: Session, settings: Settings) -> None:
    pid = flow.create()
    zip_tail = b"PK\x03\x04" + b"\x00" * 26 + b"payload.html<script>alert(1)</script>"
    status, body = _post(flow, pid, png_bytes(200, 157) + zip_tail)
    assert status == 415
    assert "after the end of the PNG image" in body["detail"]
    jpeg = io.BytesIO()
    Image.new("RGB", (200, 157), "navy").save(jpeg, format="JPEG")
    status, body = _post(flow, pid, jpeg.getvalue() + b"<html><body>hello</body></html>")
    assert status == 415
    assert "after the end of the JPEG image" in body["detail"]
    _nothing_kept(db, settings)


def test_multi_page_tiff_is_refused(flow: Flow, db: Session, settings: Settings) -> None:
    buffer = io.BytesIO()
    pages = [Image.new("RGB", (100, 78), c) for c in ("red", "blue")]
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    status, body = _post(flow, flow.create(), buffer.getvalue(), "a.tif")
    assert status == 415
    assert "several pages" in body["detail"]
    _nothing_kept(db, settings)


def test_an_empty_upload_is_refused(flow: Flow, db: Session, settings: Settings) -> None:
    status, body = _post(flow, flow.create(), b"")
    assert status == 422
    assert "empty" in body["detail"]
    _nothing_kept(db, settings)


def test_a_declared_300_mb_upload_is_refused_before_it_is_read(
    flow: Flow, db: Session, settings: Settings
) -> None:
    pid = flow.create()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        content=b"--x\r\n",
        headers={
            **flow.staff.ps_designer.headers,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(300 * 1024 * 1024),
        },
    )
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    _nothing_kept(db, settings)


def test_a_streamed_body_is_cut_off_at_the_limit(
    flow: Flow, db: Session, settings: Settings
) -> None:
    settings.max_upload_bytes = 2 * 1024 * 1024
    pid = flow.create()
    boundary = "bnd"

    def body() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        for _ in range(64):  # 4 MiB, no Content-Length
            yield b"\x00" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        content=body(),
        headers={
            **flow.staff.ps_designer.headers,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    assert r.status_code == 413
    _nothing_kept(db, settings)


def test_a_body_without_a_file_part_or_not_multipart_is_refused(
    flow: Flow, db: Session, settings: Settings
) -> None:
    pid = flow.create()
    url, headers = f"/api/v1/proposals/{pid}/artwork", flow.staff.ps_designer.headers
    r = flow.client.post(
        url, data={"note": "no file here"}, files={"other": ("x", b"y")}, headers=headers
    )
    assert r.status_code == 422
    assert "`file` part" in r.json()["detail"]
    r = flow.client.post(url, json={"file": "aGVsbG8="}, headers=headers)
    assert r.status_code == 415
    _nothing_kept(db, settings)


def test_non_partners_are_refused_before_the_body_is_read(flow: Flow, settings: Settings) -> None:
    pid = flow.create()
    r = flow.client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("a.png", png_bytes(), "image/png")},
        headers=flow.staff.eg_designer.headers,
    )
    assert r.status_code == 404
    assert list((settings.storage_dir / ".staging").iterdir()) == []
