"""Painting one body-map view with a QPainter: colours, heat ramp, legend, side labels.

QtGui only (no widgets), so a PDF report can draw the same heat figure the window shows. All
drawing is vector, through one view-to-device transform, so it stays crisp at any size and DPI.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QTransform,
)

from twitchdesk.core.regions import RegionAtlas, Shape, View
from twitchdesk.i18n import TextContext

DRAWING_BODYMAP = TextContext("DRAWING_BODYMAP")

# Which of the person's sides is on the viewer's left (see core/regions.py).
VIEWER_LEFT_SIDE = {"front": "right", "back": "left", "face": "right"}

# Outline segments per piece when only part of the outline is stroked (ViewPainter).
OUTLINE_PIECE = 8

Bounds = tuple[float, float, float, float]  # left, top, right, bottom

# Amber to rust: reads as "more" in light and dark themes without the alarm of pure red.
HEAT_STOPS = ((0.0, QColor("#fbe3a1")), (0.5, QColor("#f2a541")), (1.0, QColor("#b4461c")))


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


def heat_color(t: float) -> QColor:
    """Colour for a fraction 0..1 of the busiest region's count."""
    t = max(0.0, min(1.0, t))
    for (t0, c0), (t1, c1) in itertools.pairwise(HEAT_STOPS):
        if t <= t1:
            return mix(c0, c1, (t - t0) / (t1 - t0))
    return QColor(HEAT_STOPS[-1][1])


def heat_fraction(count: int, maximum: int) -> float:
    """Square-root scale: one or two episodes are still visible next to a busy region."""
    if count <= 0 or maximum <= 0:
        return 0.0
    if maximum == 1:
        return 1.0
    return 0.15 + 0.85 * math.sqrt((count - 1) / (maximum - 1))


@dataclass(frozen=True)
class MapColors:
    background: QColor
    figure: QColor
    line: QColor
    outline: QColor
    detail: QColor
    hover: QColor
    selected_fill: QColor
    selected_line: QColor
    focus: QColor
    text: QColor
    muted: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> MapColors:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        accent = palette.color(QPalette.ColorRole.Highlight)
        dark_theme = base.lightnessF() < 0.5
        figure = mix(mix(base, text, 0.05), accent, 0.10 if dark_theme else 0.07)
        return cls(
            background=base,
            figure=figure,
            line=mix(figure, text, 0.22),
            outline=mix(base, text, 0.55),
            detail=mix(figure, text, 0.45),
            hover=mix(figure, accent, 0.30),
            selected_fill=mix(figure, accent, 0.65),
            selected_line=mix(accent, text, 0.35),
            focus=text,
            text=text,
            muted=palette.color(QPalette.ColorRole.PlaceholderText),
        )


def fit_transform(view: View, rect: QRectF) -> QTransform:
    """Scale a view's box into `rect` keeping its aspect ratio, centred."""
    scale = min(rect.width() / view.width, rect.height() / view.height)
    scale = max(scale, 1e-6)
    dx = rect.x() + (rect.width() - view.width * scale) / 2
    dy = rect.y() + (rect.height() - view.height * scale) / 2
    return QTransform(scale, 0, 0, scale, dx, dy)


