"""Catalogue images: sizes, formats, sRGB pixels and no metadata."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from PIL import Image

from app.catalogue.images import Inscriptions, Size, cached, geometry, layout, render

INSCRIPTIONS = Inscriptions(
    number="OM001.27",
    artwork_sha256="",
    country_ar="سلطنة عُمان",
    country_latin="SULTANATE OF OMAN",
    face_value_minor=100,
    unit_ar="بيسة",
    unit_en="baisa",
    year=2027,
    width_mm=40,
    height_mm=30,
    gauge=13.5,
)


class MemoryStorage:
    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def exists(self, key: str) -> bool:
        return key in self.blobs

    def put_bytes(self, key: str, data: bytes) -> None:
        self.blobs[key] = data

    def read_bytes(self, key: str) -> bytes:
        return self.blobs[key]

    def open(self, key: str) -> BinaryIO:
        return io.BytesIO(self.blobs[key])

    def local_path(self, key: str) -> Path:  # pragma: no cover - no artwork stored here
        raise KeyError(key)

    def iter_keys(self) -> Iterator[str]:
        return iter(self.blobs)


def test_sizes_and_formats() -> None:
    storage = MemoryStorage()
    for size, longest, fmt in (
        ("thumb", 320, "JPEG"),
        ("preview", 960, "JPEG"),
        ("full", 1800, "PNG"),
    ):
        data = render(INSCRIPTIONS, size, storage)  # type: ignore[arg-type]  # a duck-typed store
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == fmt
            assert image.mode == "RGB"
            assert image.size == (longest, round(longest * 30 / 40))
            assert "exif" not in image.info
            assert "icc_profile" not in image.info


def test_rendering_is_cached_under_the_fingerprint() -> None:
    storage = MemoryStorage()
    first, fingerprint = cached(INSCRIPTIONS, "thumb", storage)  # type: ignore[arg-type]
    again, same = cached(INSCRIPTIONS, "thumb", storage)  # type: ignore[arg-type]
    assert (first, fingerprint) == (again, same)
    assert list(storage.blobs) == [f"catalogue/{fingerprint[:2]}/{fingerprint[2:4]}/{fingerprint}"]
    changed = Inscriptions(**{**INSCRIPTIONS.__dict__, "face_value_minor": 200})
    assert changed.fingerprint("thumb") != fingerprint


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("width_mm", "height_mm"), [(40, 30), (30, 40), (25, 45)])
@pytest.mark.parametrize("size", ["thumb", "full"])
def test_inscriptions_fit_side_by_side_without_touching(
    width_mm: float, height_mm: float, size: Size
) -> None:
    """Portrait stamps get smaller type: no inscription runs into another or off the stamp."""
    ins = Inscriptions(
        **{**INSCRIPTIONS.__dict__, "width_mm": width_mm, "height_mm": height_mm}
        | {"face_value_minor": 1000}
    )
    g = geometry(ins, size)
    lines = layout(ins, g)
    boxes = [line.box() for line in lines]
    for box in boxes:
        assert g.margin <= box[0], box
        assert box[2] <= g.width - g.margin, box
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
