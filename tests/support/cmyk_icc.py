"""Generate a small, valid CMYK ICC profile in pure Python.

Tests and benchmarks need CMYK images carrying a real CMYK ICC profile, but no freely
licensed CMYK profile ships with this machine (and we do not want to vendor one). This
module synthesises an ICC v2.1 output-class ('prtr') profile with a CMYK device space
and a Lab PCS. The colour model is deliberately naive: CMYK maps to sRGB via
``R = (1-C)(1-K)`` etc., sRGB maps to D50 XYZ (Bradford-adapted matrix) and then to Lab.
The reverse table is the exact inverse with full grey-component replacement
(``K = min(C, M, Y)``). It is good enough for littleCMS to build transforms for every
rendering intent; it is not a characterisation of any real press.
"""

from __future__ import annotations

import functools
import itertools
import struct
from collections.abc import Callable, Sequence

__all__ = ["cmyk_profile_bytes"]

_D50 = (0.9642, 1.0, 0.8249)
# Linear sRGB -> XYZ, Bradford-adapted from D65 to D50.
_RGB_TO_XYZ = (
    (0.4360747, 0.3850649, 0.1430804),
    (0.2225045, 0.7168786, 0.0606169),
    (0.0139322, 0.0971045, 0.7141733),
)
_A2B_GRID = 9
_B2A_GRID = 17
_FIXED_DATE = (2024, 1, 1, 0, 0, 0)

Vec3 = tuple[float, float, float]


def _invert3(m: Sequence[Sequence[float]]) -> tuple[Vec3, Vec3, Vec3]:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return (
        ((e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det),
        ((f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det),
        ((d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det),
    )


_XYZ_TO_RGB = _invert3(_RGB_TO_XYZ)


def _mul(m: Sequence[Sequence[float]], v: Sequence[float]) -> Vec3:
    r0, r1, r2 = m
    return (
        r0[0] * v[0] + r0[1] * v[1] + r0[2] * v[2],
        r1[0] * v[0] + r1[1] * v[1] + r1[2] * v[2],
        r2[0] * v[0] + r2[1] * v[1] + r2[2] * v[2],
    )


def _srgb_to_linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _linear_to_srgb(v: float) -> float:
    v = min(max(v, 0.0), 1.0)
    return v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def _xyz_to_lab(xyz: Vec3) -> Vec3:
    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, _D50, strict=True))
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def _lab_to_xyz(lab: Vec3) -> Vec3:
    def finv(t: float) -> float:
        return t**3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)

    fy = (lab[0] + 16) / 116
    fx, fz = fy + lab[1] / 500, fy - lab[2] / 200
    return (_D50[0] * finv(fx), _D50[1] * finv(fy), _D50[2] * finv(fz))


def _cmyk_to_lab(cmyk: Sequence[float]) -> Vec3:
    c, m, y, k = cmyk
    rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return _xyz_to_lab(_mul(_RGB_TO_XYZ, [_srgb_to_linear(v) for v in rgb]))


def _lab_to_cmyk(lab: Sequence[float]) -> tuple[float, float, float, float]:
    r, g, b = (_linear_to_srgb(v) for v in _mul(_XYZ_TO_RGB, _lab_to_xyz((lab[0], lab[1], lab[2]))))
    k = 1 - max(r, g, b)
    if k >= 1.0 - 1e-9:
        return (0.0, 0.0, 0.0, 1.0)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def _u16(v: float) -> int:
    return min(max(round(v), 0), 0xFFFF)


def _encode_lab(lab: Vec3) -> list[int]:
    """ICC v2 16-bit Lab: L 0..100 -> 0..0xFF00, a/b -128..~128 -> 0..0xFFFF."""
    return [_u16(lab[0] * 652.8), _u16((lab[1] + 128) * 256), _u16((lab[2] + 128) * 256)]


def _decode_lab(v: Sequence[int]) -> Vec3:
    return (min(v[0] / 652.8, 100.0), v[1] / 256 - 128, v[2] / 256 - 128)


def _mft2(n_in: int, n_out: int, grid: int, fn: Callable[[list[int]], Sequence[int]]) -> bytes:
    """A lut16Type with identity matrix, linear 2-entry curves and an n_in-D CLUT."""
    identity = (1, 0, 0, 0, 1, 0, 0, 0, 1)
    head = struct.pack(">4s4xBBBx9i", b"mft2", n_in, n_out, grid, *(x << 16 for x in identity))
    curves = struct.pack(">HH", 2, 2)
    linear = struct.pack(">HH", 0, 0xFFFF)
    steps = [round(i * 0xFFFF / (grid - 1)) for i in range(grid)]
    clut: list[int] = []
    for point in itertools.product(steps, repeat=n_in):  # first channel varies slowest
        clut.extend(fn(list(point)))
    body = struct.pack(f">{len(clut)}H", *clut)
    return head + curves + linear * n_in + body + linear * n_out


def _a2b(point: list[int]) -> list[int]:
    return _encode_lab(_cmyk_to_lab([v / 0xFFFF for v in point]))


def _b2a(point: list[int]) -> list[int]:
    return [_u16(v * 0xFFFF) for v in _lab_to_cmyk(_decode_lab(point))]


def _s15(v: float) -> int:
    return round(v * 65536)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    # textDescriptionType: ASCII part, empty Unicode part, empty 67-byte ScriptCode part.
    return (
        struct.pack(">4s4xI", b"desc", len(ascii_)) + ascii_ + struct.pack(">IIHB67x", 0, 0, 0, 0)
    )


def _pad4(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


@functools.lru_cache(maxsize=8)
def cmyk_profile_bytes(description: str = "Joint Stamp Studio test CMYK") -> bytes:
    """Return a deterministic ICC v2.1 CMYK output profile (Lab PCS) as bytes.

    ``description`` must be ASCII; it becomes the profile's 'desc' tag.
    """
    a2b = _mft2(4, 3, _A2B_GRID, _a2b)
    b2a = _mft2(3, 4, _B2A_GRID, _b2a)
    wtpt = struct.pack(">4s4x3i", b"XYZ ", *(_s15(v) for v in _D50))
    cprt = b"text\0\0\0\0" + b"No copyright, generated test data.\0"
    blobs: list[bytes] = [_desc(description), cprt, wtpt, a2b, b2a]
    sigs: list[tuple[bytes, int]] = [(b"desc", 0), (b"cprt", 1), (b"wtpt", 2)]
    sigs += [(b"A2B%d" % i, 3) for i in range(3)] + [(b"B2A%d" % i, 4) for i in range(3)]

    table_len = 4 + 12 * len(sigs)
    offsets: list[int] = []
    pos = 128 + table_len
    for blob in blobs:
        offsets.append(pos)
        pos += len(_pad4(blob))
    table = struct.pack(">I", len(sigs)) + b"".join(
        struct.pack(">4sII", sig, offsets[i], len(blobs[i])) for sig, i in sigs
    )
    data = table + b"".join(_pad4(b) for b in blobs)
    size = 128 + len(data)
    header = struct.pack(
        ">I4sI4s4s4s6H4s4sI4s4sQI3i4s16s28x",
        size,
        b"lcms",
        0x02100000,
        b"prtr",
        b"CMYK",
        b"Lab ",
        *_FIXED_DATE,
        b"acsp",
        b"\0\0\0\0",
        0,
        b"\0\0\0\0",
        b"\0\0\0\0",
        0,
        0,
        *(_s15(v) for v in _D50),
        b"\0\0\0\0",
        b"\0" * 16,
    )
    assert len(header) == 128
    return header + data