def polygon(points: tuple[tuple[float, float], ...]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


class ViewPainter:
    """Draws one view of an atlas; keeps the converted polygons of the views it has drawn."""

    def __init__(self, atlas: RegionAtlas) -> None:
        self.atlas = atlas
        # Keyed by name, not by the Shape: hashing a frozen Shape hashes all its points.
        self._polygons: dict[tuple[str, str, str], QPolygonF] = {}
        self._outlines: dict[str, QPolygonF] = {}
        self._details: dict[str, tuple[Detail, ...]] = {}
        self._pieces: dict[str, tuple[tuple[int, int, Bounds], ...]] = {}
        self._runs: dict[tuple[str, tuple[float, ...]], list[QPolygonF] | None] = {}

    def polygon_of(self, shape: Shape) -> QPolygonF:
        key = (shape.region_id, shape.view, shape.side)
        poly = self._polygons.get(key)
        if poly is None:
            poly = self._polygons[key] = polygon(shape.points)
        return poly

    def outline_of(self, view: View) -> QPolygonF:
        poly = self._outlines.get(view.name)
        if poly is None:
            poly = self._outlines[view.name] = polygon(view.outline)
        return poly

    def outline_runs_near(self, view: View, box: QRectF) -> list[QPolygonF] | None:
        """The stretches of the outline whose segments may meet `box`, as open polylines; None
        when that is the whole outline.

        Each run ends on a vertex outside the box, so its end caps fall where the closed
        outline's joins would and a caller that clips to the box sees no difference."""
        key = (view.name, box.getCoords())
        if key in self._runs:
            return self._runs[key]
        if len(self._runs) >= 256:  # boxes change with the widget's size; keep the few in use
            self._runs.clear()
        runs = self._runs[key] = self._outline_runs(view, box)
        return runs

    def _outline_runs(self, view: View, box: QRectF) -> list[QPolygonF] | None:
        points = view.outline
        pieces = self._outline_pieces(view)
        meets = [_meets(bounds, box) for _, _, bounds in pieces]
        if all(meets):
            return None
        runs: list[QPolygonF] = []
        run: list[tuple[float, float]] = []
        # Start after a piece that misses the box, so no run wraps past the list's end.
        first_miss = meets.index(False)
        for step in range(1, len(pieces) + 1):
            index = (first_miss + step) % len(pieces)
            start, end, _bounds = pieces[index]
            if meets[index]:
                piece = [points[i % len(points)] for i in range(start, end + 1)]
                run.extend(piece[1:] if run else piece)
            elif run:
                runs.append(polygon(tuple(run)))
                run = []
        return runs

    def _outline_pieces(self, view: View) -> tuple[tuple[int, int, Bounds], ...]:
        """The closed outline cut into pieces of OUTLINE_PIECE segments: first and last point
        index (the last may be len(outline), the first point again) and bounds."""
        pieces = self._pieces.get(view.name)
        if pieces is None:
            points, built = view.outline, []
            for start in range(0, len(points), OUTLINE_PIECE):
                end = min(start + OUTLINE_PIECE, len(points))
                piece = [points[i % len(points)] for i in range(start, end + 1)]
                built.append((start, end, _bounds(piece)))
            pieces = self._pieces[view.name] = tuple(built)
        return pieces

    def details_of(self, view: View) -> tuple[Detail, ...]:
        details = self._details.get(view.name)
        if details is None:
            details = self._details[view.name] = tuple(Detail.of(line) for line in view.details)
        return details

    def paint_figure(
        self,
        painter: QPainter,
        view: View,
        transform: QTransform,
        colors: MapColors,
        *,
        heat: dict[tuple[str, str], int] | None = None,
        hover: Shape | None = None,
        selected: Shape | None = None,
        focus: Shape | None = None,
    ) -> None:
        """The figure with its regions, details and outline, then the hover, selection and focus."""
        self.paint_silhouette(painter, view, transform, colors)
        self.paint_regions(
            painter, view, transform, colors, heat=heat, hover=hover, selected=selected, focus=focus
        )

    def paint_silhouette(
        self, painter: QPainter, view: View, transform: QTransform, colors: MapColors
    ) -> None:
        """The figure's flat fill under its regions (the first step of paint_figure)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(transform, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.figure)
        painter.drawPolygon(self.outline_of(view))
        painter.restore()

    def paint_regions(
        self,
        painter: QPainter,
        view: View,
        transform: QTransform,
        colors: MapColors,
        *,
        heat: dict[tuple[str, str], int] | None = None,
        hover: Shape | None = None,
        selected: Shape | None = None,
        focus: Shape | None = None,
        within: QRectF | None = None,
    ) -> None:
        """Everything of paint_figure over the silhouette: regions, details, outline, marks.

        `within` (view coordinates) skips the shapes and details whose bounds miss that box and
        strokes only the outline near it: a caller that clips to a box a few pixels inside it
        (the reach of the strokes) gets the same pixels there as a full paint, for less work."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(transform, True)
        # Cosmetic pens keep lines one device-independent width at any zoom.
        outline_pen = QPen(colors.outline, 1.6)
        outline_pen.setCosmetic(True)
        outline_pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        line_pen = QPen(colors.line, 1.0)
        line_pen.setCosmetic(True)
        line_pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)

        maximum = max(heat.values(), default=0) if heat else 0
        painter.setPen(line_pen)
        for shape in self.atlas.shapes(view.name):
            if within is not None and not _meets(shape.bounds, within):
                continue
            fill = colors.figure
            if heat:
                count = heat.get((shape.region_id, shape.side), 0)
                if count > 0:
                    fill = heat_color(heat_fraction(count, maximum))
            if shape == hover and shape != selected:
                fill = mix(fill, colors.hover, 0.75) if fill == colors.figure else fill.lighter(112)
            if shape == selected:
                fill = colors.selected_fill if not heat else fill
            painter.setBrush(fill)
            painter.drawPolygon(self.polygon_of(shape))

        painter.setBrush(Qt.BrushStyle.NoBrush)
        if view.details:
            detail_pen = QPen(colors.detail, 1.1)
            detail_pen.setCosmetic(True)
            detail_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(detail_pen)
            for detail in self.details_of(view):
                if within is not None and not _meets(detail.bounds, within):
                    continue
                if detail.closed:
                    # A closed detail (an eye) is an opening: it hides the region border
                    # that runs through it and is never tinted by hover or heat.
                    painter.setBrush(colors.background)
                    painter.drawPolygon(detail.polygon)
                else:
                    painter.drawPolyline(detail.polygon)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(outline_pen)
        # Stroking the whole outline costs milliseconds even when clipped to a small box; the
        # runs of it near the box give the same pixels there.
        runs = None if within is None else self.outline_runs_near(view, within)
        if runs is None:
            painter.drawPolygon(self.outline_of(view))
        else:
            for run in runs:
                painter.drawPolyline(run)

        if hover is not None and hover != selected:
            pen = QPen(colors.selected_line, 1.6)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPolygon(self.polygon_of(hover))
        if selected is not None:
            pen = QPen(colors.selected_line, 3.0)
            pen.setCosmetic(True)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPolygon(self.polygon_of(selected))
        if focus is not None:
            pen = QPen(colors.focus, 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPolygon(self.polygon_of(focus))
        painter.restore()


@dataclass(frozen=True)
class Detail:
    """One drawn detail line of a view; a closed one (first point = last) is an opening."""

    polygon: QPolygonF
    closed: bool
    bounds: Bounds

    @classmethod
    def of(cls, line: tuple[tuple[float, float], ...]) -> Detail:
        closed = len(line) > 3 and line[0] == line[-1]
        return cls(polygon(line), closed, _bounds(line))


def _bounds(points: Sequence[tuple[float, float]]) -> Bounds:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _meets(bounds: Bounds, box: QRectF) -> bool:
    left, top, right, bottom = bounds
    return (
        left <= box.right() and right >= box.left() and top <= box.bottom() and bottom >= box.top()
    )


def side_label_anchors(view: View) -> tuple[QPointF, QPointF]:
    """Where the side letters go, in view coordinates: the free top corners of the box."""
    inset_y = 0.085 * view.height if view.height > 600 else 0.09 * view.height
    return QPointF(0.11 * view.width, inset_y), QPointF(0.89 * view.width, inset_y)


def paint_side_labels(
    painter: QPainter, view: View, transform: QTransform, colors: MapColors, base_font: QFont
) -> QRectF:
    """Big "R" / "L" at the person's right and left, each with "person's right" under it.

    Users mix up sides on body maps (the figure faces them on the front view), so every view
    says whose side it is. Returns the box the text was laid out in (glyphs may overhang it by
    a pixel or two)."""
    scale = transform.m11()
    letter_font = QFont(base_font)
    letter_font.setBold(True)
    letter_font.setPixelSize(round(max(16.0, min(40.0, 34 * scale * view.height / 900))))
    caption_font = QFont(base_font)
    caption_font.setPixelSize(round(max(10.0, min(14.0, letter_font.pixelSize() * 0.4))))
    left_side = VIEWER_LEFT_SIDE.get(view.name, "right")
    right_side = "left" if left_side == "right" else "right"
    letters = {
        #: the big letter marking the person's right side on the body map
        "right": DRAWING_BODYMAP.tr("R"),
        #: the big letter marking the person's left side on the body map
        "left": DRAWING_BODYMAP.tr("L"),
    }
    captions = {
        "right": DRAWING_BODYMAP.tr("person's right"),
        "left": DRAWING_BODYMAP.tr("person's left"),
    }
    painter.save()
    painted = QRectF()
    for anchor, side in zip(side_label_anchors(view), (left_side, right_side), strict=True):
        centre = transform.map(anchor)
        letter = letters[side]
        painter.setFont(letter_font)
        painter.setPen(colors.text)
        metrics = QFontMetricsF(letter_font)
        box = QRectF(centre.x() - 60, centre.y() - metrics.height() / 2, 120, metrics.height())
        painted |= painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)
        painter.setFont(caption_font)
        painter.setPen(colors.muted)
        caption = QRectF(box.x(), box.bottom(), box.width(), QFontMetricsF(caption_font).height())
        painted |= painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, captions[side])
    painter.restore()
    return painted


