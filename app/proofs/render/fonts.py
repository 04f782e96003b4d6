"""Registers the proof fonts with ReportLab so glyphs can be addressed by glyph id.

ReportLab embeds TrueType subsets keyed by Unicode code points, but shaped Arabic uses
glyphs the cmap does not reach (contextual forms, lam-alef, positioned marks). Every such
glyph gets a private-use code up front, in glyph-id order, so any glyph HarfBuzz returns
can be drawn and the subset (and hence the PDF bytes) never depends on what was rendered
earlier in the process. Copy-out text comes from /ActualText, not from these codes.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "JSS-Amiri-Regular"
BOLD = "JSS-Amiri-Bold"

_FONT_FILES: dict[str, str] = {REGULAR: "Amiri-Regular.ttf", BOLD: "Amiri-Bold.ttf"}
_PRIVATE_USE_FIRST = 0xE000
_PRIVATE_USE_LAST = 0xF8FF


def default_fonts_dir() -> Path:
    """Repository-level ``fonts/`` directory holding Amiri and its licence."""
    return Path(__file__).resolve().parents[3] / "fonts"


class GlyphAddressableFont(TTFont):  # type: ignore[misc]  # ReportLab base is untyped
    """A ReportLab TrueType font where every glyph id has a fixed one-character code."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, str(path))
        face = self.face
        self.units_per_em: int = int(face.unitsPerEm)
        self.glyph_code: dict[int, int] = {
            gid: min(codes) for gid, codes in face.glyphToChar.items()
        }
        next_code = _PRIVATE_USE_FIRST
        for gid in range(face.numGlyphs):
            if gid in self.glyph_code:
                continue
            while next_code in face.charToGlyph:
                next_code += 1
            if next_code > _PRIVATE_USE_LAST:
                raise ValueError(f"{path.name}: too many unmapped glyphs for the BMP PUA")
            face.charToGlyph[next_code] = gid
            face.glyphToChar[gid] = [next_code]
            face.charWidths[next_code] = face._pdfScale(face.hmetrics[gid][0])
            self.glyph_code[gid] = next_code
            next_code += 1
        self.hb_font = hb.Font(hb.Face(hb.Blob(path.read_bytes())))

    def glyph_width(self, gid: int) -> float:
        """Advance width of a glyph from ``hmtx`` in 1/1000 em (what the PDF declares)."""
        return float(self.face._pdfScale(self.face.hmetrics[gid][0]))

    def codes_for(self, gids: list[int]) -> str:
        """The one-character-per-glyph string ReportLab subsets and writes for ``gids``."""
        return "".join(chr(self.glyph_code[gid]) for gid in gids)


@dataclass(frozen=True)
class ProofFonts:
    regular: str
    bold: str


_lock = threading.Lock()
_registered: dict[str, GlyphAddressableFont] = {}

# ReportLab keeps one TrueType face per registered font, and subsetting it at save time
# moves a shared read position through the font file: two documents saved at once on
# different threads corrupt each other's subsets. Renders therefore take turns.
_render_lock = threading.RLock()

_P = ParamSpec("_P")
_R = TypeVar("_R")


def renders_with_shared_fonts(render: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a whole document render (drawing and saving) while no other thread renders."""

    @functools.wraps(render)
    def exclusive(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _render_lock:
            return render(*args, **kwargs)

    return exclusive


def register_fonts(fonts_dir: Path | None = None) -> ProofFonts:
    """Register Amiri Regular/Bold once (idempotent and thread-safe) and return their names."""
    directory = fonts_dir if fonts_dir is not None else default_fonts_dir()
    with _lock:
        for name, filename in _FONT_FILES.items():
            if name in _registered:
                continue
            font = GlyphAddressableFont(name, directory / filename)
            pdfmetrics.registerFont(font)
            _registered[name] = font
    return ProofFonts(regular=REGULAR, bold=BOLD)


def get_font(name: str) -> GlyphAddressableFont:
    """Return a registered proof font, registering the defaults on first use."""
    if name not in _registered:
        register_fonts()
    try:
        return _registered[name]
    except KeyError:
        raise KeyError(f"unknown proof font {name!r}") from None
