"""The sheet proof: the whole sheet at 100 %, one shared image, selvage wording, footer."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.designs.formats import StampFormat
from app.proofs.render.model import ProofRequest
from app.proofs.render.selvage import sheet_value_arabic, sheet_value_latin
from app.proofs.render.sheet import render_sheet_proof
from tests.unit.proofs.samples import make_request, oman, palestine
from tests.unit.proofs.test_review_pdf import _page_streams

ARTWORK_PX = (543, 425)  # 46 × 36 mm (stamp + 3 mm bleed) at 300 ppi


def poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    """Run a poppler-utils tool on ``pdf``; skip the test when the tool is missing."""
    executable = shutil.which(tool)
    if executable is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    path = tmp_path / f"{tool}-input.pdf"
    path.write_bytes(pdf)
    output = ["-"] if tool == "pdftotext" else []
    result = subprocess.run(
        [executable, *args, str(path), *output], capture_output=True, check=True, text=True
    )
    return result.stdout


def image_rows(pdf: bytes, tmp_path: Path) -> list[dict[str, str]]:
    """``pdfimages -list`` rows (one per placement) as dicts keyed by column name."""
    lines = poppler("pdfimages", pdf, tmp_path, "-list").splitlines()
    header = lines[0].split()
    return [dict(zip(header, line.split(), strict=False)) for line in lines[2:]]


def make_artwork(path: Path, mode: str = "RGB") -> Path:
    """A small generated design at the stamp's bleed size, saved in the format of ``path``."""
    image = Image.new("RGB", ARTWORK_PX, (32, 110, 140))
    draw = ImageDraw.Draw(image)
    draw.ellipse((140, 90, 400, 330), fill=(220, 170, 60))
    draw.rectangle((0, 360, 543, 425), fill=(150, 40, 40))
    image.convert(mode).save(path)
    return path


@pytest.fixture
def sheet_request(formats: dict[str, StampFormat], tmp_path: Path) -> ProofRequest:
    return make_request(formats["standard-40x30"], make_artwork(tmp_path / "art.png"))


@pytest.fixture
def sheet_pdf(sheet_request: ProofRequest) -> bytes:
    return render_sheet_proof(sheet_request)


def test_sheet_value_wording() -> None:
    assert sheet_value_latin(palestine(), 20) == "20 × 500 mils = 10,000 mils"
    assert sheet_value_arabic(palestine(), 20) == "٢٠ × ٥٠٠ مل = ١٠٬٠٠٠ مل"
    assert sheet_value_latin(oman(), 16) == "16 × 250 baisa = 4,000 baisa (4.000 OMR)"


def test_deterministic_and_independent_of_artwork_path(
    sheet_request: ProofRequest, sheet_pdf: bytes, tmp_path: Path
) -> None:
    assert sheet_request.artwork_path is not None
    moved = tmp_path / "moved" / "copy.png"
    moved.parent.mkdir()
    moved.write_bytes(sheet_request.artwork_path.read_bytes())
    relocated = ProofRequest(**{**sheet_request.__dict__, "artwork_path": moved})
    assert render_sheet_proof(relocated) == sheet_pdf
    assert render_sheet_proof(sheet_request) == sheet_pdf


def test_one_a4_landscape_page_per_variant(sheet_pdf: bytes, tmp_path: Path) -> None:
    info = poppler("pdfinfo", sheet_pdf, tmp_path)
    assert re.search(r"Pages:\s+2\b", info)
    assert re.search(r"Page size:\s+841\.89 x 595\.276 pts \(A4\)", info)


def test_larger_sheets_move_to_a3(formats: dict[str, StampFormat], tmp_path: Path) -> None:
    pdf = render_sheet_proof(make_request(formats["large-50x35"], None))
    assert "(A3)" in poppler("pdfinfo", pdf, tmp_path)


def test_artwork_is_one_image_at_native_resolution(sheet_pdf: bytes, tmp_path: Path) -> None:
    rows = image_rows(sheet_pdf, tmp_path)
    assert len(rows) == 2 * 20  # every position on both pages draws it ...
    assert len({(row["object"], row["ID"]) for row in rows}) == 1  # ... the same XObject
    assert {(int(row["width"]), int(row["height"])) for row in rows} == {ARTWORK_PX}
    assert len(re.findall(rb"/Subtype /Image", sheet_pdf)) == 1


def test_fonts_are_embedded_subsets(sheet_pdf: bytes, tmp_path: Path) -> None:
    rows = poppler("pdffonts", sheet_pdf, tmp_path).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, _uni, _obj, _gen = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+Amiri-(Regular|Bold)", name)
        assert (emb, sub) == ("yes", "yes")


def test_selvage_text_reads_in_logical_order(sheet_pdf: bytes, tmp_path: Path) -> None:
    text = poppler("pdftotext", sheet_pdf, tmp_path)
    assert "التراث المشترك" in text
    assert "القدس ومسقط" in text
    assert "Shared Heritage: Jerusalem and Muscat" in text
    assert "20 × 500 mils = 10,000 mils" in text
    assert "١٠٬٠٠٠" in text
    assert "5,000 baisa (5.000 OMR)" in text
    assert text.count("PALESTINE") == 20
    assert "0f" * 32 in text
    assert "Status IN REVIEW" in text
    assert "NOT FOR PRINT" not in text


def test_watermark_only_until_approved(sheet_request: ProofRequest, sheet_pdf: bytes) -> None:
    approved = ProofRequest(**{**sheet_request.__dict__, "status": "approved"})
    assert "/Subtype /Watermark" in "\n".join(_page_streams(sheet_pdf))
    assert "/Subtype /Watermark" not in "\n".join(_page_streams(render_sheet_proof(approved)))


def test_text_and_marks_are_cmyk(sheet_pdf: bytes) -> None:
    content = "\n".join(_page_streams(sheet_pdf))
    assert re.search(r"\bk\b", content)
    assert not re.search(r"\b(rg|RG)\b", content)
