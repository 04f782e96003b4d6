"""Marginal inscriptions of a stamp sheet (the selvage) and the sheet-value wording.

Post offices sell and account for whole sheets, so the selvage states the bilingual
title, the issuing administration, the sheet's total value in its own currency and
digits, plate numbers in each process colour, colour check patches and a register
target. Drawn in sheet millimetres; used by both the sheet proof and the press PDF.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from app.proofs.render import colors
from app.proofs.render.fonts import ProofFonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.inscriptions import (
    TIMES,
    StampInscriptions,
    face_value_arabic,
    face_value_latin,
    major_amount,
)
from app.proofs.render.model import ProofRequest, VariantText
from app.proofs.render.page_parts import draw_fitted
from app.proofs.render.printer_marks import (
    PROCESS_SOLIDS,
    draw_colour_patches,
    draw_register_target,
)
from app.proofs.render.sheet_layout import SheetLayout
from app.proofs.render.text import localise_digits
from app.proofs.render.units import mm
from app.proofs.render.zones import draw_zones

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)

ARABIC_THOUSANDS = "\u066c"  # ARABIC THOUSANDS SEPARATOR
PLATE = "1A"


def grouped(number: int, digits: str) -> str:
    """``10000`` -> ``"10,000"`` or, for Eastern Arabic digits, ``"١٠٬٠٠٠"``."""
    text = f"{number:,}"
    if digits == "arab":
        text = text.replace(",", ARABIC_THOUSANDS)
    return localise_digits(text, digits)


def sheet_value_latin(variant: VariantText, count: int) -> str:
    """E.g. ``"20 × 500 mils = 10,000 mils"``, with ``" (5.000 OMR)"`` when coded."""
    total = variant.face_value_minor * count
    text = f"{count} {TIMES} {face_value_latin(variant)} = {total:,} {variant.unit_en}"
    amount = major_amount(dataclasses.replace(variant, face_value_minor=total))
    return text if amount is None else f"{text} ({amount})"


def sheet_value_arabic(variant: VariantText, count: int) -> str:
    """E.g. ``"٢٠ × ٥٠٠ مل = ١٠٬٠٠٠ مل"`` (digits per the variant)."""
    total = grouped(variant.face_value_minor * count, variant.digits)
    number = localise_digits(str(count), variant.digits)
    return f"{number} {TIMES} {face_value_arabic(variant)} = {total} {variant.unit_ar}"


def _draw_top(
    canvas: Canvas,
    layout: SheetLayout,
    req: ProofRequest,
    variant: VariantText,
    words: StampInscriptions,
    fonts: ProofFonts,
) -> None:
    left = layout.left_mm * mm
    right = left + layout.block_width_mm * mm
    top = (layout.bottom_mm + layout.block_height_mm) * mm
    room = (right - left) / 2 - 4 * mm
    canvas.setFillColor(colors.TEXT)
    draw_fitted(canvas, left, top + 10.5 * mm, req.title_en, fonts.bold, 10, room, "left")
    draw_fitted(canvas, right, top + 10.5 * mm, req.title_ar, fonts.bold, 11, room, "right")
    canvas.setFillColor(colors.MUTED_TEXT)
    english = f"{variant.administration_name_en} · {words.joint_en} · {words.year}"
    arabic = f"{words.joint_ar} · {localise_digits(words.year, variant.digits)}"
    draw_fitted(canvas, left, top + 5 * mm, english, fonts.regular, 7.5, room, "left")
    draw_fitted(canvas, right, top + 5 * mm, arabic, fonts.regular, 8.5, room, "right")


def _draw_bottom(
    canvas: Canvas, layout: SheetLayout, variant: VariantText, fonts: ProofFonts
) -> None:
    left = layout.left_mm * mm
    right = left + layout.block_width_mm * mm
    baseline = (layout.bottom_mm - 8) * mm
    room = (right - left) / 2 - 3 * mm
    canvas.setFillColor(colors.TEXT)
    english = f"Sheet value: {sheet_value_latin(variant, layout.count)}"
    arabic = f"قيمة الورقة: {sheet_value_arabic(variant, layout.count)}"
    draw_fitted(canvas, left, baseline, english, fonts.regular, 8, room, "left")
    draw_fitted(canvas, right, baseline, arabic, fonts.regular, 9, room, "right")


def _draw_sides(canvas: Canvas, layout: SheetLayout, fonts: ProofFonts) -> None:
    """Colour patches and plate numbers on the left, a register target on the right."""
    middle = (layout.bottom_mm + layout.block_height_mm / 2) * mm
    size = 4 * mm
    bar = size * 1.1 * len(PROCESS_SOLIDS) - size * 0.1
    draw_colour_patches(canvas, 2.5 * mm, middle + bar / 2, size, PROCESS_SOLIDS, vertical=True)
    draw_register_target(canvas, (layout.width_mm - 4.5) * mm, middle, 2.6 * mm)
    baseline = (layout.bottom_mm + 1) * mm
    for colour in reversed(PROCESS_SOLIDS):
        canvas.setFillColor(colour)
        draw_text(canvas, 4.5 * mm, baseline, PLATE, fonts.bold, 7, "center")
        baseline += 3.6 * mm


def draw_selvage(
    canvas: Canvas,
    layout: SheetLayout,
    req: ProofRequest,
    variant: VariantText,
    words: StampInscriptions,
    fonts: ProofFonts,
) -> None:
    """All marginal inscriptions and marks, in sheet coordinates (points).

    A format with its own margin ``texts`` zones gets exactly those; otherwise the
    default title lines above the block and the sheet value below it.
    """
    fmt = layout.fmt
    if fmt.sheet_texts:
        texts = margin_texts(layout, req, variant, words)
        draw_zones(canvas, fmt.sheet_texts, texts.__getitem__, layout.height_mm, fonts)
    else:
        _draw_top(canvas, layout, req, variant, words, fonts)
        _draw_bottom(canvas, layout, variant, fonts)
    if fmt.sheet_marks:
        _draw_sides(canvas, layout, fonts)


def margin_texts(
    layout: SheetLayout, req: ProofRequest, variant: VariantText, words: StampInscriptions
) -> dict[str, str]:
    """The text of every margin zone role (see ``model.SHEET_ROLES``)."""
    return {
        "title_ar": req.title_ar,
        "title_en": req.title_en,
        "joint_ar": words.joint_ar,
        "joint_en": words.joint_en,
        "year": words.year_local,
        "sheet_value_ar": f"قيمة الورقة: {sheet_value_arabic(variant, layout.count)}",
        "sheet_value_latin": f"Sheet value: {sheet_value_latin(variant, layout.count)}",
        "administration": variant.administration_name_en,
    }
