"""Inscription zones: where each text of a stamp (or a sheet margin) goes, and drawing it.

A format in ``designs/formats.json`` may give its own zones and panels; a format without
them gets the default layout computed here from its size, so older format files render
as before. Zone boxes are in mm from the top-left trim corner (y downwards), as a designer
measures them; drawing turns them into PDF points from the lower-left corner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import CMYKColor

from app.designs.formats import InscriptionZone, Panel, StampFormat
from app.proofs.render.fonts import ProofFonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.text import fit_font_size
from app.proofs.render.units import mm

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)

TEXT_CMYK = (0.0, 0.0, 0.0, 0.92)
PAPER_CMYK = (0.0, 0.0, 0.0, 0.0)
MIN_FIT = 0.6  # a zone's text shrinks to no less than 60 % of its size to fit the box


def _unit(fmt: StampFormat) -> float:
    """Scale of the default layout, which is tuned for a 30 mm short side."""
    return min(fmt.width_mm, fmt.height_mm) / 30.0


def default_zones(fmt: StampFormat) -> tuple[InscriptionZone, ...]:
    """Country names at the top, joint-issue lines, face values and year at the bottom."""
    u, w, h, safe = _unit(fmt), fmt.width_mm, fmt.height_mm, fmt.safe_mm
    half = w / 2 - safe - 1.5
    value_top = h - safe - 3.4 * u
    joint_en_top = value_top - 2.4 * u
    joint_ar_top = joint_en_top - 2.8 * u

    def zone(
        role: str,
        box: tuple[float, float, float, float],
        size: float,
        align: str = "center",
        weight: str = "bold",
    ) -> InscriptionZone:
        x, y, width, height = box
        return InscriptionZone(role, x, y, width, height, size * u, TEXT_CMYK, align, weight)

    return (
        zone("country_latin", (safe, safe, half, 4.5 * u), 6.4, align="left"),
        zone("country_ar", (w - safe - half, safe, half, 4.5 * u), 6.8, align="right"),
        zone("joint_ar", (safe, joint_ar_top, w - 2 * safe, 2.8 * u), 3.8, weight="regular"),
        zone("joint_en", (safe, joint_en_top, w - 2 * safe, 2.4 * u), 3.4, weight="regular"),
        zone("value_latin", (safe, value_top, half - 5 * u, 3.4 * u), 7.2, align="left"),
        zone("year", (w / 2 - 5 * u, value_top, 10 * u, 3.4 * u), 4.4, weight="regular"),
        zone("value_ar", (w - safe - half + 5 * u, value_top, half - 5 * u, 3.4 * u), 7.6,
             align="right"),
    )  # fmt: skip


def stamp_zones(fmt: StampFormat) -> tuple[InscriptionZone, ...]:
    return fmt.zones or default_zones(fmt)


def stamp_panels(fmt: StampFormat) -> tuple[Panel, ...]:
    """The format's panels; by default translucent paper bands behind the zones' rows."""
    if fmt.panels is not None:
        return fmt.panels
    zones = stamp_zones(fmt)
    bleed, w, h = fmt.bleed_mm, fmt.width_mm, fmt.height_mm
    middle = h / 2
    top = [z.y_mm + z.height_mm for z in zones if z.y_mm + z.height_mm <= middle]
    bottom = [z.y_mm for z in zones if z.y_mm >= middle]
    panels = []
    if top:
        panels.append(
            Panel(-bleed, -bleed, w + 2 * bleed, max(top) + 0.4 + bleed, PAPER_CMYK, 0.72)
        )
    if bottom:
        start = min(bottom) - 0.4
        panels.append(Panel(-bleed, start, w + 2 * bleed, h + bleed - start, PAPER_CMYK, 0.72))
    return tuple(panels)


def draw_panels(canvas: Canvas, panels: tuple[Panel, ...], height_mm: float) -> None:
    canvas.saveState()
    for panel in panels:
        canvas.setFillColor(CMYKColor(*panel.cmyk))
        canvas.setFillAlpha(panel.opacity)
        y = (height_mm - panel.y_mm - panel.height_mm) * mm
        canvas.rect(panel.x_mm * mm, y, panel.width_mm * mm, panel.height_mm * mm, stroke=0, fill=1)
    canvas.restoreState()


def draw_zone(
    canvas: Canvas, zone: InscriptionZone, text: str, height_mm: float, fonts: ProofFonts
) -> None:
    """Fit ``text`` into ``zone`` and draw it; ``height_mm`` is the height of the trim."""
    if not text:
        return
    font = fonts.bold if zone.weight == "bold" else fonts.regular
    width = zone.width_mm * mm
    size = fit_font_size(text, font, width, zone.size_pt, zone.size_pt * MIN_FIT)
    left = zone.x_mm * mm
    x = {"left": left, "right": left + width, "center": left + width / 2}[zone.align]
    middle = (height_mm - zone.y_mm - zone.height_mm / 2) * mm
    canvas.setFillColor(CMYKColor(*zone.cmyk))
    draw_text(canvas, x, middle - 0.3 * size, text, font, size, zone.align)  # type: ignore[arg-type]


def draw_zones(
    canvas: Canvas,
    zones: tuple[InscriptionZone, ...],
    text_for: Callable[[str], str],
    height_mm: float,
    fonts: ProofFonts,
) -> None:
    """Every zone with its role's text, in zone order (deterministic)."""
    for zone in zones:
        draw_zone(canvas, zone, text_for(zone.role), height_mm, fonts)
