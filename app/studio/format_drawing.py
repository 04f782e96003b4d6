"""A stamp format drawn to scale: the bleed the printer trims away, the trim (the stamp's edge,
where the perforation runs) and the safe area that inscriptions must stay inside."""

from __future__ import annotations

from dataclasses import dataclass

from app.designs.formats import StampFormat

SCALE = 4.0  # SVG units per millimetre


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Drawing:
    """The three boxes in SVG units, and the figures written beside them."""

    width: float
    height: float
    bleed: Box
    trim: Box
    safe: Box
    width_mm: float
    height_mm: float
    bleed_mm: float
    safe_mm: float
    perforation: float


def drawing(fmt: StampFormat) -> Drawing:
    b, s = fmt.bleed_mm, fmt.safe_mm
    outer_w, outer_h = fmt.width_mm + 2 * b, fmt.height_mm + 2 * b
    return Drawing(
        width=outer_w * SCALE,
        height=outer_h * SCALE,
        bleed=Box(0, 0, outer_w * SCALE, outer_h * SCALE),
        trim=Box(b * SCALE, b * SCALE, fmt.width_mm * SCALE, fmt.height_mm * SCALE),
        safe=Box(
            (b + s) * SCALE,
            (b + s) * SCALE,
            (fmt.width_mm - 2 * s) * SCALE,
            (fmt.height_mm - 2 * s) * SCALE,
        ),
        width_mm=fmt.width_mm,
        height_mm=fmt.height_mm,
        bleed_mm=b,
        safe_mm=s,
        perforation=fmt.perforation,
    )
