"""CMYK colours for proof marks and text.

Proofs go to printers, so everything the renderer draws is specified in process
colours (no RGB conversions left to the RIP); crop marks use registration colour.
"""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor

REGISTRATION = CMYKColor(1, 1, 1, 1)
TEXT = CMYKColor(0, 0, 0, 0.92)
MUTED_TEXT = CMYKColor(0, 0, 0, 0.6)
RULE = CMYKColor(0, 0, 0, 0.25)
PANEL = CMYKColor(0, 0, 0, 0.04)
PAPER = CMYKColor(0, 0, 0, 0)
TRIM = CMYKColor(0, 1, 0, 0)
BLEED = CMYKColor(0, 0, 0, 0.5)
SAFE = CMYKColor(1, 0, 0, 0)
PERFORATION = CMYKColor(0, 0, 0, 0.45)
ACCENT = CMYKColor(0.85, 0.1, 0.45, 0.35)
PLACEHOLDER = CMYKColor(0.12, 0.04, 0, 0.06)
PLACEHOLDER_HATCH = CMYKColor(0.25, 0.08, 0, 0.12)
WATERMARK = CMYKColor(0, 0.45, 0.3, 0)
STATUS_DRAFT = CMYKColor(0, 0.55, 0.9, 0.05)
STATUS_APPROVED = CMYKColor(0.8, 0, 0.9, 0.1)
