"""Loads the catalogue of stamp formats (``designs/formats.json``).

Formats are design data maintained outside the code; this module validates the JSON
shape once and turns it into :class:`StampFormat` values the renderer can trust.

Besides size, bleed, safe margin, perforation gauge and sheet layout, a format may give:

- ``corner``: ``"hole"`` (a perforation hole at each corner, as a comb leaves it) or
  ``"tooth"`` (a paper tooth at each corner);
- ``zones``: where each inscription goes, as ``{"role", "box": [x, y, w, h], "size_pt",
  "cmyk": [c, m, y, k], "align", "weight"}`` with the box in mm from the top-left corner
  of the trim, y downwards (roles: country_ar, country_latin, value_ar, value_latin, year,
  joint_ar, joint_en);
- ``panels``: tinted backdrops behind the inscriptions, ``{"box", "cmyk", "opacity"}``;
- in ``sheet``: ``kind`` (``"counter"`` or ``"souvenir"``), ``selvage_mm`` ``[left, top,
  right, bottom]``, ``texts`` (zones in mm from the sheet's top-left trim corner; roles
  title_ar, title_en, joint_ar, joint_en, year, sheet_value_ar, sheet_value_latin,
  administration), ``marks`` (colour patches and plate numbers) and ``background_cmyk``.

Everything beyond the original fields is optional, so older format files still load and
render with the default layout. Top-level keys starting with ``_`` are comments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.designs.formats import (
    CMYK,
    SHEET_ROLES,
    STAMP_ROLES,
    InscriptionZone,
    Panel,
    StampFormat,
)

_ALIGNS = frozenset({"left", "right", "center"})
_WEIGHTS = frozenset({"bold", "regular"})


class FormatFileError(ValueError):
    """Raised when the formats file does not have the expected structure."""


def _number(entry: dict[str, Any], field: str, key: str) -> float:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormatFileError(f"format {key!r}: {field} must be a number")
    if value < 0:
        raise FormatFileError(f"format {key!r}: {field} must not be negative")
    return float(value)


def _count(entry: dict[str, Any], field: str, key: str) -> int:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FormatFileError(f"format {key!r}: sheet.{field} must be a positive integer")
    return value


def _cmyk(value: Any, where: str) -> CMYK:
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in value
        )
    ):
        raise FormatFileError(f"{where}: cmyk must be four numbers between 0 and 1")
    c, m, y, k = (float(v) for v in value)
    return (c, m, y, k)


def _box(value: Any, where: str) -> tuple[float, float, float, float]:
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise FormatFileError(f"{where}: box must be [x, y, width, height] in mm")
    x, y, width, height = (float(v) for v in value)
    if width <= 0 or height <= 0:
        raise FormatFileError(f"{where}: box width and height must be positive")
    return (x, y, width, height)


def _zone(value: Any, roles: frozenset[str], where: str) -> InscriptionZone:
    if not isinstance(value, dict):
        raise FormatFileError(f"{where}: a zone must be an object")
    role = value.get("role")
    if role not in roles:
        raise FormatFileError(f"{where}: role must be one of {', '.join(sorted(roles))}")
    where = f"{where} ({role})"
    x, y, width, height = _box(value.get("box"), where)
    size = value.get("size_pt")
    if isinstance(size, bool) or not isinstance(size, int | float) or size <= 0:
        raise FormatFileError(f"{where}: size_pt must be a positive number")
    align = value.get("align", "center")
    weight = value.get("weight", "bold")
    if align not in _ALIGNS or weight not in _WEIGHTS:
        raise FormatFileError(f"{where}: align must be left/right/center, weight bold/regular")
    return InscriptionZone(
        role=role,
        x_mm=x,
        y_mm=y,
        width_mm=width,
        height_mm=height,
        size_pt=float(size),
        cmyk=_cmyk(value.get("cmyk", [0, 0, 0, 0.92]), where),
        align=align,
        weight=weight,
    )


def _zones(entry: dict[str, Any], field: str, roles: frozenset[str], key: str) -> tuple[Any, ...]:
    value = entry.get(field, [])
    if not isinstance(value, list):
        raise FormatFileError(f"format {key!r}: {field} must be a list")
    return tuple(_zone(item, roles, f"format {key!r} {field}[{n}]") for n, item in enumerate(value))


def _panels(entry: dict[str, Any], key: str) -> tuple[Panel, ...] | None:
    if "panels" not in entry:
        return None
    value = entry["panels"]
    if not isinstance(value, list):
        raise FormatFileError(f"format {key!r}: panels must be a list")
    panels = []
    for number, item in enumerate(value):
        where = f"format {key!r} panels[{number}]"
        if not isinstance(item, dict):
            raise FormatFileError(f"{where}: a panel must be an object")
        opacity = item.get("opacity", 1.0)
        if isinstance(opacity, bool) or not isinstance(opacity, int | float):
            raise FormatFileError(f"{where}: opacity must be a number")
        if not 0 <= opacity <= 1:
            raise FormatFileError(f"{where}: opacity must be between 0 and 1")
        x, y, width, height = _box(item.get("box"), where)
        panels.append(Panel(x, y, width, height, _cmyk(item.get("cmyk"), where), float(opacity)))
    return tuple(panels)


def _selvage(sheet: dict[str, Any], key: str) -> tuple[float, float, float, float]:
    value = sheet.get("selvage_mm", [12, 16, 12, 12])
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value)
    ):
        raise FormatFileError(
            f"format {key!r}: sheet.selvage_mm must be [left, top, right, bottom]"
        )
    left, top, right, bottom = (float(v) for v in value)
    return (left, top, right, bottom)


def _sheet_extras(sheet: dict[str, Any], key: str) -> dict[str, Any]:
    kind = sheet.get("kind", "counter")
    if kind not in ("counter", "souvenir"):
        raise FormatFileError(f"format {key!r}: sheet.kind must be 'counter' or 'souvenir'")
    marks = sheet.get("marks", True)
    if not isinstance(marks, bool):
        raise FormatFileError(f"format {key!r}: sheet.marks must be true or false")
    background = sheet.get("background_cmyk")
    return {
        "sheet_kind": kind,
        "sheet_selvage_mm": _selvage(sheet, key),
        "sheet_texts": _zones(sheet, "texts", SHEET_ROLES, key),
        "sheet_marks": marks,
        "sheet_background": (
            None if background is None else _cmyk(background, f"format {key!r} sheet")
        ),
    }


def parse_format(key: str, entry: Any) -> StampFormat:
    """Build one :class:`StampFormat` from its JSON object."""
    if not isinstance(entry, dict):
        raise FormatFileError(f"format {key!r} must be an object")
    label = entry.get("label")
    sheet = entry.get("sheet")
    if not isinstance(label, dict) or not all(
        isinstance(label.get(lang), str) for lang in ("ar", "en")
    ):
        raise FormatFileError(f"format {key!r}: label must have 'ar' and 'en' strings")
    if not isinstance(sheet, dict):
        raise FormatFileError(f"format {key!r}: sheet must be an object")
    stamp_format = StampFormat(
        key=key,
        label_ar=label["ar"],
        label_en=label["en"],
        width_mm=_number(entry, "width_mm", key),
        height_mm=_number(entry, "height_mm", key),
        bleed_mm=_number(entry, "bleed_mm", key),
        safe_mm=_number(entry, "safe_mm", key),
        perforation=_number(entry, "perforation", key),
        sheet_columns=_count(sheet, "columns", key),
        sheet_rows=_count(sheet, "rows", key),
        sheet_gutter_mm=_number(sheet, "gutter_mm", key) if "gutter_mm" in sheet else 0.0,
        corner=_corner(entry, key),
        zones=_zones(entry, "zones", STAMP_ROLES, key),
        panels=_panels(entry, key),
        **_sheet_extras(sheet, key),
    )
    if stamp_format.width_mm <= 0 or stamp_format.height_mm <= 0:
        raise FormatFileError(f"format {key!r}: width and height must be positive")
    if stamp_format.perforation <= 0:
        raise FormatFileError(f"format {key!r}: perforation gauge must be positive")
    return stamp_format


def _corner(entry: dict[str, Any], key: str) -> str:
    corner = entry.get("corner", "hole")
    if corner not in ("hole", "tooth"):
        raise FormatFileError(f"format {key!r}: corner must be 'hole' or 'tooth'")
    return str(corner)


def load_formats(path: Path) -> dict[str, StampFormat]:
    """Read ``formats.json`` and return the formats keyed by their identifier."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FormatFileError(f"{path.name} is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise FormatFileError(f"{path.name} must contain a JSON object")
    return {key: parse_format(key, entry) for key, entry in raw.items() if not key.startswith("_")}
