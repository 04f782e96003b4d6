"""Splits a line of text into directional runs in visual order (Unicode Bidi Algorithm).

HarfBuzz shapes one direction at a time and PDF draws left to right, so mixed
Arabic/Latin/digit lines must first be cut into level runs and reordered (UBA rule L2).
The resolved embedding levels come from python-bidi's Rust implementation (current UBA,
including bracket pairs); python-bidi 0.6 only exposes them through its debug output,
which is parsed here and checked against the text so a format change fails loudly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from bidi.bidi import get_display_inner

Direction = Literal["auto", "ltr", "rtl"]

_LEVELS_BLOCK = re.compile(r"levels: \[(?P<body>.*?)\n    \]", re.DOTALL)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_PARAGRAPH_LEVEL = re.compile(r"ParagraphInfo \{.*?level: Level\(\s*(\d+),?\s*\)", re.DOTALL)
_BASE_DIR: dict[Direction, str | None] = {"auto": None, "ltr": "L", "rtl": "R"}


class BidiError(RuntimeError):
    """python-bidi returned something this module cannot interpret."""


@dataclass(frozen=True)
class BidiRun:
    """A maximal substring at one embedding level; ``text`` is in logical order."""

    text: str
    start: int
    level: int

    @property
    def is_rtl(self) -> bool:
        return self.level % 2 == 1


def _byte_levels_to_chars(text: str, byte_levels: list[int]) -> list[int]:
    levels: list[int] = []
    offset = 0
    for char in text:
        levels.append(byte_levels[offset])
        offset += len(char.encode("utf-8"))
    return levels


def resolve_levels(text: str, direction: Direction = "auto") -> tuple[int, list[int]]:
    """Return the paragraph level and the resolved level of every character of ``text``."""
    if "\n" in text or "\r" in text or "\u2029" in text:
        raise ValueError("resolve_levels expects a single line of text")
    if not text:
        return (1 if direction == "rtl" else 0), []
    debug = str(get_display_inner(text, _BASE_DIR[direction], True))
    block = _LEVELS_BLOCK.search(debug)
    paragraph = _PARAGRAPH_LEVEL.search(debug)
    if block is None or paragraph is None:
        raise BidiError("unexpected python-bidi debug output (levels not found)")
    byte_levels = [int(value) for value in _LEVEL.findall(block.group("body"))]
    if len(byte_levels) != len(text.encode("utf-8")):
        raise BidiError("python-bidi level count does not match the text length")
    return int(paragraph.group(1)), _byte_levels_to_chars(text, byte_levels)


def _reset_trailing_whitespace(text: str, levels: list[int], paragraph_level: int) -> None:
    """UBA rule L1 for a single line: trailing whitespace takes the paragraph level."""
    for index in range(len(text) - 1, -1, -1):
        if unicodedata.bidirectional(text[index]) not in {"WS", "S", "B", "BN"}:
            break
        levels[index] = paragraph_level


@dataclass(frozen=True)
class BidiLine:
    """A single line after the bidi algorithm: its base level and runs in visual order."""

    paragraph_level: int
    runs: tuple[BidiRun, ...]

    @property
    def is_rtl(self) -> bool:
        return self.paragraph_level % 2 == 1


def split_line(text: str, direction: Direction = "auto") -> BidiLine:
    """Resolve levels for ``text`` and return its level runs ordered left to right."""
    paragraph_level, levels = resolve_levels(text, direction)
    _reset_trailing_whitespace(text, levels, paragraph_level)
    runs: list[BidiRun] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or levels[index] != levels[start]:
            runs.append(BidiRun(text[start:index], start, levels[start]))
            start = index
    if not runs:
        return BidiLine(paragraph_level, ())
    highest = max(run.level for run in runs)
    lowest = min(run.level for run in runs)
    lowest_odd = lowest if lowest % 2 else lowest + 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(runs):
            if runs[index].level < level:
                index += 1
                continue
            end = index
            while end < len(runs) and runs[end].level >= level:
                end += 1
            runs[index:end] = reversed(runs[index:end])
            index = end
    return BidiLine(paragraph_level, tuple(runs))


def visual_runs(text: str, direction: Direction = "auto") -> tuple[BidiRun, ...]:
    """Level runs of ``text`` ordered left to right as they appear on the page."""
    return split_line(text, direction).runs
