"""The formats catalogue loads into typed values and rejects malformed entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.designs.format_file import FormatFileError, load_formats
from app.designs.formats import StampFormat
from app.proofs.render.sheet_layout import SheetLayout
from app.proofs.render.zones import default_zones


def test_repository_formats_load(formats: dict[str, StampFormat]) -> None:
    assert set(formats) == {"standard-40x30", "standard-30x40", "souvenir-2x2", "large-50x35"}
    landscape = formats["standard-40x30"]
    assert landscape.key == "standard-40x30"
    assert landscape.label_en == "Landscape stamp 40 \u00d7 30 mm"
    assert landscape.label_ar == "طابع أفقي \u0664\u0660 \u00d7 \u0663\u0660 مم"
    assert (landscape.width_mm, landscape.height_mm) == (40.0, 30.0)
    assert (landscape.bleed_mm, landscape.safe_mm, landscape.perforation) == (3.0, 2.0, 13.5)
    assert (landscape.sheet_columns, landscape.sheet_rows, landscape.sheet_gutter_mm) == (5, 4, 0.0)
    assert formats["large-50x35"].safe_mm == 2.5


def _write(tmp_path: Path, payload: object) -> Path:
    path = tmp_path / "formats.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "entry",
    [
        {
            "label": {"ar": "x"},
            "width_mm": 1,
            "height_mm": 1,
            "bleed_mm": 0,
            "safe_mm": 0,
            "perforation": 14,
            "sheet": {"columns": 1, "rows": 1},
        },
        {
            "label": {"ar": "x", "en": "y"},
            "width_mm": "40",
            "height_mm": 1,
            "bleed_mm": 0,
            "safe_mm": 0,
            "perforation": 14,
            "sheet": {"columns": 1, "rows": 1},
        },
        {
            "label": {"ar": "x", "en": "y"},
            "width_mm": 40,
            "height_mm": 30,
            "bleed_mm": 3,
            "safe_mm": 2,
            "perforation": 0,
            "sheet": {"columns": 1, "rows": 1},
        },
        {
            "label": {"ar": "x", "en": "y"},
            "width_mm": 40,
            "height_mm": 30,
            "bleed_mm": 3,
            "safe_mm": 2,
            "perforation": 14,
            "sheet": {"columns": 0, "rows": 1},
        },
    ],
)
def test_malformed_entries_are_rejected(tmp_path: Path, entry: dict[str, object]) -> None:
    with pytest.raises(FormatFileError):
        load_formats(_write(tmp_path, {"bad": entry}))


def test_invalid_json_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "formats.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(FormatFileError, match="not valid JSON"):
        load_formats(path)


def test_shipped_formats_have_corner_style_and_zones(formats: dict[str, StampFormat]) -> None:
    for key in ("standard-40x30", "standard-30x40", "souvenir-2x2"):
        fmt = formats[key]
        assert fmt.corner in ("hole", "tooth")
        roles = {zone.role for zone in fmt.zones}
        assert {"country_ar", "country_latin", "value_ar", "value_latin", "year"} <= roles
        assert {"joint_ar", "joint_en"} <= roles
        for zone in fmt.zones:  # every inscription inside the safe area
            assert zone.x_mm >= fmt.safe_mm - 1e-9, (key, zone.role)
            assert zone.y_mm >= fmt.safe_mm * 0.8, (key, zone.role)
            assert zone.x_mm + zone.width_mm <= fmt.width_mm - fmt.safe_mm + 1e-9, (key, zone.role)
            assert zone.y_mm + zone.height_mm <= fmt.height_mm - fmt.safe_mm + 1e-9
            assert all(0 <= value <= 1 for value in zone.cmyk)
    zone = next(z for z in formats["standard-40x30"].zones if z.role == "value_ar")
    assert (zone.align, zone.weight, zone.size_pt) == ("right", "bold", 7.6)


def test_souvenir_sheet_is_four_stamps_on_100_by_80(formats: dict[str, StampFormat]) -> None:
    fmt = formats["souvenir-2x2"]
    layout = SheetLayout(fmt)
    assert (fmt.sheet_kind, layout.count, fmt.sheet_marks) == ("souvenir", 4, False)
    assert (layout.width_mm, layout.height_mm) == (100.0, 80.0)
    assert {zone.role for zone in fmt.sheet_texts} >= {"title_ar", "title_en", "sheet_value_ar"}
    block_top, block_bottom = layout.top_mm, layout.top_mm + layout.block_height_mm
    for zone in fmt.sheet_texts:  # margin texts stay in the margin, clear of the stamps
        assert zone.x_mm >= 0
        assert zone.x_mm + zone.width_mm <= layout.width_mm
        below, above = zone.y_mm >= block_bottom + 2, zone.y_mm + zone.height_mm <= block_top - 2
        assert below or above, zone.role


def test_formats_without_zones_still_load(tmp_path: Path) -> None:
    legacy = {
        "label": {"ar": "x", "en": "y"},
        "width_mm": 40, "height_mm": 30, "bleed_mm": 3, "safe_mm": 2,
        "perforation": 14, "sheet": {"columns": 2, "rows": 2},
    }  # fmt: skip
    fmt = load_formats(_write(tmp_path, {"_about": "comment", "old": legacy}))["old"]
    assert (fmt.corner, fmt.zones, fmt.panels, fmt.sheet_kind) == ("hole", (), None, "counter")
    assert fmt.sheet_selvage_mm == (12.0, 16.0, 12.0, 12.0)
    assert {zone.role for zone in default_zones(fmt)} == {
        "country_ar", "country_latin", "value_ar", "value_latin", "year", "joint_ar", "joint_en"
    }  # fmt: skip


_ZONE = {"role": "year", "box": [1, 1, 5, 3], "size_pt": 5, "cmyk": [0, 0, 0, 1]}


@pytest.mark.parametrize(
    "extra",
    [
        {"corner": "round"},
        {"zones": [{**_ZONE, "role": "motto"}]},
        {"zones": [{**_ZONE, "box": [1, 1, 0, 3]}]},
        {"zones": [{**_ZONE, "cmyk": [0, 0, 2, 0]}]},
        {"zones": [{**_ZONE, "align": "justify"}]},
        {"zones": [{**_ZONE, "size_pt": -1}]},
        {"panels": [{"box": [0, 0, 1, 1], "cmyk": [0, 0, 0, 0], "opacity": 3}]},
        {"sheet": {"columns": 1, "rows": 1, "kind": "booklet"}},
        {"sheet": {"columns": 1, "rows": 1, "texts": [{**_ZONE, "role": "country_ar"}]}},
        {"sheet": {"columns": 1, "rows": 1, "selvage_mm": [1, 2]}},
    ],
)
def test_malformed_zones_are_rejected(tmp_path: Path, extra: dict[str, object]) -> None:
    entry = {
        "label": {"ar": "x", "en": "y"},
        "width_mm": 40, "height_mm": 30, "bleed_mm": 3, "safe_mm": 2,
        "perforation": 14, "sheet": {"columns": 1, "rows": 1},
    }  # fmt: skip
    with pytest.raises(FormatFileError):
        load_formats(_write(tmp_path, {"bad": {**entry, **extra}}))
