"""Heat-map counts drawn as one artist land where one Text per cell would, and are exported."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from twitchdesk.drawing.charts.cell_labels import CellLabels
from twitchdesk.drawing.charts.quick_text import QuickTextRenderer
from twitchdesk.drawing.charts.time_of_day import draw_time_of_day
from twitchdesk.storage.aggregates import HourWeekdayCount

CENTRES = [(0.5, 0.5), (1.5, 0.5), (2.5, 1.5)]
TEXTS = ["7", "1234", "86"]


def ink(use_artist: bool, quick: bool = False) -> np.ndarray:
    figure = Figure(figsize=(3, 2), dpi=100)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, 3)
    ax.set_ylim(0, 2)
    if use_artist:
        CellLabels(ax, CENTRES, 8.5).set_labels(TEXTS, ["#111111"] * 3)
    else:
        for (x, y), text in zip(CENTRES, TEXTS, strict=True):
            ax.text(x, y, text, ha="center", va="center", fontsize=8.5, color="#111111")
    canvas = FigureCanvasAgg(figure)
    if quick:  # as the Trends canvas draws: counts measured and drawn in one FreeType call
        width, height = canvas.get_width_height(physical=True)
        canvas.renderer = QuickTextRenderer(width, height, figure.dpi)
        canvas._lastKey = (width, height, figure.dpi)
    canvas.draw()
    return 255 - np.asarray(canvas.buffer_rgba())[..., :3].min(axis=2).astype(int)


def boxes(picture: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The ink's bounding box in each third of the picture's width (one label each)."""
    found = []
    for part in np.array_split(np.arange(picture.shape[1]), 3):
        rows, columns = np.nonzero(picture[:, part] > 60)
        found.append((part[columns.min()], rows.min(), part[columns.max()], rows.max()))
    return found


@pytest.mark.parametrize("quick", [False, True])
def test_counts_sit_where_centred_text_would(quick: bool) -> None:
    ours, texts = ink(True, quick), ink(False)
    for box, reference in zip(boxes(ours), boxes(texts), strict=True):
        assert all(abs(a - b) <= 1 for a, b in zip(box, reference, strict=True))


def test_empty_cells_draw_nothing_and_counts_reach_an_svg(tmp_path: Path) -> None:
    figure = Figure(figsize=(8, 4))
    cells = [HourWeekdayCount(weekday=2, hour=13, episodes=4321)]
    draw_time_of_day(figure, cells)
    path = tmp_path / "chart.svg"
    figure.savefig(path, format="svg")
    svg = path.read_text()
    # Text becomes glyph paths in SVG: one glyph used per digit, in the labels' own group.
    group = svg[svg.index('<g id="cell_labels') :]
    group = group[: group.index("</g>")]
    assert group.count("<use ") == len("4321")
