"""Episodes per day over a period, with the 7-day rolling mean and the mean intensity.

Drawn with `stairs` (one artist however many days), not one bar per day: years of data stay fast.
The Trends panel keeps one `OverTimeChart` and only swaps its data when the period changes;
`draw_over_time` draws once on a fresh figure (the report).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import StepPatch
from matplotlib.ticker import MaxNLocator

from twitchdesk.core.trends import DailySeries
from twitchdesk.drawing.charts.date_ticks import use_date_ticks
from twitchdesk.drawing.charts.kept_legend import KeptLegend
from twitchdesk.drawing.charts.margins import EDGE, Margins, line_height, tick_room
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
    start = float(mdates.date2num(datetime.combine(first, datetime.min.time())))
    return (start + np.arange(count + 1, dtype=float)).tolist()  # whole days add exactly


def nan_for_none(values: list[float | None] | list[int | None]) -> list[float]:
    return [math.nan if value is None else float(value) for value in values]


def shade_before(
    ax: Axes, first: date, began: date | None, theme: ChartTheme, label: bool
) -> list[Artist]:
    """Grey out the days before the diary began: they are unknown, not calm."""
    if began is None or began <= first:
        return []
    left, right = day_edges(first, 0)[0], day_edges(began, 0)[0]
    # Below the data, as it was when the shading was drawn first.
    shaded: list[Artist] = [
        ax.axvspan(left, right, color=theme.muted, alpha=0.12, linewidth=0, zorder=0.9)
    ]
    if label:
        shaded.append(
            ax.text(
                (left + right) / 2,
                0.5,
                DRAWING_CHARTS_OVER_TIME.tr("before your diary began"),
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="center",
                color=theme.muted,
            )
        )
    return shaded


def step_patch(ax: Axes, **style: Any) -> StepPatch:
    """An empty `stairs` artist, filled in later with `set_data`.

    Added with `add_artist`, not `Axes.stairs`: that walks every step of the outline to update
    the data limits (0.3 s for ten years of days), and the charts set their limits themselves.
    """
    patch = StepPatch([0], [0, 1], **style)
    ax.add_artist(patch)
    return patch


class OverTimeChart:
    """The chart's axes and artists, made once; `show` puts a period's series in them."""

    def __init__(self, figure: Figure, theme: ChartTheme = LIGHT) -> None:
        self.figure, self.theme = figure, theme
        ax = self.ax = figure.add_subplot()
        self.area = step_patch(ax, fill=True, color=theme.episodes, alpha=0.35, linewidth=0)
        self.outline = step_patch(
            ax,
            fill=False,
            color=theme.episodes,
            linewidth=0.9,
            label=DRAWING_CHARTS_OVER_TIME.tr("Episodes per day"),
        )
        (self.average,) = ax.plot(
            [],
            [],
            color=theme.average,
            linewidth=2.2,
            label=DRAWING_CHARTS_OVER_TIME.tr("7-day average"),
        )
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_ylabel(DRAWING_CHARTS_OVER_TIME.tr("Episodes per day"))
        ax.grid(axis="y")
        use_date_ticks(ax.xaxis)

        # Intensity lives on its own 1-10 scale: a second axis, drawn as quiet dots.
        scale = self.scale = ax.twinx()
        (self.intensity,) = scale.plot(
            [],
            [],
            linestyle="none",
            marker="o",
            color=theme.intensity,
            alpha=0.75,
            label=DRAWING_CHARTS_OVER_TIME.tr("Mean intensity (right axis)"),
        )
        scale.set_ylim(0, 10.5)
        scale.set_yticks([1, 4, 7, 10])
        scale.set_ylabel(
            DRAWING_CHARTS_OVER_TIME.tr("Mean intensity (1–10)"), color=theme.intensity
        )
        scale.spines["right"].set_visible(True)
        scale.spines["right"].set_color(theme.muted)
        for x_axis in (ax.xaxis, scale.xaxis):
            x_axis.set_label_coords(0.5, -0.1)  # no x label: skip placing one on every draw
        self._shown: list[Artist] = []  # what depends on the period: replaced by each `show`
        self.legend = KeptLegend(ax, loc="upper left", ncols=3)

    def show(self, series: DailySeries, diary_began: date | None = None) -> OverTimePlot:
        ax, theme, days = self.ax, self.theme, series.days
        for artist in self._shown:
            artist.remove()
        self._shown = shade_before(ax, series.period.first, diary_began, theme, label=True)
        edges = day_edges(series.period.first, len(days))
        centres = [edge + 0.5 for edge in edges[:-1]]
        self.area.set_data(series.counts, edges)
        self.outline.set_data(series.counts, edges)
        has_average = any(value is not None for value in series.rolling)
        self.average.set_data(centres, nan_for_none(series.rolling))
        self.average.set_visible(has_average)
        self.intensity.set_data(centres, nan_for_none(series.mean_intensity))
        self.intensity.set_markersize(3.5 if len(days) <= 120 else 2.2)
        top = max(series.counts, default=0)
        ax.set_ylim(0, max(top * 1.15, 1.5))
        ax.set_xlim(edges[0], edges[-1])

        handles: list[Artist] = [self.outline, self.average, self.intensity]
        if not has_average:
            handles.remove(self.average)
        self.legend.show(handles, looks=self.intensity.get_markersize())
        #: {period} like "3 Mar – 31 Mar 2026"
        title = DRAWING_CHARTS_OVER_TIME.tr("Episodes per day, {period}")
        ax.set_title(title.format(period=_span(series.period.first, series.period.last)))
        if not has_average:
            note = DRAWING_CHARTS_OVER_TIME.tr(
                "The 7-day average appears once the diary covers 7 days."
            )
            self._shown.append(
                ax.text(
                    0.99,
                    0.97,
                    note,
                    transform=ax.transAxes,
                    ha="right",
                    va="top",
                    color=theme.muted,
                    fontsize=theme.font_size * 0.9,
                )
            )
        return OverTimePlot(
            days, list(series.counts), list(series.rolling), list(series.mean_intensity)
        )

    def margins(self) -> Margins:
        """Room for the tick labels and axis labels this period shows (see `margins.py`)."""
        figure, size = self.figure, self.theme.font_size
        label = line_height(size) + float(mpl.rcParams["axes.labelpad"])
        ticks = size * 0.9
        return Margins(
            left=EDGE + label + tick_room(figure, self.ax.yaxis, ticks),
            right=EDGE + label + tick_room(figure, self.scale.yaxis, ticks),
            top=EDGE + line_height(size * 1.15) + size * 0.8,
            bottom=EDGE + line_height(ticks) + float(mpl.rcParams["xtick.major.size"]) + 4,
        )


def draw_over_time(
    figure: Figure,
    series: DailySeries,
    theme: ChartTheme = LIGHT,
    diary_began: date | None = None,
) -> OverTimePlot:
    return OverTimeChart(figure, theme).show(series, diary_began)


def _span(first: date, last: date) -> str:
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
