"""A chart's legend is made again only when its entries change."""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.figure import Figure

from twitchdesk.core.trends import DateRange, daily_series
from twitchdesk.drawing.charts.kept_legend import KeptLegend
from twitchdesk.drawing.charts.over_time import OverTimeChart
from twitchdesk.storage.aggregates import DayCount


def test_the_same_entries_keep_the_legend_and_new_ones_replace_it() -> None:
    ax = Figure().add_subplot()
    (first,) = ax.plot([0, 1], [0, 1], label="First")
    (second,) = ax.plot([0, 1], [1, 0], label="Second")
    kept = KeptLegend(ax, loc="upper left")

    legend = kept.show([first, second])
    assert kept.show([first, second]) is legend
    assert [t.get_text() for t in legend.get_texts()] == ["First", "Second"]

    fewer = kept.show([second])
    assert fewer is not legend and ax.get_legend() is fewer
    assert [t.get_text() for t in fewer.get_texts()] == ["Second"]
    assert sum(1 for artist in ax.get_children() if artist in (legend, fewer)) == 1
    assert fewer._loc == legend._loc  # the options stay


def test_a_handle_that_looks_different_makes_the_legend_again() -> None:
    ax = Figure().add_subplot()
    (dots,) = ax.plot([0, 1], [0, 1], "o", markersize=3.5, label="Dots")
    kept = KeptLegend(ax)
    legend = kept.show([dots], looks=dots.get_markersize())
    dots.set_markersize(2.2)  # a longer period draws smaller dots
    again = kept.show([dots], looks=dots.get_markersize())
    assert again is not legend
    assert again.legend_handles[0].get_markersize() == 2.2


def test_the_over_time_legend_follows_the_periods_dot_size() -> None:
    chart = OverTimeChart(Figure())
    legend_dots = []
    for days in (30, 365, 30):
        period = DateRange(date(2026, 1, 1), date(2026, 1, 1) + timedelta(days=days - 1))
        rows = [DayCount(day, 2, 4.0, 6) for day in period]
        chart.show(daily_series(rows, period, known_from=period.first))
        legend_dots.append(chart.ax.get_legend().legend_handles[-1].get_markersize())
    assert legend_dots == [3.5, 2.2, 3.5]
