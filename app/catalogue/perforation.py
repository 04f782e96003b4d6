"""Perforation as catalogues print it, parsed into numbers: `13¾ × 14` → 13.75 × 14, comb.

Kinds: comb, line, die-cut (self-adhesive) and imperforate. A single gauge means the same on all
sides. Pure functions: the issue form and errata use them; the unit tests need nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.designs.gauges import gauge_label

KINDS = ("comb", "line", "die-cut", "imperforate")
_FRACTIONS = {"¼": 0.25, "½": 0.5, "¾": 0.75}
_GAUGE = r"(\d{1,2})(?:\s*([¼½¾])|\.(\d+)|\s+(\d)/(\d))?"
_PAIR = re.compile(rf"^{_GAUGE}(?:\s*[x×X*]\s*{_GAUGE})?$")


@dataclass(frozen=True)
class Perforation:
    kind: str
    horizontal: float | None  # gauge along the top and bottom edges
    vertical: float | None  # gauge along the left and right edges

    @property
    def label(self) -> str:
        """The catalogue notation: `13½`, `13¾ × 14`, `die-cut 11`, `imperforate`."""
        if self.kind == "imperforate" or self.horizontal is None:
            return "imperforate"
        text = gauge_label(self.horizontal)
        if self.vertical is not None and self.vertical != self.horizontal:
            text += f" × {gauge_label(self.vertical)}"
        return f"die-cut {text}" if self.kind == "die-cut" else text


def _gauge(
    whole: str, sign: str | None, decimals: str | None, num: str | None, den: str | None
) -> float:
    value = float(whole)
    if sign:
        value += _FRACTIONS[sign]
    elif decimals:
        value = float(f"{whole}.{decimals}")
    elif num and den:
        if int(den) == 0:
            raise ValueError("a fraction needs a non-zero denominator")
        value += int(num) / int(den)
    if not 5 <= value <= 20:
        raise ValueError(f"a perforation gauge of {value:g} is not plausible")
    return value


def parse(text: str, default_kind: str = "comb") -> Perforation:
    """Parse a perforation as written in catalogues; ValueError when it is not one.

    `13½` · `13¾ × 14` · `13.75x14` · `14 1/4` · `comb 13½` · `line 12` · `die-cut 11` ·
    `imperf` / `imperforate`.
    """
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in ("imperforate", "imperf", "imperf.", "imperforated"):
        return Perforation("imperforate", None, None)
    for word in ("perforation ", "perf. ", "perf "):
        cleaned = cleaned.removeprefix(word)
    kind = default_kind
    for candidate in ("die-cut", "diecut", "die cut", "comb", "line"):
        if cleaned.startswith(candidate):
            kind = "die-cut" if candidate.startswith("die") else candidate
            cleaned = cleaned.removeprefix(candidate).strip()
            break
    if kind not in KINDS:
        raise ValueError(f"unknown perforation kind {kind!r}")
    match = _PAIR.match(cleaned)
    if match is None:
        raise ValueError(f"{text!r} is not a perforation")
    groups = match.groups()
    horizontal = _gauge(*groups[:5])
    vertical = _gauge(*groups[5:]) if groups[5] is not None else horizontal
    return Perforation(kind, horizontal, vertical)
