"""Text a person reads: refuse what they cannot see.

Every text field of every request body is one of the two types below. A control character, a
NUL (PostgreSQL cannot store one), a bidi override or isolate, a zero-width character or any other
invisible format character would print on a proof or a sealed sign-off page as nothing, or reorder
what is around it, so that what an approver reads is not what was stored. Such text is refused
with a 422 that names the field and the code point, before anything is written.

`Line` is one line (titles, names, places); `Paragraph` may hold line breaks and tabs
(descriptions, comments, reasons), a break written `\\n` (a `\\r\\n` is read as `\\n`).
ZWNJ and ZWJ are refused too: Arabic and English stamp texts never need them.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Final

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# Categories with no visible glyph of their own: controls, format characters (bidi embeddings,
# overrides and isolates, zero-width characters, the BOM, soft hyphen...), surrogates (a JSON
# "\ud800" decodes to one, and no database encodes it) and private use (no font draws it).
REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co"})
# Separators that break a line without being a line break a reader expects.
LINE_BREAKERS: Final = frozenset({"\u2028", "\u2029", "\u0085"})


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: how a problem names a character."""
    code = ord(char)
    name = unicodedata.name(char, "") or {
        "Cc": "control character",
        "Cs": "surrogate",
        "Co": "private-use character",
    }.get(unicodedata.category(char), "noncharacter")
    return f"U+{code:04X} {name}"


def refused_character(value: str, *, multiline: bool) -> str | None:
    """The first character `value` may not hold, or None when it is plain text."""
    for char in value:
        if char in "\n\t" and multiline:
            continue
        if (
            unicodedata.category(char) in REFUSED_CATEGORIES
            or char in LINE_BREAKERS
            or _noncharacter(ord(char))
        ):
            return char
    return None


def _check(value: str, *, multiline: bool) -> str:
    if multiline:
        value = value.replace("\r\n", "\n")
    char = refused_character(value, multiline=multiline)
    if char is not None:
        where = "text" if multiline else "a single line of text"
        raise PydanticCustomError(
            "invisible_character",
            "{character} is not allowed in {where}: it is a control or invisible character",
            {"character": describe(char), "code_point": f"U+{ord(char):04X}", "where": where},
        )
    return value


def check_line(value: str) -> str:
    """A single line of visible text."""
    return _check(value, multiline=False)


def check_paragraph(value: str) -> str:
    """Visible text that may hold line breaks."""
    return _check(value, multiline=True)


Line = Annotated[str, AfterValidator(check_line)]
Paragraph = Annotated[str, AfterValidator(check_paragraph)]
