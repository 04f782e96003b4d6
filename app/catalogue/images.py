"""Catalogue images: thumb, preview and full, drawn from the approved artwork.

Each image is the design inside a perforated white margin with the variant's inscriptions set by
Pillow with libraqm (HarfBuzz shaping and bidi, so Arabic joins and runs right to left): the
country name in Arabic and in Latin letters, the face value with its unit in both, and the year.
Pixels are converted to sRGB and saved without any metadata. Images are derived on first request
and cached in storage under `catalogue/`, named by the fingerprint of everything drawn.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from app.artwork.previews import to_srgb
from app.storage.base import Storage, content_key

Size = Literal["thumb", "preview", "full"]
SIZES: dict[Size, int] = {"thumb": 320, "preview": 960, "full": 1800}  # longest side, px
MEDIA: dict[Size, str] = {"thumb": "image/jpeg", "preview": "image/jpeg", "full": "image/png"}
RENDER_VERSION = 4
FONTS = Path(__file__).resolve().parents[2] / "fonts"
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Inscriptions:
    """What the stamp says, taken from the catalogue entry (never from the proposal)."""

    number: str
    artwork_sha256: str
    country_ar: str
    country_latin: str
    face_value_minor: int
    unit_ar: str
    unit_en: str
    year: int
    width_mm: float
    height_mm: float
    gauge: float | None

    def fingerprint(self, size: Size) -> str:
        raw = json.dumps([RENDER_VERSION, size, *self.__dict__.values()], ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


@lru_cache(maxsize=32)
def _font(size_px: int, bold: bool) -> ImageFont.FreeTypeFont:
    name = "Amiri-Bold.ttf" if bold else "Amiri-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size_px, layout_engine=ImageFont.Layout.RAQM)


def _placeholder(seed: str, size: tuple[int, int]) -> Image.Image:
    """A quiet two-colour design for entries whose artwork is not in this installation."""
    digest = hashlib.sha256(seed.encode()).digest()
    top = (40 + digest[0] % 150, 60 + digest[1] % 140, 80 + digest[2] % 140)
    bottom = (200 + digest[3] % 55, 190 + digest[4] % 60, 150 + digest[5] % 90)
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(image)
    w, h = size
    r = min(w, h) // 4
    cx, cy = w // 2 + (digest[6] % 40 - 20) * w // 400, h // 2
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(255, 255, 255), width=max(2, r // 12))
    return image


def _artwork(storage: Storage, sha256: str, size: tuple[int, int], seed: str) -> Image.Image:
    key = content_key("artwork", sha256) if len(sha256) == 64 else None
    if key is None or not storage.exists(key):
        return _placeholder(seed, size)
    with Image.open(storage.local_path(key)) as opened:
        opened.draft("RGB", size)
        image = to_srgb(opened)
    # Cover the design area, centred.
    scale = max(size[0] / image.width, size[1] / image.height)
    resized = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.Resampling.LANCZOS,
    )
    left, top = (resized.width - size[0]) // 2, (resized.height - size[1]) // 2
    return resized.crop((left, top, left + size[0], top + size[1]))


def _perforate(canvas: Image.Image, margin: int, gauge: float | None, px_per_mm: float) -> None:
    """White margin with the perforation's holes, spaced as the gauge says (teeth per 2 cm)."""
    if not gauge:
        return
    draw = ImageDraw.Draw(canvas)
    pitch = 20 * px_per_mm / gauge
    radius = max(1.0, pitch * 0.32)
    w, h = canvas.size
    centre = margin * 0.2
    for length, horizontal in ((w, True), (h, False)):
        count = int(length / pitch)
        offset = (length - count * pitch) / 2
        for i in range(count + 1):
            p = offset + i * pitch
            for edge in (centre, (h if horizontal else w) - centre):
                x, y = (p, edge) if horizontal else (edge, p)
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(236, 233, 226))


