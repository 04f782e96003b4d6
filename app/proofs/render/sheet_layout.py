"""Geometry and drawing of a full stamp sheet: the stamp block, its perforation, the selvage.

The sheet proof and the press PDF print the same sheet, so its layout is computed once
here in millimetres of the real sheet. Every stamp is drawn by :func:`stamp.draw_stamp`
with the one shared artwork image; neighbouring stamps abut at the perforation, so the
artwork reaches into the bleed only where no neighbour is (the sheet's outer edges, or
half a gutter).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFResourceDictionary

from app.designs.formats import StampFormat
from app.proofs.render.fonts import ProofFonts
from app.proofs.render.inscriptions import StampInscriptions
from app.proofs.render.stamp import (
    StampView,
    draw_perforation_holes,
    draw_stamp,
    hole_radius,
    perforation_centres,
    stamp_perforation_points,
)
from app.proofs.render.units import mm

Canvas = Any  # reportlab.pdfgen.canvas.Canvas (untyped)
Artwork = Any  # reportlab.lib.utils.ImageReader or None


@dataclass(frozen=True)
class SheetLayout:
    """A sheet in millimetres, origin at the lower-left corner of the sheet's trim."""

    fmt: StampFormat

    @property
    def count(self) -> int:
        return self.fmt.sheet_columns * self.fmt.sheet_rows

    @property
    def block_width_mm(self) -> float:
        fmt = self.fmt
        return fmt.sheet_columns * fmt.width_mm + (fmt.sheet_columns - 1) * fmt.sheet_gutter_mm

    @property
    def block_height_mm(self) -> float:
        fmt = self.fmt
        return fmt.sheet_rows * fmt.height_mm + (fmt.sheet_rows - 1) * fmt.sheet_gutter_mm

    @property
    def left_mm(self) -> float:
        """Selvage left of the stamp block (the block's left edge in sheet mm)."""
        return self.fmt.sheet_selvage_mm[0]

    @property
    def top_mm(self) -> float:
        return self.fmt.sheet_selvage_mm[1]

    @property
    def bottom_mm(self) -> float:
        """Selvage below the stamp block (the block's bottom edge in sheet mm)."""
        return self.fmt.sheet_selvage_mm[3]

    @property
    def width_mm(self) -> float:
        return self.left_mm + self.block_width_mm + self.fmt.sheet_selvage_mm[2]

    @property
    def height_mm(self) -> float:
        return self.block_height_mm + self.top_mm + self.bottom_mm

    def stamp_origin_mm(self, column: int, row: int) -> tuple[float, float]:
        """Lower-left trim corner of the stamp in ``column``, ``row`` (row 0 is the top)."""
        fmt = self.fmt
        x = self.left_mm + column * (fmt.width_mm + fmt.sheet_gutter_mm)
        from_top = row * (fmt.height_mm + fmt.sheet_gutter_mm) + fmt.height_mm
        return x, self.bottom_mm + self.block_height_mm - from_top

    def reach_mm(self, column: int, row: int) -> tuple[float, float, float, float]:
        """Artwork reach beyond the stamp's trim: bleed outside, half a gutter inside.

        On a souvenir sheet every stamp keeps to half a gutter, the margin being printed
        with the sheet's own background and texts.
        """
        fmt = self.fmt
        inner = min(fmt.bleed_mm, fmt.sheet_gutter_mm / 2)
        if fmt.sheet_kind == "souvenir":  # the margin is the sheet's own design: no bleed
            return (inner, inner, inner, inner)
        last_column, last_row = fmt.sheet_columns - 1, fmt.sheet_rows - 1
        return (
            fmt.bleed_mm if column == 0 else inner,
            fmt.bleed_mm if row == last_row else inner,
            fmt.bleed_mm if column == last_column else inner,
            fmt.bleed_mm if row == 0 else inner,
        )

    def perforation_lines_mm(self) -> tuple[list[float], list[float]]:
        """x of every vertical and y of every horizontal perforation line."""
        xs = {round(x + dx, 4) for x, _ in self.stamp_origins() for dx in (0.0, self.fmt.width_mm)}
        ys = {round(y + dy, 4) for _, y in self.stamp_origins() for dy in (0.0, self.fmt.height_mm)}
        return sorted(xs), sorted(ys)

    def stamp_origins(self) -> list[tuple[float, float]]:
        return [
            self.stamp_origin_mm(column, row)
            for row in range(self.fmt.sheet_rows)
            for column in range(self.fmt.sheet_columns)
        ]


