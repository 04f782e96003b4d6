"""Renders the press PDF: what the security printer receives for one variant's sheet.

One page per variant: the sheet at 100 % on a page of trim + bleed + slug, with the page
boxes a prepress workflow reads (``TrimBox`` = the sheet's trim, ``BleedBox`` = trim +
bleed, ``MediaBox`` = bleed + slug). The slug carries crop marks, registration targets, a
CMYK colour bar and a slug line identifying proposal, variant, artwork hash and status;
there is no watermark. Text and marks are CMYK only, fonts are embedded subsets, the
artwork is embedded once at its native resolution (a JPEG as its own DCT bytes, anything
else losslessly), and the perforation is a die line on an overprinting spot colour
"Perforation" so it never knocks out of the artwork.

The file is PDF/X-4: :mod:`app.press.pdfx` adds what ReportLab cannot write (version 1.6,
the output intent of the request's printing condition, ICC-based RGB for RGB artwork, XMP
identification). A CMYK artwork stays DeviceCMYK. Bytes are deterministic.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import CMYKColorSep

from app.designs.gauges import gauge_label
from app.press import pdfx
from app.press.conditions import PrintingCondition
from app.proofs.render import colors
from app.proofs.render.artwork_image import Artwork
from app.proofs.render.document import (
    load_artwork,
    open_canvas,
    set_metadata,
)
from app.proofs.render.fonts import ProofFonts, register_fonts, renders_with_shared_fonts
from app.proofs.render.inscriptions import TIMES
from app.proofs.render.model import ProofRequest, VariantText
from app.proofs.render.page_parts import STATUS_AR, draw_fitted, status_label
from app.proofs.render.printer_marks import (
    PRESS_BAR,
    draw_colour_patches,
    draw_crop_marks,
    draw_register_target,
)
from app.proofs.render.sheet import draw_sheet
from app.proofs.render.sheet_layout import SheetLayout
from app.proofs.render.units import mm

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)
Box = tuple[float, float, float, float]

SLUG_MM = 12.0
CROP_GAP_BEYOND_BLEED_MM = 1.0
CROP_LENGTH_MM = 6.0
SLUG_INDENT = 4 * mm  # slug content keeps clear of the crop marks on the trim lines
PERFORATION_DIE = CMYKColorSep(0, 1, 0, 0, spotName="Perforation")


def press_boxes(req: ProofRequest) -> tuple[Box, Box, Box]:
    """``(MediaBox, BleedBox, TrimBox)`` in points, each as (x0, y0, x1, y1)."""
    layout = SheetLayout(req.format)
    slug, bleed = SLUG_MM * mm, req.format.bleed_mm * mm
    trim_w, trim_h = layout.width_mm * mm, layout.height_mm * mm
    inset = slug + bleed
    media = (0.0, 0.0, trim_w + 2 * inset, trim_h + 2 * inset)
    bleed_box = (slug, slug, media[2] - slug, media[3] - slug)
    trim = (inset, inset, inset + trim_w, inset + trim_h)
    return media, bleed_box, trim


def _draw_slug_marks(canvas: Canvas, req: ProofRequest, trim: Box, fonts: ProofFonts) -> None:
    bleed = req.format.bleed_mm * mm
    rect = (trim[0], trim[1], trim[2] - trim[0], trim[3] - trim[1])
    gap = bleed + CROP_GAP_BEYOND_BLEED_MM * mm
    draw_crop_marks(canvas, rect, gap, CROP_LENGTH_MM * mm, 0.25)
    middle_y = (trim[1] + trim[3]) / 2
    beyond = bleed + SLUG_MM * mm / 2
    draw_register_target(canvas, trim[0] - beyond, middle_y, 3 * mm)
    draw_register_target(canvas, trim[2] + beyond, middle_y, 3 * mm)
    bar_bottom = trim[3] + bleed + 3 * mm
    bar = draw_colour_patches(canvas, trim[0] + SLUG_INDENT, bar_bottom, 4.5 * mm, PRESS_BAR)
    status = f"STATUS {status_label(req.status)} · الحالة: {STATUS_AR.get(req.status, req.status)}"
    canvas.setFillColor(colors.REGISTRATION)
    room = trim[2] - trim[0] - 2 * SLUG_INDENT - bar - 3 * mm
    right = trim[2] - SLUG_INDENT
    draw_fitted(canvas, right, bar_bottom + 1.2 * mm, status, fonts.bold, 7, room, "right")


def slug_lines(req: ProofRequest, variant: VariantText, page: str) -> list[str]:
    """The identification printed in the bottom slug, one string per line."""
    fmt = req.format
    layout = SheetLayout(fmt)
    version = "—" if req.artwork_version is None else f"v{req.artwork_version}"
    digest = req.artwork_sha256 or "none (placeholder)"
    return [
        f"Joint Stamp Studio press PDF · proposal #{req.proposal_id} · variant "
        f"{variant.administration_code} ({variant.administration_name_en}) · {page}"
        + ("" if req.printing is None else f" · output intent {req.printing.identifier}"),
        f"Format {fmt.key} · sheet {fmt.sheet_columns} {TIMES} {fmt.sheet_rows} · trim "
        f"{layout.width_mm:g} {TIMES} {layout.height_mm:g} mm · bleed {fmt.bleed_mm:g} mm · "
        f"perforation {gauge_label(fmt.perforation)} on spot die layer 'Perforation' "
        "(do not print)",
        f"Artwork {version} · SHA-256 {digest} · status {status_label(req.status)}",
    ]


def _draw_slug_line(canvas: Canvas, lines: list[str], trim: Box, fonts: ProofFonts) -> None:
    room = trim[2] - trim[0] - 2 * SLUG_INDENT
    canvas.setFillColor(colors.REGISTRATION)
    baseline = SLUG_MM * mm - 4 * mm  # the bottom slug, top line first
    for line in lines:
        draw_fitted(canvas, trim[0] + SLUG_INDENT, baseline, line, fonts.regular, 6, room, "left")
        baseline -= 7.5


def _draw_page(
    canvas: Canvas,
    req: ProofRequest,
    variant: VariantText,
    artwork: Any,
    fonts: ProofFonts,
    page: str,
) -> None:
    trim = press_boxes(req)[2]
    canvas.saveState()
    canvas.translate(trim[0], trim[1])
    draw_sheet(canvas, req, variant, artwork, fonts, die_line_colour=PERFORATION_DIE)
    canvas.restoreState()
    _draw_slug_marks(canvas, req, trim, fonts)
    _draw_slug_line(canvas, slug_lines(req, variant, page), trim, fonts)


def _rgb_profile(artwork: Artwork | None, condition: PrintingCondition) -> bytes:
    """The profile RGB artwork is tagged with: its own RGB profile, else sRGB."""
    own = None if artwork is None else artwork.icc_profile
    if own is not None and len(own) >= 128 and own[16:20] == b"RGB ":
        return own
    return condition.rgb_profile()


@renders_with_shared_fonts
def render_press_pdf(req: ProofRequest) -> bytes:
    """Render the printer's PDF/X-4, one sheet page per variant; returns deterministic bytes."""
    if not req.pages:
        raise ValueError("a press PDF needs at least one variant")
    if req.printing is None:
        raise ValueError("a press PDF needs a printing condition (its output intent)")
    fonts = register_fonts()
    media, bleed_box, trim = press_boxes(req)
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, (media[2], media[3]), fonts)
    canvas.setBleedBox(bleed_box)
    canvas.setTrimBox(trim)
    set_metadata(canvas, req, "Press PDF")
    artwork = load_artwork(req)
    total = len(req.pages)
    for number, variant in enumerate(req.pages, start=1):
        _draw_page(canvas, req, variant, artwork, fonts, f"page {number}/{total}")
        canvas.showPage()
    canvas.save()
    condition = req.printing
    return pdfx.finish(
        buffer.getvalue(),
        condition.profile(),
        (condition.identifier, condition.registry, condition.info),
        _rgb_profile(artwork, condition),
        condition.rendering_intent,
    )
