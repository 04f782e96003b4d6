"""Each variant's digit setting (Eastern Arabic or Latin) holds in every number it prints."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from app.designs.formats import StampFormat
from app.proofs.render.inscriptions import stamp_inscriptions
from app.proofs.render.model import ProofRequest
from app.proofs.render.review import render_review_proof
from app.proofs.render.selvage import sheet_value_arabic
from app.proofs.render.sheet import render_sheet_proof
from tests.unit.proofs.samples import make_request, oman, palestine
from tests.unit.proofs.test_sheet import poppler

EASTERN = "٠١٢٣٤٥٦٧٨٩"


def _plain(text: str) -> str:
    """pdftotext's output without the bidi embedding controls it wraps RTL segments in."""
    return re.sub("[\u202a-\u202e]", "", text)


def _request(fmt: StampFormat, digits: str) -> ProofRequest:
    variants = (dataclasses.replace(palestine(), digits=digits), oman())
    return dataclasses.replace(make_request(fmt, None), variants=variants, only="PS")


def test_wording_follows_the_digit_setting() -> None:
    latin = dataclasses.replace(palestine(), digits="latin")
    words = stamp_inscriptions(latin, (latin, oman()))
    assert (words.value_ar, words.text_for("year")) == ("500 مل", "2027")
    assert sheet_value_arabic(latin, 20) == "20 × 500 مل = 10,000 مل"
    words = stamp_inscriptions(palestine(), (palestine(), oman()))
    assert (words.value_ar, words.text_for("year")) == ("٥٠٠ مل", "٢٠٢٧")
    assert sheet_value_arabic(palestine(), 20) == "٢٠ × ٥٠٠ مل = ١٠٬٠٠٠ مل"
    assert words.value_latin == "500 mils"  # English text always has Latin digits
    assert words.year == "2027"


@pytest.mark.parametrize("key", ["standard-40x30", "souvenir-2x2"])
def test_latin_digits_everywhere_and_in_order(
    formats: dict[str, StampFormat], tmp_path: Path, key: str
) -> None:
    fmt = formats[key]
    count = fmt.sheet_columns * fmt.sheet_rows
    stamp = poppler("pdftotext", render_review_proof(_request(fmt, "latin")), tmp_path)
    sheet = poppler("pdftotext", render_sheet_proof(_request(fmt, "latin")), tmp_path)
    for text in (stamp, sheet):
        assert re.search(r"500 ?مل|مل ?500", _plain(text))
        assert "2027" in text
        assert "٥٠٠" not in text
        assert "٢٠٢٧" not in text
    assert f"{count * 500:,}" in sheet  # "10,000" / "2,000": never "000,01"
    assert f"{count} × 500" in _plain(sheet) or f"500 × {count}" in _plain(sheet)


@pytest.mark.parametrize("key", ["standard-40x30", "souvenir-2x2"])
def test_eastern_arabic_digits_everywhere(
    formats: dict[str, StampFormat], tmp_path: Path, key: str
) -> None:
    fmt = formats[key]
    count = fmt.sheet_columns * fmt.sheet_rows
    total = f"{count * 500:,}".replace(",", "\u066c").translate(
        str.maketrans("0123456789", EASTERN)
    )
    stamp = poppler("pdftotext", render_review_proof(_request(fmt, "arab")), tmp_path)
    sheet = poppler("pdftotext", render_sheet_proof(_request(fmt, "arab")), tmp_path)
    for text in (stamp, sheet):
        assert "٥٠٠" in text  # face value in Eastern Arabic digits, in logical order
        assert "500 mils" in text  # the English face value keeps Latin digits
    assert "٢٠٢٧" in stamp  # the year zone
    assert total in sheet  # sheet value, digits in order with the Arabic separator
