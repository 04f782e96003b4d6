"""Bringing any accepted Pillow mode to a mode that resampling, colour transforms and PDF take.

Masters come in every mode a scanner or an editor writes: 1-bit, palette with or without
alpha, 16-bit and 32-bit greyscale, floating point, YCbCr, LAB. Pillow's `reduce`, `thumbnail`
and ImageCms accept only the common modes (L, LA, RGB, RGBA, CMYK), and a plain `convert("L")`
of 16-bit data clips everything above 255 to white. Every consumer of decoded pixels (previews,
proof pages, comparisons) goes through `workable` first, so an odd mode never reaches a step
that cannot take it.
"""

from __future__ import annotations

from PIL import Image

WORKABLE = frozenset({"L", "LA", "RGB", "RGBA", "CMYK"})
_SIXTEEN_BIT_HIGH_BYTE = {"I;16": 1, "I;16L": 1, "I;16B": 0, "I;16N": 1}


def workable(image: Image.Image) -> Image.Image:
    """The same picture in one of `WORKABLE`; the image itself when it is already there.

    Deep greyscale keeps its tonal range: 16-bit values take their high byte, 32-bit integer
    and floating-point values are stretched from their darkest to their lightest pixel.
    """
    mode = image.mode
    if mode in WORKABLE:
        return image
    if mode == "1":
        return image.convert("L")
    if mode == "P":
        palette = image.palette
        has_alpha = "transparency" in image.info or (palette is not None and palette.mode == "RGBA")
        return image.convert("RGBA" if has_alpha else "RGB")
    if mode == "PA":
        return image.convert("RGBA")
    if mode in ("La", "RGBa"):
        return image.convert(mode[:-1] + "A")
    if mode in _SIXTEEN_BIT_HIGH_BYTE:
        raw = image.tobytes()
        grey = Image.frombytes("L", image.size, raw[_SIXTEEN_BIT_HIGH_BYTE[mode] :: 2])
        grey.info = dict(image.info)
        return grey
    if mode in ("I", "F"):
        return _stretched(image)
    return image.convert("RGB")


def _stretched(image: Image.Image) -> Image.Image:
    low, high = image.getextrema()
    low_value, high_value = float(low), float(high)  # type: ignore[arg-type]  # one band: scalars
    if high_value <= low_value:
        return Image.new("L", image.size, 0 if high_value <= 0 else min(int(high_value), 255))
    scale = 255.0 / (high_value - low_value)
    grey = image.point(lambda value: (value - low_value) * scale).convert("L")
    grey.info = dict(image.info)
    return grey


def flattened(image: Image.Image) -> Image.Image:
    """A workable image without alpha: transparent areas become paper white."""
    image = workable(image)
    if image.mode not in ("LA", "RGBA"):
        return image
    base = image.mode[:-1]
    paper = Image.new(base, image.size, 255 if base == "L" else (255, 255, 255))
    paper.paste(image.convert(base), mask=image.getchannel("A"))
    paper.info = dict(image.info)
    return paper
