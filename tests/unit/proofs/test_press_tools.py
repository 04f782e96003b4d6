"""The press PDF as prepress tools see it: pdffonts, pdfinfo -box, pdfimages -list, qpdf.

The artwork is a CMYK TIFF with an embedded CMYK ICC profile, as a printer's master
would be: it must stay CMYK at its native pixel size, and the output intent is the
printing condition's profile from ``designs/``, whatever the artwork carries. Each tool
is run for real; a test is skipped when its tool is missing.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image, ImageChops

from app.designs.formats import StampFormat
from app.proofs.render.model import ProofRequest
from app.proofs.render.press import press_boxes, render_press_pdf
from tests.support.cmyk_icc import cmyk_profile_bytes
from tests.unit.proofs.samples import make_request
from tests.unit.proofs.test_sheet import ARTWORK_PX, make_artwork

PT = 72 / 25.4


def tool(name: str, *args: str) -> str:
    executable = shutil.which(name)
    if executable is None:
        pytest.skip(f"{name} is not installed")
    result = subprocess.run([executable, *args], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 3) if name == "qpdf" else result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def cmyk_master(path: Path, fmt: str = "TIFF") -> Path:
    image = Image.open(make_artwork(path.with_suffix(".png"))).convert("CMYK")
    image.save(path, format=fmt, icc_profile=cmyk_profile_bytes(), dpi=(300, 300))
    return path


@pytest.fixture
def fmt(formats: dict[str, StampFormat]) -> StampFormat:
    return formats["standard-40x30"]


@pytest.fixture
def request_(fmt: StampFormat, tmp_path: Path) -> ProofRequest:
    return make_request(fmt, cmyk_master(tmp_path / "master.tif"))


@pytest.fixture
def press_file(request_: ProofRequest, tmp_path: Path) -> Path:
    path = tmp_path / "press.pdf"
    path.write_bytes(render_press_pdf(request_))
    return path


def test_pdffonts_all_embedded_and_subset(press_file: Path) -> None:
    rows = tool("pdffonts", str(press_file)).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+Amiri-(Regular|Bold)", name), row
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_pdfinfo_boxes_are_exact(request_: ProofRequest, press_file: Path) -> None:
    output = tool("pdfinfo", "-box", str(press_file))
    media, bleed, trim = press_boxes(request_)
    for name, box in (("MediaBox", media), ("BleedBox", bleed), ("TrimBox", trim)):
        shown = re.search(rf"{name}:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", output)
        assert shown is not None, name
        assert [float(v) for v in shown.groups()] == pytest.approx(list(box), abs=0.006)
    # trim = sheet (224 × 148 mm), bleed 3 mm beyond it
    assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((224 * PT, 148 * PT))
    assert trim[0] - bleed[0] == pytest.approx(3 * PT)


def test_pdfimages_one_cmyk_image_at_native_size(press_file: Path) -> None:
    lines = tool("pdfimages", "-list", str(press_file)).splitlines()
    header = lines[0].split()
    rows = [dict(zip(header, line.split(), strict=False)) for line in lines[2:]]
    assert len(rows) == 40  # 20 stamps × 2 variants, all placements of one image
    assert len({(row["object"], row["ID"]) for row in rows}) == 1
    assert {(row["width"], row["height"]) for row in rows} == {tuple(map(str, ARTWORK_PX))}
    assert {(row["color"], row["comp"], row["bpc"]) for row in rows} == {("cmyk", "4", "8")}
    assert {row["x-ppi"] for row in rows} == {"300"}  # 46 mm at 300 ppi: never down-sampled


def test_image_pixels_are_the_masters(press_file: Path, request_: ProofRequest) -> None:
    """Lossless: the extracted CMYK samples equal the master's."""
    tool("pdfimages", "-f", "1", "-l", "1", "-tiff", str(press_file), str(press_file.parent / "x"))
    extracted = Image.open(press_file.parent / "x-000.tif")
    assert request_.artwork_path is not None
    master = Image.open(request_.artwork_path)
    assert extracted.mode == "CMYK"
    assert ImageChops.difference(extracted, master).getbbox() is None


def test_qpdf_check_finds_no_errors(press_file: Path) -> None:
    output = tool("qpdf", "--check", str(press_file))
    assert "No syntax or stream encoding errors found" in output
    assert "WARNING" not in output.upper().replace("MAY STILL CONTAIN", "")


def test_output_intent_is_the_printing_conditions_profile(
    request_: ProofRequest, press_file: Path
) -> None:
    assert request_.printing is not None
    with pikepdf.open(press_file) as pdf:
        intents: Any = pdf.Root.OutputIntents
        (intent,) = intents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert intent.DestOutputProfile.read_bytes() == request_.printing.profile()
        assert intent.DestOutputProfile.read_bytes() != cmyk_profile_bytes()
    output = tool("qpdf", "--json", "--json-key=qpdf", str(press_file))
    assert '"/S": "/GTS_PDFX"' in output
    assert '"/DestOutputProfile"' in output


def test_cmyk_jpeg_kept_as_dct_with_output_intent(fmt: StampFormat, tmp_path: Path) -> None:
    master = cmyk_master(tmp_path / "master.jpg", "JPEG")
    pdf = render_press_pdf(make_request(fmt, master))
    assert master.read_bytes() in pdf
    assert b"/GTS_PDFX" in pdf


@pytest.mark.parametrize("mode", ["RGB", "CMYK", "L"])
def test_an_output_intent_whatever_the_artwork(fmt: StampFormat, tmp_path: Path, mode: str) -> None:
    source = make_artwork(tmp_path / ("art.png" if mode != "CMYK" else "art.tif"), mode)
    pdf = render_press_pdf(make_request(fmt, source))
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert len(opened.Root.OutputIntents) == 1
    assert b"/DeviceRGB" not in pdf


def test_png_data_is_embedded_as_it_is(fmt: StampFormat, tmp_path: Path) -> None:
    """An 8-bit RGB PNG's deflate stream goes in unchanged, with its predictor declared."""
    source = make_artwork(tmp_path / "art.png")
    data = source.read_bytes()
    idat_start = data.index(b"IDAT") + 4
    (length,) = __import__("struct").unpack(">I", data[idat_start - 8 : idat_start - 4])
    pdf = render_press_pdf(make_request(fmt, source))
    assert data[idat_start : idat_start + length] in pdf
    parms = (
        rb"/DecodeParms \[ <<\s*/BitsPerComponent 8 /Colors 3 /Columns 543 /Predictor 15\s*>> \]"
    )
    assert re.search(parms, pdf)


def test_png_with_alpha_gets_a_soft_mask(fmt: StampFormat, tmp_path: Path) -> None:
    image = Image.open(make_artwork(tmp_path / "base.png")).convert("RGBA")
    image.putalpha(200)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    (tmp_path / "alpha.png").write_bytes(buffer.getvalue())
    pdf = render_press_pdf(make_request(fmt, tmp_path / "alpha.png"))
    assert b"/SMask" in pdf
    output = tool("qpdf", "--check", str(_write(tmp_path / "alpha.pdf", pdf)))
    assert "No syntax or stream encoding errors found" in output


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
