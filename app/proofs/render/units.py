"""Typed unit constants (ReportLab's own are untyped, which would leak ``Any``)."""

from __future__ import annotations

from typing import Final

mm: Final[float] = 72.0 / 25.4
"""One millimetre in PDF points."""