def paint_heat_legend(
    painter: QPainter, corner: QPointF, maximum: int, colors: MapColors, base_font: QFont
) -> QRectF:
    """A small ramp "1 … max episodes" whose bottom-left corner is at `corner`."""
    font = QFont(base_font)
    font.setPixelSize(max(10, min(13, font.pixelSize() if font.pixelSize() > 0 else 12)))
    metrics = QFontMetricsF(font)
    bar_w, bar_h = 96.0, 10.0
    line = metrics.height()
    box = QRectF(
        corner.x(), corner.y() - (line * 2 + bar_h + 14), bar_w + 16, line * 2 + bar_h + 14
    )
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(font)
    painter.setPen(QPen(colors.line, 1))
    painter.setBrush(colors.background)
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(colors.text)
    title = QRectF(box.x() + 8, box.y() + 4, bar_w, line)
    painter.drawText(title, Qt.AlignmentFlag.AlignLeft, DRAWING_BODYMAP.tr("Episodes"))
    bar = QRectF(box.x() + 8, title.bottom() + 3, bar_w, bar_h)
    gradient = QLinearGradient(bar.topLeft(), bar.topRight())
    if maximum <= 1:
        gradient.setColorAt(0, heat_color(1.0))
        gradient.setColorAt(1, heat_color(1.0))
    else:
        for i in range(11):
            gradient.setColorAt(
                i / 10, heat_color(heat_fraction(1 + round(i / 10 * (maximum - 1)), maximum))
            )
    painter.setPen(QPen(colors.line, 1))
    painter.setBrush(gradient)
    painter.drawRect(bar)
    numbers = QRectF(bar.x(), bar.bottom() + 1, bar_w, line)
    painter.setPen(colors.muted)
    painter.drawText(numbers, Qt.AlignmentFlag.AlignLeft, "1")
    painter.drawText(numbers, Qt.AlignmentFlag.AlignRight, str(max(1, maximum)))
    painter.restore()
    return box


def outline_path(view: View) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(polygon(view.outline))
    path.closeSubpath()
    return path
