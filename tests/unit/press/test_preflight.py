"""The PDF/X-4 preflight: our press files pass, and each requirement catches its own fault."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Name
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from app.cli import cli
from app.designs.format_file import load_formats
from app.press.preflight import preflight
from app.proofs.render.press import render_press_pdf
from tests.unit.proofs.samples import FORMATS_FILE, make_request
from tests.unit.proofs.test_sheet import make_artwork


@pytest.fixture(scope="module")
def press_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    fmt = load_formats(FORMATS_FILE)["standard-40x30"]
    art = make_artwork(tmp_path_factory.mktemp("art") / "art.png")
    return render_press_pdf(make_request(fmt, art))


@pytest.mark.parametrize(("name", "mode"), [
    ("art.png", "RGB"), ("art.jpg", "RGB"), ("art.tif", "CMYK"), ("art.png", "L"),
    ("art.png", "RGBA"),
])  # fmt: skip
def test_press_files_pass(tmp_path: Path, name: str, mode: str) -> None:
    fmt = load_formats(FORMATS_FILE)["standard-30x40"]
    pdf = render_press_pdf(make_request(fmt, make_artwork(tmp_path / name, mode)))
    report = preflight(pdf)
    assert report.passed, report.lines("press.pdf")
    assert report.lines("press.pdf")[-1] == "result: PASS, all 9 checks met"


def test_placeholder_press_file_passes() -> None:
    fmt = load_formats(FORMATS_FILE)["standard-40x30"]
    assert preflight(render_press_pdf(make_request(fmt, None))).passed


def _changed(pdf: bytes, change: Callable[[pikepdf.Pdf], None], version: str = "1.6") -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        change(opened)
        out = io.BytesIO()
        opened.save(out, force_version=version)
    return out.getvalue()


def _image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
    return next(o for o in streams if o.get("/Subtype") == Name.Image)


def _no_trim(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[0].obj["/TrimBox"]


def _rgb_image(pdf: pikepdf.Pdf) -> None:
    _image(pdf).ColorSpace = Name.DeviceRGB


def _no_intent(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/OutputIntents"]


def _rgb_intent(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OutputIntents[0].DestOutputProfile = _image(pdf).ColorSpace[1]


def _no_metadata(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Metadata"]


def _untrapped(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/Trapped"]


def _script(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(S=Name.JavaScript, JS="app.alert(1)")


def _transfer(pdf: pikepdf.Pdf) -> None:
    states = pdf.pages[0].resources.ExtGState
    states[next(iter(states.keys()))].TR = Name.Identity


def _bleed_inside_trim(pdf: pikepdf.Pdf) -> None:
    x0, y0, x1, y1 = (float(value) for value in pdf.pages[0].obj.TrimBox.as_list())
    pdf.pages[0].obj.BleedBox = pikepdf.Array([x0 + 5, y0 + 5, x1, y1])


@pytest.mark.parametrize(("change", "check", "message"), [
    (_no_trim, "Page boxes", "page 1 has no TrimBox"),
    (_bleed_inside_trim, "Page boxes", "the TrimBox extends beyond the BleedBox"),
    (_rgb_image, "Colour (no device RGB)", "image in device RGB"),
    (_no_intent, "Output intent (printing condition)", "0 PDF/X output intents"),
    (_rgb_intent, "Output intent (printing condition)", "a CMYK printer profile is required"),
    (_no_metadata, "Document metadata (XMP)", "no XMP metadata stream"),
    (_untrapped, "Trapping declared", "Info /Trapped must be /True or /False"),
    (_script, "Nothing PDF/X forbids", "the document has an action (/OpenAction)"),
    (_transfer, "Nothing PDF/X forbids", "sets /TR"),
])  # fmt: skip
def test_each_fault_is_named(
    press_pdf: bytes, change: Callable[[pikepdf.Pdf], None], check: str, message: str
) -> None:
    report = preflight(_changed(press_pdf, change))
    assert not report.passed
    failed = {c.title: c.problems for c in report.checks if not c.passed}
    assert check in failed
    if change is not _no_metadata:  # without XMP, identification and trapping fail too
        assert list(failed) == [check]
    assert any(message in problem for problem in failed[check]), failed


def test_old_version_is_refused(press_pdf: bytes) -> None:
    report = preflight(_changed(press_pdf, lambda _: None, version="1.4"))
    assert [c.title for c in report.checks if not c.passed] == ["PDF version"]


def test_an_office_pdf_fails_nearly_everything() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFillColorRGB(1, 0, 0)
    canvas.drawString(100, 100, "Hello")
    canvas.save()
    report = preflight(buffer.getvalue())
    lines = "\n".join(report.lines("office.pdf"))
    assert "FAIL  Colour (no device RGB): page 1: colour set with 'rg' (device RGB)" in lines
    assert "FAIL  Fonts embedded: page 1: font /Helvetica is not embedded" in lines
    assert "result: FAIL, 8 of 9 checks not met" in lines


def test_not_a_pdf() -> None:
    report = preflight(b"GIF89a")
    assert not report.passed
    assert report.checks[0].title == "Readable PDF"


def test_command_exit_codes(press_pdf: bytes, tmp_path: Path) -> None:
    good, bad = tmp_path / "press.pdf", tmp_path / "bad.pdf"
    good.write_bytes(press_pdf)
    bad.write_bytes(_changed(press_pdf, _rgb_image))
    runner = CliRunner()
    passed = runner.invoke(cli, ["preflight", str(good)])
    assert passed.exit_code == 0, passed.output
    assert "ok    Output intent (printing condition): FOGRA39" in passed.output
    assert passed.output.rstrip().endswith("result: PASS, all 9 checks met")
    failed = runner.invoke(cli, ["preflight", str(bad)])
    assert failed.exit_code == 1
    assert "FAIL  Colour (no device RGB)" in failed.output