def _pitch_mm(length_mm: float, gauge: float) -> float:
    centres = perforation_centres(length_mm, gauge)
    return centres[1] - centres[0]


def perforation_points(layout: SheetLayout) -> set[tuple[float, float]]:
    """Every hole centre in sheet points, each line running one hole into the selvage."""
    fmt = layout.fmt
    points: set[tuple[float, float]] = set()
    for x, y in layout.stamp_origins():
        points.update((x * mm + px, y * mm + py) for px, py in stamp_perforation_points(fmt))
    return points | _run_outs(layout)


def _run_outs(layout: SheetLayout) -> set[tuple[float, float]]:
    """The hole beyond each end of every perforation line, in the selvage."""
    fmt = layout.fmt
    xs, ys = layout.perforation_lines_mm()
    step_x = _pitch_mm(fmt.width_mm, fmt.perforation)
    step_y = _pitch_mm(fmt.height_mm, fmt.perforation)
    points: set[tuple[float, float]] = set()
    for x in xs:
        points.update({(x * mm, (ys[0] - step_y) * mm), (x * mm, (ys[-1] + step_y) * mm)})
    for y in ys:
        points.update({((xs[0] - step_x) * mm, y * mm), ((xs[-1] + step_x) * mm, y * mm)})
    return points


@dataclass(frozen=True)
class PerforationPlan:
    """How the sheet's holes are drawn: repeated edges as placed forms, the rest singly.

    ``edges`` holds the inner holes of one horizontal (``"h"``) and one vertical (``"v"``)
    stamp edge, relative to the edge's start; ``placements`` puts an edge at a point of
    the sheet; ``singles`` are the corner holes (shared by two edges, or by four stamps)
    and the run-outs. Together they are every hole of :func:`perforation_points`, once.
    """

    edges: dict[str, list[tuple[float, float]]]
    placements: list[tuple[str, float, float]]
    singles: set[tuple[float, float]]


def perforation_plan(layout: SheetLayout) -> PerforationPlan:
    fmt = layout.fmt
    width, height = fmt.width_mm * mm, fmt.height_mm * mm
    along_x = perforation_centres(fmt.width_mm, fmt.perforation, fmt.corner)
    along_y = perforation_centres(fmt.height_mm, fmt.perforation, fmt.corner)
    edges = {
        "h": [(x * mm, 0.0) for x in along_x if 0.0 < x < fmt.width_mm],
        "v": [(0.0, y * mm) for y in along_y if 0.0 < y < fmt.height_mm],
    }
    ends_x = [x * mm for x in along_x if not 0.0 < x < fmt.width_mm]
    ends_y = [y * mm for y in along_y if not 0.0 < y < fmt.height_mm]
    placements: set[tuple[str, float, float]] = set()
    singles = _run_outs(layout)
    for x_mm, y_mm in layout.stamp_origins():
        x, y = x_mm * mm, y_mm * mm
        placements |= {("h", x, y), ("h", x, y + height), ("v", x, y), ("v", x + width, y)}
        singles |= {(x + dx, y + dy) for dx in ends_x for dy in (0.0, height)}
        singles |= {(x + dx, y + dy) for dx in (0.0, width) for dy in ends_y}
    # Neighbours share an edge (and a corner) where there is no gutter; the same point
    # reached from two stamps may differ in the last bits, so points are compared rounded.
    return PerforationPlan(
        edges=edges,
        placements=sorted({(kind, *hole_key((x, y))) for kind, x, y in placements}),
        singles={hole_key(point) for point in singles},
    )


def hole_key(point: tuple[float, float]) -> tuple[float, float]:
    """A hole centre rounded to a thousandth of a point, the precision the PDF is written at."""
    return round(point[0], 3), round(point[1], 3)


HOLE_RIM = 0.35  # points: the grey rim of a perforation hole


