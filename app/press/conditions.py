"""Printing conditions (``designs/printing.json``): what a press PDF's output intent declares.

A security printer characterises its press by a CMYK ICC profile; the PDF/X output intent
names that condition so every tool down the line converts colour for the same paper and
inks. The conditions are design data, chosen per administration, each pointing at a
profile shipped under ``designs/`` with its licence beside it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

INTENTS = ("Perceptual", "RelativeColorimetric", "Saturation", "AbsoluteColorimetric")
"""PDF rendering intent names, in the order of ICC intent numbers 0-3."""


class PrintingFileError(ValueError):
    """The printing conditions file or one of its profiles is not usable."""


@dataclass(frozen=True)
class PrintingCondition:
    """One characterised printing condition, as a PDF/X output intent declares it."""

    key: str  # "fogra39"
    identifier: str  # OutputConditionIdentifier, e.g. "FOGRA39"
    registry: str  # RegistryName, e.g. "http://www.color.org"
    info: str  # a human-readable description of the condition
    profile_path: Path  # the CMYK output ICC profile
    profile_sha256: str
    rendering_intent: str  # one of INTENTS: how RGB artwork is converted to this CMYK
    rgb_profile_path: Path  # assumed for RGB artwork that carries no profile of its own
    rgb_profile_sha256: str

    @property
    def intent_number(self) -> int:
        """The ICC intent number (littleCMS / Pillow ``ImageCms``) of ``rendering_intent``."""
        return INTENTS.index(self.rendering_intent)

    def profile(self) -> bytes:
        return _read(self.profile_path)

    def rgb_profile(self) -> bytes:
        return _read(self.rgb_profile_path)


@lru_cache(maxsize=16)
def _read(path: Path) -> bytes:
    return path.read_bytes()


def _profile(designs_dir: Path, relative: Any, colour_space: bytes, what: str) -> Path:
    if not isinstance(relative, str) or not relative:
        raise PrintingFileError(f"{what}: a profile path is required")
    path = (designs_dir / relative).resolve()
    if designs_dir.resolve() not in path.parents or not path.is_file():
        raise PrintingFileError(f"{what}: no profile file {relative!r} under designs/")
    header = _read(path)[:128]
    if len(header) < 128 or header[36:40] != b"acsp" or header[16:20] != colour_space:
        kind = colour_space.decode().strip()
        raise PrintingFileError(f"{what}: {relative!r} is not an ICC profile of {kind} data")
    if colour_space == b"CMYK" and header[12:16] != b"prtr":
        raise PrintingFileError(f"{what}: {relative!r} is not an output (printer) profile")
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(_read(path)).hexdigest()


@lru_cache(maxsize=8)
def load_conditions(designs_dir: Path) -> tuple[dict[str, PrintingCondition], dict[str, str], str]:
    """``(conditions by key, condition key by administration code, default key)``."""
    raw = json.loads((designs_dir / "printing.json").read_text(encoding="utf-8"))
    rgb = _profile(designs_dir, raw.get("rgb_profile"), b"RGB ", "rgb_profile")
    conditions: dict[str, PrintingCondition] = {}
    for key, entry in raw.get("conditions", {}).items():
        intent = entry.get("rendering_intent", "RelativeColorimetric")
        if intent not in INTENTS:
            raise PrintingFileError(f"condition {key!r}: unknown rendering intent {intent!r}")
        path = _profile(designs_dir, entry.get("profile"), b"CMYK", f"condition {key!r}")
        texts = {name: entry.get(name) for name in ("identifier", "registry", "info")}
        for name, value in texts.items():
            if not isinstance(value, str) or not value.isprintable():
                raise PrintingFileError(f"condition {key!r}: {name} must be a printable string")
        conditions[key] = PrintingCondition(
            key=key,
            identifier=texts["identifier"],
            registry=texts["registry"],
            info=texts["info"],
            profile_path=path,
            profile_sha256=_sha256(path),
            rendering_intent=intent,
            rgb_profile_path=rgb,
            rgb_profile_sha256=_sha256(rgb),
        )
    default = raw.get("default")
    if default not in conditions:
        raise PrintingFileError(f"default condition {default!r} is not defined")
    chosen = dict(raw.get("administrations", {}))
    unknown = sorted(code for code, key in chosen.items() if key not in conditions)
    if unknown:
        raise PrintingFileError(f"administrations with an undefined condition: {unknown}")
    return conditions, chosen, default


def condition_for(designs_dir: Path, administration: str) -> PrintingCondition:
    """The printing condition of an administration's press PDF (the default when unnamed)."""
    conditions, chosen, default = load_conditions(designs_dir)
    return conditions[chosen.get(administration, default)]
