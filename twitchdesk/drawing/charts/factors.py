"""Small multiples: episodes per day above caffeine, sleep, stress and exercise on the same days.

Shared dates let the eye line up a spike in twitching with a spike in coffee; the association
numbers (ρ and the days behind it) sit beside each factor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QT_TRANSLATE_NOOP

from twitchdesk.core.trends import Association, format_rho
from twitchdesk.drawing.charts.over_time import day_edges, nan_for_none, shade_before
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


def association_note(found: Association | None) -> str:
    if found is None or not found.enough:
        return DRAWING_CHARTS_FACTORS.tr("not enough days yet")
    if found.rho is None:
        #: beside a factor's chart: no association can be computed from %n days of data
        return DRAWING_CHARTS_FACTORS.tr("no variation, %n days", None, found.days)
    #: beside a factor's chart: the rank correlation {rho} ("+0.42") from %n days of data
    note = DRAWING_CHARTS_FACTORS.tr("ρ = {rho}, %n days", None, found.days)
    return note.format(rho=format_rho(found.rho))


def draw_factors(
    figure: Figure,
    rows: Sequence[DayFactors],
    found: Mapping[str, Association],
    theme: ChartTheme = LIGHT,
    diary_began: date | None = None,
) -> FactorsPlot:
    days = [row.day for row in rows]
    edges = day_edges(days[0], len(days))
    centres = [edge + 0.5 for edge in edges[:-1]]
    plot = FactorsPlot(
        days=days,
        episodes=[row.episodes for row in rows],
        series={spec.key: [spec.value(row) for row in rows] for spec in ROWS},
        notes={spec.key: association_note(found.get(spec.key)) for spec in ROWS},
    )
    axes = figure.subplots(len(ROWS) + 1, 1, sharex=True, height_ratios=[1.3] + [1] * len(ROWS))
    top = axes[0]
    top.stairs(plot.episodes, edges, fill=True, color=theme.episodes, alpha=0.35, linewidth=0)
    top.stairs(plot.episodes, edges, color=theme.episodes, linewidth=0.9)
    top.set_ylim(0, max(max(plot.episodes, default=0) * 1.15, 1.5))
    top.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    top.set_title(DRAWING_CHARTS_FACTORS.tr("Episodes per day"), fontsize=theme.font_size)

    marker = 3 if len(days) <= 120 else 1.6
    for ax, spec in zip(axes[1:], ROWS, strict=True):
        values = nan_for_none(plot.series[spec.key])
        if spec.stems:
            ax.vlines(centres, 0, values, color=theme.average, linewidth=1.6)
            ax.plot(centres, values, "o", color=theme.average, markersize=marker + 0.5)
        else:
            ax.plot(
                centres, values, color=theme.average, linewidth=1.1, marker="o", markersize=marker
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
        recorded = [v for v in plot.series[spec.key] if v is not None]
        if not recorded:
            ax.text(
                0.5,
                0.5,
                DRAWING_CHARTS_FACTORS.tr("Not recorded in this period"),
                transform=ax.transAxes,
                ha="center",
                va="center",
                color=theme.muted,
            )
        ax.set_ylim(
            bottom=0, top=max(max(recorded, default=0) * 1.2, (spec.reference or 0) * 1.2, 1)
        )
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
        ax.set_title(DRAWING_CHARTS_FACTORS.tr(spec.title), fontsize=theme.font_size)
        ax.set_title(
            plot.notes[spec.key], loc="right", fontsize=theme.font_size * 0.9, color=theme.muted
        )
    for index, ax in enumerate(axes):
        shade_before(ax, days[0], diary_began, theme, label=index == 0)
        ax.grid(axis="y")
        ax.set_axisbelow(True)
    axes[-1].set_xlim(edges[0], edges[-1])
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    return plot
