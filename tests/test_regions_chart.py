"""Body regions' bars are made once and reused: each period shows exactly its own numbers."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from twitchdesk.drawing.charts.regions import MAX_REGIONS, RegionsChart
from twitchdesk.storage.aggregates import RegionSideCount


def shown_bars(chart: RegionsChart, side: str) -> list[tuple[float, float]]:
    return [(b.get_x(), b.get_width()) for b in chart.bars[side] if b.get_visible()]


def test_a_new_period_replaces_the_bars_totals_and_legend() -> None:
    figure = Figure(figsize=(8, 5))
    canvas = FigureCanvasAgg(figure)
    chart = RegionsChart(figure)
    many = [RegionSideCount(f"region_{i:02d}", "left", 40 - i, None) for i in range(15)]
    many += [
        RegionSideCount("region_00", "right", 5, None),
        RegionSideCount("region_01", "midline", 3, None),
    ]
    chart.show(many, {})
    canvas.draw()
    assert len(shown_bars(chart, "left")) == MAX_REGIONS
    assert shown_bars(chart, "right")[0] == (40, 5)
    assert shown_bars(chart, "other")[1] == (39, 3)  # after left 39 and right 0
    assert [t.get_text() for t in chart.ax.get_legend().get_texts()] == [
        "Left", "Right", "Middle or both"
    ]  # fmt: skip

    chart.show(
        [RegionSideCount("calf", "right", 7, None), RegionSideCount("lips", "left", 2, None)], {}
    )
    canvas.draw()
    assert shown_bars(chart, "left") == [(0, 0), (0, 2)]
    assert shown_bars(chart, "right") == [(0, 7), (2, 0)]
    assert shown_bars(chart, "other") == []  # none this period: no bars, no legend entry
    assert [t.get_text() for t in chart.ax.get_legend().get_texts()] == ["Left", "Right"]
    totals = [t.get_text() for t in chart.totals if t.get_visible()]
    assert totals == ["7", "2"]
    assert len(chart.ax.get_legend().get_texts()) == 2 and len(figure.legends) == 0
    assert sum(1 for a in chart.ax.get_children() if a is chart.ax.get_legend()) == 1
