"""Factors' shared date ticks: worked out once per view, still matplotlib's ticks, and new
ones when the period changes."""

from __future__ import annotations

import math
from datetime import date, timedelta

import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from twitchdesk.drawing.charts.factors import FactorsChart, stem_points
from twitchdesk.storage.aggregates import DayFactors


def days(count: int) -> list[DayFactors]:
    first = date(2026, 11, 24) - timedelta(days=count - 1)
    return [
        DayFactors(first + timedelta(days=i), i % 5, True, 100.0, 7.0, 3, 30 if i % 3 else None)
        for i in range(count)
    ]


def stock_labels(low: float, high: float) -> list[str]:
    """What a plain AutoDateLocator + ConciseDateFormatter label for these limits."""
    figure = Figure()
    ax = figure.add_subplot()
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.set_xlim(low, high)
    FigureCanvasAgg(figure).draw()
    return [label.get_text() for label in ax.get_xticklabels()]


def test_shared_date_ticks_follow_the_period() -> None:
    figure = Figure(figsize=(9, 7))
    canvas = FigureCanvasAgg(figure)
    chart = FactorsChart(figure)
    shown = []
    for count in (7, 3650, 90):
        chart.show(days(count), {})
        canvas.draw()
        bottom = chart.axes[-1]
        labels = [label.get_text() for label in bottom.get_xticklabels()]
        assert labels == stock_labels(*bottom.get_xlim())
        # Every stacked axes has its tick marks at the same dates.
        for ax in chart.axes[:-1]:
            assert list(ax.get_xticks()) == list(bottom.get_xticks())
        shown.append(labels)
    assert shown[0] != shown[1] != shown[2]


def test_stems_run_from_zero_to_each_value_with_gaps() -> None:
    x, y = stem_points([1.5, 2.5], [30.0, math.nan])
    assert list(x[:2]) == [1.5, 1.5] and math.isnan(x[2])
    assert list(y[:2]) == [0.0, 30.0] and math.isnan(y[2])
    assert y[3] == 0.0 and math.isnan(y[4])  # not recorded: no stem
