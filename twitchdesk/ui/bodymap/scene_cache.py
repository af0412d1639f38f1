"""The body map's still picture, painted once into a pixmap and reused until what it shows changes.

Antialiased fills and strokes of some fifty many-point region polygons take several milliseconds,
and the map repaints on every hover, click and focus change. Those change only a few regions, so
the widget blits this picture and repaints just the boxes of the marked regions on top.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPainter, QPixmap


class SceneCache:
    """One pixmap and the key it was painted for (size, pixel ratio, view, colours, data…)."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._pixmap: QPixmap | None = None
        self.renders = 0  # how many times the picture was painted afresh

    def clear(self) -> None:
        self._key = None
        self._pixmap = None

    def pixmap(
        self,
        key: tuple[object, ...],
        size: QSize,
        ratio: float,
        background: QColor,
        paint: Callable[[QPainter], None],
    ) -> QPixmap:
        """The picture for `key`, painted by `paint` (logical coordinates) when the key is new.

        `ratio` is the screen's device pixel ratio: the pixmap has that many pixels per logical
        one, so a HiDPI screen gets a sharp picture drawn 1:1. An opaque `background` keeps the
        pixmap in the screen's opaque format, which blits as a plain copy."""
        if self._pixmap is None or key != self._key:
            pixmap = QPixmap(
                QSize(math.ceil(size.width() * ratio), math.ceil(size.height() * ratio))
            )
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(background)
            painter = QPainter(pixmap)
            paint(painter)
            painter.end()
            self._pixmap, self._key = pixmap, key
            self.renders += 1
        return self._pixmap
