"""Walking a PDF page's resources: the page's own and those of every form it draws.

Both the PDF/X finishing step and the preflight need to see everything a page paints,
including what sits inside form XObjects (the sheet draws each stamp as one form) and
tiling patterns; each object is visited once however often it is placed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Name


@dataclass(frozen=True)
class Painted:
    """A content stream or XObject on a page, with the resources it paints with."""

    where: str  # "page 1", "page 1, form /FormXob.stamp…"
    obj: pikepdf.Object  # the page dictionary, a form or pattern stream, or an image
    resources: pikepdf.Object | None


def painted(page: pikepdf.Page, number: int) -> Iterator[Painted]:
    """The page, then every form, pattern and image reachable from it, each once."""
    seen: set[tuple[int, int]] = set()
    yield Painted(f"page {number}", page.obj, page.obj.get("/Resources"))
    yield from _children(f"page {number}", page.obj.get("/Resources"), seen)


def _children(
    where: str, resources: pikepdf.Object | None, seen: set[tuple[int, int]]
) -> Iterator[Painted]:
    if resources is None:
        return
    for category in ("/XObject", "/Pattern"):
        entries = resources.get(category)
        if entries is None:
            continue
        for name, child in entries.items():
            if not isinstance(child, pikepdf.Stream | pikepdf.Dictionary):
                continue
            if child.is_indirect:
                if child.objgen in seen:
                    continue
                seen.add(child.objgen)
            label = f"{where}, {'image' if _is_image(child) else category[1:].lower()} {name}"
            own = child.get("/Resources")
            yield Painted(label, child, own)
            if not _is_image(child):
                yield from _children(label, own, seen)


def _is_image(obj: pikepdf.Object) -> bool:
    return obj.get("/Subtype") == Name.Image


def images(page: pikepdf.Page, number: int) -> Iterator[Painted]:
    return (item for item in painted(page, number) if _is_image(item.obj))


def uses_transparency(page: pikepdf.Page, number: int) -> bool:
    """Constant alpha below 1, a soft mask in a graphics state, or an image with a soft mask."""
    for item in painted(page, number):
        if _is_image(item.obj):
            if "/SMask" in item.obj:
                return True
            continue
        states = item.resources.get("/ExtGState") if item.resources is not None else None
        for _, state in (states or pikepdf.Dictionary()).items():
            if any(key in state and float(state[key]) < 1 for key in ("/ca", "/CA")):
                return True
            if state.get("/SMask", Name("/None")) != Name("/None"):
                return True
    return False
