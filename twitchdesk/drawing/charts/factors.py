"""Small multiples: episodes per day above caffeine, sleep, stress and exercise on the same days.

Shared dates let the eye line up a spike in twitching with a spike in coffee; the association
numbers (ρ and the days behind it) sit beside each factor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QT_TRANSLATE_NOOP

from twitchdesk.core.associations import Association, format_rho
from twitchdesk.drawing.charts.date_ticks import use_date_ticks
from twitchdesk.drawing.charts.margins import EDGE, Margins, line_height, text_width, tick_room
from twitchdesk.drawing.charts.over_time import day_edges, nan_for_none, shade_before, step_patch
from twitchdesk.drawing.charts.theme import LIGHT, ChartTheme
from twitchdesk.i18n import TextContext
from twitchdesk.storage.aggregates import DayFactors

DRAWING_CHARTS_FACTORS = TextContext("DRAWING_CHARTS_FACTORS")


@dataclass(frozen=True)
class FactorRow:
    key: str  # the association's factor key
    title: str  # English, marked for translation; translated when drawn
    value: Callable[[DayFactors], float | None]
    reference: float | None = None  # a guideline drawn as a dashed line
    reference_label: str = ""
    stems: bool = False  # sparse, event-like values read better as stems than as a line


ROWS: tuple[FactorRow, ...] = (
    FactorRow(
        "caffeine",
        QT_TRANSLATE_NOOP("DRAWING_CHARTS_FACTORS", "Caffeine (mg)"),
        lambda d: d.caffeine_mg,
        400,
        QT_TRANSLATE_NOOP("DRAWING_CHARTS_FACTORS", "400 mg"),
    ),
    FactorRow(
        "sleep",
        QT_TRANSLATE_NOOP("DRAWING_CHARTS_FACTORS", "Sleep the night before (h)"),
        lambda d: d.sleep_h,
        7,
        QT_TRANSLATE_NOOP("DRAWING_CHARTS_FACTORS", "7 h"),
    ),
    FactorRow(
        "stress",
        QT_TRANSLATE_NOOP("DRAWING_CHARTS_FACTORS", "Stress (0–10)"),
        lambda d: None if d.stress is None else d.stress,
    ),
    FactorRow(
        "exercise",
        QT_TRANSLATE_NOOP("DRAWING_CHARTS_FACTORS", "Exercise (min)"),
        lambda d: None if d.exercise_min is None else d.exercise_min,
        stems=True,
    ),
)


@dataclass(frozen=True)
class FactorsPlot:
    days: list[date]
    episodes: list[int]
    series: dict[str, list[float | None]]  # factor key -> value per day (None: not recorded)
    notes: dict[str, str]  # factor key -> the association shown beside it


def stem_points(centres: Sequence[float], values: Sequence[float]) -> tuple[Any, Any]:
    """x and y of vertical stems from 0 to each value, as one line with a gap after each."""
    x = np.repeat(np.asarray(centres, dtype=float), 3)
    y = np.column_stack(
        [np.zeros(len(values)), np.asarray(values, dtype=float), np.full(len(values), np.nan)]
    ).ravel()
    x[2::3] = np.nan
    return x, y


def association_note(found: Association | None) -> str:
    if found is None or not found.enough:
        return DRAWING_CHARTS_FACTORS.tr("not enough days yet")
    if found.rho is None:
        #: beside a factor's chart: no association can be computed from %n days of data
        return DRAWING_CHARTS_FACTORS.tr("no variation, %n days", None, found.days)
    #: beside a factor's chart: the rank correlation {rho} ("+0.42") from %n days of data
    note = DRAWING_CHARTS_FACTORS.tr("ρ = {rho}, %n days", None, found.days)
    return note.format(rho=format_rho(found.rho))


class FactorsChart:
    """Five stacked axes sharing their dates, made once; `show` puts a period's days in them."""

    def __init__(self, figure: Figure, theme: ChartTheme = LIGHT) -> None:
        self.figure, self.theme = figure, theme
        axes = self.axes = figure.subplots(
            len(ROWS) + 1, 1, sharex=True, height_ratios=[1.3] + [1] * len(ROWS)
        )
        top = axes[0]
        self.area = step_patch(top, fill=True, color=theme.episodes, alpha=0.35, linewidth=0)
        self.outline = step_patch(top, fill=False, color=theme.episodes, linewidth=0.9)
        top.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        top.set_title(DRAWING_CHARTS_FACTORS.tr("Episodes per day"), fontsize=theme.font_size)
        self.lines: dict[str, Line2D] = {}
        self.stems: dict[str, Line2D] = {}
        self.empty: dict[str, Text] = {}
        self.notes: dict[str, Text] = {}
        for ax, spec in zip(axes[1:], ROWS, strict=True):
            if spec.stems:
                # One line broken by gaps, not a LineCollection: that costs Python work per
                # stem on every draw (3,650 of them over ten years). Butt caps, like vlines.
                (self.stems[spec.key],) = ax.plot(
                    [], [], color=theme.average, linewidth=1.6, solid_capstyle="butt"
                )
                (self.lines[spec.key],) = ax.plot([], [], "o", color=theme.average)
            else:
                (self.lines[spec.key],) = ax.plot(
                    [], [], color=theme.average, linewidth=1.1, marker="o"
                )
            if spec.reference is not None:
                ax.axhline(spec.reference, color=theme.muted, linestyle="--", linewidth=0.8)
                ax.annotate(
                    DRAWING_CHARTS_FACTORS.tr(spec.reference_label),
                    (1, spec.reference),
                    xycoords=("axes fraction", "data"),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    color=theme.muted,
                    fontsize=theme.font_size * 0.8,
                )
            self.empty[spec.key] = ax.text(
                0.5,
                0.5,
                DRAWING_CHARTS_FACTORS.tr("Not recorded in this period"),
                transform=ax.transAxes,
                ha="center",
                va="center",
                color=theme.muted,
            )
            ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
            ax.set_title(DRAWING_CHARTS_FACTORS.tr(spec.title), fontsize=theme.font_size)
            self.notes[spec.key] = ax.set_title(
                "", loc="right", fontsize=theme.font_size * 0.9, color=theme.muted
            )
        for ax in axes:
            ax.grid(axis="y")
            ax.set_axisbelow(True)
            # No axis labels here: skip placing them (against all five axes) on every draw.
            ax.xaxis.set_label_coords(0.5, -0.1)
            ax.yaxis.set_label_coords(-0.1, 0.5)
        use_date_ticks(axes[-1].xaxis)
        self._shown: list[Artist] = []  # the period's "before your diary began" shading

    def show(
        self,
        rows: Sequence[DayFactors],
        found: Mapping[str, Association],
        diary_began: date | None = None,
    ) -> FactorsPlot:
        axes, theme = self.axes, self.theme
        days = [row.day for row in rows]
        edges = day_edges(days[0], len(days))
        centres = [edge + 0.5 for edge in edges[:-1]]
        plot = FactorsPlot(
            days=days,
            episodes=[row.episodes for row in rows],
            series={spec.key: [spec.value(row) for row in rows] for spec in ROWS},
            notes={spec.key: association_note(found.get(spec.key)) for spec in ROWS},
        )
        self.area.set_data(plot.episodes, edges)
        self.outline.set_data(plot.episodes, edges)
        axes[0].set_ylim(0, max(max(plot.episodes, default=0) * 1.15, 1.5))
        marker = 3 if len(days) <= 120 else 1.6
        # Dots only while a day is at least a pixel wide: denser, they merge into the line (or
        # the stems) and only cost drawing (~13 ms on ten years).
        dotted = len(days) <= axes[-1].bbox.width
        for ax, spec in zip(axes[1:], ROWS, strict=True):
            values = nan_for_none(plot.series[spec.key])
            line = self.lines[spec.key]
            line.set_data(centres, values)
            stems = self.stems.get(spec.key)
            if stems is not None:
                stems.set_data(*stem_points(centres, values))
                line.set_markersize(marker + 0.5)
                line.set_visible(dotted)
            else:
                line.set_markersize(marker)
                line.set_marker("o" if dotted else "None")
            recorded = [v for v in plot.series[spec.key] if v is not None]
            self.empty[spec.key].set_visible(not recorded)
            ax.set_ylim(
                bottom=0, top=max(max(recorded, default=0) * 1.2, (spec.reference or 0) * 1.2, 1)
            )
            self.notes[spec.key].set_text(plot.notes[spec.key])
        for artist in self._shown:
            artist.remove()
        self._shown = [
            shaded
            for index, ax in enumerate(axes)
            for shaded in shade_before(ax, days[0], diary_began, theme, label=index == 0)
        ]
        axes[-1].set_xlim(edges[0], edges[-1])
        return plot

    def margins(self) -> Margins:
        figure, size = self.figure, self.theme.font_size
        ticks = size * 0.9
        widest = max(tick_room(figure, ax.yaxis, ticks) for ax in self.axes)
        references = [DRAWING_CHARTS_FACTORS.tr(spec.reference_label) for spec in ROWS]
        title = line_height(size) + size * 0.8
        return Margins(
            left=EDGE + widest,
            right=EDGE + 3 + text_width(figure, references, size * 0.8),
            top=EDGE + title,
            bottom=EDGE + line_height(ticks) + float(mpl.rcParams["xtick.major.size"]) + 4,
            gap=title + 2,
        )


def draw_factors(
    figure: Figure,
    rows: Sequence[DayFactors],
    found: Mapping[str, Association],
    theme: ChartTheme = LIGHT,
    diary_began: date | None = None,
) -> FactorsPlot:
    return FactorsChart(figure, theme).show(rows, found, diary_began)
