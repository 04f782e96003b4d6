"""Catalogue number formatting and perforation labels."""

from __future__ import annotations

import pytest

from app.catalogue import numbering


@pytest.mark.parametrize(
    ("code", "seq", "year", "number"),
    [("PS", 1, 2027, "PS001.27"), ("OM", 14, 2026, "OM014.26"), ("EG", 1234, 2030, "EG1234.30")],
)
def test_wns_style_numbers(code: str, seq: int, year: int, number: str) -> None:
    assert numbering.format_number(code, seq, year) == number
    assert numbering.parse_number(number) == (code, seq, year % 100)


def test_sequence_starts_at_one() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        numbering.format_number("PS", 0, 2027)


def test_parse_rejects_other_strings() -> None:
    assert numbering.parse_number("PS1.27") is None
    assert numbering.parse_number("ps001.27") is None


@pytest.mark.parametrize(("gauge", "label"), [(13.5, "13½"), (14, "14"), (13.75, "13¾")])
def test_perforation_labels(gauge: float, label: str) -> None:
    assert numbering.perforation_label(gauge) == label
