"""Renders the sheet proof: the whole sheet of one variant, as the post office will sell it.

Reviewers check the sheet as a unit: every stamp position with its inscriptions, the
perforation, the marginal inscriptions and the sheet value. The sheet is drawn at 100 %
on the smallest A4/A3 page it fits (scaled down only if it fits on none), framed by crop
marks, with the proof footer and, until approval, the "not for print" watermark. The
artwork is embedded once and reused in every position; the bytes are deterministic.
"""

from __future__ import annotations

import io
import math
from typing import Any

from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A3, A4, landscape, portrait

from app.proofs.render import colors
from app.proofs.render.document import (
    load_artwork,
    open_canvas,
    set_metadata,
)
from app.proofs.render.fonts import ProofFonts, register_fonts, renders_with_shared_fonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.inscriptions import TIMES, stamp_inscriptions
from app.proofs.render.model import ProofRequest, VariantText
from app.proofs.render.page_parts import draw_footer, draw_watermark
from app.proofs.render.printer_marks import draw_crop_marks
from app.proofs.render.selvage import draw_selvage
from app.proofs.render.sheet_layout import (
    SheetLayout,
    draw_perforation_die_lines,
    draw_sheet_perforation,
    draw_stamp_block,
)
from app.proofs.render.text import to_eastern_arabic_digits
from app.proofs.render.units import mm

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)

MARGIN = 8 * mm
HEADER = 9 * mm  # caption band below the top margin
FOOTER = 12 * mm  # footer band above the bottom margin
CROP_GAP_MM = 2.0  # beyond the bleed
CROP_LENGTH_MM = 5.0


def draw_sheet(
    canvas: Canvas,
    req: ProofRequest,
    variant: VariantText,
    artwork: Any,
    fonts: ProofFonts,
    *,
    die_line_colour: Any = None,
) -> None:
    """The sheet with its lower-left trim corner at the canvas origin.

    Proofs show the perforation as paper-white holes; a press file passes a technical
    ``die_line_colour`` instead so nothing knocks out of the printed artwork.
    """
    layout = SheetLayout(req.format)
    words = stamp_inscriptions(variant, req.variants)
    if req.format.sheet_background is not None:
        bleed = req.format.bleed_mm * mm
        canvas.saveState()
        canvas.setFillColor(CMYKColor(*req.format.sheet_background))
        width, height = layout.width_mm * mm + 2 * bleed, layout.height_mm * mm + 2 * bleed
        canvas.rect(-bleed, -bleed, width, height, stroke=0, fill=1)
        canvas.restoreState()
    draw_stamp_block(canvas, layout, words, artwork, fonts)
    if die_line_colour is None:
        draw_sheet_perforation(canvas, layout)
    else:
        draw_perforation_die_lines(canvas, layout, die_line_colour)
    draw_selvage(canvas, layout, req, variant, words, fonts)


def crop_reach(req: ProofRequest) -> float:
    """How far (points) the sheet's crop marks reach beyond its trim."""
    return (req.format.bleed_mm + CROP_GAP_MM + CROP_LENGTH_MM) * mm


def choose_page(req: ProofRequest) -> tuple[tuple[float, float], float]:
    """Smallest A4/A3 page (preferring the sheet's orientation) and the scale (1.0 if it fits)."""
    layout = SheetLayout(req.format)
    reach = crop_reach(req)
    need_w = layout.width_mm * mm + 2 * reach + 2 * MARGIN
    need_h = layout.height_mm * mm + 2 * reach + 2 * MARGIN + HEADER + FOOTER
    orient = (landscape, portrait) if layout.width_mm >= layout.height_mm else (portrait, landscape)
    candidates = [turn(size) for size in (A4, A3) for turn in orient]
    for width, height in candidates:
        if need_w <= width and need_h <= height:
            return (width, height), 1.0
    width, height = candidates[2]
    scale = min((width - 2 * MARGIN) / need_w, (height - 2 * MARGIN - HEADER - FOOTER) / need_h)
    return (width, height), max(0.05, math.floor(scale * 100) / 100)


def _draw_caption(
    canvas: Canvas, req: ProofRequest, variant: VariantText, fonts: ProofFonts, scale: float
) -> None:
    width, height = canvas._pagesize
    fmt = req.format
    percent = f"{round(scale * 100)} %"
    grid = f"{fmt.sheet_columns} {TIMES} {fmt.sheet_rows}"
    english = (
        f"JOINT STAMP STUDIO · SHEET PROOF · {variant.administration_name_en} · {grid} · {percent}"
    )
    arabic_percent = to_eastern_arabic_digits(str(round(scale * 100))) + "\u066a"
    arabic = f"بروفة الورقة الكاملة · {variant.country_ar} · {arabic_percent}"
    baseline = height - MARGIN - 4 * mm
    canvas.setFillColor(colors.ACCENT)
    draw_text(canvas, MARGIN, baseline, english, fonts.bold, 8)
    draw_text(canvas, width - MARGIN, baseline, arabic, fonts.bold, 9, "right")


def _draw_page(
    canvas: Canvas,
    req: ProofRequest,
    variant: VariantText,
    artwork: Any,
    fonts: ProofFonts,
    page: tuple[float, str],
) -> None:
    scale, label = page
    width, height = canvas._pagesize
    layout = SheetLayout(req.format)
    sheet_w, sheet_h = layout.width_mm * mm * scale, layout.height_mm * mm * scale
    area_bottom, area_top = MARGIN + FOOTER, height - MARGIN - HEADER
    x = (width - sheet_w) / 2
    y = area_bottom + (area_top - area_bottom - sheet_h) / 2
    _draw_caption(canvas, req, variant, fonts, scale)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    draw_sheet(canvas, req, variant, artwork, fonts)
    gap = (req.format.bleed_mm + CROP_GAP_MM) * mm
    trim = (0.0, 0.0, layout.width_mm * mm, layout.height_mm * mm)
    draw_crop_marks(canvas, trim, gap, CROP_LENGTH_MM * mm, 0.25 / scale)
    canvas.restoreState()
    draw_footer(canvas, req, fonts, (MARGIN, MARGIN, width - MARGIN, MARGIN + FOOTER), label)
    if not req.released:
        draw_watermark(canvas, fonts, width, height, math.degrees(math.atan2(height, width)))


@renders_with_shared_fonts
def render_sheet_proof(req: ProofRequest) -> bytes:
    """Render one full-sheet page per variant of ``req``; returns deterministic PDF bytes."""
    if not req.pages:
        raise ValueError("a sheet proof needs at least one variant")
    fonts = register_fonts()
    pagesize, scale = choose_page(req)
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, pagesize, fonts)
    set_metadata(canvas, req, "Sheet proof")
    artwork = load_artwork(req)
    total = len(req.pages)
    for number, variant in enumerate(req.pages, start=1):
        label = f"Sheet {number} / {total} · {variant.administration_code}"
        _draw_page(canvas, req, variant, artwork, fonts, (scale, label))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
