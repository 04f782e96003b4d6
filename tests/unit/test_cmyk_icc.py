"""Tests for the pure-Python CMYK ICC profile generator in tests.support.cmyk_icc."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageCms

from tests.support.cmyk_icc import cmyk_profile_bytes


def _profile(data: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(data))


def _to_srgb(cmyk: tuple[int, int, int, int]) -> tuple[int, ...]:
    img = Image.new("CMYK", (4, 4), cmyk)
    out = ImageCms.profileToProfile(
        img, _profile(cmyk_profile_bytes()), ImageCms.createProfile("sRGB"), outputMode="RGB"
    )
    assert out is not None
    pixel = out.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    return tuple(int(v) for v in pixel)


def test_header_fields() -> None:
    data = cmyk_profile_bytes()
    assert struct.unpack(">I", data[:4])[0] == len(data)
    assert len(data) % 4 == 0
    assert data[8:12] == b"\x02\x10\x00\x00"
    assert data[12:24] == b"prtrCMYKLab "
    assert data[36:40] == b"acsp"
    assert data[84:100] == b"\0" * 16


def test_profile_loads_with_description_and_colour_space() -> None:
    profile = _profile(cmyk_profile_bytes())
    assert ImageCms.getProfileDescription(profile).strip() == "Joint Stamp Studio test CMYK"
    assert profile.profile.xcolor_space.strip() == "CMYK"


def test_custom_description() -> None:
    profile = _profile(cmyk_profile_bytes("Another profile"))
    assert ImageCms.getProfileDescription(profile).strip() == "Another profile"


@pytest.mark.parametrize("intent", list(ImageCms.Intent))
def test_every_intent_is_supported(intent: ImageCms.Intent) -> None:
    profile = _profile(cmyk_profile_bytes())
    assert ImageCms.isIntentSupported(profile, intent, ImageCms.Direction.INPUT)
    assert ImageCms.isIntentSupported(profile, intent, ImageCms.Direction.OUTPUT)


def test_cyan() -> None:
    r, g, b = _to_srgb((255, 0, 0, 0))
    assert r < 60
    assert g > 200
    assert b > 200


def test_white() -> None:
    assert all(v > 240 for v in _to_srgb((0, 0, 0, 0)))


def test_black() -> None:
    assert all(v < 40 for v in _to_srgb((0, 0, 0, 255)))


def test_yellow() -> None:
    r, g, b = _to_srgb((0, 0, 255, 0))
    assert r > 200
    assert g > 200
    assert b < 60


def test_srgb_to_cmyk_round_trip_is_close() -> None:
    srgb, cmyk = ImageCms.createProfile("sRGB"), _profile(cmyk_profile_bytes())
    img = Image.new("RGB", (2, 2), (100, 150, 200))
    as_cmyk = ImageCms.profileToProfile(img, srgb, cmyk, outputMode="CMYK")
    assert as_cmyk is not None
    back = ImageCms.profileToProfile(as_cmyk, cmyk, srgb, outputMode="RGB")
    assert back is not None
    pixel = back.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    assert all(abs(int(a) - e) <= 6 for a, e in zip(pixel, (100, 150, 200), strict=True))


@pytest.mark.parametrize(
    ("suffix", "options"),
    [(".tif", {"compression": "tiff_lzw"}), (".jpg", {"quality": 90})],
)
def test_profile_survives_save(tmp_path: Path, suffix: str, options: dict[str, Any]) -> None:
    data = cmyk_profile_bytes()
    path = tmp_path / f"cmyk{suffix}"
    Image.new("CMYK", (16, 16), (10, 20, 30, 40)).save(path, icc_profile=data, **options)
    with Image.open(path) as im:
        assert im.mode == "CMYK"
        assert im.info["icc_profile"] == data


def test_deterministic() -> None:
    first = cmyk_profile_bytes()
    cmyk_profile_bytes.cache_clear()
    assert cmyk_profile_bytes() == first
