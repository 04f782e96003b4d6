"""The artwork as one PDF image XObject, embedded once, at native resolution, never lossy.

The source file decides how its pixels reach the PDF, cheapest first:

- JPEG: the file's own bytes behind ``/DCTDecode`` (no decoding, no re-encoding);
- PNG, 8-bit grey or RGB, not interlaced, no transparency: the file's own zlib stream
  (its IDAT data) behind ``/FlateDecode`` with the PNG predictor declared in
  ``/DecodeParms``, so the pixels are neither decoded nor deflated again;
- anything else (TIFF, PNG with alpha or a palette, 16-bit): decoded once and deflated
  once with zlib, an alpha channel becoming a soft mask.

Colour is kept as it is: grey stays grey, RGB stays RGB, CMYK stays CMYK (the press PDF
tags RGB with its ICC profile afterwards, see :mod:`app.press.pdfx`). The
XObject is named by the SHA-256 of the source bytes, so equal artwork gives equal PDF
bytes wherever the file lives, and every placement on every page shares one image.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFImageXObject,
    PDFName,
    PDFStream,
)

from app.artwork import pixels

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_SPACES = {"L": "DeviceGray", "RGB": "DeviceRGB", "CMYK": "DeviceCMYK"}
_PNG_COLOURS = {0: 1, 2: 3}  # PNG colour type -> components (grey, RGB)


@dataclass(frozen=True)
class Encoded:
    """Image stream content and how to decode it."""

    data: bytes
    filter: str  # "DCTDecode" or "FlateDecode"
    colour_space: str
    decode_parms: dict[str, int] | None = None
    decode: tuple[int, ...] | None = None
    soft_mask: bytes | None = None  # deflated 8-bit alpha


@dataclass(frozen=True)
class Artwork:
    """An artwork file, measured (not decoded) until it is first drawn."""

    source: bytes
    width_px: int
    height_px: int
    mode: str  # PIL mode of the source: "RGB", "CMYK", "L", "RGBA", "P", ...
    icc_profile: bytes | None
    sha256: str

    @property
    def is_cmyk(self) -> bool:
        return self.mode == "CMYK"

    def encode(self) -> Encoded:
        """The cheapest lossless stream for this artwork (see the module docstring)."""
        if self.source[:3] == b"\xff\xd8\xff":
            return _jpeg(self)
        if self.source.startswith(PNG_SIGNATURE):
            passthrough = _png_passthrough(self.source)
            if passthrough is not None:
                return passthrough
        return _deflate_pixels(self.source)


def read_artwork(path: Path) -> Artwork:
    return artwork_from_bytes(path.read_bytes())


def artwork_from_bytes(source: bytes) -> Artwork:
    with Image.open(io.BytesIO(source)) as image:  # reads the header only
        icc = image.info.get("icc_profile")
        return Artwork(
            source=source,
            width_px=image.width,
            height_px=image.height,
            mode=image.mode,
            icc_profile=icc if isinstance(icc, bytes) and icc else None,
            sha256=hashlib.sha256(source).hexdigest(),
        )


def _jpeg(artwork: Artwork) -> Encoded:
    if artwork.mode not in _COLOUR_SPACES:
        return _deflate_pixels(artwork.source)
    # Adobe CMYK JPEGs store inverted values (as every common writer does).
    decode = (1, 0, 1, 0, 1, 0, 1, 0) if artwork.mode == "CMYK" else None
    return Encoded(artwork.source, "DCTDecode", _COLOUR_SPACES[artwork.mode], decode=decode)


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks = []
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunks.append((kind, data[offset + 8 : offset + 8 + length]))
        offset += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png_passthrough(data: bytes) -> Encoded | None:
    """The PNG's own deflate stream, when its pixels are plain 8-bit grey or RGB."""
    chunks = _png_chunks(data)
    if not chunks or chunks[0][0] != b"IHDR":
        return None
    width, _, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    kinds = {kind for kind, _ in chunks}
    if depth != 8 or colour_type not in _PNG_COLOURS or interlace or b"tRNS" in kinds:
        return None
    colours = _PNG_COLOURS[colour_type]
    return Encoded(
        data=b"".join(body for kind, body in chunks if kind == b"IDAT"),
        filter="FlateDecode",
        colour_space="DeviceGray" if colours == 1 else "DeviceRGB",
        decode_parms={"Predictor": 15, "Colors": colours, "BitsPerComponent": 8, "Columns": width},
    )


def _deflate_pixels(source: bytes) -> Encoded:
    """Decode once and deflate once; alpha becomes a soft mask, a palette becomes RGB."""
    with Image.open(io.BytesIO(source)) as opened:
        image = pixels.workable(opened)
        soft_mask = None
        if image.mode in ("RGBA", "LA"):
            soft_mask = zlib.compress(image.getchannel("A").tobytes())
            image = image.convert(image.mode[:-1])
        if image.mode not in _COLOUR_SPACES:
            image = image.convert("RGB")
        return Encoded(
            data=zlib.compress(image.tobytes()),
            filter="FlateDecode",
            colour_space=_COLOUR_SPACES[image.mode],
            soft_mask=soft_mask,
        )


class _ImageXObject(PDFImageXObject):  # type: ignore[misc]  # ReportLab base is untyped
    """An image XObject written from an :class:`Encoded` stream exactly as given."""

    def __init__(self, name: str, width: int, height: int, encoded: Encoded) -> None:
        super().__init__(name)
        self.width, self.height = width, height
        self.bitsPerComponent = 8
        self.colorSpace = encoded.colour_space
        self._filters = (encoded.filter,)
        self.streamContent = encoded.data
        self.mask = None
        self.encoded = encoded

    def format(self, document: Any) -> bytes:
        stream = PDFStream(content=self.streamContent, filters=())
        entries = stream.dictionary
        entries["Type"] = PDFName("XObject")
        entries["Subtype"] = PDFName("Image")
        entries["Width"] = self.width
        entries["Height"] = self.height
        entries["BitsPerComponent"] = self.bitsPerComponent
        entries["ColorSpace"] = PDFName(self.colorSpace)
        entries["Filter"] = PDFArray([PDFName(self.encoded.filter)])
        if self.encoded.decode_parms is not None:
            parms = PDFDictionary(dict(self.encoded.decode_parms))
            entries["DecodeParms"] = PDFArray([parms])  # one per filter, as Filter is an array
        if self.encoded.decode is not None:
            entries["Decode"] = PDFArray(list(self.encoded.decode))
        if getattr(self, "smask", None) is not None:
            entries["SMask"] = self.smask
        result: bytes = stream.format(document)
        return result


def _register(canvas: Canvas, artwork: Artwork) -> tuple[str, str]:
    """Add the artwork's XObject to the document once; returns its name and resource name."""
    document = canvas._doc
    name = f"art{artwork.sha256[:32]}"
    registered: str = document.getXObjectName(name)
    if registered in document.idToObject:
        return name, registered
    encoded = artwork.encode()
    image = _ImageXObject(name, artwork.width_px, artwork.height_px, encoded)
    if encoded.soft_mask is not None:
        alpha = Encoded(encoded.soft_mask, "FlateDecode", "DeviceGray")
        mask = _ImageXObject(name + "a", artwork.width_px, artwork.height_px, alpha)
        image.smask = document.Reference(mask, document.getXObjectName(name + "a"))
    document.addForm(name, image)
    return name, registered


def draw_artwork(
    canvas: Canvas, artwork: Artwork, x: float, y: float, width: float, height: float
) -> None:
    """Place the artwork (embedded once per document) in the box ``x, y, width, height``."""
    name, registered = _register(canvas, artwork)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
