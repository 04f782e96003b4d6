"""Draws one stamp (artwork, inscriptions, trim/bleed/safe guides, perforation, crop marks).

The same drawing serves the 100 % and the enlarged view: geometry is expressed in
millimetres of the real stamp and scaled once, while guide line widths are divided by
the scale so hairlines stay hairlines at every magnification.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app.designs.formats import StampFormat
from app.proofs.render import colors
from app.proofs.render.artwork_image import draw_artwork
from app.proofs.render.fonts import ProofFonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.inscriptions import StampInscriptions
from app.proofs.render.printer_marks import draw_crop_marks
from app.proofs.render.units import mm
from app.proofs.render.zones import draw_panels, draw_zones, stamp_panels, stamp_zones

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)
Artwork = Any  # app.proofs.render.artwork_image.Artwork or None


@dataclass(frozen=True)
class StampView:
    """Where and how large to draw: lower-left trim corner in points, and a scale.

    ``guides`` draws the proof aids (trim, bleed and safe lines, perforation holes);
    ``reach_mm`` is how far artwork and inscription bands may extend beyond the trim
    (left, bottom, right, top), the bleed on every side when ``None``. Sheets use it so
    neighbouring stamps abut without painting over each other.
    """

    x: float
    y: float
    scale: float
    crop_marks: bool = True
    guides: bool = True
    reach_mm: tuple[float, float, float, float] | None = None


def perforation_centres(length_mm: float, gauge: float, corner: str = "hole") -> list[float]:
    """Hole centres along an edge: an even comb pitch as close as possible to the gauge.

    ``corner="hole"`` puts a hole on each corner; ``"tooth"`` shifts the comb by half a
    pitch so each corner is a paper tooth.
    """
    pitch = 20.0 / gauge
    holes = max(1, round(length_mm / pitch))
    if corner == "tooth":
        return [(index + 0.5) * length_mm / holes for index in range(holes)]
    return [index * length_mm / holes for index in range(holes + 1)]


def hole_radius(fmt: StampFormat) -> float:
    """Drawn radius of a perforation hole in points (30 % of the pitch)."""
    return 0.3 * (20.0 / fmt.perforation) * mm


def stamp_perforation_points(fmt: StampFormat) -> set[tuple[float, float]]:
    """Hole centres around one stamp, in points relative to its lower-left trim corner."""
    width, height = fmt.width_mm * mm, fmt.height_mm * mm
    centres: set[tuple[float, float]] = set()
    for offset in perforation_centres(fmt.width_mm, fmt.perforation, fmt.corner):
        centres.update({(offset * mm, 0.0), (offset * mm, height)})
    for offset in perforation_centres(fmt.height_mm, fmt.perforation, fmt.corner):
        centres.update({(0.0, offset * mm), (width, offset * mm)})
    return centres


_KAPPA = 0.5522847498  # Bézier control distance for a quarter circle, per unit radius


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def draw_perforation_holes(
    canvas: Canvas, centres: set[tuple[float, float]], radius: float, line_width: float
) -> None:
    """Paper-white holes with a grey rim, in a stable order (deterministic bytes).

    A sheet has thousands of holes, so one circle path (four Bézier quarters around the
    origin) is written once per hole behind a translation, instead of a ReportLab circle
    apiece with every coordinate formatted: two numbers per hole.
    """
    canvas.saveState()
    canvas.setFillColor(colors.PAPER)
    canvas.setStrokeColor(colors.PERFORATION)
    canvas.setLineWidth(line_width)
    r, k = _num(radius), _num(radius * _KAPPA)
    circle = (
        f"{r} 0 m {r} {k} {k} {r} 0 {r} c -{k} {r} -{r} {k} -{r} 0 c "
        f"-{r} -{k} -{k} -{r} 0 -{r} c {k} -{r} {r} -{k} {r} 0 c h B"
    )
    ops = []
    x0 = y0 = 0.0
    for x, y in sorted((round(x, 3), round(y, 3)) for x, y in centres):
        ops.append(f"1 0 0 1 {_num(x - x0)} {_num(y - y0)} cm {circle}")
        x0, y0 = x, y
    if ops:
        canvas._code.append("q\n" + "\n".join(ops) + "\nQ")
    canvas.restoreState()


def _hairline(canvas: Canvas, view: StampView, points: float) -> None:
    canvas.setLineWidth(points / view.scale)


def _clip_to_reach(canvas: Canvas, fmt: StampFormat, reach_mm: tuple[float, ...]) -> None:
    left, bottom, right, top = (value * mm for value in reach_mm)
    clip = canvas.beginPath()
    clip.rect(-left, -bottom, fmt.width_mm * mm + left + right, fmt.height_mm * mm + bottom + top)
    canvas.clipPath(clip, stroke=0, fill=0)


def _draw_artwork(
    canvas: Canvas, fmt: StampFormat, artwork: Artwork, fonts: ProofFonts, view: StampView
) -> None:
    bleed = fmt.bleed_mm * mm
    box = (-bleed, -bleed, fmt.width_mm * mm + 2 * bleed, fmt.height_mm * mm + 2 * bleed)
    canvas.saveState()
    _clip_to_reach(canvas, fmt, view.reach_mm or (fmt.bleed_mm,) * 4)
    if artwork is None:
        _draw_placeholder(canvas, box, fonts)
    else:
        width_px, height_px = artwork.width_px, artwork.height_px
        cover = max(box[2] / width_px, box[3] / height_px)
        drawn_w, drawn_h = width_px * cover, height_px * cover
        x = box[0] + (box[2] - drawn_w) / 2
        y = box[1] + (box[3] - drawn_h) / 2
        draw_artwork(canvas, artwork, x, y, drawn_w, drawn_h)
    canvas.restoreState()


def _draw_placeholder(canvas: Canvas, box: tuple[float, ...], fonts: ProofFonts) -> None:
    x, y, width, height = box
    canvas.setFillColor(colors.PLACEHOLDER)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setStrokeColor(colors.PLACEHOLDER_HATCH)
    canvas.setLineWidth(0.6)
    step = 3 * mm
    offset = -height
    while offset < width:
        canvas.line(x + offset, y, x + offset + height, y + height)
        offset += step
    canvas.setFillColor(colors.MUTED_TEXT)
    centre_x, centre_y = x + width / 2, y + height / 2
    draw_text(canvas, centre_x, centre_y + 1.2, "ARTWORK PENDING", fonts.bold, 4.2, "center")
    draw_text(
        canvas, centre_x, centre_y - 4.5, "العمل الفني قيد الإعداد", fonts.bold, 4.2, "center"
    )


def _draw_inscriptions(
    canvas: Canvas, fmt: StampFormat, view: StampView, words: StampInscriptions, fonts: ProofFonts
) -> None:
    """Panels (clipped to the stamp's reach) and every inscription zone of the format."""
    canvas.saveState()
    if view.reach_mm is not None:
        _clip_to_reach(canvas, fmt, view.reach_mm)
    draw_panels(canvas, stamp_panels(fmt), fmt.height_mm)
    canvas.restoreState()
    draw_zones(canvas, stamp_zones(fmt), words.text_for, fmt.height_mm, fonts)


def _draw_guides(canvas: Canvas, fmt: StampFormat, view: StampView) -> None:
    width, height = fmt.width_mm * mm, fmt.height_mm * mm
    bleed, safe = fmt.bleed_mm * mm, fmt.safe_mm * mm
    canvas.saveState()
    _hairline(canvas, view, 0.5)
    canvas.setDash([2 / view.scale, 1.5 / view.scale])
    canvas.setStrokeColor(colors.BLEED)
    canvas.rect(-bleed, -bleed, width + 2 * bleed, height + 2 * bleed, stroke=1, fill=0)
    canvas.setStrokeColor(colors.SAFE)
    canvas.rect(safe, safe, width - 2 * safe, height - 2 * safe, stroke=1, fill=0)
    canvas.setDash()
    _draw_perforation(canvas, fmt, view)
    _hairline(canvas, view, 0.6)
    canvas.setStrokeColor(colors.TRIM)
    canvas.rect(0, 0, width, height, stroke=1, fill=0)
    canvas.restoreState()


def _draw_perforation(canvas: Canvas, fmt: StampFormat, view: StampView) -> None:
    centres = stamp_perforation_points(fmt)
    draw_perforation_holes(canvas, centres, hole_radius(fmt), 0.35 / view.scale)


def _draw_crop_marks(canvas: Canvas, fmt: StampFormat, view: StampView) -> None:
    gap = fmt.bleed_mm * mm + 2.5 * mm / view.scale
    trim = (0.0, 0.0, fmt.width_mm * mm, fmt.height_mm * mm)
    draw_crop_marks(canvas, trim, gap, 5.0 * mm / view.scale, 0.25 / view.scale)


def crop_mark_reach_mm(fmt: StampFormat, scale: float) -> float:
    """How far (in page mm) crop marks extend beyond the trim at ``scale``."""
    return fmt.bleed_mm * scale + 2.5 + 5.0


def draw_stamp(
    canvas: Canvas,
    view: StampView,
    fmt: StampFormat,
    words: StampInscriptions,
    artwork: Artwork,
    fonts: ProofFonts,
) -> None:
    """Draw the stamp with its lower-left trim corner at ``(view.x, view.y)``."""
    if not math.isfinite(view.scale) or view.scale <= 0:
        raise ValueError("stamp view scale must be a positive number")
    canvas.saveState()
    canvas.translate(view.x, view.y)
    canvas.scale(view.scale, view.scale)
    _draw_artwork(canvas, fmt, artwork, fonts, view)
    _draw_inscriptions(canvas, fmt, view, words, fonts)
    if view.guides:
        _draw_guides(canvas, fmt, view)
    if view.crop_marks:
        _draw_crop_marks(canvas, fmt, view)
    canvas.restoreState()
