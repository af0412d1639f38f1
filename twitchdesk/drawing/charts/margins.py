"""Fixed margins around a chart's axes, measured from its own labels instead of a layout engine.

matplotlib's constrained layout finds the margins by laying the whole figure out on every draw
(120–480 ms here, most of a redraw). The panel's charts know where their text sits, so they
ask for room in points: the widest tick label actually shown, a title line, an axis label.
Text is measured with the canvas's renderer (cached by matplotlib), so a period with wider
numbers gets a wider margin and nothing is clipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

EDGE = 6.0  # points between the outermost text and the canvas edge
LINE = 1.25  # a line of text is this many times its font size


@dataclass(frozen=True)
class Margins:
    """Space around the axes, in points."""

    left: float
    right: float
    top: float
    bottom: float
    gap: float = 0.0  # between stacked axes

    def apply(self, figure: Figure, rows: int = 1) -> None:
        width, height = (float(v) * 72 for v in figure.get_size_inches())
        left = min(self.left / width, 0.45)
        right = max(1 - self.right / width, left + 0.1)
        bottom = min(self.bottom / height, 0.45)
        top = max(1 - self.top / height, bottom + 0.1)
        inner = (top - bottom) * height - self.gap * (rows - 1)
        # subplots_adjust takes the gap as a fraction of the average axes height.
        hspace = self.gap / max(inner / rows, 1.0) if rows > 1 else None
        figure.subplots_adjust(left=left, right=right, bottom=bottom, top=top, hspace=hspace)


def text_width(figure: Figure, texts: Iterable[str], size: float) -> float:
    """The widest of `texts` at `size` points, in points (0 for none)."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    font = FontProperties(family=mpl.rcParams["font.family"], size=size)
    widest = max(
        (renderer.get_text_width_height_descent(t, font, ismath=False)[0] for t in texts if t),
        default=0.0,
    )
    return float(widest) * 72 / figure.dpi


def tick_labels(axis: Axis) -> list[str]:
    """The major tick labels the axis will show for its current limits."""
    low, high = sorted(axis.get_view_interval())
    locations = [v for v in axis.get_major_locator()() if low <= v <= high]
    return [str(label) for label in axis.get_major_formatter().format_ticks(locations)]


def tick_room(figure: Figure, axis: Axis, size: float) -> float:
    """Points taken by an axis's tick marks and its widest label (for a y axis)."""
    tick = float(mpl.rcParams["ytick.major.size"]) + float(mpl.rcParams["ytick.major.pad"])
    return tick + text_width(figure, tick_labels(axis), size)


def line_height(size: float) -> float:
    return size * LINE
