"""Writes shaped glyphs into a ReportLab page by glyph id, with copy-out text attached.

ReportLab 5's own shaping (``drawString(shaping=True)``) shapes word by word with guessed
directions, so brackets in RTL text are not mirrored, and it assigns private codes to
unmapped glyphs in first-use order, so bytes depend on process history. Here the glyph
sequence is exactly the HarfBuzz output of :mod:`text`; glyphs are written through the
fixed per-glyph codes of :mod:`fonts` (ReportLab still subsets and embeds the font), and
positions come from HarfBuzz (TJ adjustments for advances/x offsets, text rise for y).

Copy-out: glyphs whose font code is not their source text (contextual forms, marks on
private codes) are wrapped per cluster in ``/Span <</ActualText (...)>> BDC … EMC``. The
spans stay in visual order because extractors such as poppler's ``pdftotext`` run their
own visual-to-logical bidi pass; a whole RTL run as one span would come out reversed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from app.proofs.render.fonts import GlyphAddressableFont, get_font
from app.proofs.render.text import PositionedGlyph, ShapedLine, ShapedRun, shape_line

Align = Literal["left", "right", "center"]
Canvas = Any  # reportlab.pdfgen.canvas.Canvas; ReportLab ships no type information


def actual_text_operand(text: str) -> str:
    """PDF hex string (UTF-16BE with BOM) for an /ActualText entry."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def _clusters(run: ShapedRun) -> Iterator[tuple[str, list[PositionedGlyph]]]:
    """Group a run's glyphs (visual order) by cluster, pairing each with its source text."""
    starts = sorted({glyph.cluster for glyph in run.glyphs})
    ends = dict(zip(starts, [*starts[1:], len(run.text)], strict=True))
    group: list[PositionedGlyph] = []
    for glyph in run.glyphs:
        if group and glyph.cluster != group[0].cluster:
            yield run.text[group[0].cluster : ends[group[0].cluster]], group
            group = []
        group.append(glyph)
    if group:
        yield run.text[group[0].cluster : ends[group[0].cluster]], group


class _TextEmitter:
    """Accumulates PDF text operators for one BT … ET object."""

    def __init__(self, canvas: Canvas, font_name: str, size: float, copy_text: bool) -> None:
        self.copy_text = copy_text
        self.document = canvas._doc
        self.font: GlyphAddressableFont = get_font(font_name)
        self.size = size
        self.operators: list[str] = []
        self.subset = -1
        self.state: dict[str, float] = {}

    def _set(self, operator: str, value: float) -> None:
        if self.state.get(operator, 0.0) != value:
            self.operators.append(f"{_number(value)} {operator}")
            self.state[operator] = value

    def _select_subset(self, gid: int) -> str:
        [(subset, code)] = self.font.splitString(self.font.codes_for([gid]), self.document)
        if subset != self.subset:
            name = self.font.getSubsetInternalName(subset, self.document)
            self.operators.append(f"{name} {_number(self.size)} Tf")
            self.subset = subset
        return f"<{code.hex().upper()}>"

    def _show(self, gid: int, shift: float, advance: float, rise: float) -> None:
        """Show one glyph displaced by ``shift`` and move the pen by ``advance`` (1/1000 em)."""
        code = self._select_subset(gid)
        self._set("Ts", round(rise * self.size / 1000.0, 4))
        declared = self.font.glyph_width(gid)
        parts = [_number(-shift)] if shift else []
        parts.append(code)
        correction = declared - advance + shift
        if abs(correction) > 1e-6:
            parts.append(_number(correction))
        self.operators.append(f"[{' '.join(parts)}] TJ")

    def _begin_span(self, text: str) -> None:
        self.operators.append(f"/Span <</ActualText {actual_text_operand(text)}>> BDC")

    def _mark(self, source: str, glyph: PositionedGlyph) -> None:
        """Zero-advance mark: visible glyph without text, plus an invisible text carrier.

        A mark drawn at its HarfBuzz offset has a zero-width box away from the pen, which
        text extractors read as a word gap (``ع ُمان``). The visible glyph therefore
        carries empty ActualText, and an invisible copy (render mode 3) at the pen position
        carries the mark's text exactly between its neighbours in visual order.
        """
        self._begin_span("")
        self._show(glyph.gid, glyph.x_offset, 0.0, glyph.y_offset)
        self.operators.append("EMC")
        self._set("Tr", 3)
        needs_span = self.font.codes_for([glyph.gid]) != source
        if needs_span:
            self._begin_span(source)
        self._show(glyph.gid, 0.0, 0.0, 0.0)
        if needs_span:
            self.operators.append("EMC")
        self._set("Tr", 0)

    def run(self, run: ShapedRun) -> None:
        if not self.copy_text:
            for glyph in run.glyphs:
                self._show(glyph.gid, glyph.x_offset, glyph.x_advance, glyph.y_offset)
            return
        for source, glyphs in _clusters(run):
            if len(glyphs) == 1 and glyphs[0].x_advance == 0 and glyphs[0].y_advance == 0:
                self._mark(source, glyphs[0])
                continue
            needs_span = self.font.codes_for([glyph.gid for glyph in glyphs]) != source
            if needs_span:
                self._begin_span(source)
            for glyph in glyphs:
                self._show(glyph.gid, glyph.x_offset, glyph.x_advance, glyph.y_offset)
            if needs_span:
                self.operators.append("EMC")


WATERMARK_ARTIFACT = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"


def draw_shaped_line(
    canvas: Canvas,
    x: float,
    y: float,
    line: ShapedLine,
    font_size: float,
    *,
    copy_text: bool = True,
) -> float:
    """Draw ``line`` with its left edge at ``x`` on baseline ``y``; returns its width.

    With ``copy_text=False`` the line is marked as a watermark artifact with empty
    ActualText, so text extraction and search skip it.
    """
    emitter = _TextEmitter(canvas, line.font_name, font_size, copy_text)
    for run in line.runs:
        emitter.run(run)
    width = line.width(font_size)
    if emitter.operators:
        # q/Q scopes the Tc/Ts text state so later ReportLab drawing is unaffected.
        body = "\n".join(emitter.operators)
        text_object = f"q BT\n1 0 0 1 {_number(x)} {_number(y)} Tm\n{body}\nET Q"
        if not copy_text:
            silent = f"/Span <</ActualText {actual_text_operand('')}>> BDC"
            text_object = f"{WATERMARK_ARTIFACT}\n{silent}\n{text_object}\nEMC\nEMC"
        canvas.addLiteral(text_object)
    return width


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font_name: str,
    font_size: float,
    align: Align = "left",
    *,
    copy_text: bool = True,
) -> float:
    """Shape and draw ``text`` anchored at ``x`` (left edge, right edge or centre)."""
    line = shape_line(text, font_name)
    width = line.width(font_size)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    draw_shaped_line(canvas, x, y, line, font_size, copy_text=copy_text)
    return width
