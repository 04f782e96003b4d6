"""Stamp composition follows the format's zones; per-variant proofs keep the joint line."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from app.designs.formats import InscriptionZone, StampFormat
from app.proofs.render.press import render_press_pdf
from app.proofs.render.review import render_review_proof
from app.proofs.render.sheet import render_sheet_proof
from app.proofs.render.stamp import perforation_centres
from app.proofs.service import fingerprint
from tests.unit.proofs.samples import make_request, oman, palestine
from tests.unit.proofs.test_sheet import make_artwork, poppler

RENDERERS = {"stamp": render_review_proof, "sheet": render_sheet_proof, "press": render_press_pdf}
MM = 72 / 25.4


@pytest.mark.parametrize("key", ["standard-40x30", "standard-30x40", "souvenir-2x2", "large-50x35"])
@pytest.mark.parametrize("kind", list(RENDERERS))
def test_every_format_renders_every_kind(
    formats: dict[str, StampFormat], tmp_path: Path, key: str, kind: str
) -> None:
    request = make_request(formats[key], make_artwork(tmp_path / "art.png"))
    pdf = RENDERERS[kind](request)
    assert pdf == RENDERERS[kind](request)
    text = poppler("pdftotext", pdf, tmp_path)
    assert "PALESTINE" in text
    assert "OMAN" in text
    assert "فلسطين" in text


def _word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    html = poppler("pdftotext", pdf, tmp_path, "-bbox", "-f", "1", "-l", "1")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        (word, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in re.findall(pattern, html)
    ]


def test_inscriptions_are_drawn_in_their_zones(
    formats: dict[str, StampFormat], tmp_path: Path
) -> None:
    base = formats["standard-40x30"]
    moved = InscriptionZone("country_latin", 5, 12, 30, 5, 6, (0, 0, 0, 1), "left")
    fmt = dataclasses.replace(
        base, zones=(*(z for z in base.zones if z.role != "country_latin"), moved)
    )

    def first(pdf: bytes) -> tuple[float, float, float]:
        """Left edge and vertical extent of the top-left stamp's "PALESTINE"."""
        boxes = [
            (y0, x0, y1) for w, x0, y0, _x1, y1 in _word_boxes(pdf, tmp_path) if w == "PALESTINE"
        ]
        y0, x0, y1 = min(boxes)
        return x0, y0, y1

    # the press page's top-left stamp: trim at slug + bleed + selvage (12 + 3 + 12 mm, 16 mm)
    trim_left, trim_top = (12 + 3 + 12) * MM, (12 + 3 + 16) * MM
    x0, y0, y1 = first(render_press_pdf(make_request(fmt, None)))
    assert x0 == pytest.approx(trim_left + 5 * MM, abs=0.8)
    assert trim_top + 12 * MM <= (y0 + y1) / 2 <= trim_top + 17 * MM
    x0, y0, y1 = first(render_press_pdf(make_request(base, None)))
    assert x0 == pytest.approx(trim_left + 2 * MM, abs=0.8)
    assert trim_top + 2 * MM <= (y0 + y1) / 2 <= trim_top + 6.6 * MM


def test_tooth_corners_shift_the_comb_by_half_a_pitch() -> None:
    holes = perforation_centres(36, 13, "hole")
    teeth = perforation_centres(36, 13, "tooth")
    assert holes[0] == 0
    assert holes[-1] == 36
    assert len(teeth) == len(holes) - 1
    pitch = holes[1] - holes[0]
    assert teeth[0] == pytest.approx(pitch / 2)
    assert 36 - teeth[-1] == pytest.approx(pitch / 2)


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_per_variant_proofs_keep_the_partners_on_the_joint_line(
    formats: dict[str, StampFormat], tmp_path: Path, kind: str
) -> None:
    request = dataclasses.replace(
        make_request(formats["standard-40x30"], make_artwork(tmp_path / "art.png")), only="OM"
    )
    pdf = RENDERERS[kind](request)
    assert "Pages:           1" in poppler("pdfinfo", pdf, tmp_path)
    text = poppler("pdftotext", pdf, tmp_path)
    assert "Oman \u2013 Palestine joint issue" in text
    assert "فلسطين" in text  # the partner, in the Arabic joint-issue line
    assert "عُمان" in text
    assert "PALESTINE" not in text  # no Palestine stamp page
    assert "500 mils" not in text


def test_only_is_part_of_the_fingerprint(formats: dict[str, StampFormat]) -> None:
    request = make_request(formats["standard-40x30"], None)
    prints = {
        fingerprint(dataclasses.replace(request, only=only), "stamp") for only in (None, "PS", "OM")
    }
    assert len(prints) == 3
    assert dataclasses.replace(request, only="OM").pages == (oman(),)
    assert dataclasses.replace(request, only=None).pages == (palestine(), oman())
