"""A PDF/X-4 (ISO 15930-7) preflight, requirement by requirement, in a printer's words.

A security printer's workflow refuses a file before anyone looks at it when it is not the
PDF/X it claims to be; this preflight runs the same checks on our press files, in the
test suite and as ``stamps preflight FILE``. Each check reports what it found, so a
failing file says exactly what to fix (a page without a trim box, device RGB in an
image, a font that is not embedded, an output intent without a printer profile).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Name

from app.press.walk import painted

RGB_SPACES = (Name.DeviceRGB, Name("/RGB"), Name("/CalRGB"))
COLOUR_OPERATORS = {"cs", "CS"}
RGB_OPERATORS = {"rg", "RG"}
FORBIDDEN_CATALOG = ("/AA", "/OpenAction")
GRAPHICS_STATE_FORBIDDEN = ("/TR", "/HTP")


@dataclass
class Check:
    """One requirement and what the file did about it."""

    title: str
    problems: list[str] = field(default_factory=list)
    found: str = ""

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class Report:
    checks: list[Check]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def lines(self, name: str) -> list[str]:
        out = [f"PDF/X-4 preflight of {name}"]
        for check in self.checks:
            if check.passed:
                out.append(f"  ok    {check.title}" + (f": {check.found}" if check.found else ""))
            for problem in check.problems:
                out.append(f"  FAIL  {check.title}: {problem}")
        failed = sum(not check.passed for check in self.checks)
        total = len(self.checks)
        out.append(
            f"result: PASS, all {total} checks met"
            if failed == 0
            else f"result: FAIL, {failed} of {total} checks not met"
        )
        return out


def _get(obj: Any, key: str, default: Any) -> Any:
    """``obj[key]``, or ``default`` when the key is missing (pikepdf types ``get`` narrowly)."""
    value = obj.get(key)
    return default if value is None else value


Checker = Callable[[pikepdf.Pdf, Check], None]


def _version(pdf: pikepdf.Pdf, check: Check) -> None:
    check.found = f"PDF {pdf.pdf_version}"
    if tuple(int(p) for p in pdf.pdf_version.split(".")) < (1, 6):
        check.problems.append(f"the file is PDF {pdf.pdf_version}; PDF/X-4 needs PDF 1.6 or later")


def _xmp(pdf: pikepdf.Pdf) -> pikepdf.models.PdfMetadata | None:
    if "/Metadata" not in pdf.Root:
        return None
    return pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)


def _identification(pdf: pikepdf.Pdf, check: Check) -> None:
    info = str(_get(pdf.docinfo, "/GTS_PDFXVersion", ""))
    xmp = _xmp(pdf)
    declared = "" if xmp is None else str(xmp.get("pdfxid:GTS_PDFXVersion", ""))
    check.found = declared or info
    if not declared.startswith("PDF/X-4"):
        check.problems.append(
            "the XMP metadata does not identify the file as PDF/X-4 (pdfxid:GTS_PDFXVersion)"
        )
    if info and info != declared:
        check.problems.append(f"Info says {info!r} but XMP says {declared!r}")


def _metadata(pdf: pikepdf.Pdf, check: Check) -> None:
    xmp = _xmp(pdf)
    if xmp is None:
        check.problems.append("no XMP metadata stream in the document catalogue")
        return
    for key, what in (
        ("dc:title", "title"),
        ("xmp:CreateDate", "creation date"),
        ("xmp:ModifyDate", "modification date"),
        ("xmpMM:DocumentID", "document ID"),
        ("xmpMM:VersionID", "version ID"),
        ("xmpMM:RenditionClass", "rendition class"),
    ):
        if not str(xmp.get(key, "")).strip():
            check.problems.append(f"the XMP metadata has no {what} ({key})")
    title = str(_get(pdf.docinfo, "/Title", ""))
    if str(xmp.get("dc:title", "")) != title:
        check.problems.append("the XMP title differs from the document Info title")
    if "/ID" not in pdf.trailer:
        check.problems.append("the file trailer has no /ID (file identifier)")
    check.found = f"title {title!r}, document ID {xmp.get('xmpMM:DocumentID', '?')}"


def _trapped(pdf: pikepdf.Pdf, check: Check) -> None:
    info = pdf.docinfo.get("/Trapped")
    xmp = _xmp(pdf)
    declared = "" if xmp is None else str(xmp.get("pdf:Trapped", ""))
    check.found = declared
    if info not in (Name("/True"), Name("/False")):
        check.problems.append("Info /Trapped must be /True or /False (the printer must know)")
    if declared not in ("True", "False"):
        check.problems.append("XMP pdf:Trapped must be True or False")
    elif info is not None and str(info)[1:] != declared:
        check.problems.append(f"Info /Trapped {info} differs from XMP pdf:Trapped {declared}")


def _output_intent(pdf: pikepdf.Pdf, check: Check) -> None:
    intents = [i for i in _get(pdf.Root, "/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    if len(intents) != 1:
        check.problems.append(f"{len(intents)} PDF/X output intents; exactly one is required")
        return
    intent = intents[0]
    identifier = str(intent.get("/OutputConditionIdentifier", ""))
    if not identifier:
        check.problems.append("the output intent has no OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        check.problems.append("the output intent carries no printer ICC profile")
        return
    data = profile.read_bytes()
    if len(data) < 128 or data[36:40] != b"acsp":
        check.problems.append("the output intent's DestOutputProfile is not an ICC profile")
        return
    if data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        space, kind = data[16:20].decode("latin-1"), data[12:16].decode("latin-1")
        check.problems.append(
            f"the output profile is {space!r}/{kind!r}; a CMYK printer profile is required"
        )
    if data[8] > 4:
        check.problems.append(f"the output profile is ICC v{data[8]}; PDF/X-4 allows up to 4")
    if int(profile.get("/N", 0)) != 4:
        check.problems.append("the output profile stream must declare /N 4 (CMYK)")
    check.found = f"{identifier} ({intent.get('/Info', '')}), ICC v{data[8]}.{data[9] >> 4}"


def _boxes(pdf: pikepdf.Pdf, check: Check) -> None:
    for number, page in enumerate(pdf.pages, start=1):
        media = [float(v) for v in _get(page.obj, "/MediaBox", [])]
        if "/TrimBox" not in page.obj and "/ArtBox" not in page.obj:
            check.problems.append(f"page {number} has no TrimBox: the printer cannot find the trim")
            continue
        trim = [float(v) for v in _get(page.obj, "/TrimBox", page.obj.get("/ArtBox"))]
        bleed = [float(v) for v in _get(page.obj, "/BleedBox", media)]
        if "/BleedBox" not in page.obj:
            check.problems.append(f"page {number} has no BleedBox")
        if not _inside(trim, bleed):
            check.problems.append(f"page {number}: the TrimBox extends beyond the BleedBox")
        if not _inside(bleed, media):
            check.problems.append(f"page {number}: the BleedBox extends beyond the MediaBox")
    check.found = f"TrimBox inside BleedBox inside MediaBox on all {len(pdf.pages)} page(s)"


def _inside(inner: list[float], outer: list[float]) -> bool:
    """``inner`` lies within ``outer`` (boxes as [x0 y0 x1 y1] in either corner order)."""
    eps = 0.01
    (ix0, ix1), (iy0, iy1) = sorted(inner[::2]), sorted(inner[1::2])
    (ox0, ox1), (oy0, oy1) = sorted(outer[::2]), sorted(outer[1::2])
    return ix0 >= ox0 - eps and iy0 >= oy0 - eps and ix1 <= ox1 + eps and iy1 <= oy1 + eps


def _rgb_in_space(space: pikepdf.Object) -> bool:
    """Device RGB anywhere in a colour space (as itself, an alternate or an Indexed base)."""
    if isinstance(space, pikepdf.Name):
        return space in RGB_SPACES
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = space[0]
        if family == Name.Indexed:
            return _rgb_in_space(space[1])
        if family in (Name.Separation, Name.DeviceN) and len(space) > 2:
            return _rgb_in_space(space[2])  # the alternate space
        if family == Name.Pattern and len(space) > 1:
            return _rgb_in_space(space[1])
    return False


def _colour(pdf: pikepdf.Pdf, check: Check) -> None:
    spaces_seen: set[str] = set()
    for number, page in enumerate(pdf.pages, start=1):
        group = page.obj.get("/Group")
        if group is not None and _rgb_in_space(_get(group, "/CS", Name.DeviceCMYK)):
            check.problems.append(f"page {number}: the transparency group blends in device RGB")
        for item in painted(page, number):
            obj = item.obj
            space = obj.get("/ColorSpace")
            if obj.get("/Subtype") == Name.Image:
                if space is not None and _rgb_in_space(space):
                    check.problems.append(
                        f"{item.where}: image in device RGB; tag it with an ICC profile or "
                        "convert it to the output intent's CMYK"
                    )
                if space is not None:
                    spaces_seen.add(_space_name(space))
                continue
            resources = item.resources if item.resources is not None else pikepdf.Dictionary()
            for _, named in (resources.get("/ColorSpace") or pikepdf.Dictionary()).items():
                if _rgb_in_space(named):
                    check.problems.append(f"{item.where}: a colour space resource uses device RGB")
            for _, shading in (resources.get("/Shading") or pikepdf.Dictionary()).items():
                if _rgb_in_space(_get(shading, "/ColorSpace", Name.DeviceGray)):
                    check.problems.append(f"{item.where}: a shading in device RGB")
            _content_colour(obj, item.where, check)
    check.found = "no device RGB; images in " + (", ".join(sorted(spaces_seen)) or "no images")


def _space_name(space: pikepdf.Object) -> str:
    if isinstance(space, pikepdf.Array):
        return str(space[0])[1:]
    return str(space)[1:]


def _content_colour(obj: pikepdf.Object, where: str, check: Check) -> None:
    if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == Name.Page:
        target: Any = pikepdf.Page(obj)
    elif isinstance(obj, pikepdf.Stream):
        target = obj
    else:
        return
    for instruction in pikepdf.parse_content_stream(target):
        operands, op = instruction.operands, str(instruction.operator)
        if op in RGB_OPERATORS:
            check.problems.append(f"{where}: colour set with '{op}' (device RGB)")
            return
        if op in COLOUR_OPERATORS and operands and operands[0] in RGB_SPACES:
            check.problems.append(f"{where}: colour space /DeviceRGB selected in the content")
            return
        if op == "INLINE IMAGE":
            image = operands[0].obj
            space = _get(image, "/CS", _get(image, "/ColorSpace", Name.DeviceGray))
            if _rgb_in_space(space):
                check.problems.append(f"{where}: an inline image in device RGB")


def _fonts(pdf: pikepdf.Pdf, check: Check) -> None:
    count = 0
    for number, page in enumerate(pdf.pages, start=1):
        for item in painted(page, number):
            fonts = item.resources.get("/Font") if item.resources is not None else None
            for name, font in (fonts or pikepdf.Dictionary()).items():
                count += 1
                if font.get("/Subtype") == Name.Type3:
                    continue
                described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = described.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                if not embedded:
                    base = _get(font, "/BaseFont", name)
                    check.problems.append(f"{item.where}: font {base} is not embedded")
    check.found = f"{count} font uses, all embedded" if not check.problems else ""


def _forbidden(pdf: pikepdf.Pdf, check: Check) -> None:
    if pdf.is_encrypted:
        check.problems.append("the file is encrypted")
    for key in FORBIDDEN_CATALOG:
        if key in pdf.Root:
            check.problems.append(f"the document has an action ({key}); PDF/X allows none")
    names = pdf.Root.get("/Names")
    for key in ("/JavaScript", "/EmbeddedFiles"):
        if names is not None and key in names:
            check.problems.append(f"the document carries {key[1:]}; PDF/X-4 allows none")
    for number, page in enumerate(pdf.pages, start=1):
        for annot in _get(page.obj, "/Annots", []):
            if annot.get("/Subtype") not in (Name.PrinterMark, Name.TrapNet):
                check.problems.append(f"page {number}: a {annot.get('/Subtype')} annotation")
        for item in painted(page, number):
            obj, resources = item.obj, item.resources
            if obj.get("/Subtype") == Name("/PS") or "/OPI" in obj or "/Alternates" in obj:
                check.problems.append(f"{item.where}: PostScript, OPI or alternate images")
            states = resources.get("/ExtGState") if resources is not None else None
            for name, state in (states or pikepdf.Dictionary()).items():
                for key in GRAPHICS_STATE_FORBIDDEN:
                    if key in state:
                        check.problems.append(f"{item.where}: graphics state {name} sets {key}")
                if "/TR2" in state and Name.Default != state.TR2:
                    check.problems.append(f"{item.where}: graphics state {name} sets /TR2")
    check.found = "no encryption, actions, scripts, embedded files or transfer functions"


CHECKS: tuple[tuple[str, Checker], ...] = (
    ("PDF version", _version),
    ("PDF/X identification", _identification),
    ("Document metadata (XMP)", _metadata),
    ("Trapping declared", _trapped),
    ("Output intent (printing condition)", _output_intent),
    ("Page boxes", _boxes),
    ("Colour (no device RGB)", _colour),
    ("Fonts embedded", _fonts),
    ("Nothing PDF/X forbids", _forbidden),
)


def preflight(data: bytes) -> Report:
    """Check ``data`` against PDF/X-4; a file that is no PDF at all fails the first check."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        return Report([Check("Readable PDF", [f"not a readable PDF: {exc}"])])
    with pdf:
        checks = []
        for title, checker in CHECKS:
            check = Check(title)
            try:
                checker(pdf, check)
            except (pikepdf.PdfError, KeyError, ValueError, TypeError, AttributeError) as exc:
                check.problems.append(f"could not be checked: {exc}")
            checks.append(check)
    return Report(checks)
