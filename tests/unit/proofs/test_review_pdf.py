"""The review proof is a valid, deterministic PDF with embedded fonts and logical copy-out."""

from __future__ import annotations

import base64
import dataclasses
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from app.designs.formats import StampFormat
from app.proofs.render.model import ProofRequest
from app.proofs.render.review import render_review_proof
from tests.unit.proofs.samples import REPO_ROOT, make_request

POPPLER = {tool: shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo")}


def _run_tool(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    executable = POPPLER[tool]
    if executable is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    path = tmp_path / "proof.pdf"
    path.write_bytes(pdf)
    output = ["-"] if tool == "pdftotext" else []
    result = subprocess.run(
        [executable, *args, str(path), *output], capture_output=True, check=True, text=True
    )
    return result.stdout


def _page_streams(pdf: bytes) -> list[str]:
    streams = [
        pdf[found.end() : found.end() + int(found.group(1))]
        for found in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", pdf)
    ]
    decoded = []
    for raw in streams:
        data = raw.strip() if raw.rstrip().endswith(b"~>") else raw
        try:
            if data.endswith(b"~>"):  # ReportLab wraps flate data in ASCII85
                data = base64.a85decode(data, adobe=True)
            decoded.append(zlib.decompress(data).decode("latin-1"))
        except (ValueError, zlib.error):
            continue
    return [text for text in decoded if " BT" in text or "BT\n" in text]


@pytest.fixture
def proof_request(formats: dict[str, StampFormat], artwork: Path) -> ProofRequest:
    return make_request(formats["standard-40x30"], artwork)


@pytest.fixture
def pdf(proof_request: ProofRequest) -> bytes:
    return render_review_proof(proof_request)


def test_is_a_pdf_with_one_page_per_variant(pdf: bytes, tmp_path: Path) -> None:
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 2
    info = _run_tool("pdfinfo", pdf, tmp_path)
    assert re.search(r"Pages:\s+2", info)
    assert "Shared Heritage: Jerusalem and Muscat" in info


def test_rendering_is_deterministic(
    proof_request: ProofRequest, pdf: bytes, formats: dict[str, StampFormat]
) -> None:
    render_review_proof(make_request(formats["large-50x35"], None, status="approved"))
    assert render_review_proof(proof_request) == pdf


def test_same_bytes_for_same_artwork_at_another_path(
    proof_request: ProofRequest, pdf: bytes, tmp_path: Path
) -> None:
    assert proof_request.artwork_path is not None
    moved = tmp_path / "elsewhere" / "copy.png"
    moved.parent.mkdir()
    moved.write_bytes(proof_request.artwork_path.read_bytes())
    relocated = ProofRequest(**{**proof_request.__dict__, "artwork_path": moved})
    assert render_review_proof(relocated) == pdf
    assert str(tmp_path).encode() not in pdf


def test_fresh_process_gives_identical_bytes(proof_request: ProofRequest, pdf: bytes) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.designs.format_file import load_formats\n"
        "from app.proofs.render.review import render_review_proof\n"
        "from tests.unit.proofs.samples import make_request\n"
        "fmt = load_formats(Path('designs/formats.json'))['standard-40x30']\n"
        "sys.stdout.buffer.write(render_review_proof(make_request(fmt, Path(sys.argv[1]))))\n"
    )
    assert proof_request.artwork_path is not None
    result = subprocess.run(
        [sys.executable, "-c", script, str(proof_request.artwork_path)],
        capture_output=True,
        check=True,
        cwd=REPO_ROOT,
    )
    assert result.stdout == pdf


def test_fonts_are_embedded_subsets(pdf: bytes, tmp_path: Path) -> None:
    listing = _run_tool("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert listing, "no fonts listed"
    for row in listing:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+Amiri-(Regular|Bold)", name)
        assert (emb, sub, uni) == ("yes", "yes", "yes")


def test_copy_out_text_is_logical_unicode(pdf: bytes, tmp_path: Path) -> None:
    text = _run_tool("pdftotext", pdf, tmp_path)
    assert "فلسطين" in text
    assert "عُمان" in text
    # poppler lays out the RTL line around the neutral "-" as two RTL segments
    assert "إصدار مشترك فلسطين" in text
    assert "Shared Heritage: Jerusalem and Muscat" in text
    assert "\u0665\u0660\u0660" in text
    assert "500 mils" in text
    assert not re.search("[\ue000-\uf8ff\ufb50-\ufdff\ufe70-\ufeff]", text), (
        "PUA or presentation forms"
    )
    assert "NOT FOR PRINT" not in text  # the watermark is an artifact, not content


def test_placeholder_artwork_renders(formats: dict[str, StampFormat], tmp_path: Path) -> None:
    pdf = render_review_proof(make_request(formats["standard-30x40"], None))
    assert pdf == render_review_proof(make_request(formats["standard-30x40"], None))
    assert b"/Subtype /Image" not in pdf
    text = _run_tool("pdftotext", pdf, tmp_path)
    assert "ARTWORK PENDING" in text
    assert "no artwork" in text


def test_watermark_only_until_approved(formats: dict[str, StampFormat]) -> None:
    fmt = formats["standard-40x30"]
    draft = "\n".join(_page_streams(render_review_proof(make_request(fmt, None, "draft"))))
    approved = "\n".join(_page_streams(render_review_proof(make_request(fmt, None, "approved"))))
    assert "/Subtype /Watermark" in draft
    assert "/Subtype /Watermark" not in approved


def test_text_and_marks_use_cmyk(pdf: bytes) -> None:
    content = "\n".join(_page_streams(pdf))
    assert re.search(r"\bk\b", content)
    assert not re.search(r"\b(rg|RG)\b", content)


def test_streams_are_binary_not_ascii85(proof_request: ProofRequest) -> None:
    """House rule: deflated streams without ASCII85 wrapping (a quarter smaller, faster)."""
    from app.proofs.render.press import render_press_pdf
    from app.proofs.render.sheet import render_sheet_proof

    single = dataclasses.replace(proof_request, only="PS")
    for pdf in (
        render_review_proof(proof_request),
        render_sheet_proof(single),
        render_press_pdf(single),
    ):
        assert b"/ASCII85Decode" not in pdf
        assert b"/FlateDecode" in pdf