def draw_sheet_perforation(canvas: Canvas, layout: SheetLayout) -> None:
    """The perforation as the finished sheet shows it: paper-white holes.

    The holes along a stamp's edge are the same at every stamp, so the inner holes of
    one horizontal and one vertical edge are each drawn once into a form XObject and
    placed at every edge (see :class:`PerforationPlan`): a 50-stamp sheet writes about a
    hundred placements and a few dozen corner holes instead of thousands of circles.
    """
    plan = perforation_plan(layout)
    radius = hole_radius(layout.fmt)
    names = {kind: _edge_form(canvas, kind, points, radius) for kind, points in plan.edges.items()}
    for kind, x, y in plan.placements:
        if plan.edges[kind]:
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm(names[kind])
            canvas.restoreState()
    draw_perforation_holes(canvas, plan.singles, radius, HOLE_RIM)


def _edge_form(canvas: Canvas, kind: str, points: list[tuple[float, float]], radius: float) -> str:
    """The form XObject holding one edge's inner holes; its name follows its content."""
    key = hashlib.sha256(repr((kind, points, radius)).encode()).hexdigest()
    name = f"perforation{key[:24]}"
    if points and canvas._doc.getXObjectName(name) not in canvas._doc.idToObject:
        reach = radius + HOLE_RIM
        far_x = max(x for x, _ in points) + reach
        far_y = max(y for _, y in points) + reach
        canvas.beginForm(name, -reach, -reach, far_x, far_y)
        draw_perforation_holes(canvas, set(points), radius, HOLE_RIM)
        canvas.endForm()
    return name


def _give_form_its_resources(canvas: Canvas, name: str) -> None:
    """ReportLab writes a form's fonts and images but not its ExtGState (transparency)."""
    form = canvas._doc.idToObject[canvas._doc.getXObjectName(name)]
    resources = PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()
    if form.XObjects:
        resources.XObject = form.XObjects
    if form.ExtGState:
        resources.ExtGState = form.ExtGState
    form.Resources = resources


def draw_stamp_block(
    canvas: Canvas,
    layout: SheetLayout,
    words: StampInscriptions,
    artwork: Artwork,
    fonts: ProofFonts,
) -> None:
    """Every stamp of the sheet (no proof guides), in sheet coordinates.

    The stamp (artwork, panels, inscriptions, with its full bleed) is drawn once into a
    form XObject and placed at every position, clipped to that position's reach: a
    50-stamp sheet then costs one stamp drawing plus 50 placements.
    """
    fmt = layout.fmt
    bleed = fmt.bleed_mm * mm
    width, height = fmt.width_mm * mm, fmt.height_mm * mm
    key = hashlib.sha256(repr((fmt, words, artwork and artwork.sha256)).encode()).hexdigest()
    name = f"stamp{key[:24]}"
    if canvas._doc.getXObjectName(name) not in canvas._doc.idToObject:
        canvas.beginForm(name, -bleed, -bleed, width + bleed, height + bleed)
        view = StampView(x=0.0, y=0.0, scale=1.0, crop_marks=False, guides=False)
        draw_stamp(canvas, view, fmt, words, artwork, fonts)
        canvas.endForm()
        _give_form_its_resources(canvas, name)
    for row in range(fmt.sheet_rows):
        for column in range(fmt.sheet_columns):
            x, y = layout.stamp_origin_mm(column, row)
            left, bottom, right, top = (value * mm for value in layout.reach_mm(column, row))
            canvas.saveState()
            canvas.translate(x * mm, y * mm)
            clip = canvas.beginPath()
            clip.rect(-left, -bottom, width + left + right, height + bottom + top)
            canvas.clipPath(clip, stroke=0, fill=0)
            canvas.doForm(name)
            canvas.restoreState()


def draw_perforation_die_lines(canvas: Canvas, layout: SheetLayout, colour: Any) -> None:
    """Perforation as thin overprinting lines in a technical colour (press files)."""
    fmt = layout.fmt
    xs, ys = layout.perforation_lines_mm()
    step_x = _pitch_mm(fmt.width_mm, fmt.perforation)
    step_y = _pitch_mm(fmt.height_mm, fmt.perforation)
    canvas.saveState()
    canvas.setStrokeOverprint(True)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.25)
    for x in xs:
        canvas.line(x * mm, (ys[0] - step_y) * mm, x * mm, (ys[-1] + step_y) * mm)
    for y in ys:
        canvas.line((xs[0] - step_x) * mm, y * mm, (xs[-1] + step_x) * mm, y * mm)
    canvas.restoreState()
