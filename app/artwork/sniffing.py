"""Deciding what an upload is from its bytes, and refusing files that are two things at once.

The accepted formats are recognised by their signatures; anything else is named (so the
designer learns "this is a PDF", not "invalid file"). A PNG or JPEG with bytes after its end
marker is refused as a possible polyglot: the extra bytes could be read as another format by
another program, and a print master has no use for them.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from app.core.problems import Unprocessable, UnsupportedMedia

ACCEPTED_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
KNOWN_OTHERS = [
    (b"%PDF", "PDF"),
    (b"%!PS", "PostScript/EPS"),
    (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"8BPS", "Photoshop PSD"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (b"\xffO\xffQ", "JPEG 2000"),
    (b"II+\x00", "BigTIFF"),
    (b"MM\x00+", "BigTIFF"),
    (b"PK\x03\x04", "ZIP"),
    (b"BM", "BMP"),
]
CHUNK = 1024 * 1024
PNG_TEXT_CHUNKS = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf"})


def detect(path: Path) -> str:
    """The accepted format of the file (PNG, JPEG, TIFF), or a 415 naming what it is."""
    with path.open("rb") as handle:
        head = handle.read(64)
    if not head:
        raise Unprocessable("The uploaded file is empty")
    for signature, name in ACCEPTED_SIGNATURES.items():
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        raise UnsupportedMedia("WebP files are not accepted; upload TIFF, PNG or JPEG")
    for signature, name in KNOWN_OTHERS:
        if head.startswith(signature):
            raise UnsupportedMedia(f"{name} files are not accepted; upload TIFF, PNG or JPEG")
    text = head.lstrip().lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html")):
        raise UnsupportedMedia("SVG, XML or HTML files are not accepted; upload TIFF, PNG or JPEG")
    raise UnsupportedMedia("The file is not an image this service can read")


def check_no_trailing_data(path: Path, fmt: str) -> None:
    """Refuse PNG/JPEG files with bytes after the image's end marker (possible polyglots)."""
    with path.open("rb") as handle:
        end = _png_end(handle) if fmt == "PNG" else _jpeg_end(handle) if fmt == "JPEG" else None
        if end is None:
            return
        handle.seek(0, 2)
        size = handle.tell()
    if size > end:
        raise UnsupportedMedia(
            f"The file has {size - end:,} bytes after the end of the {fmt} image; files that "
            "carry other content are not accepted"
        )


def png_text_bytes(path: Path) -> int:
    """Bytes a PNG spends on text and EXIF chunks (as stored, before any decompression)."""
    total = 0
    with path.open("rb") as handle:
        handle.seek(8)
        while len(header := handle.read(8)) == 8:
            length, kind = struct.unpack(">I4s", header)
            if kind in PNG_TEXT_CHUNKS:
                total += length
            if kind == b"IEND":
                break
            handle.seek(length + 4, 1)
    return total


def _png_end(handle: BinaryIO) -> int | None:
    handle.seek(8)
    while True:
        header = handle.read(8)
        if len(header) < 8:
            return None  # truncated: the decoder reports it
        length, kind = struct.unpack(">I4s", header)
        handle.seek(length + 4, 1)  # data and CRC
        if kind == b"IEND":
            return handle.tell()


def _jpeg_end(handle: BinaryIO) -> int | None:
    """Offset just past EOI, walking marker segments and scanning entropy-coded data."""
    handle.seek(2)
    while True:
        marker = _next_marker(handle)
        if marker is None:
            return None
        if marker == 0xD9:
            return handle.tell()
        if marker in (0x01, *range(0xD0, 0xD8)):
            continue  # standalone markers
        raw = handle.read(2)
        if len(raw) < 2:
            return None
        handle.seek(struct.unpack(">H", raw)[0] - 2, 1)
        if marker == 0xDA and not _skip_entropy_data(handle):
            return None


def _next_marker(handle: BinaryIO) -> int | None:
    """Read one marker (FF, optional FF fill bytes, code); None when not at a marker."""
    byte = handle.read(1)
    if byte != b"\xff":
        return None
    while byte == b"\xff":
        byte = handle.read(1)
    return byte[0] if byte else None


def _skip_entropy_data(handle: BinaryIO) -> bool:
    """Leave the handle on the first marker after scan data (FF00 and RSTn are data)."""
    data_start, data = handle.tell(), b""
    while True:
        block = handle.read(CHUNK)
        if not block:
            return False
        data += block
        pos = data.find(b"\xff")
        while pos != -1 and pos + 1 < len(data):
            following = data[pos + 1]
            if following == 0xFF:
                pos += 1
                continue
            if following != 0x00 and not 0xD0 <= following <= 0xD7:
                handle.seek(data_start + pos)
                return True
            pos = data.find(b"\xff", pos + 2)
        keep = 1 if data.endswith(b"\xff") else 0
        data_start += len(data) - keep
        data = data[len(data) - keep :]
