"""Proof pages as images for the browser, and where each page's stamp boxes lie.

A browser cannot be trusted to render PDFs the same way (or at all, offline), so the
service rasterises each page with PDFium and stores the PNG content-addressed by the
proof's SHA-256, the page number and the resolution: the same proof page is rendered once.
The boxes (trim, bleed, safe area) come as fractions of the page from its top-left
corner, so the viewer draws them over the image at any zoom.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
from pydantic import BaseModel

from app.core.problems import NotFound
from app.designs.formats import StampFormat
from app.proofs.render.review import actual_size_view, enlarged_view
from app.proofs.render.stamp import StampView
from app.proofs.render.units import mm
from app.storage.base import Storage, content_key, derived_key

NAMESPACE = "proofs"
PAGES_NAMESPACE = "proof-pages"
RESOLUTIONS = (48, 96, 144, 192)  # dots per inch a client may ask for; 96 is CSS's px per inch
DEFAULT_DPI = 96
POINTS_PER_INCH = 72.0
# PDFium keeps global state and is not thread-safe: one rendering at a time per process.
_pdfium_lock = threading.Lock()


class Rect(BaseModel):
    """A rectangle in fractions of the page, from its top-left corner."""

    x: float
    y: float
    w: float
    h: float


class StampBoxes(BaseModel):
    """One drawing of the stamp on a page: its trim, bleed and safe area, and its scale."""

    role: str  # "actual" (100 %), "enlarged", or "page" (the PDF's own TrimBox/BleedBox)
    scale: float
    trim: Rect
    bleed: Rect
    safe: Rect | None


class PageGeometry(BaseModel):
    number: int
    width_mm: float
    height_mm: float
    stamps: list[StampBoxes]


@dataclass(frozen=True)
class _Page:
    width: float
    height: float
    trim: tuple[float, float, float, float]
    bleed: tuple[float, float, float, float]
    media: tuple[float, float, float, float]


def _open(storage: Storage, sha256: str) -> pdfium.PdfDocument:
    key = content_key(NAMESPACE, sha256)
    if not storage.exists(key):
        raise NotFound(f"No stored proof {sha256}")
    return pdfium.PdfDocument(storage.read_bytes(key))


def _pages(storage: Storage, sha256: str) -> list[_Page]:
    with _pdfium_lock:
        document = _open(storage, sha256)
        try:
            out = []
            for index in range(len(document)):
                page = document[index]
                width, height = page.get_size()
                out.append(
                    _Page(
                        width, height, page.get_trimbox(), page.get_bleedbox(), page.get_mediabox()
                    )
                )
                page.close()
            return out
        finally:
            document.close()


def page_count(storage: Storage, sha256: str) -> int:
    with _pdfium_lock:
        document = _open(storage, sha256)
        try:
            return len(document)
        finally:
            document.close()


def page_png(
    storage: Storage,
    sha256: str,
    number: int,
    dpi: int = DEFAULT_DPI,
    before_render: Callable[[], None] | None = None,
) -> bytes:
    """Page `number` (from 1) of the stored proof as PNG at `dpi`, rendered once and kept.

    `before_render` is called only when the page must be rendered (a caller's quota): it may
    raise to refuse, and then nothing is rendered or stored."""
    if dpi not in RESOLUTIONS:
        raise ValueError(f"dpi must be one of {RESOLUTIONS}")
    key = derived_key(PAGES_NAMESPACE, sha256, f"p{number}-{dpi}.png")
    if storage.exists(key):
        return storage.read_bytes(key)
    if before_render is not None:
        before_render()
    with _pdfium_lock:
        document = _open(storage, sha256)
        try:
            if not 1 <= number <= len(document):
                raise NotFound(f"The proof has no page {number}")
            page = document[number - 1]
            bitmap = page.render(scale=dpi / POINTS_PER_INCH)
            image = bitmap.to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), optimize=False)
    data = buffer.getvalue()
    storage.put_bytes(key, data)
    return data


def _fraction(page: _Page, box: tuple[float, float, float, float]) -> Rect:
    """A PDF box (points, origin bottom-left) as fractions of the page from its top-left."""
    x0, y0, x1, y1 = box
    mx0, _my0, _mx1, my1 = page.media
    return Rect(
        x=(x0 - mx0) / page.width,
        y=(my1 - y1) / page.height,
        w=(x1 - x0) / page.width,
        h=(y1 - y0) / page.height,
    )


def _view_boxes(page: _Page, fmt: StampFormat, view: StampView, role: str) -> StampBoxes:
    """The boxes of a stamp drawn at `view` (lower-left trim corner in points, and a scale)."""
    s = view.scale * mm
    trim = (view.x, view.y, view.x + fmt.width_mm * s, view.y + fmt.height_mm * s)
    bleed = (
        trim[0] - fmt.bleed_mm * s,
        trim[1] - fmt.bleed_mm * s,
        trim[2] + fmt.bleed_mm * s,
        trim[3] + fmt.bleed_mm * s,
    )
    safe = (
        trim[0] + fmt.safe_mm * s,
        trim[1] + fmt.safe_mm * s,
        trim[2] - fmt.safe_mm * s,
        trim[3] - fmt.safe_mm * s,
    )
    return StampBoxes(
        role=role,
        scale=view.scale,
        trim=_fraction(page, trim),
        bleed=_fraction(page, bleed),
        safe=_fraction(page, safe),
    )


def geometry(
    storage: Storage,
    sha256: str,
    kind: str,
    fmt: StampFormat | None,
    signoffs_height: float = 0.0,
) -> list[PageGeometry]:
    """Each page's size and stamp boxes: review pages from the layout, others from the PDF.

    A review page draws the stamp twice (100 % and enlarged; on an approved proof the
    sign-off table, `signoffs_height` points tall, moves the enlarged one up); a press page
    carries its own TrimBox and BleedBox, with the safe area inside the trim by the format's
    margin.
    """
    out = []
    for number, page in enumerate(_pages(storage, sha256), start=1):
        stamps: list[StampBoxes] = []
        if kind == "review" and fmt is not None:
            stamps = [
                _view_boxes(page, fmt, actual_size_view(fmt), "actual"),
                _view_boxes(page, fmt, enlarged_view(fmt, signoffs_height), "enlarged"),
            ]
        elif page.trim != page.media:
            safe = None
            if fmt is not None:
                m = fmt.safe_mm * mm
                t = page.trim
                safe = _fraction(page, (t[0] + m, t[1] + m, t[2] - m, t[3] - m))
            stamps = [
                StampBoxes(
                    role="page",
                    scale=1.0,
                    trim=_fraction(page, page.trim),
                    bleed=_fraction(page, page.bleed),
                    safe=safe,
                )
            ]
        out.append(
            PageGeometry(
                number=number,
                width_mm=page.width / mm,
                height_mm=page.height / mm,
                stamps=stamps,
            )
        )
    return out
