"""The sheet's perforation drawn as placed edge forms covers every hole exactly once."""

from __future__ import annotations

import dataclasses
import re

from app.designs.formats import StampFormat
from app.proofs.render.sheet import render_sheet_proof
from app.proofs.render.sheet_layout import (
    SheetLayout,
    hole_key,
    perforation_plan,
    perforation_points,
)
from tests.unit.proofs.samples import make_request, palestine
from tests.unit.proofs.test_review_pdf import _page_streams


def _variants(formats: dict[str, StampFormat]) -> list[StampFormat]:
    """Every shipped format, a 10 × 5 sheet, and sheets with and without gutters."""
    shipped = list(formats.values())
    first = shipped[0]
    return [
        *shipped,
        dataclasses.replace(first, sheet_columns=10, sheet_rows=5),
        dataclasses.replace(first, sheet_gutter_mm=0.0),
        dataclasses.replace(first, sheet_gutter_mm=4.0, corner="tooth"),
        dataclasses.replace(first, sheet_columns=1, sheet_rows=1),
    ]


TOLERANCE = 0.002  # points: centres are written to a thousandth of a point


def _match_once(drawn: list[tuple[float, float]], expected: set[tuple[float, float]]) -> None:
    """Pair every drawn hole with a distinct expected hole within the tolerance."""
    buckets: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for point in expected:
        buckets.setdefault((round(point[0] * 10), round(point[1] * 10)), []).append(point)
    for x, y in drawn:
        near = [
            point
            for bx in (round(x * 10) - 1, round(x * 10), round(x * 10) + 1)
            for by in (round(y * 10) - 1, round(y * 10), round(y * 10) + 1)
            for point in buckets.get((bx, by), [])
            if abs(point[0] - x) <= TOLERANCE and abs(point[1] - y) <= TOLERANCE
        ]
        assert len(near) == 1, f"hole at {(x, y)} matches {near}"
        buckets[(round(near[0][0] * 10), round(near[0][1] * 10))].remove(near[0])
    assert not any(buckets.values()), "holes of the sheet left undrawn"


def test_every_hole_is_drawn_once(formats: dict[str, StampFormat]) -> None:
    for fmt in _variants(formats):
        layout = SheetLayout(fmt)
        plan = perforation_plan(layout)
        drawn = list(plan.singles)
        for kind, x, y in plan.placements:
            drawn += [(x + dx, y + dy) for dx, dy in plan.edges[kind]]
        _match_once(drawn, {hole_key(point) for point in perforation_points(layout)})


def test_edges_are_placed_forms_not_single_holes(formats: dict[str, StampFormat]) -> None:
    fmt = dataclasses.replace(formats["standard-40x30"], sheet_columns=10, sheet_rows=5)
    plan = perforation_plan(SheetLayout(fmt))
    pdf = render_sheet_proof(dataclasses.replace(make_request(fmt, None), variants=(palestine(),)))
    content = "\n".join(_page_streams(pdf))
    placed = re.findall(r"/(FormXob\.perforation\w+) Do", content)
    assert len(placed) == len(plan.placements) == 10 * 6 + 11 * 5
    assert len(set(placed)) == 2  # one horizontal and one vertical edge, each stored once
    circles_on_page = content.count(" c h B")
    assert circles_on_page == len(plan.singles) < 200
