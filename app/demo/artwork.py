"""Draws the demo joint issue's artwork: two flags' colours joined by an olive branch and a dove.

It is drawn, not shipped from elsewhere, so its licence is the project's; the size is the
40 × 30 mm format with 3 mm bleed at 600 ppi (print resolution).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

PPI = 600
WIDTH_MM, HEIGHT_MM, BLEED_MM = 40.0, 30.0, 3.0


def _px(mm: float) -> int:
    return round(mm / 25.4 * PPI)


def draw(path: Path) -> Path:
    """Write the artwork PNG (deterministic: same pixels every time)."""
    w, h = _px(WIDTH_MM + 2 * BLEED_MM), _px(HEIGHT_MM + 2 * BLEED_MM)
    image = Image.new("RGB", (w, h))
    pen = ImageDraw.Draw(image)
    for y in range(h):  # evening sky: sand to deep blue
        t = y / h
        colour = (
            round(250 * (1 - t) + 24 * t),
            round(214 * (1 - t) + 58 * t),
            round(150 * (1 - t) + 110 * t),
        )
        pen.line([(0, y), (w, y)], fill=colour)
    sun_r = _px(6)
    cx, cy = w // 2, round(h * 0.55)
    pen.ellipse([cx - sun_r, cy - sun_r, cx + sun_r, cy + sun_r], fill=(255, 236, 179))
    band = _px(4)
    # Palestine's colours on the left edge, Oman's on the right.
    for i, colour in enumerate([(0, 0, 0), (255, 255, 255), (0, 122, 61)]):
        pen.rectangle([0, h - band * (3 - i), w // 2, h - band * (2 - i)], fill=colour)
    pen.polygon([(0, h - 3 * band), (_px(9), h - 1.5 * band), (0, h)], fill=(206, 17, 38))
    for i, colour in enumerate([(255, 255, 255), (219, 22, 30), (0, 130, 60)]):
        pen.rectangle([w // 2, h - band * (3 - i), w, h - band * (2 - i)], fill=colour)
    pen.rectangle([w - _px(6), h - 3 * band, w, h], fill=(219, 22, 30))
    # An olive branch arching over the sun.
    for k in range(15):
        angle = math.pi * (0.1 + 0.8 * k / 14)
        lx = cx - math.cos(angle) * _px(11)
        ly = cy - math.sin(angle) * _px(8)
        leaf = [lx - _px(1.6), ly - _px(0.6), lx + _px(1.6), ly + _px(0.6)]
        pen.ellipse(leaf, fill=(85, 107, 47), outline=(50, 70, 30), width=3)
    # A dove: body, wing and tail as polygons.
    dx, dy, s = float(cx + _px(2)), float(cy - _px(9)), float(_px(1))
    pen.ellipse([dx - 3 * s, dy - s, dx + 3 * s, dy + s], fill=(250, 250, 250))
    pen.polygon(
        [(dx - s, dy), (dx + s, dy - 5 * s), (dx + 2 * s, dy - 0.5 * s)], fill=(240, 240, 240)
    )
    pen.polygon(
        [(dx - 3 * s, dy), (dx - 5 * s, dy - s), (dx - 5 * s, dy + s)], fill=(235, 235, 235)
    )
    pen.ellipse([dx + 2.2 * s, dy - 1.3 * s, dx + 3.8 * s, dy + 0.2 * s], fill=(250, 250, 250))
    image = image.filter(ImageFilter.SMOOTH)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", dpi=(PPI, PPI), optimize=True)
    return path
