"""Fixtures for the proof-rendering tests (no database, no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.designs.format_file import load_formats
from app.designs.formats import StampFormat
from tests.unit.proofs.samples import FORMATS_FILE


@pytest.fixture(scope="session")
def formats() -> dict[str, StampFormat]:
    return load_formats(FORMATS_FILE)


@pytest.fixture
def artwork(tmp_path: Path) -> Path:
    image = Image.new("RGB", (460, 360), (32, 110, 140))
    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 80, 340, 280), fill=(220, 170, 60))
    draw.rectangle((0, 300, 460, 360), fill=(150, 40, 40))
    path = tmp_path / "artwork.png"
    image.save(path)
    return path
