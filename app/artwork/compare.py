"""What changed between two artwork versions: one picture a reviewer reads at a glance.

Both versions are compared as their sRGB previews, the older one scaled to the newer one's
size (a re-export at another resolution is not a change). Pixels that differ by more than a
small tolerance (JPEG noise, resampling) are painted over a faded copy of the newer version,
and the region holding them is outlined. Pure: bytes in, bytes and figures out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from app.artwork import pixels

TOLERANCE = 24  # of 255, per channel: below this a difference is noise
HIGHLIGHT = (230, 0, 126)  # magenta: no stamp palette is made of it alone
OUTLINE = (110, 0, 60)  # darker, so a small change is found by its frame


@dataclass(frozen=True)
class Difference:
    png: bytes
    width: int
    height: int
    changed_fraction: float  # of the pixels
    bbox: tuple[float, float, float, float] | None  # x, y, w, h in fractions, None if unchanged


def _open(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        return pixels.flattened(image).convert("RGB")


def difference(older: bytes, newer: bytes) -> Difference:
    """The difference image of two previews (PNG bytes), at the newer one's size."""
    after = _open(newer)
    before = _open(older)
    if before.size != after.size:
        before = before.resize(after.size, Image.Resampling.LANCZOS)
    delta = ImageChops.difference(before, after)
    strongest = ImageChops.lighter(
        ImageChops.lighter(delta.getchannel(0), delta.getchannel(1)), delta.getchannel(2)
    )
    mask = strongest.point(lambda v: 255 if v > TOLERANCE else 0).convert("L")
    mask = mask.filter(ImageFilter.MaxFilter(3))  # a changed hairline stays visible
    changed = mask.histogram()[255]
    faded = Image.blend(
        after.convert("L").convert("RGB"), Image.new("RGB", after.size, "white"), 0.6
    )
    faded.paste(Image.new("RGB", after.size, HIGHLIGHT), mask=mask)
    box = mask.getbbox()
    bbox = None
    if box is not None:
        draw = ImageDraw.Draw(faded)
        x0, y0, x1, y1 = box
        pad = max(2, round(min(after.size) / 100))
        draw.rectangle(
            (
                max(0, x0 - pad),
                max(0, y0 - pad),
                min(after.width - 1, x1 + pad),
                min(after.height - 1, y1 + pad),
            ),
            outline=OUTLINE,
            width=pad,
        )
        bbox = (
            x0 / after.width,
            y0 / after.height,
            (x1 - x0) / after.width,
            (y1 - y0) / after.height,
        )
    buffer = io.BytesIO()
    faded.save(buffer, format="PNG", compress_level=3)
    return Difference(
        png=buffer.getvalue(),
        width=after.width,
        height=after.height,
        changed_fraction=changed / (after.width * after.height),
        bbox=bbox,
    )
