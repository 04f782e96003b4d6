"""Renders the review proof PDF for a joint stamp issue (one A4 landscape page per variant).

Reviewers at both administrations sign off on this document, so it must be exact and
reproducible: the stamp at 100 % with trim, bleed, safe area, perforation and crop marks,
an enlarged view, the bilingual inscriptions, registration targets and a CMYK colour bar,
a footer that ties the proof to the proposal and the artwork hash, and once approved the
table of sign-offs. Equal inputs give byte-identical PDFs (invariant mode,
metadata derived from inputs only, content-addressed image and fixed font subsets).
"""

from __future__ import annotations

import io
import math
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from app.designs.formats import StampFormat
from app.proofs.render import colors, record
from app.proofs.render.document import load_artwork, open_canvas, set_metadata
from app.proofs.render.fonts import ProofFonts, register_fonts, renders_with_shared_fonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.inscriptions import stamp_inscriptions
from app.proofs.render.model import ProofRequest, VariantText
from app.proofs.render.page_parts import (
    draw_details,
    draw_footer,
    draw_header,
    draw_legend,
    draw_watermark,
)
from app.proofs.render.printer_marks import PRESS_BAR, draw_colour_patches, draw_register_target
from app.proofs.render.signoffs import draw_signoffs, signoffs_height
from app.proofs.render.stamp import StampView, crop_mark_reach_mm, draw_stamp
from app.proofs.render.units import mm

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
HEADER_BOTTOM = PAGE_HEIGHT - 38 * mm
FOOTER_TOP = 24 * mm
LEFT_COLUMN_RIGHT = 102 * mm
RIGHT_COLUMN_LEFT = 112 * mm
MAX_ENLARGEMENT = 2.5
TARGET_RADIUS = 3 * mm
TARGET_INSET = 4 * mm  # from the column edge to the target's centre
BAR_PATCH = 4 * mm
BAR_BAND = 8 * mm  # colour bar and the space above it


def enlargement_for(fmt: StampFormat, width: float, height: float) -> float:
    """Largest scale (≤ 250 %, in 5 % steps) at which stamp + bleed fit the given box."""
    outer_w = (fmt.width_mm + 2 * fmt.bleed_mm) * mm
    outer_h = (fmt.height_mm + 2 * fmt.bleed_mm) * mm
    fit = min(MAX_ENLARGEMENT, width / outer_w, height / outer_h)
    return max(0.05, math.floor(fit * 20 + 1e-9) / 20)


def actual_size_view(fmt: StampFormat) -> StampView:
    """Where the 100 % stamp sits on a review page (the viewer overlays its boxes there)."""
    top = HEADER_BOTTOM - 8 * mm
    reach = crop_mark_reach_mm(fmt, 1.0) * mm
    centre_x = (MARGIN + LEFT_COLUMN_RIGHT) / 2
    trim_top = top - 5 * mm - reach
    return StampView(x=centre_x - fmt.width_mm * mm / 2, y=trim_top - fmt.height_mm * mm, scale=1.0)


def enlarged_view(fmt: StampFormat, signoffs_height: float = 0.0) -> StampView:
    """Where the enlarged stamp sits; the sign-off table of a released proof takes room."""
    top = HEADER_BOTTOM - 8 * mm
    right = PAGE_WIDTH - MARGIN
    bar_y = FOOTER_TOP + 8 * mm + 6 * mm
    table_top = bar_y + BAR_BAND + signoffs_height
    box_top, box_bottom = top - 6 * mm, table_top + 4 * mm
    scale = enlargement_for(fmt, right - RIGHT_COLUMN_LEFT - 6 * mm, box_top - box_bottom)
    bleed = fmt.bleed_mm * mm * scale
    centre_x = (RIGHT_COLUMN_LEFT + right) / 2
    return StampView(
        x=centre_x - fmt.width_mm * mm * scale / 2,
        y=box_top - bleed - fmt.height_mm * mm * scale,
        scale=scale,
        crop_marks=False,
    )


def _caption(
    canvas: Canvas, fonts: ProofFonts, box: tuple[float, float, float], en: str, ar: str
) -> None:
    left, right, y = box
    canvas.setFillColor(colors.ACCENT)
    draw_text(canvas, left, y, en, fonts.bold, 9)
    draw_text(canvas, right, y, ar, fonts.bold, 9.5, "right")


