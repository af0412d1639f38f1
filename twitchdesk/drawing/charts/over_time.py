"""Episodes per day over a period, with the 7-day rolling mean and the mean intensity.

Drawn with `stairs` (one artist however many days), not one bar per day: years of data stay fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from twitchdesk.core.trends import DailySeries
from twitchdesk.drawing.charts.theme import LIGHT, ChartTheme
from twitchdesk.i18n import TextContext

DRAWING_CHARTS_OVER_TIME = TextContext("DRAWING_CHARTS_OVER_TIME")


@dataclass(frozen=True)
class OverTimePlot:
    days: list[date]
    counts: list[int]
    rolling: list[float | None]
    mean_intensity: list[float | None]


def day_edges(first: date, count: int) -> list[float]:
    """matplotlib date numbers of each day's start, plus the end of the last day."""
    start = datetime.combine(first, datetime.min.time())
    return [float(mdates.date2num(start + timedelta(days=i))) for i in range(count + 1)]


def nan_for_none(values: list[float | None] | list[int | None]) -> list[float]:
    return [math.nan if value is None else float(value) for value in values]


def shade_before(ax: Axes, first: date, began: date | None, theme: ChartTheme, label: bool) -> None:
    """Grey out the days before the diary began: they are unknown, not calm."""
    if began is None or began <= first:
        return
    left, right = day_edges(first, 0)[0], day_edges(began, 0)[0]
    ax.axvspan(left, right, color=theme.muted, alpha=0.12, linewidth=0)
    if label:
        ax.text(
            (left + right) / 2,
            0.5,
            DRAWING_CHARTS_OVER_TIME.tr("before your diary began"),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="center",
            color=theme.muted,
        )


def draw_over_time(
    figure: Figure,
    series: DailySeries,
    theme: ChartTheme = LIGHT,
    diary_began: date | None = None,
) -> OverTimePlot:
    days = series.days
    edges = day_edges(series.period.first, len(days))
    centres = [edge + 0.5 for edge in edges[:-1]]
    ax = figure.add_subplot()
    shade_before(ax, series.period.first, diary_began, theme, label=True)
    ax.stairs(series.counts, edges, fill=True, color=theme.episodes, alpha=0.35, linewidth=0)
    ax.stairs(
        series.counts,
        edges,
        color=theme.episodes,
        linewidth=0.9,
        label=DRAWING_CHARTS_OVER_TIME.tr("Episodes per day"),
    )
    has_average = any(value is not None for value in series.rolling)
    if has_average:
        ax.plot(
            centres,
            nan_for_none(series.rolling),
            color=theme.average,
            linewidth=2.2,
            label=DRAWING_CHARTS_OVER_TIME.tr("7-day average"),
        )
    top = max(series.counts, default=0)
    ax.set_ylim(0, max(top * 1.15, 1.5))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.set_ylabel(DRAWING_CHARTS_OVER_TIME.tr("Episodes per day"))
    ax.grid(axis="y")
    ax.set_xlim(edges[0], edges[-1])
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))

    # Intensity lives on its own 1-10 scale: a second axis, drawn as quiet dots.
    scale = ax.twinx()
    scale.plot(
        centres,
        nan_for_none(series.mean_intensity),
        linestyle="none",
        marker="o",
        markersize=3.5 if len(days) <= 120 else 2.2,
        color=theme.intensity,
        alpha=0.75,
        label=DRAWING_CHARTS_OVER_TIME.tr("Mean intensity (right axis)"),
    )
    scale.set_ylim(0, 10.5)
    scale.set_yticks([1, 4, 7, 10])
    scale.set_ylabel(DRAWING_CHARTS_OVER_TIME.tr("Mean intensity (1–10)"), color=theme.intensity)
    scale.spines["right"].set_visible(True)
    scale.spines["right"].set_color(theme.muted)

    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = scale.get_legend_handles_labels()
    ax.legend(handles + more_handles, labels + more_labels, loc="upper left", ncols=3)
    #: {period} like "3 Mar – 31 Mar 2026"
    title = DRAWING_CHARTS_OVER_TIME.tr("Episodes per day, {period}")
    ax.set_title(title.format(period=_span(series.period.first, series.period.last)))
    if not has_average:
        ax.text(
            0.99,
            0.97,
            DRAWING_CHARTS_OVER_TIME.tr("The 7-day average appears once the diary covers 7 days."),
            transform=ax.transAxes,
            ha="right",
            va="top",
            color=theme.muted,
            fontsize=theme.font_size * 0.9,
        )
    return OverTimePlot(
        days, list(series.counts), list(series.rolling), list(series.mean_intensity)
    )


def _span(first: date, last: date) -> str:
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
