"""Preflight rules on plain values."""

from __future__ import annotations

import pytest

from app.artwork import preflight
from app.artwork.preflight import Artwork, Target

TARGET = Target("standard-40x30", 46.0, 36.0)


def _art(**overrides: object) -> Artwork:
    values: dict[str, object] = {
        "format": "TIFF",
        "width_px": 2173,
        "height_px": 1701,
        "mode": "CMYK",
        "bit_depth": 8,
        "icc_name": "Coated FOGRA39",
    }
    values.update(overrides)
    return Artwork(**values)  # type: ignore[arg-type]  # test values of the right types


def _status(report: dict[str, object], code: str) -> str:
    checks = report["checks"]
    assert isinstance(checks, list)
    return str(next(c["status"] for c in checks if c["code"] == code))


def test_a_cmyk_tiff_master_at_1200_ppi_passes_everything() -> None:
    report = preflight.run(_art(), TARGET)
    assert report["status"] == "pass"
    assert preflight.failures(report) == []


@pytest.mark.parametrize(
    ("width", "status"), [(2173, "pass"), (1087, "pass"), (1000, "warn"), (543, "fail")]
)
def test_resolution_thresholds(width: int, status: str) -> None:
    height = round(width * 36 / 46)
    assert (
        _status(preflight.run(_art(width_px=width, height_px=height), TARGET), "resolution")
        == status
    )


def test_rgb_without_profile_warns_with_profile_passes() -> None:
    assert _status(preflight.run(_art(mode="RGB", icc_name=None), TARGET), "colour_mode") == "warn"
    assert (
        _status(preflight.run(_art(mode="RGB", icc_name="sRGB"), TARGET), "colour_mode") == "pass"
    )


def test_aspect_ratio_must_fit_the_format_with_bleed() -> None:
    square = preflight.run(_art(width_px=2000, height_px=2000), TARGET)
    assert preflight.failures(square) == ["aspect_ratio"]
    without_bleed = preflight.run(_art(width_px=1890, height_px=1417), TARGET)  # 40 × 30 only
    assert _status(without_bleed, "aspect_ratio") == "fail"  # 4:3 is not 46:36
    near = preflight.run(_art(width_px=2173, height_px=1720), TARGET)  # 1 % off
    assert _status(near, "aspect_ratio") == "pass"


def test_every_message_is_bilingual() -> None:
    report = preflight.run(_art(format="JPEG", mode="P", bit_depth=4, icc_name=None), TARGET)
    checks = report["checks"]
    assert isinstance(checks, list)
    for check in checks:
        assert check["message_ar"]
        assert check["message_en"]
        assert any("\u0600" <= ch <= "\u06ff" for ch in check["message_ar"])
