"""Preflight: the print shop's checks on an artwork master, as plain values.

Each check is pass, warn or fail with a message in Arabic and English. Resolution is measured
at the stamp's physical size including bleed (from the format), not from the file's dpi tag.
A version with a failing check cannot be submitted for review.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from app.designs.formats import StampFormat

Status = Literal["pass", "warn", "fail"]
RANK = {"pass": 0, "warn": 1, "fail": 2}
MIN_PPI, GOOD_PPI = 300, 600
ASPECT_TOLERANCE = 0.02


@dataclass(frozen=True)
class Check:
    code: str
    status: Status
    message_ar: str
    message_en: str
    value: str


@dataclass(frozen=True)
class Artwork:
    """What preflight needs to know of a file (measured at upload)."""

    format: str
    width_px: int
    height_px: int
    mode: str
    bit_depth: int
    icc_name: str | None


@dataclass(frozen=True)
class Target:
    """The printed size the artwork must fill: the stamp plus bleed on every side."""

    format_key: str
    width_mm: float
    height_mm: float

    @classmethod
    def of(cls, fmt: StampFormat) -> Target:
        """The printed area of a format: stamp plus bleed on every side."""
        return cls(fmt.key, fmt.width_mm + 2 * fmt.bleed_mm, fmt.height_mm + 2 * fmt.bleed_mm)


def _resolution(art: Artwork, target: Target) -> Check:
    ppi = min(art.width_px / (target.width_mm / 25.4), art.height_px / (target.height_mm / 25.4))
    value = f"{ppi:.0f} ppi"
    size = f"{target.width_mm:g} × {target.height_mm:g} mm"
    if ppi < MIN_PPI:
        return Check(
            "resolution",
            "fail",
            f"الدقة {ppi:.0f} نقطة/بوصة عند المقاس {size} أقل من الحد الأدنى {MIN_PPI}",
            f"{value} at {size} (with bleed) is below the minimum of {MIN_PPI} ppi",
            value,
        )
    if ppi < GOOD_PPI:
        return Check(
            "resolution",
            "warn",
            f"الدقة {ppi:.0f} نقطة/بوصة مقبولة، والموصى به {GOOD_PPI} أو أكثر للطوابع",
            f"{value} at {size} is acceptable; {GOOD_PPI} ppi or more is recommended for stamps",
            value,
        )
    return Check(
        "resolution",
        "pass",
        f"الدقة {ppi:.0f} نقطة/بوصة عند المقاس {size}",
        f"{value} at {size} (with bleed)",
        value,
    )


def _aspect(art: Artwork, target: Target) -> Check:
    ratio, wanted = art.width_px / art.height_px, target.width_mm / target.height_mm
    value = f"{ratio:.3f} (format {wanted:.3f})"
    if abs(ratio - wanted) / wanted > ASPECT_TOLERANCE:
        return Check(
            "aspect_ratio",
            "fail",
            "نسبة أبعاد العمل الفني لا تطابق مقاس الطابع مع هامش القص",
            f"The artwork's aspect ratio {ratio:.3f} does not fit the format with bleed "
            f"({target.width_mm:g} × {target.height_mm:g} mm, {wanted:.3f})",
            value,
        )
    return Check(
        "aspect_ratio",
        "pass",
        "نسبة الأبعاد تطابق مقاس الطابع مع هامش القص",
        "The aspect ratio fits the format with bleed",
        value,
    )


def _colour(art: Artwork) -> Check:
    value = f"{art.mode}, {art.bit_depth}-bit"
    if art.mode == "CMYK":
        return Check(
            "colour_mode", "pass", "ألوان CMYK جاهزة للطباعة", "CMYK, ready for print", value
        )
    if art.mode in ("RGB", "RGBA"):
        if art.icc_name is None:
            return Check(
                "colour_mode",
                "warn",
                "ألوان RGB بلا ملف تعريف ألوان؛ ستُفسَّر على أنها sRGB",
                "RGB without an ICC profile: colours will be taken as sRGB",
                value,
            )
        return Check(
            "colour_mode",
            "pass",
            "ألوان RGB مع ملف تعريف ألوان؛ ستُحوَّل إلى CMYK عند الطباعة",
            "RGB with an ICC profile; the printer converts it to CMYK",
            value,
        )
    return Check(
        "colour_mode",
        "warn",
        f"نمط الألوان {art.mode} غير معتاد لطباعة الطوابع",
        f"Colour mode {art.mode} is unusual for stamp printing; CMYK or RGB is expected",
        value,
    )


def _profile(art: Artwork) -> Check:
    if art.icc_name:
        return Check(
            "icc_profile",
            "pass",
            f"ملف الألوان: {art.icc_name}",
            f"ICC profile: {art.icc_name}",
            art.icc_name,
        )
    return Check(
        "icc_profile",
        "warn",
        "لا يوجد ملف تعريف ألوان مضمّن",
        "No ICC profile embedded",
        "none",
    )


def _compression(art: Artwork) -> Check:
    if art.format == "JPEG":
        return Check(
            "compression",
            "warn",
            "JPEG ضغط يفقد بعض التفاصيل؛ يُفضَّل TIFF للطباعة",
            "JPEG is lossy; a TIFF master is preferred for print",
            "JPEG",
        )
    return Check("compression", "pass", "ضغط بلا فقد", "Lossless", art.format)


def _bit_depth(art: Artwork) -> Check:
    if art.bit_depth in (8, 16):
        return Check(
            "bit_depth",
            "pass",
            f"عمق {art.bit_depth} بت",
            f"{art.bit_depth}-bit",
            str(art.bit_depth),
        )
    return Check(
        "bit_depth",
        "warn",
        f"عمق {art.bit_depth} بت غير معتاد",
        f"{art.bit_depth}-bit channels are unusual; 8 or 16 is expected",
        str(art.bit_depth),
    )


def run(art: Artwork, target: Target) -> dict[str, Any]:
    """The preflight report: every check, and the worst status as the overall one."""
    checks = [
        _resolution(art, target),
        _aspect(art, target),
        _colour(art),
        _profile(art),
        _bit_depth(art),
        _compression(art),
    ]
    worst = max((c.status for c in checks), key=RANK.__getitem__)
    return {
        "status": worst,
        "format": target.format_key,
        "size_mm": {"width": target.width_mm, "height": target.height_mm},
        "checks": [asdict(c) for c in checks],
    }


def failures(report: dict[str, Any]) -> list[str]:
    """The codes of failing checks (what blocks a submit)."""
    return [c["code"] for c in report.get("checks", []) if c["status"] == "fail"]
