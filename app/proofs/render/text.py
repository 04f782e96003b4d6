"""Bidi + HarfBuzz text pipeline for proof inscriptions.

Stamp proofs are legal artwork: Arabic must be set by the font's own OpenType rules
(contextual forms, lam-alef, mark placement, kerning), never by presentation-form
substitution. A line is split into bidi runs in visual order, each run is shaped by
HarfBuzz in its own direction (HarfBuzz mirrors brackets in RTL runs), and the result
keeps glyph ids and positions so it can be measured, fitted and drawn exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from app.proofs.render.bidi_runs import Direction, split_line
from app.proofs.render.fonts import get_font

_EASTERN_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_WESTERN_ARABIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def to_eastern_arabic_digits(text: str) -> str:
    """Replace ASCII digits with Eastern Arabic digits (٠١٢٣٤٥٦٧٨٩); other text is kept."""
    return text.translate(_EASTERN_ARABIC)


def to_latin_digits(text: str) -> str:
    """Replace Eastern Arabic digits with ASCII digits."""
    return text.translate(_WESTERN_ARABIC)


def localise_digits(text: str, digits: str) -> str:
    """Apply a variant's digit preference: ``"arab"`` gives Eastern Arabic digits."""
    if digits == "arab":
        return to_eastern_arabic_digits(text)
    if digits == "latin":
        return to_latin_digits(text)
    raise ValueError(f"unknown digit style {digits!r} (expected 'arab' or 'latin')")


@dataclass(frozen=True)
class PositionedGlyph:
    """One shaped glyph; advances and offsets are in 1/1000 em (PDF text space units)."""

    gid: int
    cluster: int
    x_advance: float
    y_advance: float
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class ShapedRun:
    """A bidi run shaped in its direction; ``glyphs`` are in visual (left-to-right) order."""

    text: str
    is_rtl: bool
    glyphs: tuple[PositionedGlyph, ...]

    @property
    def advance(self) -> float:
        return sum(glyph.x_advance for glyph in self.glyphs)

    @property
    def glyph_ids(self) -> tuple[int, ...]:
        return tuple(glyph.gid for glyph in self.glyphs)


@dataclass(frozen=True)
class ShapedLine:
    """A whole line: ``text`` in logical order, ``runs`` in visual order."""

    text: str
    font_name: str
    runs: tuple[ShapedRun, ...]
    is_rtl: bool

    @property
    def advance(self) -> float:
        return sum(run.advance for run in self.runs)

    @property
    def glyph_ids(self) -> tuple[int, ...]:
        return tuple(gid for run in self.runs for gid in run.glyph_ids)

    def width(self, font_size: float) -> float:
        """Typeset width in points at ``font_size``."""
        return self.advance * font_size / 1000.0


def shape_run(text: str, font_name: str, is_rtl: bool) -> ShapedRun:
    """Shape one single-direction run with HarfBuzz using the font's default features."""
    font = get_font(font_name)
    buffer = hb.Buffer()
    # One cluster per character (ligatures aside) so copy-out text can be attached per glyph.
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if is_rtl else "ltr"
    hb.shape(font.hb_font, buffer, {})
    scale = 1000.0 / font.units_per_em
    glyphs = tuple(
        PositionedGlyph(
            gid=info.codepoint,
            cluster=info.cluster,
            x_advance=position.x_advance * scale,
            y_advance=position.y_advance * scale,
            x_offset=position.x_offset * scale,
            y_offset=position.y_offset * scale,
        )
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    )
    return ShapedRun(text=text, is_rtl=is_rtl, glyphs=glyphs)


@lru_cache(maxsize=1024)
def shape_line(text: str, font_name: str, direction: Direction = "auto") -> ShapedLine:
    """Bidi-split ``text`` and shape every run; the result is cached (it is immutable)."""
    line = split_line(text, direction)
    shaped = tuple(shape_run(run.text, font_name, run.is_rtl) for run in line.runs)
    return ShapedLine(text=text, font_name=font_name, runs=shaped, is_rtl=line.is_rtl)


def text_width(text: str, font_name: str, font_size: float) -> float:
    """Width in points of ``text`` once bidi-reordered and shaped."""
    return shape_line(text, font_name).width(font_size)


def fit_font_size(
    text: str,
    font_name: str,
    max_width: float,
    preferred_size: float,
    min_size: float | None = None,
) -> float:
    """Largest size not above ``preferred_size`` at which ``text`` fits ``max_width``.

    Shaped width scales linearly with size, so one measurement suffices. The result is
    clamped to ``min_size`` (defaults to half the preferred size) to keep text legible.
    """
    floor = preferred_size / 2 if min_size is None else min_size
    natural = text_width(text, font_name, preferred_size)
    if natural <= max_width or natural == 0:
        return preferred_size
    return max(floor, preferred_size * max_width / natural)
