"""The press PDF: exact page boxes, embedded fonts, native artwork, CMYK marks, no watermark."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

from app.designs.formats import StampFormat
from app.proofs.render.model import ProofRequest
from app.proofs.render.press import render_press_pdf
from tests.unit.proofs.samples import make_request
from tests.unit.proofs.test_review_pdf import _page_streams
from tests.unit.proofs.test_sheet import ARTWORK_PX, image_rows, make_artwork, poppler


def _points(*values_mm: float) -> list[float]:
    return [value / 25.4 * 72 for value in values_mm]


@pytest.fixture
def fmt(formats: dict[str, StampFormat]) -> StampFormat:
    return formats["standard-40x30"]


@pytest.fixture
def press_request(fmt: StampFormat, tmp_path: Path) -> ProofRequest:
    return make_request(fmt, make_artwork(tmp_path / "art.png"))


@pytest.fixture
def press_pdf(press_request: ProofRequest) -> bytes:
    return render_press_pdf(press_request)


def test_deterministic(press_request: ProofRequest, press_pdf: bytes) -> None:
    assert render_press_pdf(press_request) == press_pdf


def test_page_boxes_are_exact(press_pdf: bytes, tmp_path: Path) -> None:
    # 5 × 4 stamps of 40 × 30 mm = 200 × 120 mm + selvage 12 | 12 mm, 16 top / 12 bottom
    # = trim 224 × 148 mm; bleed 3 mm; slug 12 mm.
    expected = {
        "MediaBox": _points(0, 0, 254, 178),
        "BleedBox": _points(12, 12, 242, 166),
        "TrimBox": _points(15, 15, 239, 163),
    }
    info = poppler("pdfinfo", press_pdf, tmp_path, "-box")
    for name, values in expected.items():
        shown = re.search(rf"{name}:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
        assert shown is not None, name
        assert list(shown.groups()) == [f"{value:.2f}" for value in values]
    for name in ("BleedBox", "TrimBox"):
        raw = re.findall(rf"/{name} \[ ([^\]]+) \]".encode(), press_pdf)
        assert len(raw) == 2  # one page per variant
        for array in raw:
            numbers = [float(value) for value in array.split()]
            assert numbers == pytest.approx(expected[name], abs=1e-3)


def test_fonts_are_embedded_subsets(press_pdf: bytes, tmp_path: Path) -> None:
    rows = poppler("pdffonts", press_pdf, tmp_path).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, _uni, _obj, _gen = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+Amiri-(Regular|Bold)", name)
        assert (emb, sub) == ("yes", "yes")


def test_png_artwork_is_one_lossless_image_at_native_size(press_pdf: bytes, tmp_path: Path) -> None:
    rows = image_rows(press_pdf, tmp_path)
    assert len({(row["object"], row["ID"]) for row in rows}) == 1
    assert {(int(row["width"]), int(row["height"])) for row in rows} == {ARTWORK_PX}
    assert {(row["color"], row["enc"]) for row in rows} == {("icc", "image")}  # ICC-based RGB


@pytest.mark.parametrize(("name", "mode", "colour", "encoding"), [
    ("art.jpg", "RGB", "icc", "jpeg"),
    ("art-cmyk.jpg", "CMYK", "cmyk", "jpeg"),
    ("art-cmyk.tif", "CMYK", "cmyk", "image"),
])  # fmt: skip
def test_source_encoding_and_colour_space_are_kept(
    fmt: StampFormat, tmp_path: Path, name: str, mode: str, colour: str, encoding: str
) -> None:
    source = make_artwork(tmp_path / name, mode)
    pdf = render_press_pdf(make_request(fmt, source))
    rows = image_rows(pdf, tmp_path)
    assert len({(row["object"], row["ID"]) for row in rows}) == 1
    assert {(row["color"], row["enc"]) for row in rows} == {(colour, encoding)}
    assert {(int(row["width"]), int(row["height"])) for row in rows} == {ARTWORK_PX}
    if encoding == "jpeg":
        data = source.read_bytes()
        assert data in pdf  # the JPEG's own bytes, not re-encoded
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            streams = [o for o in opened.objects if isinstance(o, pikepdf.Stream)]
            (image,) = (o for o in streams if o.get("/Subtype") == pikepdf.Name.Image)
            assert image.Filter == pikepdf.Array([pikepdf.Name.DCTDecode])
            assert image.read_raw_bytes() == data


def test_marks_and_text_are_cmyk_without_watermark(press_pdf: bytes) -> None:
    content = "\n".join(_page_streams(press_pdf))
    assert re.search(r"\bk\b", content)
    assert not re.search(r"\b(rg|RG)\b", content)
    assert "/Subtype /Watermark" not in content
    assert b"/Perforation" in press_pdf  # die line on its own spot colour


def test_slug_carries_identity_and_status(press_pdf: bytes, tmp_path: Path) -> None:
    text = poppler("pdftotext", press_pdf, tmp_path)
    assert "proposal #42" in text
    assert "variant PS (Palestine Post)" in text
    assert "SHA-256 " + "0f" * 32 in text
    assert "STATUS IN REVIEW" in text
    assert "قيد المراجعة" in text
    assert "NOT FOR PRINT" not in text
