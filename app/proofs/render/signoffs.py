"""The sign-off table of an approved proof: who approved it, for which administration, when.

Once every partner has approved, the proof they approved is sealed, and the proof served
from then on says on its face who signed it off (name, administration, UTC time and what
the signature means), in English and Arabic, so a printed copy carries its own approvals.
"""

from __future__ import annotations

import datetime
from typing import Any

from app.proofs.render import colors
from app.proofs.render.fonts import ProofFonts
from app.proofs.render.glyph_drawing import draw_text
from app.proofs.render.model import APPROVED_FOR_PRINT, ProofRequest, SignOff
from app.proofs.render.page_parts import draw_fitted
from app.proofs.render.units import mm

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)

TITLE_HEIGHT = 14.0
ROW_HEIGHT = 11.0
PADDING = 4.0
MEANINGS_AR = {APPROVED_FOR_PRINT: "معتمد للطباعة"}
COLUMNS: tuple[tuple[float, str, str], ...] = (
    (0.0, "Name", "الاسم"),
    (0.25, "Administration", "الإدارة"),
    (0.55, "Time (UTC)", "الوقت"),
    (0.75, "Meaning", "المعنى"),
)
"""(left edge as a fraction of the table width, English and Arabic heading) per column."""


def signoffs_height(req: ProofRequest) -> float:
    """Height in points the table takes on the page (0 when the proof lists no sign-offs)."""
    if not (req.released and req.signoffs):
        return 0.0
    return table_height(len(req.signoffs))


def table_height(rows: int) -> float:
    """Height in points of a sign-off table of `rows` sign-offs (0 for none)."""
    return TITLE_HEIGHT + ROW_HEIGHT * (1 + rows) + PADDING if rows else 0.0


def format_time(moment: datetime.datetime) -> str:
    """``2027-01-05 14:03 UTC``: minutes are enough to read, the audit log has the rest."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def meaning_label(meaning: str) -> str:
    arabic = MEANINGS_AR.get(meaning)
    english = meaning[:1].upper() + meaning[1:]
    return f"{english} · {arabic}" if arabic else english


def row_cells(signoff: SignOff) -> tuple[str, str, str, str]:
    """The four cells of one sign-off, in column order."""
    administration = (
        f"{signoff.administration_code} · {signoff.administration_name_en}"
        f" · {signoff.administration_name_ar}"
    )
    return (signoff.name, administration, format_time(signoff.time), meaning_label(signoff.meaning))


def draw_signoffs(
    canvas: Canvas,
    signoffs: tuple[SignOff, ...],
    fonts: ProofFonts,
    box: tuple[float, float, float],
) -> None:
    """The table hanging from ``top`` between ``left`` and ``right`` (``box``)."""
    left, right, top = box
    width = right - left
    height = TITLE_HEIGHT + ROW_HEIGHT * (1 + len(signoffs))
    canvas.saveState()
    canvas.setFillColor(colors.PANEL)
    canvas.rect(left, top - height - PADDING, width, height + PADDING, stroke=0, fill=1)
    canvas.setFillColor(colors.ACCENT)
    baseline = top - TITLE_HEIGHT + 4
    draw_text(canvas, left + 6, baseline, "Sign-offs", fonts.bold, 9)
    draw_text(canvas, right - 6, baseline, "التوقيعات", fonts.bold, 9.5, "right")
    edges = [left + 6 + fraction * (width - 12) for fraction, _, _ in COLUMNS] + [right - 6]
    baseline -= ROW_HEIGHT
    canvas.setFillColor(colors.MUTED_TEXT)
    for index, (_, english, arabic) in enumerate(COLUMNS):
        room = edges[index + 1] - edges[index] - 2 * mm
        draw_fitted(
            canvas, edges[index], baseline, f"{english} · {arabic}", fonts.regular, 7, room, "left"
        )
    canvas.setFillColor(colors.TEXT)
    for signoff in signoffs:
        baseline -= ROW_HEIGHT
        for index, cell in enumerate(row_cells(signoff)):
            room = edges[index + 1] - edges[index] - 2 * mm
            draw_fitted(canvas, edges[index], baseline, cell, fonts.regular, 7.5, room, "left")
    canvas.restoreState()
