"""Page furniture of a review proof: header, details table, legend, footer, watermark.

Separated from :mod:`review` (which decides where things go) so each block can be read
on its own; every block is bilingual because both administrations review the same proof.
"""

from __future__ import annotations

import datetime
from typing import Any

from app.designs.formats import StampFormat
from app.designs.gauges import gauge_label
from app.proofs.render import colors, record
from app.proofs.render.fonts import ProofFonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.inscriptions import (
    TIMES,
    english_name,
    face_value_arabic,
    face_value_latin,
    major_amount,
)
from app.proofs.render.model import RELEASED_STATUSES, ProofRequest, VariantText
from app.proofs.render.text import fit_font_size, text_width
from app.proofs.render.units import mm

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)

STATUS_AR = {
    "draft": "مسودة",
    "in_review": "قيد المراجعة",
    "changes_requested": "مطلوب تعديلات",
    "approved": "معتمد",
    "issued": "صادر",
    "rejected": "مرفوض",
    "withdrawn": "مسحوب",
}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def status_label(status: str) -> str:
    return status.replace("_", " ").upper()


def format_date(day: datetime.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def draw_fitted(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, room: float, align: str
) -> None:
    size = fit_font_size(text, font, room, size, size * 0.55)
    draw_text(canvas, x, y, text, font, size, align)  # type: ignore[arg-type]


def draw_header(
    canvas: Canvas, req: ProofRequest, fonts: ProofFonts, box: tuple[float, ...]
) -> None:
    left, bottom, right, top = box
    half = (right - left) / 2 - 28 * mm
    partners = " & ".join(variant.administration_name_en for variant in req.variants)
    partners_ar = " - ".join(variant.country_ar for variant in req.variants)
    canvas.setFillColor(colors.ACCENT)
    draw_text(canvas, left, top - 9, "JOINT STAMP STUDIO · REVIEW PROOF", fonts.bold, 8)
    draw_text(canvas, right, top - 9, "بروفة للمراجعة", fonts.bold, 9, "right")
    canvas.setFillColor(colors.TEXT)
    draw_fitted(canvas, left, top - 31, req.title_en, fonts.bold, 19, half, "left")
    draw_fitted(canvas, right, top - 31, req.title_ar, fonts.bold, 21, half, "right")
    canvas.setFillColor(colors.MUTED_TEXT)
    draw_fitted(
        canvas, left, top - 47, f"Joint issue · {partners}", fonts.regular, 10, half, "left"
    )
    draw_fitted(
        canvas, right, top - 47, f"إصدار مشترك {partners_ar}", fonts.regular, 11, half, "right"
    )
    _draw_status_pill(canvas, req.status, fonts, (left + right) / 2, top - 24)
    canvas.setStrokeColor(colors.RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, bottom, right, bottom)


def _draw_status_pill(
    canvas: Canvas, status: str, fonts: ProofFonts, centre: float, y: float
) -> None:
    text = f"{status_label(status)}  ·  {STATUS_AR.get(status, status)}"
    width = max(text_width(text, fonts.bold, 9) + 16, 40 * mm)
    canvas.setFillColor(
        colors.STATUS_APPROVED if status in RELEASED_STATUSES else colors.STATUS_DRAFT
    )
    canvas.roundRect(centre - width / 2, y - 6, width, 19, 9.5, stroke=0, fill=1)
    canvas.setFillColor(colors.PAPER)
    draw_text(canvas, centre, y, text, fonts.bold, 9, "center")


def details_rows(variant: VariantText, req: ProofRequest) -> list[tuple[str, str, str]]:
    """(English label, value, Arabic label) rows describing one variant."""
    fmt = req.format
    value = f"{face_value_latin(variant)} · {face_value_arabic(variant)}"
    amount = major_amount(variant)
    if amount is not None:
        value += f" ({amount})"
    sheet = fmt.sheet_columns * fmt.sheet_rows
    return [
        (
            "Administration",
            f"{variant.administration_name_en} ({variant.administration_code})",
            "الإدارة",
        ),
        ("Country", f"{english_name(variant.country_latin)} · {variant.country_ar}", "البلد"),
        ("Face value", value, "القيمة"),
        ("Quantity", f"{variant.quantity:,} stamps", "الكمية"),
        (
            "Issue date",
            f"{format_date(variant.issue_date)} ({variant.issue_date.isoformat()})",
            "تاريخ الإصدار",
        ),
        ("Format", fmt.label_en, "المقاس"),
        ("", fmt.label_ar, ""),
        ("Perforation", f"{gauge_label(fmt.perforation)} (teeth per 2 cm)", "التخريم"),
        ("Sheet", f"{fmt.sheet_columns} {TIMES} {fmt.sheet_rows} = {sheet} stamps", "الورقة"),
    ]


def draw_details(
    canvas: Canvas,
    variant: VariantText,
    req: ProofRequest,
    fonts: ProofFonts,
    box: tuple[float, ...],
) -> None:
    left, bottom, right, top = box
    rows = details_rows(variant, req)
    row_height = min(14.5, (top - bottom - 22) / len(rows))
    canvas.setFillColor(colors.PANEL)
    canvas.rect(
        left,
        top - 22 - row_height * len(rows) - 4,
        right - left,
        26 + row_height * len(rows),
        stroke=0,
        fill=1,
    )
    canvas.setFillColor(colors.TEXT)
    draw_text(canvas, left + 6, top - 14, f"Variant {variant.administration_code}", fonts.bold, 10)
    draw_text(canvas, right - 6, top - 14, f"إصدار {variant.country_ar}", fonts.bold, 10, "right")
    label_room = 22 * mm
    y = top - 22 - row_height + 4
    for english, value, arabic in rows:
        canvas.setFillColor(colors.MUTED_TEXT)
        draw_text(canvas, left + 6, y, english, fonts.regular, 7.5)
        draw_text(canvas, right - 6, y, arabic, fonts.regular, 8, "right")
        canvas.setFillColor(colors.TEXT)
        room = right - left - label_room - 20 * mm
        draw_fitted(canvas, left + 6 + label_room, y, value, fonts.regular, 8, room, "left")
        y -= row_height


def draw_legend(canvas: Canvas, fmt: StampFormat, fonts: ProofFonts, x: float, y: float) -> None:
    entries = (
        (colors.TRIM, None, f"Trim {fmt.width_mm:g} {TIMES} {fmt.height_mm:g} mm · خط القص"),
        (colors.BLEED, (2, 1.5), f"Bleed {fmt.bleed_mm:g} mm · النزف"),
        (colors.SAFE, (2, 1.5), f"Safe area {fmt.safe_mm:g} mm · المنطقة الآمنة"),
    )
    canvas.saveState()
    canvas.setLineWidth(0.8)
    for colour, dash, label in entries:
        canvas.setStrokeColor(colour)
        canvas.setDash(*(dash,) if dash else ())
        canvas.line(x, y + 2.5, x + 14, y + 2.5)
        canvas.setFillColor(colors.MUTED_TEXT)
        x += 18 + draw_text(canvas, x + 18, y, label, fonts.regular, 7.5) + 14
    canvas.setDash()
    canvas.setStrokeColor(colors.PERFORATION)
    canvas.setFillColor(colors.PAPER)
    canvas.circle(x + 4, y + 2.5, 2.5, stroke=1, fill=1)
    canvas.setFillColor(colors.MUTED_TEXT)
    label = f"Perforation {gauge_label(fmt.perforation)} · التخريم"
    draw_text(canvas, x + 11, y, label, fonts.regular, 7.5)
    canvas.restoreState()


def draw_footer(
    canvas: Canvas,
    req: ProofRequest,
    fonts: ProofFonts,
    box: tuple[float, ...],
    page: str,
    with_record: bool = False,
) -> None:
    """Proposal, format, artwork and status; with the publication record's hash when the
    proof carries the record (the review proof)."""
    left, _, right, top = box
    canvas.setStrokeColor(colors.RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, top, right, top)
    version = "—" if req.artwork_version is None else f"v{req.artwork_version}"
    digest = req.artwork_sha256 or "no artwork (placeholder drawn)"
    canvas.setFillColor(colors.TEXT)
    first = (
        f"Proposal #{req.proposal_id}   ·   Format {req.format.key} ({req.format.label_en})"
        f"   ·   Artwork {version}   ·   Status {status_label(req.status)}"
    )
    draw_fitted(canvas, left, top - 12, first, fonts.regular, 8, right - left - 60 * mm, "left")
    canvas.setFillColor(colors.MUTED_TEXT)
    draw_fitted(
        canvas,
        left,
        top - 23,
        f"Artwork SHA-256  {digest}",
        fonts.regular,
        7.5,
        right - left - 60 * mm,
        "left",
    )
    if with_record and req.publication is not None:
        draw_fitted(
            canvas,
            left,
            top - 33,
            f"Publication record SHA-256  {record.record_sha256(req.publication)}"
            f"  (attached: {record.FILENAME})",
            fonts.regular,
            7.5,
            right - left - 60 * mm,
            "left",
        )
        draw_text(canvas, right, top - 33, "سجل النشر مرفق", fonts.regular, 8, "right")
    draw_text(canvas, right, top - 12, page, fonts.regular, 8, "right")
    draw_text(
        canvas,
        right,
        top - 23,
        f"الحالة: {STATUS_AR.get(req.status, req.status)}",
        fonts.regular,
        8,
        "right",
    )


def draw_watermark(
    canvas: Canvas, fonts: ProofFonts, width: float, height: float, angle: float = 35.0
) -> None:
    """Diagonal bilingual "not for print" mark across the whole page, ``angle`` degrees."""
    lines = ("PROOF — NOT FOR PRINT", "بروفة — ليست للطباعة")
    diagonal = (width**2 + height**2) ** 0.5 * 0.78
    size = min(fit_font_size(line, fonts.bold, diagonal, 64, 20) for line in lines)
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(angle)
    canvas.setFillColor(colors.WATERMARK)
    canvas.setFillAlpha(0.28)
    draw_text(canvas, 0, size * 0.15, lines[0], fonts.bold, size, "center", copy_text=False)
    draw_text(canvas, 0, -size * 1.05, lines[1], fonts.bold, size, "center", copy_text=False)
    canvas.restoreState()
