"""The chart canvas's line-at-a-time text: the same text, in the same place, as matplotlib's."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from twitchdesk.drawing.charts import quick_text
from twitchdesk.drawing.charts.quick_text import QuickTextRenderer


def rendered(
    renderer_class: type[RendererAgg], rotation: float, size: float = 9, dpi: float = 100
) -> np.ndarray:
    """Ink (0 white … 255 black) of a figure holding one label, drawn by `renderer_class`."""
    figure = Figure(figsize=(3, 3), dpi=dpi)
    figure.text(0.5, 0.5, "Episodes per day, 3 Mar – 31 Mar 2026", rotation=rotation,
                ha="center", va="center", fontsize=size)  # fmt: skip
    canvas = FigureCanvasAgg(figure)
    width, height = canvas.get_width_height(physical=True)
    canvas.renderer = renderer_class(width, height, figure.dpi)
    canvas._lastKey = (width, height, figure.dpi)  # draw with the renderer set above
    canvas.draw()
    assert isinstance(canvas.renderer, renderer_class)
    return 255 - np.asarray(canvas.buffer_rgba())[..., :3].min(axis=2).astype(int)


def ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    rows, columns = np.nonzero(ink > 60)
    return int(columns.min()), int(rows.min()), int(columns.max()), int(rows.max())


@pytest.mark.parametrize(("rotation", "slack"), [(0, 1), (90, 2)])
def test_plain_text_lands_where_matplotlib_puts_it(rotation: float, slack: int) -> None:
    quick, stock = rendered(QuickTextRenderer, rotation), rendered(RendererAgg, rotation)
    assert quick.sum() > 0
    for ours, theirs in zip(ink_box(quick), ink_box(stock), strict=True):
        assert abs(ours - theirs) <= slack
    assert quick.sum() == pytest.approx(stock.sum(), rel=0.05)  # same glyphs, same weight


def test_a_line_drawn_again_is_the_kept_bitmap_and_looks_the_same() -> None:
    quick_text._rendered.clear()
    first = rendered(QuickTextRenderer, 0)
    kept = dict(quick_text._rendered)
    assert len(kept) == 1
    rendered(QuickTextRenderer, 90)  # turned a quarter: Agg turns the same bitmap
    assert quick_text._rendered.keys() == kept.keys()
    again = rendered(QuickTextRenderer, 0)
    assert np.array_equal(again, first)
    assert quick_text._rendered == kept  # the same text, font and size: nothing rendered anew


@pytest.mark.parametrize(("size", "dpi"), [(12, 100), (9, 150)])
def test_kept_lines_are_per_size_and_resolution(size: float, dpi: float) -> None:
    quick_text._rendered.clear()
    rendered(QuickTextRenderer, 0)  # 9 pt at 100 dpi, kept
    other = rendered(QuickTextRenderer, 0, size, dpi)
    assert len(quick_text._rendered) == 2
    quick_text._rendered.clear()
    assert np.array_equal(other, rendered(QuickTextRenderer, 0, size, dpi))  # as if drawn anew
    stock = rendered(RendererAgg, 0, size, dpi)
    for ours, theirs in zip(ink_box(other), ink_box(stock), strict=True):
        assert abs(ours - theirs) <= 1


def test_plain_text_is_measured_as_matplotlib_measures_it() -> None:
    quick_text._measured.clear()
    ours, stock = QuickTextRenderer(300, 200, 100), RendererAgg(300, 200, 100)
    for _ in range(2):  # measured, then from what was kept
        for size in (7.5, 9, 12):
            font = FontProperties(family="DejaVu Sans", size=size)
            for text in ("0", "12:00", "Mon", "ρ = −0.05, 3652 days"):
                assert ours.get_text_width_height_descent(text, font, False) == (
                    stock.get_text_width_height_descent(text, font, False)
                )
    assert len(quick_text._measured) == 12


def test_other_angles_take_matplotlibs_own_path() -> None:
    assert np.array_equal(rendered(QuickTextRenderer, 30), rendered(RendererAgg, 30))


def test_the_chart_canvas_draws_with_it(qtbot) -> None:
    from twitchdesk.ui.chart_canvas import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.canvas.draw()
    assert isinstance(view.canvas.get_renderer(), QuickTextRenderer)
    view.resize(640, 400)  # a new size makes a new renderer: still ours
    view.canvas.draw()
    assert isinstance(view.canvas.get_renderer(), QuickTextRenderer)


def test_a_matplotlib_without_the_internals_gets_its_own_renderer(qtbot, monkeypatch) -> None:
    from twitchdesk.drawing.charts import quick_text
    from twitchdesk.ui.chart_canvas import ChartView

    monkeypatch.setattr(quick_text, "USABLE", False)
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.canvas.draw()
    assert type(view.canvas.get_renderer()) is RendererAgg
