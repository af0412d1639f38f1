"""The body-map heat figure for the report: front and back side by side, the face close-up when
face regions are involved, a shared colour scale, counts on the regions and a legend.

It reuses the body map's own painting (`twitchdesk/drawing/bodymap.py`: polygons, heat ramp,
fit transform), which is QtGui only and shared with the window's body-map widget.

Units are the report's (1/10 pt); the painter may be scaled to any device.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter, QPen

from twitchdesk.core.regions import MIDLINE, RegionAtlas
from twitchdesk.report.fonts import report_font
from twitchdesk.storage.aggregates import RegionSideCount

COARSE_FACE = "face"  # the front view's single face region, standing for the close-up
VIEW_CAPTIONS = {"front": "Front", "back": "Back", "face": "Face, close-up"}
# Which of the person's sides is on the viewer's left (see core/regions.py).
VIEWER_LEFT_SIDE = {"front": "right", "back": "left", "face": "right"}
_SCALE_KEY = ("", "")  # a key no shape has: carries the shared maximum into each view's heat


@dataclass(frozen=True)
class Palette:
    text: QColor
    muted: QColor
    figure: QColor
    line: QColor
    outline: QColor
    detail: QColor
    count_text: QColor


PRINT = Palette(
    text=QColor("#1f2933"),
    muted=QColor("#616e7c"),
    figure=QColor("#eef1f4"),
    line=QColor("#c3cbd3"),
    outline=QColor("#7b8794"),
    detail=QColor("#9aa5b1"),
    count_text=QColor("#1f2933"),
)


def view_heat(
    rows: Iterable[RegionSideCount], atlas: RegionAtlas
) -> dict[str, dict[tuple[str, str], int]]:
    """Episode counts per view, keyed by (region id, the shape's side).

    "Both sides" counts for each side; a side a region does not have is spread to the sides it
    has. A face region drawn only in the close-up also counts for the front view's face."""
    heat: dict[str, dict[tuple[str, str], int]] = {name: {} for name in atlas.views}
    for row in rows:
        if row.region_id not in atlas:
            continue
        region = atlas.region(row.region_id)
        if row.side in region.sides:
            sides: tuple[str, ...] = (row.side,)
        elif region.paired:
            sides = region.sides  # "both", or a midline entry for a paired region
        else:
            sides = (MIDLINE,)
        for view in region.views:
            for side in sides:
                key = (region.id, side)
                heat[view][key] = heat[view].get(key, 0) + row.episodes
        if "front" in heat and "front" not in region.views and region.group == "face":
            key = (COARSE_FACE, MIDLINE)
            heat["front"][key] = heat["front"].get(key, 0) + row.episodes
    return heat


def views_to_draw(heat: dict[str, dict[tuple[str, str], int]]) -> list[str]:
    views: list[str] = [name for name in ("front", "back") if name in heat]
    if heat.get("face"):
        views.append("face")
    return views


GAP = 320.0  # between views
FACE_SHARE = 0.72  # the close-up's height against a body view's
LEGEND_W = 1300.0
MAX_BODY_H = 2300.0


def _caption_height() -> float:
    return QFontMetricsF(report_font(80, bold=True)).lineSpacing() + 30


def _widths(body_h: float, views: Sequence[str], atlas: RegionAtlas) -> list[float]:
    out = []
    for name in views:
        view = atlas.views[name]
        height = body_h * (FACE_SHARE if name == "face" else 1.0)
        out.append(height * view.width / view.height)
    return out


def figure_height(width: float, views: Sequence[str], atlas: RegionAtlas) -> float:
    """Height the figure needs to fit `width` units (the body views set it)."""
    unit = sum(_widths(1.0, views, atlas))
    spare = width - GAP * len(views) - (0 if "face" in views else LEGEND_W)
    return min(MAX_BODY_H, spare / unit) + _caption_height()


def paint_heat_figure(
    painter: QPainter,
    rect: QRectF,
    rows: Sequence[RegionSideCount],
    atlas: RegionAtlas,
    palette: Palette = PRINT,
) -> None:
    """Front, back (and face) with heat colours, side letters, counts and the legend."""
    from twitchdesk.drawing.bodymap import MapColors, ViewPainter, fit_transform

    heat = view_heat(rows, atlas)
    views = views_to_draw(heat)
    maximum = max((count for counts in heat.values() for count in counts.values()), default=0)
    colors = MapColors(
        background=QColor("white"),
        figure=palette.figure,
        line=palette.line,
        outline=palette.outline,
        detail=palette.detail,
        hover=palette.figure,
        selected_fill=palette.figure,
        selected_line=palette.outline,
        focus=palette.text,
        text=palette.text,
        muted=palette.muted,
    )
    caption_font = report_font(80, bold=True)
    caption_h = _caption_height()
    body_h = rect.height() - caption_h
    widths = _widths(body_h, views, atlas)
    total = sum(widths) + GAP * (len(views) - 1) + (0 if "face" in views else GAP + LEGEND_W)
    x = rect.left() + max(0.0, (rect.width() - total) / 2)
    slots: list[tuple[str, QRectF]] = []
    for name, width in zip(views, widths, strict=True):
        height = body_h * (FACE_SHARE if name == "face" else 1.0)
        slots.append((name, QRectF(x, rect.top(), width, height)))
        x += width + GAP
    drawer = ViewPainter(atlas)
    for name, slot in slots:
        view = atlas.views[name]
        transform = fit_transform(view, slot)
        counts = dict(heat.get(name, {}))
        if counts:
            counts[_SCALE_KEY] = maximum  # same colour for the same count on every view
        drawer.paint_figure(painter, view, transform, colors, heat=counts or None)
        _paint_counts(painter, atlas, name, transform, counts)
        _paint_sides(painter, name, slot, palette)
        painter.setFont(caption_font)
        painter.setPen(palette.text)
        caption = QRectF(slot.left() - 200, slot.bottom() + 30, slot.width() + 400, caption_h)
        painter.drawText(
            caption,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            VIEW_CAPTIONS.get(name, view.label),
        )
    face_slot = next((slot for name, slot in slots if name == "face"), None)
    if face_slot is not None:
        corner = QPointF(face_slot.left() + 60, face_slot.bottom() + caption_h + 60)
    else:
        corner = QPointF(x, rect.top() + body_h * 0.45)
    _paint_legend(painter, corner, maximum, palette)


def _paint_counts(
    painter: QPainter,
    atlas: RegionAtlas,
    view_name: str,
    transform: object,
    counts: dict[tuple[str, str], int],
) -> None:
    """The count on each region that has episodes, so the colours need no guessing."""
    font = report_font(62, bold=True)
    metrics = QFontMetricsF(font)
    painter.save()
    painter.setFont(font)
    for shape in atlas.shapes(view_name):
        count = counts.get((shape.region_id, shape.side), 0)
        if count <= 0:
            continue
        centre = transform.map(QPointF(*shape.anchor))  # type: ignore[attr-defined]
        text = str(count)
        width = metrics.horizontalAdvance(text) + 36
        height = metrics.height() + 4
        box = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
        painter.setPen(QPen(QColor(255, 255, 255, 0), 0))
        painter.setBrush(QColor(255, 255, 255, 215))
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(PRINT.count_text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _paint_sides(painter: QPainter, view_name: str, slot: QRectF, palette: Palette) -> None:
    """The letters "R" and "L" over the person's right and left, with whose side it is spelt out."""
    left_side = VIEWER_LEFT_SIDE.get(view_name, "right")
    right_side = "left" if left_side == "right" else "right"
    letter_font = report_font(110, bold=True)
    caption_font = report_font(56)
    letter_h = QFontMetricsF(letter_font).height()
    caption_h = QFontMetricsF(caption_font).height()
    painter.save()
    sides = ((Qt.AlignmentFlag.AlignLeft, left_side), (Qt.AlignmentFlag.AlignRight, right_side))
    for align, side in sides:
        box = QRectF(slot.left() - 60, slot.top(), slot.width() + 120, letter_h)
        painter.setFont(letter_font)
        painter.setPen(palette.text)
        painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, side[0].upper())
        painter.setFont(caption_font)
        painter.setPen(palette.muted)
        under = QRectF(box.left(), box.bottom(), box.width(), caption_h)
        painter.drawText(under, align | Qt.AlignmentFlag.AlignTop, f"person's {side}")
    painter.restore()


def _paint_legend(painter: QPainter, top_left: QPointF, maximum: int, palette: Palette) -> None:
    from twitchdesk.drawing.bodymap import heat_color, heat_fraction

    title_font = report_font(72, bold=True)
    font = report_font(68)
    line = QFontMetricsF(font).lineSpacing()
    bar = QRectF(top_left.x(), top_left.y() + line * 1.3, 1100, 110)
    painter.save()
    painter.setFont(title_font)
    painter.setPen(palette.text)
    painter.drawText(QPointF(top_left.x(), top_left.y() + line), "Episodes per region")
    gradient = QLinearGradient(bar.topLeft(), bar.topRight())
    if maximum <= 1:
        gradient.setColorAt(0, heat_color(1.0))
        gradient.setColorAt(1, heat_color(1.0))
    else:
        for i in range(11):
            count = 1 + round(i / 10 * (maximum - 1))
            gradient.setColorAt(i / 10, heat_color(heat_fraction(count, maximum)))
    painter.setPen(QPen(palette.line, 8))
    painter.setBrush(gradient)
    painter.drawRect(bar)
    painter.setFont(font)
    painter.setPen(palette.muted)
    numbers = QRectF(bar.left(), bar.bottom() + 20, bar.width(), line)
    painter.drawText(numbers, Qt.AlignmentFlag.AlignLeft, "1")
    painter.drawText(numbers, Qt.AlignmentFlag.AlignRight, str(max(1, maximum)))
    swatch = QRectF(bar.left(), numbers.bottom() + 60, 110, 110)
    painter.setPen(QPen(palette.line, 8))
    painter.setBrush(palette.figure)
    painter.drawRect(swatch)
    painter.setPen(palette.muted)
    painter.drawText(
        QRectF(swatch.right() + 60, swatch.top() - 40, 1400, swatch.height() + 80),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
        "none in this period",
    )
    painter.restore()
