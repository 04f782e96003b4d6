"""What the signatures look like: a bilingual sign-off page and one stamp per signature.

Both are drawn with the proofs' own text path (HarfBuzz-shaped Amiri through
`glyph_drawing.draw_text`), so Arabic is joined and ordered exactly as on the proof, and
copied-out text comes back as logical Unicode. ReportLab runs in invariant mode: the same
sign-off gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape

from app.proofs.render.document import open_canvas
from app.proofs.render.fonts import register_fonts, renders_with_shared_fonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.units import mm

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
STAMP_WIDTH = 86 * mm
STAMP_HEIGHT = 34 * mm
GAP = 6 * mm
PER_ROW = 3
GRID_TOP = PAGE_HEIGHT - 62 * mm
INK = Color(0.07, 0.27, 0.42)
SEAL_INK = Color(0.45, 0.12, 0.12)
MEANING_EN = "Approved for print"
MEANING_AR = "معتمد للطباعة"
SEAL_MEANING_EN = "Sealed as reviewed"
SEAL_MEANING_AR = "مختوم كما رُوجع"


@dataclass(frozen=True)
class StampText:
    """The words on one signature's stamp."""

    heading_en: str
    heading_ar: str
    name: str
    detail_en: str
    detail_ar: str
    at: dt.datetime
    seal: bool = False


def stamp_box(index: int) -> tuple[int, int, int, int]:
    """The rectangle (points, integers as PDF widgets want) of the index-th stamp."""
    row, column = divmod(index, PER_ROW)
    left = MARGIN + column * (STAMP_WIDTH + GAP)
    top = GRID_TOP - row * (STAMP_HEIGHT + GAP)
    return (round(left), round(top - STAMP_HEIGHT), round(left + STAMP_WIDTH), round(top))


def time_label(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@renders_with_shared_fonts
def render_stamp(text: StampText, width: float, height: float) -> bytes:
    """A one-page PDF of exactly the widget's size: frame, meaning, signer, time."""
    fonts = register_fonts()
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, (width, height), fonts)
    ink = SEAL_INK if text.seal else INK
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColor(ink)
    canvas.setLineWidth(1.2)
    canvas.roundRect(1.5, 1.5, width - 3, height - 3, 5, stroke=1, fill=1)
    canvas.setLineWidth(0.4)
    canvas.roundRect(4, 4, width - 8, height - 8, 3.5, stroke=1, fill=0)
    canvas.setFillColor(ink)
    left, right = 10.0, width - 10.0
    draw_text(canvas, left, height - 19, text.heading_en, fonts.bold, 10)
    draw_text(canvas, right, height - 19, text.heading_ar, fonts.bold, 11, "right")
    canvas.line(left, height - 25, right, height - 25)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    draw_text(canvas, left, height - 40, text.name, fonts.bold, 9)
    draw_text(canvas, left, height - 53, text.detail_en, fonts.regular, 8)
    draw_text(canvas, right, height - 53, text.detail_ar, fonts.regular, 9, "right")
    draw_text(canvas, left, 12, time_label(text.at), fonts.regular, 7.5)
    draw_text(canvas, right, 12, "توقيع رقمي", fonts.regular, 8, "right")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@renders_with_shared_fonts
def render_signoff_page(
    proposal_id: int, title_en: str, title_ar: str, proof_sha256: str, signatures: int
) -> bytes:
    """The page added after the reviewed pages: what was approved, and room for the stamps."""
    fonts = register_fonts()
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, (PAGE_WIDTH, PAGE_HEIGHT), fonts)
    canvas.setTitle(f"Sign-off · proposal {proposal_id}")
    right = PAGE_WIDTH - MARGIN
    top = PAGE_HEIGHT - MARGIN
    canvas.setFillColor(INK)
    draw_text(canvas, MARGIN, top - 8, "JOINT STAMP STUDIO · SIGN-OFF", fonts.bold, 8)
    draw_text(canvas, right, top - 8, "الاعتماد", fonts.bold, 9, "right")
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    draw_text(canvas, MARGIN, top - 30, f"{MEANING_EN} · {title_en}", fonts.bold, 18)
    draw_text(canvas, right, top - 56, f"{MEANING_AR} · {title_ar}", fonts.bold, 18, "right")
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    lines = [
        f"Proposal #{proposal_id} · reviewed proof SHA-256 {proof_sha256}",
        "The pages before this one are the proof every approver reviewed, byte for byte.",
        "Each box below is a digital signature by the service key; any later change to the",
        "file breaks them (check with: stamps verify-proof FILE).",
    ]
    for number, line in enumerate(lines):
        draw_text(canvas, MARGIN, top - 82 - number * 11, line, fonts.regular, 8.5)
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.setDash(2, 2)
    for index in range(signatures):
        x1, y1, x2, y2 = stamp_box(index)
        canvas.rect(x1 - 2, y1 - 2, x2 - x1 + 4, y2 - y1 + 4, stroke=1, fill=0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
