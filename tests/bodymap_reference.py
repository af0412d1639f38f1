"""The body map painted as it was before the still-picture cache: everything, on every paint.

The cached painting (a blit plus patches around the marked regions) must give the same pixels as
this: the whole figure through `ViewPainter.paint_figure` (as the printed report still draws it),
the side letters, the heat legend, then the widget's own overlays (hover label, caption, focus).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from twitchdesk.drawing.bodymap import MapColors, paint_heat_legend, paint_side_labels
from twitchdesk.ui.bodymap import BodyMapWidget

# Largest per-channel difference tolerated: room for antialiasing rounding, far below what a
# missing border, a wrong fill or a stale picture changes (tens to hundreds).
TOLERANCE = 3


def full_paint(widget: BodyMapWidget) -> QImage:
    """The widget's picture at its size and pixel ratio, painted the old way."""
    ratio = widget.devicePixelRatioF()
    image = QImage(widget.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    colors = MapColors.from_palette(widget.palette())
    transform = widget._transform()
    view = widget.atlas.views[widget.view()]
    selection = widget.selection()
    heat = widget.heat()
    painter = QPainter(image)
    painter.setFont(widget.font())  # as QPainter(widget) starts; the hover label relies on it
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(widget.rect(), colors.background)
    widget._painter.paint_figure(
        painter,
        view,
        transform,
        colors,
        heat=heat,
        hover=widget._hover,
        selected=None if selection is None else widget.atlas.find_shape(*selection, view=view.name),
        focus=widget._focus if widget.hasFocus() else None,
    )
    paint_side_labels(painter, view, transform, colors, widget.font())
    if heat is not None:
        corner = QPointF(10, widget.height() - widget._caption_height() - 6)
        paint_heat_legend(painter, corner, max(heat.values(), default=0), colors, widget.font())
    widget._paint_overlays(painter, transform, colors)
    painter.end()
    return image


def difference(a: QImage, b: QImage) -> int:
    """The largest difference of any channel of any pixel (images of one size)."""
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    assert (a.width(), a.height()) == (b.width(), b.height())
    if a == b:
        return 0
    return int(np.abs(_pixels(a) - _pixels(b)).max())


def _pixels(image: QImage) -> np.ndarray:
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].astype(np.int16)


def differs_from_full_paint(widget: BodyMapWidget) -> int:
    """How far what the widget paints now (grab) is from the old full paint."""
    return difference(widget.grab().toImage(), full_paint(widget))