@dataclass(frozen=True)
class Line:
    """One inscription placed on the stamp: its text, font, anchor point and ink."""

    text: str
    font: ImageFont.FreeTypeFont
    at: tuple[float, float]
    anchor: str
    ink: tuple[int, int, int]
    rtl: bool = False

    @property
    def direction(self) -> str | None:
        return "rtl" if self.rtl else None

    @property
    def language(self) -> str | None:
        return "ar" if self.rtl else None

    def box(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom in pixels, as drawn."""
        left, top, right, bottom = self.font.getbbox(
            self.text, direction=self.direction, language=self.language, anchor=self.anchor
        )
        x, y = self.at
        return left + x, top + y, right + x, bottom + y


def _length(text: str, font: ImageFont.FreeTypeFont, rtl: bool = False) -> float:
    if rtl:
        return font.getlength(text, direction="rtl", language="ar")
    return font.getlength(text)


def _fitting(
    band: int, fits: Callable[[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont], bool]
) -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]:
    """The largest (bold, regular) pair up to the band's own size with which ``fits`` holds."""
    scale = 1.0
    while True:
        big = _font(max(6, round(band * 0.62 * scale)), True)
        small = _font(max(5, round(band * 0.45 * scale)), False)
        if fits(big, small) or scale < 0.25:
            return big, small
        scale *= 0.9


@dataclass(frozen=True)
class Geometry:
    """Pixel size of one image, its white perforated margin and its two inscription bands."""

    width: int
    height: int
    px_per_mm: float
    margin: int
    band: int


def geometry(ins: Inscriptions, size: Size) -> Geometry:
    longest = SIZES[size]
    ratio = ins.width_mm / ins.height_mm if ins.height_mm else 4 / 3
    w, h = (longest, round(longest / ratio)) if ratio >= 1 else (round(longest * ratio), longest)
    px_per_mm = w / (ins.width_mm + 6) if ins.width_mm else w / 46
    margin = max(4, round(3 * px_per_mm))
    return Geometry(w, h, px_per_mm, margin, max(10, round((h - 2 * margin) * 0.17)))


def layout(ins: Inscriptions, g: Geometry) -> list[Line]:
    """The five inscriptions, each band's type shrunk until its texts fit side by side.

    Top band: the country in Arabic on the right, in Latin letters on the left. Bottom band:
    the face value in Arabic (Eastern digits) on the right and in English on the left, the
    year in the middle. A narrow (portrait) stamp gets smaller type, never overlapping text.
    """
    w, h, margin, band = g.width, g.height, g.margin, g.band
    pad = max(3, round((w - 2 * margin) * 0.03))
    left, right = margin + pad, w - margin - pad
    room = right - left
    value = f"{ins.face_value_minor}"
    value_ar, value_en, year = (
        f"{value.translate(EASTERN)} {ins.unit_ar}",
        f"{value} {ins.unit_en}",
        str(ins.year),
    )
    country = _fitting(
        band,
        lambda big, small: (
            _length(ins.country_ar, big, True) + pad + _length(ins.country_latin, small) <= room
        ),
    )
    values = _fitting(
        band,
        lambda big, small: (
            max(_length(value_ar, big, True), _length(value_en, big))
            + _length(year, small) / 2
            + pad
            <= room / 2
        ),
    )
    mid_top, mid_bottom = margin + band / 2, h - margin - band / 2
    ink, value_ink = (25, 25, 25), (170, 30, 40)
    return [
        Line(ins.country_ar, country[0], (right, mid_top), "rm", ink, rtl=True),
        Line(ins.country_latin, country[1], (left, mid_top), "lm", ink),
        Line(value_ar, values[0], (right, mid_bottom), "rm", value_ink, rtl=True),
        Line(value_en, values[0], (left, mid_bottom), "lm", value_ink),
        Line(year, values[1], (w / 2, mid_bottom), "mm", ink),
    ]


def render(ins: Inscriptions, size: Size, storage: Storage) -> bytes:
    """The image bytes (JPEG or PNG, sRGB, no metadata) for one size."""
    g = geometry(ins, size)
    w, h, margin, band = g.width, g.height, g.margin, g.band
    canvas = Image.new("RGB", (w, h), (255, 255, 255))
    inner = (w - 2 * margin, h - 2 * margin)
    canvas.paste(_artwork(storage, ins.artwork_sha256, inner, ins.number), (margin, margin))
    _perforate(canvas, margin, ins.gauge, g.px_per_mm)

    draw = ImageDraw.Draw(canvas, "RGBA")
    top, bottom = margin, h - margin
    draw.rectangle((margin, top, w - margin, top + band), fill=(255, 255, 255, 190))
    draw.rectangle((margin, bottom - band, w - margin, bottom), fill=(255, 255, 255, 190))
    for line in layout(ins, g):
        draw.text(
            line.at,
            line.text,
            font=line.font,
            fill=line.ink,
            anchor=line.anchor,
            direction=line.direction,
            language=line.language,
        )

    clean = Image.frombytes("RGB", canvas.size, canvas.tobytes())  # pixels only, no metadata
    out = io.BytesIO()
    if MEDIA[size] == "image/png":
        clean.save(out, format="PNG", compress_level=6)
    else:
        clean.save(out, format="JPEG", quality=86, optimize=True, progressive=True)
    return out.getvalue()


def cached(ins: Inscriptions, size: Size, storage: Storage) -> tuple[bytes, str]:
    """The image and its fingerprint, rendered once and then read from storage."""
    fingerprint = ins.fingerprint(size)
    key = content_key("catalogue", fingerprint)
    if storage.exists(key):
        return storage.read_bytes(key), fingerprint
    data = render(ins, size, storage)
    storage.put_bytes(key, data)
    return data, fingerprint
