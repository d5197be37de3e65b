"""The report's charts, laid out once and drawn as SVG (web) or natively in the PDF.

A chart is first turned into a few shapes (rectangles, lines, text,
points) in a page-like coordinate system, y growing downwards; ``to_svg``
and ``to_drawing`` only translate those shapes. So the web page, the HTML
file and the PDF show the same chart, and neither needs a chart library
or anything from the internet.

Colours are the Okabe-Ito palette, told apart by readers with colour
vision deficiencies; lines differ by dash pattern too, so a chart stays
readable printed in black and white. Every chart carries a title and a
description, and ``data_table`` gives its values for a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from thbhub.statistics.report.sources import Cell

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
DASHES: tuple[tuple[int, ...], ...] = ((), (6, 3), (2, 2), (8, 3, 2, 3))
# Light to dark blue for the flows matrix; the darkest cells get white text.
SEQUENTIAL = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
INK = "#222222"
GRID = "#CCCCCC"
WIDTH = 640
ANCHORS: dict[str, Literal["start", "middle", "end"]] = {
    "start": "start",
    "middle": "middle",
    "end": "end",
}
LABEL_WIDTH = 170
ROW = 22


@dataclass(frozen=True)
class Series:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ChartData:
    """What a chart shows; ``kind`` is bar, hbar, stacked, lines or matrix.

    For a matrix, ``categories`` are the columns and each series a row.
    """

    key: str
    kind: str
    title: str
    description: str
    category_header: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]

    @property
    def empty(self) -> bool:
        return not self.categories or not any(
            cell.value is not None or cell.suppressed for s in self.series for cell in s.cells
        )


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    tooltip: str = ""
    stroke: str = ""


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1.0
    dash: tuple[int, ...] = ()


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 10
    anchor: str = "start"
    fill: str = INK
    bold: bool = False
    angle: float = 0


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    radius: float
    fill: str
    tooltip: str = ""


Shape = Rect | Line | Text | Point


@dataclass
class Layout:
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)


def _shorten(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nice_max(value: int) -> int:
    """The axis end: four equal whole-number steps that reach ``value``."""
    if value <= 4:
        return 4
    step = value / 4
    magnitude = 10 ** math.floor(math.log10(step))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = factor * magnitude
        if candidate >= step and candidate == int(candidate):
            return int(candidate) * 4
    return math.ceil(step) * 4


def _known(cells: Sequence[Cell]) -> list[int]:
    return [cell.value for cell in cells if cell.known and cell.value is not None]


def layout(chart: ChartData) -> Layout:
    if chart.empty:
        result = Layout(WIDTH, 40)
        result.shapes.append(Text(8, 24, _("No published values to show."), size=11))
        return result
    if chart.kind == "lines":
        return _lines(chart)
    if chart.kind == "matrix":
        return _matrix(chart)
    if chart.kind == "stacked":
        return _stacked(chart)
    return _bars(chart)


def _axis(
    result: Layout, left: float, right: float, top: float, bottom: float, *, top_value: int
) -> None:
    for step in range(5):
        value = top_value * step / 4
        x = left + (right - left) * step / 4
        result.shapes.append(Line(((x, top), (x, bottom)), GRID, 0.5))
        result.shapes.append(Text(x, bottom + 12, f"{value:,.0f}", size=8, anchor="middle"))


def _bars(chart: ChartData) -> Layout:
    series = chart.series[0]
    top = 8.0
    height = top + ROW * len(chart.categories) + 22
    result = Layout(WIDTH, height)
    left, right = float(LABEL_WIDTH), WIDTH - 60.0
    top_value = _nice_max(max(_known(series.cells), default=0))
    _axis(result, left, right, top, height - 20, top_value=top_value)
    for index, (label, cell) in enumerate(zip(chart.categories, series.cells, strict=True)):
        y = top + index * ROW
        result.shapes.append(Text(left - 6, y + 15, _shorten(label), size=9, anchor="end"))
        if cell.known and cell.value is not None:
            width = (right - left) * cell.value / top_value
            tip = f"{label}: {cell.text}"
            result.shapes.append(Rect(left, y + 4, max(width, 0.5), ROW - 8, PALETTE[0], tip))
            result.shapes.append(Text(left + width + 4, y + 15, cell.text, size=9))
        else:
            result.shapes.append(Text(left + 4, y + 15, cell.text, size=9, bold=True))
    return result


def _legend(result: Layout, labels: Sequence[str], y: float, *, lines: bool = False) -> None:
    x = 8.0
    for index, label in enumerate(labels):
        colour = PALETTE[index % len(PALETTE)]
        if lines:
            dash = DASHES[index % len(DASHES)]
            result.shapes.append(Line(((x, y - 4), (x + 18, y - 4)), colour, 2, dash))
        else:
            result.shapes.append(Rect(x, y - 10, 12, 12, colour))
        text = _shorten(label, 30)
        result.shapes.append(Text(x + 22, y, text, size=9))
        x += 22 + 6.2 * len(text) + 16


def _stacked(chart: ChartData) -> Layout:
    top = 26.0
    height = top + ROW * len(chart.categories) + 22
    result = Layout(WIDTH, height)
    _legend(result, [s.label for s in chart.series], 14)
    left, right = float(LABEL_WIDTH), WIDTH - 70.0
    sums = [
        sum(_known([series.cells[i] for series in chart.series]))
        for i in range(len(chart.categories))
    ]
    top_value = _nice_max(max(sums, default=0))
    _axis(result, left, right, top, height - 20, top_value=top_value)
    for index, label in enumerate(chart.categories):
        y = top + index * ROW
        result.shapes.append(Text(left - 6, y + 15, _shorten(label), size=9, anchor="end"))
        x = left
        hidden = False
        for number, series in enumerate(chart.series):
            cell = series.cells[index]
            if not (cell.known and cell.value is not None):
                hidden = hidden or cell.suppressed
                continue
            width = (right - left) * cell.value / top_value
            tip = f"{label}, {series.label}: {cell.text}"
            colour = PALETTE[number % len(PALETTE)]
            result.shapes.append(Rect(x, y + 4, width, ROW - 8, colour, tip))
            x += width
        if x == left and not hidden:
            marker = ":"
        else:
            marker = f"{sums[index]:,}" + (" (c)" if hidden else "")
        result.shapes.append(Text(x + 4, y + 15, marker, size=9))
    return result


def _lines(chart: ChartData) -> Layout:
    height = 240.0
    result = Layout(WIDTH, height)
    _legend(result, [s.label for s in chart.series], 14, lines=True)
    left, right, top, bottom = 56.0, WIDTH - 24.0, 30.0, height - 26
    values = [v for s in chart.series for v in _known(s.cells)]
    top_value = _nice_max(max(values, default=0))
    for step in range(5):
        y = bottom - (bottom - top) * step / 4
        result.shapes.append(Line(((left, y), (right, y)), GRID, 0.5))
        result.shapes.append(
            Text(left - 6, y + 3, f"{top_value * step / 4:,.0f}", size=8, anchor="end")
        )
    count = len(chart.categories)

    def x_of(i: int) -> float:
        return left + (right - left) * (i + 0.5) / count

    for i, label in enumerate(chart.categories):
        result.shapes.append(Text(x_of(i), bottom + 16, label, size=9, anchor="middle"))
    for number, series in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        dash = DASHES[number % len(DASHES)]
        run: list[tuple[float, float]] = []
        points: list[Point] = []
        for i, cell in enumerate(series.cells):
            if not (cell.known and cell.value is not None):
                if len(run) > 1:
                    result.shapes.append(Line(tuple(run), colour, 2, dash))
                run = []
                continue
            y = bottom - (bottom - top) * cell.value / top_value
            run.append((x_of(i), y))
            tip = f"{series.label}, {chart.categories[i]}: {cell.text}"
            points.append(Point(x_of(i), y, 3, colour, tip))
        if len(run) > 1:
            result.shapes.append(Line(tuple(run), colour, 2, dash))
        result.shapes.extend(points)
    return result


def _matrix(chart: ChartData) -> Layout:
    cell_width = min(48.0, (WIDTH - LABEL_WIDTH - 8) / max(len(chart.categories), 1))
    top = 110.0
    height = top + ROW * len(chart.series) + 8
    result = Layout(WIDTH, height)
    values = [v for s in chart.series for v in _known(s.cells)]
    top_value = max(values, default=1) or 1
    left = float(LABEL_WIDTH)
    for j, label in enumerate(chart.categories):
        x = left + j * cell_width + cell_width / 2
        result.shapes.append(Text(x, top - 6, _shorten(label, 20), size=8, angle=-50))
    for i, series in enumerate(chart.series):
        y = top + i * ROW
        result.shapes.append(Text(left - 6, y + 15, _shorten(series.label), size=9, anchor="end"))
        for j, cell in enumerate(series.cells):
            x = left + j * cell_width
            if cell.value is None and not cell.suppressed:
                result.shapes.append(Rect(x, y, cell_width, ROW, "#FFFFFF", stroke=GRID))
                continue
            level = 0
            if cell.known and cell.value:
                level = min(
                    len(SEQUENTIAL) - 1, int(len(SEQUENTIAL) * cell.value / (top_value + 1))
                )
            tip = f"{series.label} → {chart.categories[j]}: {cell.text}"
            result.shapes.append(Rect(x, y, cell_width, ROW, SEQUENTIAL[level], tip, stroke=GRID))
            ink = "#FFFFFF" if level >= 3 else INK
            result.shapes.append(Text(x + cell_width / 2, y + 15, cell.text, 8, "middle", ink))
    return result


def to_svg(chart: ChartData) -> str:
    """The chart as an accessible inline SVG element (role img, title and description)."""
    drawn = layout(chart)
    ident = f"chart-{chart.key}"
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" '
            f'viewBox="0 0 {drawn.width:.0f} {drawn.height:.0f}" width="100%" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" font-family="sans-serif">'
        ),
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(chart.description)}</desc>',
    ]
    for shape in drawn.shapes:
        parts.append(_svg_shape(shape))
    parts.append("</svg>")
    return "".join(parts)


def _tip(text: str) -> str:
    return f"<title>{escape(text)}</title>" if text else ""


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
        return (
            f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.width:.1f}" '
            f'height="{shape.height:.1f}" fill="{shape.fill}"{stroke}>{_tip(shape.tooltip)}</rect>'
        )
    if isinstance(shape, Line):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
        dash = f' stroke-dasharray="{",".join(map(str, shape.dash))}"' if shape.dash else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{shape.width}"{dash}/>'
        )
    if isinstance(shape, Point):
        return (
            f'<circle cx="{shape.x:.1f}" cy="{shape.y:.1f}" r="{shape.radius}" '
            f'fill="{shape.fill}">{_tip(shape.tooltip)}</circle>'
        )
    weight = ' font-weight="bold"' if shape.bold else ""
    rotate = (
        f' transform="rotate({shape.angle} {shape.x:.1f} {shape.y:.1f})"' if shape.angle else ""
    )
    return (
        f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" '
        f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}{rotate}>'
        f"{escape(shape.text)}</text>"
    )


def to_drawing(chart: ChartData, *, font: str, bold_font: str, scale: float = 1.0) -> Any:
    """The chart as a reportlab Drawing, for the PDF (y flipped: PDF y grows upwards)."""
    from reportlab.graphics.shapes import Circle, Drawing, Group, PolyLine, String  # noqa: PLC0415
    from reportlab.graphics.shapes import Rect as PdfRect  # noqa: PLC0415
    from reportlab.lib.colors import HexColor  # noqa: PLC0415

    drawn = layout(chart)
    height = drawn.height
    drawing = Drawing(drawn.width * scale, height * scale)
    group = Group(transform=(scale, 0, 0, scale, 0, 0))
    for shape in drawn.shapes:
        if isinstance(shape, Rect):
            rect = PdfRect(shape.x, height - shape.y - shape.height, shape.width, shape.height)
            rect.fillColor = HexColor(shape.fill)
            rect.strokeColor = HexColor(shape.stroke) if shape.stroke else None
            rect.strokeWidth = 0.5
            group.add(rect)
        elif isinstance(shape, Line):
            flat = [coordinate for x, y in shape.points for coordinate in (x, height - y)]
            line = PolyLine(flat, strokeColor=HexColor(shape.stroke), strokeWidth=shape.width)
            if shape.dash:
                line.strokeDashArray = list(shape.dash)
            group.add(line)
        elif isinstance(shape, Point):
            group.add(
                Circle(
                    shape.x,
                    height - shape.y,
                    shape.radius,
                    fillColor=HexColor(shape.fill),
                    strokeColor=None,
                )
            )
        else:
            text = String(
                0,
                0,
                shape.text,
                fontName=bold_font if shape.bold else font,
                fontSize=shape.size,
                fillColor=HexColor(shape.fill),
            )
            text.textAnchor = ANCHORS[shape.anchor]
            angle = math.radians(-shape.angle)
            cos, sin = math.cos(angle), math.sin(angle)
            group.add(Group(text, transform=(cos, sin, -sin, cos, shape.x, height - shape.y)))
    drawing.add(group)
    return drawing


def data_table(chart: ChartData) -> tuple[list[str], list[list[str]]]:
    """The chart's values as a table: header, then a row per category (or matrix row)."""
    if chart.kind == "matrix":
        header = [chart.category_header, *chart.categories]
        rows = [[s.label, *(cell.text for cell in s.cells)] for s in chart.series]
        return header, rows
    header = [chart.category_header, *(s.label for s in chart.series)]
    rows = [
        [category, *(s.cells[i].text for s in chart.series)]
        for i, category in enumerate(chart.categories)
    ]
    return header, rows
