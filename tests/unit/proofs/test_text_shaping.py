"""Proof text is bidi-split and shaped by HarfBuzz exactly, and drawn glyph for glyph."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
import uharfbuzz as hb
from reportlab.pdfgen.canvas import Canvas

from app.proofs.render.bidi_runs import visual_runs
from app.proofs.render.fonts import REGULAR, default_fonts_dir, get_font, register_fonts
from app.proofs.render.glyph_drawing import actual_text_operand, draw_text
from app.proofs.render.text import (
    fit_font_size,
    localise_digits,
    shape_line,
    text_width,
    to_eastern_arabic_digits,
)

# Each string with its bidi runs in visual (left-to-right) order, written out by hand.
CASES: dict[str, list[tuple[str, str]]] = {
    "فلسطين": [("فلسطين", "rtl")],
    "سلطنة عُمان": [("سلطنة عُمان", "rtl")],
    "إصدار مشترك فلسطين - عُمان": [("إصدار مشترك فلسطين - عُمان", "rtl")],
    "\u0665\u0660\u0660 مل": [(" مل", "rtl"), ("\u0665\u0660\u0660", "ltr")],
    "500 mils": [("500 mils", "ltr")],
    "لا": [("لا", "rtl")],
    "طابع (2027) Joint": [("Joint", "ltr"), (") ", "rtl"), ("2027", "ltr"), ("طابع (", "rtl")],
    # sheet values: numbers keep their own left-to-right order inside the Arabic line
    "20 × 500 مل = 10,000 مل": [
        (" مل", "rtl"), ("10,000", "ltr"), (" مل = ", "rtl"), ("500", "ltr"), (" × ", "rtl"),
        ("20", "ltr"),
    ],
    "٢٠ × ٥٠٠ مل = ١٠٬٠٠٠ مل": [
        (" مل", "rtl"), ("١٠٬٠٠٠", "ltr"), (" مل = ", "rtl"), ("٥٠٠", "ltr"), (" × ", "rtl"),
        ("٢٠", "ltr"),
    ],
    "إصدار مشترك (Joint Issue 2027)": [
        (")", "rtl"), ("Joint Issue 2027", "ltr"), ("إصدار مشترك (", "rtl"),
    ],
    "٢٠٢٧": [("٢٠٢٧", "ltr")],
    "100 بيسة": [(" بيسة", "rtl"), ("100", "ltr")],
}  # fmt: skip


@cache
def _reference_font() -> object:
    blob = hb.Blob(Path(default_fonts_dir() / "Amiri-Regular.ttf").read_bytes())
    return hb.Font(hb.Face(blob))


def harfbuzz_glyphs(text: str, direction: str) -> list[int]:
    """Plain HarfBuzz shaping of one run, independent of the code under test."""
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = direction
    hb.shape(_reference_font(), buffer, {})
    return [info.codepoint for info in buffer.glyph_infos]


def expected_glyphs(text: str) -> list[int]:
    return [gid for run, direction in CASES[text] for gid in harfbuzz_glyphs(run, direction)]


@pytest.mark.parametrize("text", list(CASES))
def test_bidi_runs_are_in_visual_order(text: str) -> None:
    runs = visual_runs(text)
    assert [(run.text, "rtl" if run.is_rtl else "ltr") for run in runs] == CASES[text]


@pytest.mark.parametrize("text", list(CASES))
def test_shaped_glyphs_equal_harfbuzz(text: str) -> None:
    register_fonts()
    assert list(shape_line(text, REGULAR).glyph_ids) == expected_glyphs(text)


def _emitted_glyphs(text: str) -> list[int]:
    """Draw ``text`` into a page and decode the visible glyph ids from the content stream."""
    fonts = register_fonts()
    canvas = Canvas(io.BytesIO(), invariant=1, pageCompression=0, initialFontName=fonts.regular)
    draw_text(canvas, 100, 100, text, fonts.regular, 12)
    font = get_font(fonts.regular)
    subsets = font.state[canvas._doc].subsets
    content = "\n".join(canvas._code)
    glyphs: list[int] = []
    subset, render_mode = 0, 0
    for token in re.finditer(r"/F\d+\+(\d+) [\d.]+ Tf|(\d+) Tr|\[([^\]]*)\] TJ", content):
        if token.group(1) is not None:
            subset = int(token.group(1))
        elif token.group(2) is not None:
            render_mode = int(token.group(2))
        elif render_mode != 3:  # invisible copies only carry extractable text
            for code in re.findall(r"<([0-9A-F]{2})>", token.group(3)):
                glyphs.append(font.face.charToGlyph[subsets[subset][int(code, 16)]])
    return glyphs


@pytest.mark.parametrize("text", list(CASES))
def test_pdf_glyph_sequence_equals_harfbuzz(text: str) -> None:
    assert _emitted_glyphs(text) == expected_glyphs(text)


def test_brackets_are_mirrored_in_rtl_runs() -> None:
    register_fonts()
    font = get_font(REGULAR)
    line = shape_line("طابع (2027) Joint", REGULAR)
    closing_run, opening_run = line.runs[1], line.runs[3]
    # Logical "(" ends the Arabic run; drawn at its visual left edge it must look like ")".
    assert opening_run.glyphs[0].gid == font.face.charToGlyph[ord(")")]
    assert closing_run.glyphs[-1].gid == font.face.charToGlyph[ord("(")]


def test_damma_is_positioned_as_a_mark() -> None:
    register_fonts()
    (run,) = shape_line("عُمان", REGULAR).runs
    marks = [glyph for glyph in run.glyphs if glyph.x_advance == 0]
    assert len(marks) == 1
    assert marks[0].x_offset != 0 or marks[0].y_offset != 0


def test_digit_helpers() -> None:
    assert (
        to_eastern_arabic_digits("500 mils 2027")
        == "\u0665\u0660\u0660 mils \u0662\u0660\u0662\u0667"
    )
    assert localise_digits("500", "arab") == "\u0665\u0660\u0660"
    assert localise_digits("\u0665\u0660\u0660", "latin") == "500"
    with pytest.raises(ValueError, match="digit style"):
        localise_digits("1", "roman")


def test_width_measurement_and_fitting() -> None:
    register_fonts()
    line = shape_line("إصدار مشترك فلسطين - عُمان", REGULAR)
    width = text_width(line.text, REGULAR, 10)
    assert width == pytest.approx(line.advance / 100)
    assert text_width(line.text, REGULAR, 20) == pytest.approx(2 * width)
    assert fit_font_size(line.text, REGULAR, width * 2, 10) == 10
    shrunk = fit_font_size(line.text, REGULAR, width * 0.8, 10)
    assert shrunk == pytest.approx(8)
    assert fit_font_size(line.text, REGULAR, width * 0.1, 10, min_size=6) == 6


def test_actual_text_is_utf16_hex() -> None:
    assert actual_text_operand("لا") == "<FEFF06440627>"
