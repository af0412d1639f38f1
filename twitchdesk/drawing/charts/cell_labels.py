"""Short labels centred in the cells of a grid (the heat map's counts), drawn as one artist.

A `Text` artist per cell pays for its own layout, transform and graphics context on every draw
(Time of day has 168 cells: a third of its redraw). The cells never move, only their numbers
and colours change, so one artist transforms all the centres at once, measures each label with
the renderer (cached by matplotlib) and places it exactly as `Text(ha="center", va="center")`
would: a single line's box is as tall as matplotlib's "lp" reference line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties

from twitchdesk.drawing.charts.quick_text import QuickTextRenderer


class CellLabels(Artist):
    def __init__(self, ax: Axes, centres: Sequence[tuple[float, float]], size: float) -> None:
        super().__init__()
        self._centres = np.asarray(centres, dtype=float)  # data coordinates
        self._font = FontProperties(family=mpl.rcParams["font.family"], size=size)
        self._antialiased = bool(mpl.rcParams["text.antialiased"])
        self.texts: list[str] = [""] * len(self._centres)  # "" draws nothing
        self.colours: list[str] = ["#000000"] * len(self._centres)
        self.set_transform(ax.transData)
        self.set_zorder(3)  # above the mesh, as Text artists are
        ax.add_artist(self)

    def set_labels(self, texts: Sequence[str], colours: Sequence[str]) -> None:
        self.texts, self.colours = list(texts), list(colours)
        self.stale = True

    def draw(self, renderer: Any) -> None:
        if not self.get_visible() or not any(self.texts):
            return
        renderer.open_group("cell_labels", gid=self.get_gid())
        points = self.get_transform().transform(self._centres)
        _, line_height, line_descent = renderer.get_text_width_height_descent(
            "lp", self._font, ismath=False
        )
        # va="center" centres the line's box (at least "lp" tall) on the point; y up from here.
        baseline = line_descent - line_height / 2
        flip = renderer.flipy()
        canvas_height = renderer.get_canvas_width_height()[1]
        gc = renderer.new_gc()
        gc.set_antialiased(self._antialiased)
        shown = [
            (x, canvas_height - (y + baseline) if flip else y + baseline, text, colour)
            for (x, y), text, colour in zip(points, self.texts, self.colours, strict=True)
            if text
        ]
        if isinstance(renderer, QuickTextRenderer):  # the Trends canvas (and its PNG export)
            renderer.draw_centred_lines(gc, self._font, shown)
        else:  # SVG, PDF, a plain Agg canvas
            for x, y, text, colour in shown:
                width, _, _ = renderer.get_text_width_height_descent(text, self._font, False)
                gc.set_foreground(colour)
                renderer.draw_text(gc, x - width / 2, y, text, self._font, 0)
        gc.restore()
        renderer.close_group("cell_labels")
        self.stale = False
