"""Clean derivatives of an artwork: sRGB PNG previews that carry no metadata.

The original keeps everything the designer uploaded (it is the record); what the service shows
is rebuilt from pixels only, so EXIF, XMP, GPS and comments never leave through a preview.
CMYK and profiled RGB are converted through their embedded ICC profile to sRGB.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Literal

from PIL import Image, ImageCms

from app.artwork import pixels

PreviewSize = Literal["thumb", "preview"]
SIZES: dict[PreviewSize, int] = {"thumb": 256, "preview": 1024}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB on white paper, converted through the embedded profile when it fits."""
    icc = image.info.get("icc_profile")
    image = pixels.flattened(image)
    if icc and image.mode in ("CMYK", "RGB", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, _SRGB, outputMode="RGB", renderingIntent=ImageCms.Intent.PERCEPTUAL
            )
            if converted is not None:
                return converted
        except (OSError, ImageCms.PyCMSError):
            pass  # a profile that does not fit the pixels falls back to the plain conversion
    return image.convert("RGB")


def render_all(original: Path) -> dict[PreviewSize, bytes]:
    """Every preview size from one decode: the largest first, the smaller ones from it."""
    longest = max(SIZES.values())
    with Image.open(original) as opened:
        opened.draft(None, (longest, longest))  # JPEG decodes at a reduced scale directly
        info = dict(opened.info)
        image = pixels.workable(opened)
        factor = max(image.width, image.height) // longest
        if factor >= 2:  # shrink before the colour transform: it is the costly step
            image = image.reduce(int(factor))
        image.info = info
        srgb = to_srgb(image)
    out: dict[PreviewSize, bytes] = {}
    for size, side in sorted(SIZES.items(), key=lambda item: -item[1]):
        srgb.thumbnail((side, side), Image.Resampling.LANCZOS)
        clean = Image.frombytes("RGB", srgb.size, srgb.tobytes())  # pixels only, no metadata
        buffer = io.BytesIO()
        clean.save(buffer, format="PNG", compress_level=3)
        out[size] = buffer.getvalue()
    return out


def render(original: Path, size: PreviewSize) -> bytes:
    """One preview (used to rebuild a lost cache entry)."""
    return render_all(original)[size]
