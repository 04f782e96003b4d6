"""Opening uploaded images safely and measuring them; pure functions over a file path.

The format is decided by the content (`sniffing.detect`) and Pillow is told to use only that
decoder. Pillow's decompression-bomb warning is an error here, the whole image is decoded once
so truncation is caught at upload time, and oversized metadata is refused before it is read.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, TiffImagePlugin, UnidentifiedImageError

from app.artwork import sniffing
from app.core.problems import Unprocessable, UnsupportedMedia

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "TIFF": "image/tiff"}
MM_PER_INCH = 25.4
MAX_METADATA_BYTES = 256 * 1024
TEXT_TAGS = (270, 305, 315, 33432, 700, 37510)  # description, software, artist, copyright, XMP…


@dataclass(frozen=True)
class Measured:
    format: str
    media_type: str
    width_px: int
    height_px: int
    mode: str
    bit_depth: int
    icc_profile: bytes | None
    icc_name: str | None
    dpi: tuple[float, float] | None


def measure(path: Path, max_pixels: int) -> Measured:
    """Open, verify and fully decode an image; refuse anything that is not a sound master."""
    fmt = sniffing.detect(path)
    sniffing.check_no_trailing_data(path, fmt)
    if fmt == "PNG":
        _check_png_text(path)
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[fmt]) as image:
                if getattr(image, "n_frames", 1) != 1:
                    raise UnsupportedMedia("Images with several pages or frames are not accepted")
                _check_metadata_size(image)
                image.load()
                icc = image.info.get("icc_profile") or None
                dpi = image.info.get("dpi")
                return Measured(
                    format=fmt,
                    media_type=MEDIA_TYPES[fmt],
                    width_px=image.width,
                    height_px=image.height,
                    mode=image.mode,
                    bit_depth=_bit_depth(image, path),
                    icc_profile=icc,
                    icc_name=_icc_name(icc),
                    dpi=(float(dpi[0]), float(dpi[1])) if dpi else None,
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Unprocessable(
            f"The image has more pixels than the limit of {max_pixels:,}; it is refused as a "
            "possible decompression bomb",
            reason="too-many-pixels",
        ) from exc
    except UnidentifiedImageError as exc:
        raise UnsupportedMedia("The file is not an image this service can read") from exc
    except (OSError, SyntaxError, ValueError, struct.error) as exc:
        raise Unprocessable(f"The image is damaged or truncated: {exc}") from exc


def _check_metadata_size(image: Image.Image) -> None:
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        for tag in TEXT_TAGS:
            value = image.tag_v2.get(tag)
            if value is not None and len(str(value)) > MAX_METADATA_BYTES:
                raise Unprocessable(
                    f"The TIFF carries {len(str(value)):,} bytes of metadata in tag {tag}; "
                    f"at most {MAX_METADATA_BYTES:,} are accepted"
                )


def _check_png_text(path: Path) -> None:
    """Refuse a PNG whose text chunks outgrow any caption, credit or XMP packet a master carries.

    Refused rather than stripped: the stored master is the designer's file byte for byte (its
    SHA-256 is what approvers sign), so the service never rewrites it.
    """
    size = sniffing.png_text_bytes(path)
    if size > MAX_METADATA_BYTES:
        raise Unprocessable(
            f"The PNG carries {size:,} bytes of text chunks (tEXt, zTXt, iTXt, eXIf); at most "
            f"{MAX_METADATA_BYTES:,} are accepted. Save the master without the extra text",
            reason="too-much-metadata",
        )


def _bit_depth(image: Image.Image, path: Path) -> int:
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        bits = image.tag_v2.get(258)
        return int(bits[0] if isinstance(bits, tuple) else bits or 8)
    if image.format == "PNG":
        with path.open("rb") as handle:
            handle.seek(24)  # IHDR bit depth
            return handle.read(1)[0]
    return int(getattr(image, "bits", 8))


def _icc_name(icc: bytes | None) -> str | None:
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.getProfileDescription(profile).strip() or "unnamed profile"
    except (OSError, ImageCms.PyCMSError):
        return "unreadable profile"


def effective_ppi(width_px: int, height_px: int, width_mm: float, height_mm: float) -> float:
    """Pixels per inch the image gives when it fills `width_mm` × `height_mm` (the lower axis)."""
    return round(min(width_px / (width_mm / MM_PER_INCH), height_px / (height_mm / MM_PER_INCH)), 1)
