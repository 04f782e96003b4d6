"""Printer's marks: crop marks, registration targets and CMYK colour patches.

The stamp, the sheet proof and the press PDF all carry marks a printer relies on; they
are drawn here once, in registration or process colours only, so no RGB ever reaches
a plate and every proof kind shows the same marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import CMYKColor

from app.proofs.render import colors

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)

CYAN = CMYKColor(1, 0, 0, 0)
MAGENTA = CMYKColor(0, 1, 0, 0)
YELLOW = CMYKColor(0, 0, 1, 0)
BLACK = CMYKColor(0, 0, 0, 1)
PROCESS_SOLIDS: tuple[CMYKColor, ...] = (CYAN, MAGENTA, YELLOW, BLACK)
PRESS_BAR: tuple[CMYKColor, ...] = (
    *PROCESS_SOLIDS,
    CMYKColor(1, 1, 0, 0),
    CMYKColor(1, 0, 1, 0),
    CMYKColor(0, 1, 1, 0),
    CMYKColor(1, 1, 1, 0),
    CMYKColor(0.5, 0, 0, 0),
    CMYKColor(0, 0.5, 0, 0),
    CMYKColor(0, 0, 0.5, 0),
    CMYKColor(0, 0, 0, 0.5),
    CMYKColor(0, 0, 0, 0.25),
    CMYKColor(0, 0, 0, 0.75),
)
"""Solids, two- and three-colour overprints, 50 % tints and a grey scale."""


def draw_crop_marks(
    canvas: Canvas,
    rect: tuple[float, float, float, float],
    gap: float,
    length: float,
    line_width: float,
) -> None:
    """Corner marks on the edges of ``rect`` (x, y, width, height), ``gap`` away from it."""
    x, y, width, height = rect
    canvas.saveState()
    canvas.setStrokeColor(colors.REGISTRATION)
    canvas.setLineWidth(line_width)
    for corner_x, corner_y, dx, dy in (
        (x, y, -1, -1),
        (x + width, y, 1, -1),
        (x, y + height, -1, 1),
        (x + width, y + height, 1, 1),
    ):
        canvas.line(corner_x + dx * gap, corner_y, corner_x + dx * (gap + length), corner_y)
        canvas.line(corner_x, corner_y + dy * gap, corner_x, corner_y + dy * (gap + length))
    canvas.restoreState()


def draw_register_target(canvas: Canvas, x: float, y: float, radius: float) -> None:
    """Circle-and-cross target centred on ``(x, y)``, in registration colour."""
    canvas.saveState()
    canvas.setStrokeColor(colors.REGISTRATION)
    canvas.setFillColor(colors.REGISTRATION)
    canvas.setLineWidth(0.3)
    canvas.circle(x, y, radius * 0.62, stroke=1, fill=0)
    canvas.circle(x, y, radius * 0.28, stroke=0, fill=1)
    canvas.line(x - radius, y, x + radius, y)
    canvas.line(x, y - radius, x, y + radius)
    canvas.restoreState()


def draw_colour_patches(
    canvas: Canvas,
    x: float,
    y: float,
    size: float,
    patches: Sequence[CMYKColor],
    *,
    vertical: bool = False,
) -> float:
    """Square patches from ``(x, y)`` rightwards (or downwards); returns the bar length."""
    step = size * 1.1
    canvas.saveState()
    canvas.setStrokeColor(colors.RULE)
    canvas.setLineWidth(0.2)
    for index, colour in enumerate(patches):
        canvas.setFillColor(colour)
        left = x if vertical else x + index * step
        bottom = y - (index + 1) * step + (step - size) if vertical else y
        canvas.rect(left, bottom, size, size, stroke=1, fill=1)
    canvas.restoreState()
    return step * len(patches) - (step - size)