def _draw_actual_size(
    canvas: Canvas, req: ProofRequest, variant: VariantText, artwork: Any, fonts: ProofFonts
) -> float:
    """Draw the 100 % stamp in the left column and return the y below its crop marks."""
    fmt = req.format
    top = HEADER_BOTTOM - 8 * mm
    _caption(canvas, fonts, (MARGIN, LEFT_COLUMN_RIGHT, top), "Actual size · 100 %", "الحجم الفعلي")
    reach = crop_mark_reach_mm(fmt, 1.0) * mm
    view = actual_size_view(fmt)
    draw_stamp(canvas, view, fmt, stamp_inscriptions(variant, req.variants), artwork, fonts)
    middle_y = view.y + fmt.height_mm * mm / 2
    draw_register_target(canvas, MARGIN + TARGET_INSET, middle_y, TARGET_RADIUS)
    draw_register_target(canvas, LEFT_COLUMN_RIGHT - TARGET_INSET, middle_y, TARGET_RADIUS)
    return float(view.y - reach)


def _draw_enlarged(
    canvas: Canvas, req: ProofRequest, variant: VariantText, artwork: Any, fonts: ProofFonts
) -> None:
    fmt = req.format
    top = HEADER_BOTTOM - 8 * mm
    right = PAGE_WIDTH - MARGIN
    legend_y = FOOTER_TOP + 8 * mm
    bar_y = legend_y + 6 * mm
    table_top = bar_y + BAR_BAND + signoffs_height(req)
    view = enlarged_view(fmt, signoffs_height(req))
    percent = f"{round(view.scale * 100)} %"
    _caption(
        canvas, fonts, (RIGHT_COLUMN_LEFT, right, top), f"Enlarged · {percent}", f"مكبّر {percent}"
    )
    draw_stamp(canvas, view, fmt, stamp_inscriptions(variant, req.variants), artwork, fonts)
    if req.released and req.signoffs:
        draw_signoffs(canvas, req.signoffs, fonts, (RIGHT_COLUMN_LEFT, right, table_top))
    draw_colour_patches(canvas, RIGHT_COLUMN_LEFT, bar_y, BAR_PATCH, PRESS_BAR)
    draw_legend(canvas, fmt, fonts, RIGHT_COLUMN_LEFT, legend_y)


def _draw_page(
    canvas: Canvas,
    req: ProofRequest,
    variant: VariantText,
    artwork: Any,
    fonts: ProofFonts,
    page: str,
) -> None:
    draw_header(
        canvas, req, fonts, (MARGIN, HEADER_BOTTOM, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN)
    )
    details_top = _draw_actual_size(canvas, req, variant, artwork, fonts) - 3 * mm
    draw_details(
        canvas, variant, req, fonts, (MARGIN, FOOTER_TOP + 4 * mm, LEFT_COLUMN_RIGHT, details_top)
    )
    _draw_enlarged(canvas, req, variant, artwork, fonts)
    draw_footer(canvas, req, fonts, (MARGIN, MARGIN, PAGE_WIDTH - MARGIN, FOOTER_TOP), page, True)
    if not req.released:
        draw_watermark(canvas, fonts, PAGE_WIDTH, PAGE_HEIGHT)


@renders_with_shared_fonts
def render_review_proof(req: ProofRequest) -> bytes:
    """Render the review proof for ``req`` and return the PDF bytes (deterministic)."""
    if not req.pages:
        raise ValueError("a proof needs at least one variant")
    fonts = register_fonts()
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, (PAGE_WIDTH, PAGE_HEIGHT), fonts)
    set_metadata(canvas, req, "Review proof")
    artwork = load_artwork(req)
    total = len(req.pages)
    for number, variant in enumerate(req.pages, start=1):
        page = f"Page {number} / {total} · {variant.administration_code}"
        _draw_page(canvas, req, variant, artwork, fonts, page)
        canvas.showPage()
    canvas.save()
    if req.publication is None:
        return buffer.getvalue()
    return record.attach(buffer.getvalue(), req.publication)
